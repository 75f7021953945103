// Search suggestions in the browser's own <datalist>: accessible, no widget library.
(function () {
  "use strict";
  var timer = null;
  var controller = null;
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-suggest-url]")) return;
    var list = document.getElementById(input.getAttribute("list"));
    var text = input.value.trim();
    clearTimeout(timer);
    if (text.length < 2 || !list) return;
    timer = setTimeout(function () {
      if (controller) controller.abort();
      controller = new AbortController();
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(text), { signal: controller.signal })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          list.replaceChildren.apply(list, data.suggestions.map(function (word) {
            var option = document.createElement("option");
            option.value = word;
            return option;
          }));
        })
        .catch(function () { /* suggestions are optional; typing goes on */ });
    }, 200);
  });
})();
