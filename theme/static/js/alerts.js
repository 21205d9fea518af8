// Progressive enhancement: hide komunikaty whose time has passed since the page was built.
(function () {
  "use strict";
  var now = Date.now();
  document.querySelectorAll("[data-alert-until]").forEach(function (item) {
    if (Date.parse(item.getAttribute("data-alert-until")) <= now) {
      item.hidden = true;
    }
  });
  document.querySelectorAll(".alert-banner").forEach(function (banner) {
    if (!banner.querySelector("[data-alert-until]:not([hidden])")) {
      banner.hidden = true;
    }
  });
})();
