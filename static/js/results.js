// Results page enhancements. Everything here is optional: the page works without it.
(function () {
  "use strict";

  function showLocationButton(root) {
    var button = root.querySelector("#near-me");
    if (button && "geolocation" in navigator) button.hidden = false;
  }

  // "Use my location": the position goes into the query only; nothing is stored.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("#near-me");
    if (!button) return;
    var status = document.getElementById("near-me-status");
    status.textContent = button.dataset.waiting;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        var form = button.form;
        form.elements.near.value =
          position.coords.latitude.toFixed(5) + "," + position.coords.longitude.toFixed(5);
        form.elements.place.value = "";
        var sort = form.elements.sort;
        if (!sort.querySelector("option[value=distance]")) sort.add(new Option(button.dataset.distance, "distance"));
        sort.value = "distance";
        status.textContent = "";
        form.requestSubmit();
      },
      function () { status.textContent = button.dataset.failed; },
      { timeout: 10000, maximumAge: 300000 }
    );
  });

  // A chosen district or postcode replaces a browser position.
  document.addEventListener("change", function (event) {
    if (event.target.id === "place" && event.target.form) event.target.form.elements.near.value = "";
  });

  document.addEventListener("htmx:load", function (event) { showLocationButton(event.detail.elt); });

  // After filters changed in place, say the new number of results (the count itself
  // sits in the replaced part, which screen readers would not announce).
  document.addEventListener("htmx:afterSettle", function (event) {
    var announcer = document.getElementById("results-announcer");
    var count = document.querySelector(".results .result-count");
    if (announcer && count && event.detail.target.id === "results-region") {
      announcer.textContent = count.textContent;
    }
  });
  showLocationButton(document);
})();

// After filters changed in place, come back to the current results, not the first ones.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.classList && form.classList.contains("shortlist-target")) {
    form.elements.next.value = location.pathname + location.search;
  }
});
