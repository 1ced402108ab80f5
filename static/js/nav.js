/* The menu button of the navigation bar on a narrow screen opens and closes the menu (what
 * Bootstrap's collapse plugin did, without its 80 KB bundle). Wide screens always show the menu. */
(function () {
  "use strict";
  document.querySelectorAll("[data-menu-toggle]").forEach(function (button) {
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) { return; }
    button.addEventListener("click", function () {
      var open = menu.classList.toggle("show");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });
})();
