// "Kontrast" and "Większy tekst": a reader's display choices, remembered in this browser between
// pages. Loaded in <head> (small, not deferred) so a chosen contrast is applied before the page is
// painted, never flashing the default colours. Without JavaScript the buttons stay hidden, and the
// high-contrast colours still follow the system's "more contrast" setting (site.css).
(function () {
  "use strict";
  var KEY = "wachock-wyglad";
  var OPTIONS = { contrast: "high", text: "large" };
  var root = document.documentElement;
  var chosen = {};
  try {
    chosen = JSON.parse(window.localStorage.getItem(KEY) || "{}") || {};
  } catch (error) {
    chosen = {};
  }
  function apply() {
    Object.keys(OPTIONS).forEach(function (name) {
      if (chosen[name]) {
        root.setAttribute("data-" + name, OPTIONS[name]);
      } else {
        root.removeAttribute("data-" + name);
      }
    });
  }
  function remember() {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(chosen));
    } catch (error) {
      // storage refused (private mode): the choice holds on this page only
    }
  }
  apply();
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-display-option]").forEach(function (button) {
      var name = button.getAttribute("data-display-option");
      button.setAttribute("aria-pressed", chosen[name] ? "true" : "false");
      button.addEventListener("click", function () {
        chosen[name] = !chosen[name];
        button.setAttribute("aria-pressed", chosen[name] ? "true" : "false");
        apply();
        remember();
      });
    });
    document.querySelectorAll(".display-options").forEach(function (bar) {
      bar.hidden = false;
    });
  });
})();
