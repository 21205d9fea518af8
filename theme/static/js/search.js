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

  var noResults = document.getElementById("brak-wynikow");
  var ignoredElement = document.getElementById("pomijane-slowa");
  var ignored = ignoredElement ? JSON.parse(ignoredElement.textContent) : [];
  // The index comes in sections (the news, the BIP…), each a bundle of its own beside the main one.
  var sectionsElement = document.getElementById("sekcje-wyszukiwania");
  var sections = sectionsElement ? JSON.parse(sectionsElement.textContent) : [];
  var bundlePath = document.querySelector("script[src$='pagefind-ui.js']").src.replace(/pagefind-ui\.js$/, "");
  var lastTerm = "";

  function plain(word) {
    return word.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ł/g, "l");
  }

  // Each indexed page ends, after a "⁂", with words that find it without being its text (plugins/search:
  // its words spelt with l for ł, and residents' words for the site's, like "śmieci" for "odpady"). An
  // excerpt from there would show "Zakończyla"; it is made again from the page's real text.
  var FOLDED = "⁂";

  function realText(content) {
    // The words between the two marks are the added ones (plugins/search).
    var parts = content.split(FOLDED);
    return parts.length < 3 ? content : parts[0] + " " + parts.slice(2).join(" ");
  }

  function excerptFromText(content) {
    var text = realText(content);
    var words = text.split(/\s+/).filter(Boolean);
    var wanted = lastTerm.split(/\s+/).map(plain).filter(Boolean);
    var at = words.findIndex(function (word) {
      var bare = plain(word.replace(/[.,;:!?()„”"]/g, ""));
      return wanted.some(function (query) { return bare.indexOf(query.slice(0, Math.max(3, query.length - 2))) === 0; });
    });
    var start = Math.max(0, (at < 0 ? 0 : at) - 12);
    return words.slice(start, start + 30).map(function (word, index) {
      return start + index === at ? "<mark>" + escapeHtml(word) + "</mark>" : escapeHtml(word);
    }).join(" ");
  }

  function textOf(html) {
    var probe = document.createElement("div");
    probe.innerHTML = html;
    return probe.textContent.replace(/\s+/g, " ").trim();
  }

  function fromRealText(result) {
    var content = result.content || "";
    if (content.indexOf(FOLDED) >= 0) {
      var real = realText(content).replace(/\s+/g, " ");
      var shown = textOf(result.excerpt);
      if (!shown || real.indexOf(shown) < 0) {
        result.excerpt = excerptFromText(content);
      }
    }
    // The page's own section (its first sub-result, at the page's address) keeps its place, or the
    // default UI stops showing the page's excerpt; a heading's section whose excerpt is not the page's
    // text is dropped.
    var whole = realText(content).replace(/\s+/g, " ");
    result.sub_results = (result.sub_results || []).filter(function (sub, index) {
      var shown = textOf(sub.excerpt);
      if (!shown || whole.indexOf(shown) >= 0) {
        return true;
      }
      if (index === 0 && sub.url === (result.meta && result.meta.url || result.url)) {
        sub.excerpt = excerptFromText(content);
        return true;
      }
      return false;
    });
    return result;
  }

  var ui = new PagefindUI({
    element: "#wyniki-wyszukiwania",
    showSubResults: true,
    resetStyles: false,
    // With sections, Pagefind's API comes from pagefind/merged/ (plugins/search/merged.js): a section
    // lacking a word searched for answers nothing, instead of answering without that word.
    bundlePath: sections.length ? bundlePath + "merged/" : bundlePath,
    mergeIndex: sections.map(function (name) {
      return { bundlePath: bundlePath + name + "/" };
    }),
    translations: { search_label: "Szukaj w serwisie" },
    processTerm: function (term) {
      // A page must hold every word searched for: question words ("kiedy", "gdzie") are left out.
      var kept = term.split(/\s+/).filter(function (word) {
        return word && ignored.indexOf(plain(word.replace(/[.,;:!?„”"]/g, ""))) < 0;
      });
      lastTerm = kept.length ? kept.join(" ") : term;
      return lastTerm;
    },
    processResult: function (result) {
      result = fromRealText(result);
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
    if (/szuka/i.test(message.textContent)) {
      return;
    }
    // Pagefind says "Brak wyników…" with no number at all.
    var found = message.textContent.match(/\d[\d\s\u00a0]*/);
    var count = found ? parseInt(found[0].replace(/\D/g, ""), 10) : 0;
    if (noResults) {
      noResults.hidden = count !== 0;
    }
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
