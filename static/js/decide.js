// Deciding about the overlap analysis: the error summary takes the focus, so that keyboard and
// screen-reader users start from it.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
})();
