/* The map of a territory's « Concertation » page: each part of the territory shaded by the number of
 * concertation bodies covering it, or working on the theme chosen in the select.
 * The figures come from the JSON script named in data-choropleth (see analysis_map.py); the shapes from
 * the GeoJSON layers it lists. The table under the map gives the same figures.
 * Reuses the helpers of map.js (window.ArrimageMap). */
(function () {
  "use strict";

  var STEPS_CLASSES = ["choropleth-0", "choropleth-1", "choropleth-2", "choropleth-3", "choropleth-4"];
  var CONTEXT = { color: "#5b6770", weight: 1.5, dashArray: "4 4", fillOpacity: 0.04 };

  function step(steps, count) {
    var found = 0;
    steps.forEach(function (bound, index) { if (count >= bound) { found = index; } });
    return found;
  }

  function initChoropleth(element, helpers) {
    var data = helpers.readJSON(element.dataset.choropleth) || { layers: [], parts: [], themes: [], steps: [0] };
    var byId = {};
    data.parts.forEach(function (part) { byId[part.id] = part; });
    var map = helpers.createMap(element);
    var shaded = [];  // [{layer, part}]
    var select = document.getElementById("analysis-map-theme");
    var shown = document.getElementById("analysis-map-shown");

    function count(part, theme) {
      return theme === "" ? part.bodies : part.themes[Number(theme)];
    }

    function describe(part, value) {
      return data.counts[String(value)] || String(value);
    }

    // Built as elements, not as HTML text: names and addresses never become markup.
    function popup(part, value) {
      var box = document.createElement("div");
      var name = document.createElement("strong");
      name.textContent = part.name;
      box.appendChild(name);
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(describe(part, value)));
      if (part.url) {
        var link = document.createElement("a");
        link.href = part.url;
        link.textContent = part.link;
        box.appendChild(document.createElement("br"));
        box.appendChild(link);
      }
      return box;
    }

    function paint(theme) {
      shaded.forEach(function (entry) {
        var value = count(entry.part, theme);
        var path = entry.layer.getElement();
        if (path) {
          STEPS_CLASSES.forEach(function (name) { path.classList.remove(name); });
          path.classList.add(STEPS_CLASSES[step(data.steps, value)]);
          path.setAttribute("data-count", String(value));
        }
        entry.layer.setTooltipContent(helpers.escapeHTML(entry.part.name + " — " + describe(entry.part, value)));
        entry.layer.setPopupContent(popup(entry.part, value));
      });
      if (shown) {
        shown.textContent = theme === ""
          ? shown.dataset.all
          : shown.dataset.theme.replace("%(theme)s", data.themes[Number(theme)] || "");
      }
      element.dataset.theme = theme;
    }

    function draw(spec, bounds) {
      return helpers.fetchGeoJSON(spec.url).then(function (collection) {
        var isParts = spec.role === "parts";
        var layer = L.geoJSON(collection, {
          style: function (feature) {
            var part = isParts ? byId[feature.id] : null;
            if (!part) { return CONTEXT; }
            return { color: "#1c2a30", weight: 1, fillOpacity: 0.85, className: "analysis-map__part" };
          },
          pointToLayer: function (feature, latlng) {
            var part = isParts ? byId[feature.id] : null;
            return L.circleMarker(latlng, part
              ? { radius: 8, color: "#1c2a30", weight: 1, fillOpacity: 0.9, className: "analysis-map__part" }
              : { radius: 6, color: "#5b6770", weight: 1.5, fillOpacity: 0.2 });
          },
          onEachFeature: function (feature, featureLayer) {
            var part = isParts ? byId[feature.id] : null;
            if (part) {
              featureLayer.bindTooltip("", { sticky: true });
              featureLayer.bindPopup("");
              shaded.push({ layer: featureLayer, part: part });
            } else {
              featureLayer.bindTooltip(helpers.escapeHTML((feature.properties || {}).name), { sticky: true });
            }
          }
        }).addTo(map);
        if (!isParts) { layer.bringToBack(); }
        if (layer.getLayers().length) { bounds[isParts ? "main" : "context"].extend(layer.getBounds()); }
      });
    }

    var bounds = { main: L.latLngBounds([]), context: L.latLngBounds([]) };
    Promise.all(data.layers.map(function (spec) { return draw(spec, bounds); }))
      .then(function () {
        var box = bounds.main;
        var isPoint = box.isValid() && box.getNorthEast().equals(box.getSouthWest());
        if ((!box.isValid() || isPoint) && bounds.context.isValid()) { box = bounds.context; }
        helpers.frame(map, box);
        paint(select ? select.value : "");
        if (select) {
          var wrapper = select.closest("[hidden]");
          if (wrapper) { wrapper.removeAttribute("hidden"); }
          select.addEventListener("change", function () { paint(select.value); });
        }
        element.dataset.drawn = String(shaded.length);
      })
      .catch(function () { helpers.showError(element); });
  }

  function start() {
    if (typeof L === "undefined" || !window.ArrimageMap) { return; }
    document.querySelectorAll(".map[data-choropleth]").forEach(function (element) {
      initChoropleth(element, window.ArrimageMap);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
