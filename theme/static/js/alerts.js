// Progressive enhancement of the komunikaty banner: hide a komunikat whose time has passed since the
// page was built, and let a reader close one they have read (remembered per komunikat in this
// browser until it ends). Without JavaScript the banner stays until the next build.
(function () {
  "use strict";
  var KEY = "wachock-zamkniete-komunikaty";
  var now = Date.now();
  var closed = {};
  try {
    closed = JSON.parse(window.localStorage.getItem(KEY) || "{}") || {};
  } catch (error) {
    closed = {};
  }
  function remember() {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(closed));
    } catch (error) {
      // storage refused (private mode): the komunikat is closed on this page only
    }
  }
  function refreshBanner(banner) {
    if (!banner.querySelector("[data-alert-until]:not([hidden])")) {
      banner.hidden = true;
    }
  }
  Object.keys(closed).forEach(function (id) {
    if (Date.parse(closed[id]) <= now) {
      delete closed[id];
    }
  });
  remember();
  document.querySelectorAll(".alert-banner").forEach(function (banner) {
    banner.querySelectorAll("[data-alert-until]").forEach(function (item) {
      var until = item.getAttribute("data-alert-until");
      var id = item.getAttribute("data-alert-id");
      if (Date.parse(until) <= now || (id && closed[id])) {
        item.hidden = true;
        return;
      }
      var link = item.querySelector("a");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "alert-banner__close";
      button.textContent = "Zamknij";
      button.setAttribute("aria-label", "Zamknij komunikat: " + (link ? link.textContent : ""));
      button.addEventListener("click", function () {
        closed[id] = until;
        remember();
        item.hidden = true;
        refreshBanner(banner);
        var main = document.getElementById("tresc");
        if (main) {
          main.focus();
        }
      });
      item.appendChild(button);
    });
    refreshBanner(banner);
  });
})();
