// The offer editor's district map: a click sets the first location's latitude and
// longitude by inverting the server's projection (directory/maps.py), and moves the pin.
document.addEventListener("click", (event) => {
  const box = event.target.closest("[data-location-map]");
  const svg = box && box.querySelector("svg");
  if (!svg) return;
  const point = svg.createSVGPoint();
  point.x = event.clientX;
  point.y = event.clientY;
  const { x, y } = point.matrixTransform(svg.getScreenCTM().inverse());
  const d = box.dataset;
  const padding = Number(d.padding);
  const lon = Number(d.west) + (x - padding) / (Number(d.xScale) * Number(d.scale));
  const lat = Number(d.north) - (y - padding) / Number(d.scale);
  const latitude = document.querySelector("input[name$='-latitude']:not([name*='__prefix__'])");
  const longitude = document.querySelector("input[name$='-longitude']:not([name*='__prefix__'])");
  if (!latitude || !longitude) return;
  latitude.value = lat.toFixed(6);
  longitude.value = lon.toFixed(6);
  latitude.dispatchEvent(new Event("change", { bubbles: true }));
  longitude.dispatchEvent(new Event("change", { bubbles: true }));
  let pin = svg.querySelector("circle.marker");
  if (!pin) {
    pin = document.createElementNS("http://www.w3.org/2000/svg", "circle");
    pin.setAttribute("r", "7");
    pin.setAttribute("class", "marker");
    svg.appendChild(pin);
  }
  pin.setAttribute("cx", x);
  pin.setAttribute("cy", y);
});
