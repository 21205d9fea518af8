// Progressive enhancement for every page (one deferred file, one request): the phone menu, the
// scroll hint under wide tables, and the roles of stacked tables.
//
// On a phone the header's "Menu" link (to the menu at the foot of the page)
// becomes a button that opens the menu in the header. Without JavaScript the link still works.
(function () {
  "use strict";
  document.querySelectorAll("[data-menu-toggle]").forEach(function (link) {
    var menu = document.getElementById(link.getAttribute("data-menu-toggle"));
    if (!menu) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.textContent = link.textContent;
    button.setAttribute("aria-controls", menu.id);
    button.setAttribute("aria-expanded", "false");
    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("site-nav--open", open);
    }
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    // Escape closes the open menu and returns to its button, as in any disclosure.
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
    link.replaceWith(button);
  });
})();

// "Tabelę można przewinąć w bok" under a table only while it is wider than its region: on a wide
// screen, or where its rows stack (site.css), it fits and the hint would be wrong.
(function () {
  "use strict";
  var regions = document.querySelectorAll(".table-scroll");
  function update() {
    regions.forEach(function (region) {
      var hint = region.nextElementSibling;
      if (hint && hint.classList.contains("table-scroll__hint")) {
        hint.hidden = region.scrollWidth <= region.clientWidth + 1;
      }
    });
  }
  update();
  window.addEventListener("resize", update);
})();

// Below 768 px the rows of a stacked table (site.css) are laid out as blocks, and some browsers then
// stop telling screen readers it is a table. Its roles are stated explicitly, so the rows and their
// headers are still announced as a table's.
(function () {
  "use strict";
  document.querySelectorAll(".table-scroll--stacked table").forEach(function (table) {
    function mark(selector, role) {
      table.querySelectorAll(selector).forEach(function (element) {
        element.setAttribute("role", typeof role === "function" ? role(element) : role);
      });
    }
    table.setAttribute("role", "table");
    mark("caption", "caption");
    mark("thead, tbody, tfoot", "rowgroup");
    mark("tr", "row");
    mark("td", "cell");
    mark("th", function (header) {
      var inHead = header.parentElement.parentElement.tagName === "THEAD";
      return inHead || header.getAttribute("scope") === "col" ? "columnheader" : "rowheader";
    });
  });
})();
