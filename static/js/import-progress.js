// The admin import's progress: fetch this page again every two seconds and replace the
// progress section; once the work is done the page has none, so load the result.
// Without JavaScript the "Refresh" button does the same.
(function () {
  "use strict";
  var region = document.querySelector("[data-import-progress]");
  if (!region) {
    return;
  }
  function poll() {
    fetch(window.location.href, { credentials: "same-origin", redirect: "follow" })
      .then(function (response) {
        if (response.redirected) {
          window.location.assign(response.url);
          return null;
        }
        return response.text();
      })
      .then(function (html) {
        if (html === null) {
          return;
        }
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.querySelector("[data-import-progress]");
        if (!fresh) {
          window.location.reload();
          return;
        }
        var bar = region.querySelector("progress");
        var freshBar = fresh.querySelector("progress");
        if (bar && freshBar) {
          bar.max = freshBar.max;
          bar.value = freshBar.value;
        } else if (freshBar) {
          region.replaceWith(fresh);
          region = fresh;
        }
        region.querySelector("[role=status]").textContent =
          fresh.querySelector("[role=status]").textContent;
        window.setTimeout(poll, 2000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 2000);
})();
