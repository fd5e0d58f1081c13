/* Moves focus to a form's error summary when the page shows one, so a keyboard or screen-reader
   user starts at the list of problems (each a link to its field) rather than at the header. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) {
    summary.focus();
  }
})();
