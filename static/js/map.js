/* Arrimage maps: draws the GeoJSON layers of the API on a Leaflet map.
 * Each map element names, in data-layers, a JSON script element holding its layers
 * ([{url, role, label}]), and in data-tiles the background map settings.
 * The map is decoration over a table that gives the same information: it never holds data of its own. */
(function () {
  "use strict";

  var STYLES = {
    context: { color: "#5b6770", weight: 1, dashArray: "4 4", fillOpacity: 0.04 },
    boundary: { color: "#0b5a5a", weight: 2.5, fillColor: "#0b5a5a", fillOpacity: 0.08 },
    children: { color: "#0b5a5a", weight: 1.2, fillColor: "#d9822b", fillOpacity: 0.18 }
  };

  function readJSON(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function escapeHTML(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function fetchGeoJSON(url) {
    return fetch(url, { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      });
  }

  // A Leaflet map in `element`, with translated zoom buttons and the background map of data-tiles.
  function createMap(element) {
    var tiles = readJSON(element.dataset.tiles) || {};
    element.innerHTML = "";
    var map = L.map(element, { scrollWheelZoom: false, zoomSnap: 0.25, zoomControl: false });
    L.control.zoom({
      zoomInTitle: element.dataset.zoomIn || "+",
      zoomOutTitle: element.dataset.zoomOut || "-"
    }).addTo(map);
    map.setView([52.5, -71.5], 4);
    if (tiles.url) {
      L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: tiles.max_zoom || 18 }).addTo(map);
    }
    return map;
  }

  // No animation: the first view is the territory itself, and data-drawn then says the map is final.
  function frame(map, bounds) {
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [12, 12], maxZoom: 11, animate: false }); }
  }

  function showError(element) {
    element.dataset.drawn = "error";
    var note = document.createElement("p");
    note.className = "map__fallback";
    note.textContent = element.getAttribute("data-error-text") || "";
    element.appendChild(note);
  }

  function drawLayer(map, spec, bounds) {
    var style = STYLES[spec.role] || STYLES.children;
    return fetchGeoJSON(spec.url)
      .then(function (collection) {
        var layer = L.geoJSON(collection, {
          // Points get their own look in pointToLayer; the style applies to polygons only.
          style: function (feature) { return feature.geometry.type === "Point" ? null : style; },
          pointToLayer: function (feature, latlng) {
            var big = spec.role !== "children";
            return L.circleMarker(latlng, {
              radius: big ? 8 : 5, color: "#ffffff", weight: 1.5,
              fillColor: big ? "#0b5a5a" : "#c2410c", fillOpacity: 0.9
            });
          },
          onEachFeature: function (feature, featureLayer) {
            var props = feature.properties || {};
            featureLayer.bindTooltip(escapeHTML(props.name), { sticky: true });
            if (spec.role === "children" && props.url) {
              featureLayer.on("click", function () { window.location.assign(props.url); });
            }
          }
        }).addTo(map);
        if (spec.role === "context") { layer.bringToBack(); }
        if (layer.getLayers().length) { bounds[spec.role === "context" ? "context" : "main"].extend(layer.getBounds()); }
        return layer.getLayers().length;
      });
  }

  function initMap(element) {
    var layers = readJSON(element.dataset.layers) || [];
    var map = createMap(element);
    // A single point (a municipality) is framed by its surroundings (its MRC) when there are some.
    var bounds = { main: L.latLngBounds([]), context: L.latLngBounds([]) };
    Promise.all(layers.map(function (spec) { return drawLayer(map, spec, bounds); }))
      .then(function (counts) {
        var box = bounds.main;
        var isPoint = box.isValid() && box.getNorthEast().equals(box.getSouthWest());
        if (isPoint && bounds.context.isValid()) { box = bounds.context; }
        frame(map, box);
        element.dataset.drawn = String(counts.reduce(function (a, b) { return a + b; }, 0));
      })
      .catch(function () { showError(element); });
  }

  // What other maps of Arrimage reuse (see analysis-map.js).
  window.ArrimageMap = {
    readJSON: readJSON,
    escapeHTML: escapeHTML,
    fetchGeoJSON: fetchGeoJSON,
    createMap: createMap,
    frame: frame,
    showError: showError
  };

  function start() {
    if (typeof L === "undefined") { return; }
    document.querySelectorAll(".map[data-layers]").forEach(initMap);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
