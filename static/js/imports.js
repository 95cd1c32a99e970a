// The import wizard: while a preview or an import is carried out (the form's request may take a while for
// a large file), show its progress, read from the server every second; the error summary takes the focus.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  document.querySelectorAll("form[data-progress-form]").forEach(function (form) {
    var region = form.querySelector("[data-import-progress]");
    if (!region) { return; }
    form.addEventListener("submit", function () {
      var url = region.dataset.importProgress;
      region.hidden = false;
      form.setAttribute("aria-busy", "true");
      function poll() {
        fetch(url, { credentials: "same-origin", headers: { "HX-Request": "true" } })
          .then(function (response) { return response.ok ? response.text() : null; })
          .then(function (html) { if (html !== null) { region.innerHTML = html; } })
          .catch(function () { /* the next page is loading: nothing to show */ });
      }
      poll();
      window.setInterval(poll, 1000);
    });
  });
})();
