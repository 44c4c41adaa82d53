/* graphmap interactive graph: filters, search, ego view and evidence panel over vis-network.
   All user text reaches the DOM through textContent, never innerHTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var statusEl = document.getElementById("render-status");
  var kindStyle = {};
  data.kinds.forEach(function (k) { kindStyle[k.kind] = k; });
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var colourMode = "kind";

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function nodeColour(n) {
    if (colourMode === "community") {
      return data.community_colors[n.community % data.community_colors.length];
    }
    return (kindStyle[n.kind] || {}).color || "#999999";
  }

  function visNode(n) {
    var style = kindStyle[n.kind] || {};
    var v = {
      id: n.id, label: n.label, shape: style.shape || "dot", value: n.size,
      color: { background: nodeColour(n), border: n.status === "uncertain" ? "#8a8a8a" : "#333333" },
      borderWidth: n.status === "uncertain" ? 1 : 2,
      shapeProperties: { borderDashes: n.status === "uncertain" ? [4, 3] : false }
    };
    if (n.x !== undefined) { v.x = n.x; v.y = n.y; }
    return v;
  }

  var nodes = new vis.DataSet(data.nodes.map(visNode));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return {
      id: e.id, from: e.from, to: e.to, arrows: "to",
      color: { color: (data.edge_colors[e.kind] || "#b0b7c0"), opacity: 0.7 },
      dashes: e.status === "uncertain"
    };
  }));
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });

  var adjacency = {};
  data.nodes.forEach(function (n) { adjacency[n.id] = []; });
  data.edges.forEach(function (e) {
    adjacency[e.from].push(e.to);
    adjacency[e.to].push(e.from);
  });

  var options = {
    autoResize: true,
    nodes: { font: { size: 16, face: "Noto Sans CJK SC, Microsoft YaHei, sans-serif" },
             scaling: { min: 8, max: 36, label: { enabled: true, min: 13, max: 22,
                                                    drawThreshold: data.physics ? 5 : 9 } } },
    edges: { width: 1, smooth: data.physics ? { type: "continuous" } : false,
             arrows: { to: { scaleFactor: 0.4 } } },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: !data.physics,
                   hideEdgesOnZoom: !data.physics },
    physics: data.physics ? {
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -60, springLength: 110, avoidOverlap: 0.4 },
      stabilization: { enabled: true, iterations: 400, updateInterval: 50 }
    } : false,
    layout: { improvedLayout: data.physics && data.nodes.length <= 150 }
  };
  var network = new vis.Network(document.getElementById("network"),
                                { nodes: nodes, edges: edges }, options);

  var drawn = false;
  network.on("afterDrawing", function () {
    if (drawn) { return; }
    drawn = true;
    statusEl.dataset.state = "drawn";
    statusEl.textContent = "已绘制 drawn: " + data.nodes.length + " 个节点 nodes, " +
      data.edges.length + " 条连线 edges";
  });
  if (data.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: false });
      network.fit();
      statusEl.dataset.settled = "yes";
    });
  }

  /* ---- filters ---- */
  var enabledKinds = {}, enabledStatus = {}, segment = "", egoSet = null;

  function visible(n) {
    if (!enabledKinds[n.kind] || !enabledStatus[n.status]) { return false; }
    if (segment && n.id !== segment && n.segments.indexOf(segment) < 0) { return false; }
    if (egoSet && !egoSet[n.id]) { return false; }
    return true;
  }

  /* only nodes whose visibility changes are sent to vis-network: an ego view of a few
     dozen nodes in a 1,500-node page then redraws once instead of re-laying 1,500 nodes */
  var hiddenNow = {};
  function applyFilters() {
    var updates = [];
    data.nodes.forEach(function (n) {
      var hide = !visible(n);
      if (hide !== !!hiddenNow[n.id]) { hiddenNow[n.id] = hide; updates.push({ id: n.id, hidden: hide }); }
    });
    if (updates.length) { nodes.update(updates); }
  }

  function checkbox(container, value, label, count, store) {
    var lab = el("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    store[value] = true;
    box.addEventListener("change", function () { store[value] = box.checked; applyFilters(); });
    lab.appendChild(box);
    lab.appendChild(document.createTextNode(" " + label + " (" + count + ")"));
    container.appendChild(lab);
  }

  var kindCounts = {}, statusCounts = {};
  data.nodes.forEach(function (n) {
    kindCounts[n.kind] = (kindCounts[n.kind] || 0) + 1;
    statusCounts[n.status] = (statusCounts[n.status] || 0) + 1;
  });
  var kindBox = document.getElementById("kind-filter");
  data.kinds.forEach(function (k) {
    if (kindCounts[k.kind]) { checkbox(kindBox, k.kind, k.label, kindCounts[k.kind], enabledKinds); }
  });
  var statusBox = document.getElementById("status-filter");
  data.statuses.forEach(function (s) {
    if (statusCounts[s.status]) {
      checkbox(statusBox, s.status, s.label, statusCounts[s.status], enabledStatus);
    }
  });
  var segSelect = document.getElementById("segment-filter");
  data.segments.forEach(function (s) {
    var opt = el("option", s.label);
    opt.value = s.id;
    segSelect.appendChild(opt);
  });
  segSelect.addEventListener("change", function () { segment = segSelect.value; applyFilters(); });

  /* ---- legend ---- */
  var legend = document.getElementById("legend");
  function drawLegend() {
    while (legend.firstChild) { legend.removeChild(legend.firstChild); }
    if (colourMode === "kind") {
      data.kinds.forEach(function (k) {
        if (!kindCounts[k.kind]) { return; }
        var li = el("li");
        var sw = el("span", null, "swatch " + k.legend_shape);
        sw.style.background = k.color;
        sw.style.setProperty("--c", k.color);
        li.appendChild(sw);
        li.appendChild(el("span", k.label));
        legend.appendChild(li);
      });
    } else {
      legend.appendChild(el("li", data.community_count + " 个社区 communities (" +
                            data.community_method + ")", "legend-note"));
    }
    legend.appendChild(el("li", "虚线 = 待核实 dashed = uncertain", "legend-note"));
    legend.appendChild(el("li", "节点大小 = 连线数 size = degree", "legend-note"));
  }
  drawLegend();
  Array.prototype.forEach.call(document.querySelectorAll("input[name=colour]"), function (r) {
    r.addEventListener("change", function () {
      colourMode = r.value;
      nodes.update(data.nodes.map(function (n) {
        return { id: n.id, color: { background: nodeColour(n) } };
      }));
      drawLegend();
    });
  });

  /* ---- search ---- */
  var search = document.getElementById("search");
  var results = document.getElementById("search-results");
  search.addEventListener("input", function () {
    var q = search.value.trim().toLowerCase();
    while (results.firstChild) { results.removeChild(results.firstChild); }
    if (!q) { return; }
    var hits = data.nodes.filter(function (n) {
      if (n.label.toLowerCase().indexOf(q) >= 0) { return true; }
      return n.aliases.some(function (a) { return a.toLowerCase().indexOf(q) >= 0; });
    }).slice(0, 30);
    hits.forEach(function (n) {
      var li = el("li", n.label + " · " + ((kindStyle[n.kind] || {}).label || n.kind));
      li.addEventListener("click", function () { focusNode(n.id); });
      results.appendChild(li);
    });
    if (!hits.length) { results.appendChild(el("li", "无结果 no match", "hint")); }
  });

  function focusNode(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: { duration: 400 } });
    showNode(id);
  }

  /* ---- ego view ---- */
  function egoView() {
    var sel = network.getSelectedNodes();
    if (!sel.length) {
      setDetail([el("p", "请先选择一个节点。Select a node first.", "hint")]);
      return;
    }
    var started = performance.now();
    var hops = parseInt(document.getElementById("hops").value, 10) || 2;
    var seen = {}; seen[sel[0]] = true;
    var frontier = [sel[0]];
    for (var d = 0; d < hops; d++) {
      var next = [];
      frontier.forEach(function (id) {
        adjacency[id].forEach(function (m) { if (!seen[m]) { seen[m] = true; next.push(m); } });
      });
      frontier = next;
    }
    egoSet = seen;
    applyFilters();
    network.fit({ nodes: Object.keys(seen), animation: false });
    network.redraw();
    statusEl.dataset.egoMs = (performance.now() - started).toFixed(1);
    statusEl.dataset.egoNodes = String(Object.keys(seen).length);
  }
  document.getElementById("ego-btn").addEventListener("click", egoView);
  document.getElementById("reset-btn").addEventListener("click", function () {
    egoSet = null;
    segment = "";
    segSelect.value = "";
    applyFilters();
    network.fit();
  });

  /* ---- details ---- */
  var detail = document.getElementById("detail-body");
  function setDetail(children) {
    while (detail.firstChild) { detail.removeChild(detail.firstChild); }
    children.forEach(function (c) { detail.appendChild(c); });
  }

  function evidenceBlock(list, more) {
    var box = el("div");
    if (!list.length) { box.appendChild(el("p", "无证据 no evidence recorded", "hint")); }
    list.forEach(function (ev) {
      var div = el("div", null, "evidence");
      div.appendChild(el("div", ev.sentence));
      div.appendChild(el("div", ev.doc + " [" + ev.start + ":" + ev.end + "] · " + ev.extractor +
                             " · " + ev.confidence, "src"));
      box.appendChild(div);
    });
    if (more > 0) { box.appendChild(el("p", "另有 " + more + " 条证据 more evidence", "hint")); }
    return box;
  }

  function attrList(attrs) {
    var dl = el("dl");
    Object.keys(attrs).forEach(function (k) {
      dl.appendChild(el("dt", k));
      attrs[k].forEach(function (line) { dl.appendChild(el("dd", line)); });
    });
    return dl;
  }

  function statusText(status) {
    var found = data.statuses.filter(function (s) { return s.status === status; });
    return found.length ? found[0].short : status;
  }

  function showNode(id) {
    var n = byId[id];
    if (!n) { return; }
    var out = [el("h3", n.label)];
    out.push(el("p", ((kindStyle[n.kind] || {}).label || n.kind) + " · 状态 " +
                     statusText(n.status)));
    if (n.aliases.length) { out.push(el("p", "别名：" + n.aliases.join("、"))); }
    out.push(attrList(n.attrs));
    out.push(el("h4", "证据 Evidence"));
    out.push(evidenceBlock(n.evidence, n.evidence_more));
    var links = network.getConnectedEdges(id);
    if (links.length) {
      out.push(el("h4", "连线 Links (" + links.length + ")"));
      var ul = el("ul");
      links.slice(0, 60).forEach(function (eid) {
        var e = edgeById[eid];
        var other = byId[e.from === id ? e.to : e.from];
        var li = el("li", (e.from === id ? "→ " : "← ") + (data.edge_labels[e.kind] || e.kind) +
                          " " + (other ? other.label : ""));
        li.style.cursor = "pointer";
        li.addEventListener("click", function () { showEdge(eid); });
        ul.appendChild(li);
      });
      out.push(ul);
    }
    setDetail(out);
  }

  function showEdge(id) {
    var e = edgeById[id];
    if (!e) { return; }
    var a = byId[e.from], b = byId[e.to];
    var out = [el("h3", data.edge_labels[e.kind] || e.kind),
               el("p", (a ? a.label : e.from) + " → " + (b ? b.label : e.to)),
               el("p", "状态 " + statusText(e.status)), attrList(e.attrs), el("h4", "证据 Evidence"),
               evidenceBlock(e.evidence, e.evidence_more)];
    setDetail(out);
  }

  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
  });
  /* graph.html#colour=community opens coloured by community */
  if (/[#&]colou?r=community/.test(window.location.hash)) {
    var radio = document.querySelector("input[name=colour][value=community]");
    radio.checked = true;
    radio.dispatchEvent(new Event("change"));
  }
  /* a link such as graph.html#node=ID opens with that node selected and its evidence shown */
  var wanted = /[#&]node=([^&]+)/.exec(window.location.hash);
  if (wanted && byId[decodeURIComponent(wanted[1])]) {
    var target = decodeURIComponent(wanted[1]);
    network.once("afterDrawing", function () { focusNode(target); });
  }
  /* graph.html#ego=ID opens with the neighbourhood of that node (and times it) */
  var wantedEgo = /[#&]ego=([^&]+)/.exec(window.location.hash);
  if (wantedEgo && byId[decodeURIComponent(wantedEgo[1])]) {
    var egoTarget = decodeURIComponent(wantedEgo[1]);
    network.once("afterDrawing", function () {
      network.selectNodes([egoTarget]);
      showNode(egoTarget);
      egoView();
    });
  }
  /* hovering shows the node and its first evidence sentence in the footer */
  var drawnText = null;
  network.on("hoverNode", function (params) {
    var n = byId[params.node];
    if (!n) { return; }
    if (drawnText === null) { drawnText = statusEl.textContent; }
    var text = n.label + " · " + ((kindStyle[n.kind] || {}).label || n.kind);
    if (n.evidence.length) { text += " · 证据：" + n.evidence[0].sentence; }
    statusEl.textContent = text;
  });
  network.on("blurNode", function () {
    if (drawnText !== null) { statusEl.textContent = drawnText; }
  });
}());
