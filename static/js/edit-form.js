/* Arrimage — the edit forms: the error summary takes the focus; one-per-line fields get a search box. */
(function () {
  "use strict";
  // The error summary takes the focus, so that keyboard and screen-reader users start from it.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // A search box under each one-per-line field: choosing a suggestion adds it as a line.
  document.querySelectorAll("[data-suggest-lines]").forEach(function (box) {
    var lines = document.getElementById(box.dataset.suggestLines);
    var input = box.querySelector("input");
    var list = box.querySelector("datalist");
    if (!lines || !input || !list) { return; }
    box.hidden = false;
    function add() {
      var value = input.value.trim();
      var known = Array.prototype.some.call(list.options, function (option) { return option.value === value; });
      if (!value || !known) { return false; }
      var current = lines.value.split("\n").map(function (line) { return line.trim(); }).filter(Boolean);
      if (current.indexOf(value) === -1) { current.push(value); }
      lines.value = current.join("\n");
      input.value = "";
      list.innerHTML = "";
      return true;
    }
    input.addEventListener("input", add);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); add(); }
    });
  });
})();
