/* Arrimage network graph: draws the links between concertation bodies with Cytoscape.js.
 * The data comes from the JSON script element #network-data (nodes, edges, filter choices); the table
 * below the graph gives the same information, so the graph never holds data of its own.
 * The filters hide the bodies (and the table's rows) that do not match and say how many remain. */
(function () {
  "use strict";

  var SHAPES = { local: "ellipse", supralocal: "round-rectangle", regional: "diamond", national: "triangle" };

  function readJSON(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function key(id) { return "c" + id; }

  /* Starting positions on a circle, by group then rank: with `randomize: false` the force layout then
   * gives the same drawing on every visit. */
  function startingPositions(nodes) {
    var ordered = nodes.slice().sort(function (a, b) {
      return (a.community || 1e9) - (b.community || 1e9) || nodes.indexOf(a) - nodes.indexOf(b);
    });
    var radius = Math.max(100, ordered.length * 18);
    var positions = {};
    ordered.forEach(function (node, index) {
      var angle = (2 * Math.PI * index) / ordered.length;
      positions[node.id] = { x: radius * Math.cos(angle), y: radius * Math.sin(angle) };
    });
    return positions;
  }

  function elements(data) {
    var maxBetweenness = Math.max.apply(null, data.nodes.map(function (n) { return n.betweenness; }).concat([0]));
    var maxWeight = Math.max.apply(null, data.edges.map(function (e) { return e.weight; }).concat([1]));
    var positions = startingPositions(data.nodes);
    var list = data.nodes.map(function (node) {
      return {
        group: "nodes",
        data: {
          id: key(node.id), label: node.name, url: node.url, level: node.level,
          size: 22 + (maxBetweenness > 0 ? 38 * node.betweenness / maxBetweenness : 0)
        },
        position: positions[node.id]
      };
    });
    data.edges.forEach(function (edge) {
      list.push({
        group: "edges",
        data: {
          id: key(edge.source) + "-" + key(edge.target), source: key(edge.source), target: key(edge.target),
          width: 1.5 + 6 * (edge.weight - 1) / Math.max(1, maxWeight - 1)
        }
      });
    });
    return list;
  }

  function styles(container) {
    var computed = window.getComputedStyle(container);
    function colour(level) { return computed.getPropertyValue("--level-" + level).trim() || "#4b5b63"; }
    var sheet = [
      {
        selector: "node",
        style: {
          label: "data(label)", width: "data(size)", height: "data(size)", "background-color": colour("other"),
          "border-width": 2, "border-color": "#ffffff", color: computed.getPropertyValue("--network-ink").trim() || "#1c2a30",
          "font-size": 11, "text-valign": "bottom", "text-margin-y": 4, "text-wrap": "ellipsis", "text-max-width": 140,
          "text-outline-color": "#ffffff", "text-outline-width": 2, "min-zoomed-font-size": 7
        }
      },
      {
        selector: "edge",
        style: {
          width: "data(width)", "line-color": computed.getPropertyValue("--network-edge").trim() || "#7b868c",
          "curve-style": "straight"
        }
      },
      { selector: "node:selected", style: { "border-color": "#b3470c", "border-width": 4 } }
    ];
    Object.keys(SHAPES).forEach(function (level) {
      sheet.push({ selector: 'node[level = "' + level + '"]', style: { shape: SHAPES[level], "background-color": colour(level) } });
    });
    return sheet;
  }

  /* Fit the graph to these nodes without enlarging it: the names keep their size. */
  function fit(cy, nodes) {
    if (!nodes.length) { return; }
    cy.fit(nodes, 24);
    if (cy.zoom() > 1) {
      cy.zoom(1);
      cy.center(nodes);
    }
  }

  function initNetwork(container) {
    var data = readJSON("network-data");
    if (!data || !data.edges.length || typeof window.cytoscape !== "function") { return; }
    var wrapper = document.getElementById("network-interactive");
    wrapper.hidden = false;
    var cy = window.cytoscape({
      container: container,
      elements: elements(data),
      style: styles(container),
      layout: { name: "preset" },
      minZoom: 0.15,
      maxZoom: 3,
      boxSelectionEnabled: false
    });
    cy.layout({
      name: "cose", randomize: false, animate: false, fit: true, padding: 24, numIter: 1500,
      nodeDimensionsIncludeLabels: true, idealEdgeLength: function () { return 90; },
      nodeRepulsion: function () { return 1000000; }, gravity: 0.2, componentSpacing: 60
    }).run();
    fit(cy, cy.nodes());
    cy.on("tap", "node", function (event) {
      var url = event.target.data("url");
      if (url) { window.location.assign(url); }
    });
    container.dataset.drawn = String(cy.nodes().length);

    var byId = {};
    data.nodes.forEach(function (node) { byId[node.id] = node; });
    var form = document.getElementById("network-filters");
    var count = document.getElementById("network-count");
    var rows = document.querySelectorAll("#brokers-table tbody tr[data-node]");
    var plural = new Intl.PluralRules(document.documentElement.lang || "fr");

    function value(name) {
      var select = form.querySelector('[data-filter="' + name + '"]');
      return select ? select.value : "";
    }

    function apply() {
      var theme = value("theme"), level = value("level"), sector = value("sector");
      var candidate = {};
      data.nodes.forEach(function (node) {
        candidate[node.id] = (!theme || node.themes.indexOf(theme) !== -1) && (!level || node.level === level);
      });
      var shownEdges = data.edges.filter(function (edge) {
        return candidate[edge.source] && candidate[edge.target] && (!sector || edge.sectors.indexOf(sector) !== -1);
      });
      var shown = {};
      if (sector) {
        // A sector concerns the links: a body is shown when it shares an organisation of that sector.
        shownEdges.forEach(function (edge) { shown[edge.source] = true; shown[edge.target] = true; });
      } else {
        Object.keys(candidate).forEach(function (id) { if (candidate[id]) { shown[id] = true; } });
      }
      var edgeKeys = {};
      shownEdges.forEach(function (edge) { edgeKeys[key(edge.source) + "-" + key(edge.target)] = true; });
      cy.batch(function () {
        cy.nodes().forEach(function (node) { node.style("display", shown[node.id().slice(1)] ? "element" : "none"); });
        cy.edges().forEach(function (edge) { edge.style("display", edgeKeys[edge.id()] ? "element" : "none"); });
      });
      var visible = cy.nodes().filter(function (node) { return node.style("display") === "element"; });
      fit(cy, visible);
      rows.forEach(function (row) { row.hidden = !shown[row.dataset.node]; });
      var total = visible.length;
      var template = plural.select(total) === "one" ? count.dataset.one : count.dataset.other;
      count.textContent = template.replace("{count}", total.toLocaleString(document.documentElement.lang || "fr"));
      container.dataset.shown = String(total);
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    apply();

    document.getElementById("network-png").addEventListener("click", function (event) {
      var button = event.currentTarget;
      var blob = cy.png({ output: "blob", bg: "#ffffff", full: true, scale: 2 });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = button.dataset.filename || "network.png";
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    });
  }

  function start() {
    var container = document.getElementById("network-graph");
    if (!container) { return; }
    try {
      initNetwork(container);
    } catch (error) {
      container.dataset.drawn = "error";
      throw error;
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
