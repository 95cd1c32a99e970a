/* Arrimage — download a chart of the « Concertation » page as a PNG image.
   Each button carries the address of the chart's SVG (data-svg) and the file name (data-filename): the SVG
   is drawn into a canvas, at twice its size for sharp text, and the canvas saved as a PNG file. The
   buttons stay hidden when this script does not run; the SVG links work without it. */
(function () {
  "use strict";

  var SCALE = 2;

  function save(blob, filename) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = filename;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function draw(button) {
    var image = new Image();
    button.setAttribute("aria-busy", "true");
    function done() { button.removeAttribute("aria-busy"); }
    image.onload = function () {
      var width = image.naturalWidth || image.width;
      var height = image.naturalHeight || image.height;
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(width * SCALE);
      canvas.height = Math.round(height * SCALE);
      var context = canvas.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(function (blob) {
        done();
        if (blob) { save(blob, button.dataset.filename || "graphique.png"); }
      }, "image/png");
    };
    image.onerror = done;
    image.src = button.dataset.svg;
  }

  function start() {
    document.querySelectorAll(".chart-png").forEach(function (item) {
      var button = item.querySelector("button[data-svg]");
      if (!button) { return; }
      item.hidden = false;
      button.addEventListener("click", function () { draw(button); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
