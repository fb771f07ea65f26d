// Small behaviours of every page (no inline scripts: the site runs under a strict CSP).
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () {
    // "More" in the menu (a details element): Escape or a click elsewhere closes it.
    var more = document.querySelector(".navmore");
    if (more) {
      document.addEventListener("click", function (event) {
        if (more.open && !more.contains(event.target)) { more.open = false; }
      });
      more.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && more.open) {
          more.open = false;
          more.querySelector("summary").focus();
          event.stopPropagation();
        }
      });
    }
    // The menu button of small screens: opens and closes the main navigation.
    var button = document.querySelector(".menubutton");
    var nav = document.getElementById("mainnav");
    if (!button || !nav) { return; }
    document.documentElement.classList.add("js");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", open ? "false" : "true");
      nav.classList.toggle("open", !open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("open")) {
        nav.classList.remove("open");
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }
    });
  });
})();
