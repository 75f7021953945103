// Print buttons (data-print) as a file, not an inline onclick, so the page's
// Content-Security-Policy can forbid inline script.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
