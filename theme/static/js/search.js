// Search page: Pagefind's UI, started with the query from the header form (?q=).
// Polish additions: the results count as a heading with correct plural forms ("1 wynik",
// "2 wyniki", "5 wyników", "22 wyniki"), focus on that heading after a search the reader asked for
// (not while they type), and each result's date and section above its excerpt.
(function () {
  "use strict";
  var heading = document.getElementById("wyniki-naglowek");
  var container = document.getElementById("wyniki-wyszukiwania");
  var focusAfterSearch = false;

  function resultsPl(count) {
    var lastTwo = count % 100;
    var last = count % 10;
    if (count === 1) {
      return "1 wynik";
    }
    if (last >= 2 && last <= 4 && (lastTwo < 12 || lastTwo > 14)) {
      return count + " wyniki";
    }
    return count + " wyników";
  }

  function escapeHtml(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  var ui = new PagefindUI({
    element: "#wyniki-wyszukiwania",
    showSubResults: true,
    resetStyles: false,
    bundlePath: document.querySelector("script[src$='pagefind-ui.js']").src.replace(/pagefind-ui\.js$/, ""),
    translations: { search_label: "Szukaj w serwisie" },
    processResult: function (result) {
      var facts = [result.meta.data, result.meta.sekcja].filter(Boolean).map(escapeHtml);
      if (facts.length) {
        result.excerpt = "<span class=\"search-results__facts\">" + facts.join(" · ") + "</span> " + result.excerpt;
      }
      return result;
    }
  });

  function showCount() {
    var message = container.querySelector(".pagefind-ui__message");
    var input = container.querySelector("input");
    if (!message || !heading || !input || !input.value.trim()) {
      if (heading) {
        heading.hidden = true;
      }
      return;
    }
    var found = message.textContent.match(/\d[\d\s\u00a0]*/);
    if (!found || /szuka/i.test(message.textContent)) {
      return;
    }
    var count = parseInt(found[0].replace(/\D/g, ""), 10);
    var text = (count === 0 ? "Brak wyników" : resultsPl(count)) + " dla zapytania „" + input.value.trim() + "”";
    if (heading.textContent !== text) {
      heading.textContent = text;
    }
    heading.hidden = false;
    if (focusAfterSearch) {
      focusAfterSearch = false;
      heading.focus();
    }
  }

  new MutationObserver(showCount).observe(container, { childList: true, subtree: true, characterData: true });
  container.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("input")) {
      event.preventDefault();
      focusAfterSearch = true;
      showCount();
    }
  });

  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    focusAfterSearch = true;
    ui.triggerSearch(query);
  }
})();
