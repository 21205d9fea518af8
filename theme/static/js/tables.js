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
