// The interactive results map (Leaflet, served from our own static files). It draws the
// same districts and markers as the server's SVG map; background tiles come from a third
// party and so are loaded only after the visitor opts in (remembered in this browser).
(function () {
  "use strict";
  var dataElement = document.getElementById("map-data");
  var container = document.getElementById("interactive-map");
  if (!dataElement || !container || !window.L) return;
  var data = JSON.parse(dataElement.textContent);
  var CONSENT_KEY = "map-tiles";

  container.hidden = false;
  var staticMap = container.parentElement.querySelector(".static-map");
  if (staticMap) staticMap.hidden = true;

  var map = L.map(container, { attributionControl: false, scrollWheelZoom: false });
  L.control.attribution({ prefix: false }).addTo(map);
  var districts = L.geoJSON(data.districts, {
    style: { color: "#005a9c", weight: 2, fillColor: "#e8f0f7", fillOpacity: 0.6 },
    onEachFeature: function (feature, layer) {
      // An element with textContent, never a string: Leaflet inserts strings as HTML, and
      // district names are typed by editors.
      var label = document.createElement("span");
      label.textContent = feature.properties.name;
      layer.bindTooltip(label, { permanent: true, direction: "center", className: "district-tooltip" });
    }
  });
  var markers = data.markers.map(function (marker, index) {
    var link = document.createElement("a");
    link.href = marker.url;
    link.textContent = (index + 1) + ". " + marker.label;
    return L.circleMarker([marker.lat, marker.lon], {
      radius: 8, color: "#fff", weight: 2, fillColor: "#b35c00", fillOpacity: 1
    }).bindPopup(link);
  });
  // The view must be set before layers are added: permanent tooltips position at once.
  var bounds = L.latLngBounds([]);
  if (data.districts.features.length) bounds.extend(districts.getBounds());
  markers.forEach(function (m) { bounds.extend(m.getLatLng()); });
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10] });
  else map.setView([51.0, 10.0], 6);
  districts.addTo(map);
  markers.forEach(function (m) { m.addTo(map); });

  if (!data.tiles.url) return;
  var tiles = L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution, maxZoom: 19 });
  var consent = document.getElementById("tile-consent");
  var on = document.getElementById("tiles-on");
  var off = document.getElementById("tiles-off");
  consent.hidden = false;

  function showTiles(show) {
    if (show) { tiles.addTo(map); } else { tiles.remove(); }
    on.hidden = show;
    off.hidden = !show;
  }
  on.addEventListener("click", function () { localStorage.setItem(CONSENT_KEY, "on"); showTiles(true); });
  off.addEventListener("click", function () { localStorage.removeItem(CONSENT_KEY); showTiles(false); });
  showTiles(localStorage.getItem(CONSENT_KEY) === "on");
})();
