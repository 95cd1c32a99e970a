// The acronyms explained in pages (abbr.gloss): Escape hides the full form shown under a focused acronym
// (WCAG 1.4.13: content shown on focus can be dismissed); it shows again the next time the acronym gets focus.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Escape" && target instanceof Element && target.matches("abbr.gloss[data-full]")) {
      target.classList.add("gloss--dismissed");
    }
  });
  document.addEventListener("focusout", function (event) {
    var target = event.target;
    if (target instanceof Element && target.matches("abbr.gloss")) {
      target.classList.remove("gloss--dismissed");
    }
  });
})();
