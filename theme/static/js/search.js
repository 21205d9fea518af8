// Search page: Pagefind's UI, started with the query from the header form (?q=).
(function () {
  "use strict";
  var ui = new PagefindUI({
    element: "#wyniki-wyszukiwania",
    showSubResults: true,
    resetStyles: false,
    bundlePath: document.querySelector("script[src$='pagefind-ui.js']").src.replace(/pagefind-ui\.js$/, "")
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
