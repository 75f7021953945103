// Copy buttons (data-copy="text to copy"): shown only where the browser can copy, and
// a file rather than inline script so the page's Content-Security-Policy can forbid
// inline script. The button's status (data-copied) is read out by a polite live region.
(function () {
  "use strict";
  if (!navigator.clipboard) { return; }
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var status = document.getElementById(button.getAttribute("aria-describedby"));
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(
        function () { status.textContent = button.getAttribute("data-copied"); },
        function () { status.textContent = button.getAttribute("data-failed"); }
      );
    });
  });
})();
