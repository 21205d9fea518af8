// Progressive enhancement: on a phone the header's "Menu" link (to the menu at the foot of the page)
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
