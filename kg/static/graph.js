(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  function byId(id) { return document.getElementById(id); }
  // Every piece of text goes in through textContent: nothing from the data is parsed as HTML.
  function make(tag, className, text) {
    var element = document.createElement(tag);
    if (className) { element.className = className; }
    if (text !== undefined && text !== null) { element.textContent = String(text); }
    return element;
  }
  function plural(count, one, many) { return count + " " + (count === 1 ? one : many); }

  var nodeById = {}, edgeById = {}, incident = {}, edgeShown = {}, nodeShown = {};
  data.nodes.forEach(function (node) {
    nodeById[node.id] = node;
    incident[node.id] = [];
    nodeShown[node.id] = !node.hidden;
  });
  data.edges.forEach(function (edge) {
    edgeById[edge.id] = edge;
    edgeShown[edge.id] = !edge.hidden;
    incident[edge.from].push(edge);
    if (edge.to !== edge.from) { incident[edge.to].push(edge); }
  });
  function label(id) { return nodeById[id] ? nodeById[id].label : id; }

  // Edge labels only where they can be read: on the edge under the pointer, and on every
  // edge once zoomed in (at 300 articles, labels drawn everywhere bury the picture).
  var LABEL_SCALE = 1.1;
  var labelsOn = false, hovered = null;
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges.map(function (edge) {
    return Object.assign({}, edge, { label: undefined });
  }));
  var status = byId("kg-status");
  window.kgStartedAt = performance.now();
  var network = new vis.Network(byId("kg-network"), { nodes: nodes, edges: edges }, data.options);
  window.kgNetwork = network;

  // Lay out once, then stop: the picture no longer drifts, dragged nodes stay put.
  var freeze = byId("kg-freeze");
  network.on("stabilizationProgress", function (progress) {
    status.textContent = "Laying out… " +
      Math.round(100 * progress.iterations / Math.max(progress.total, 1)) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });
    freeze.checked = true;
    window.kgStabilizedAt = performance.now();
    status.textContent = "Layout settled in " +
      ((window.kgStabilizedAt - window.kgStartedAt) / 1000).toFixed(1) + " s; physics off.";
  });
  freeze.addEventListener("change", function () {
    if (freeze.checked) {
      network.stopSimulation();
      network.setOptions({ physics: false });
      status.textContent = "Layout frozen.";
    } else {
      network.setOptions({ physics: { enabled: true } });
      network.startSimulation();
      status.textContent = "Physics on: the layout moves until you freeze it.";
    }
  });
  function setLabels(on) {
    if (on === labelsOn) { return; }
    labelsOn = on;
    edges.update(data.edges.map(function (edge) {
      return { id: edge.id, label: on || edge.id === hovered ? edge.relation : undefined };
    }));
  }
  network.on("zoom", function () { setLabels(network.getScale() >= LABEL_SCALE); });
  network.on("hoverEdge", function (params) {
    hovered = params.edge;
    if (!labelsOn) { edges.update({ id: params.edge, label: edgeById[params.edge].relation }); }
  });
  network.on("blurEdge", function (params) {
    hovered = null;
    if (!labelsOn) { edges.update({ id: params.edge, label: undefined }); }
  });
  window.kgEdgeLabelsShown = function () {
    return edges.get().filter(function (edge) { return !!edge.label; }).length;
  };
  byId("kg-fit").addEventListener("click", function () {
    network.fit({ animation: { duration: 300, easingFunction: "easeInOutQuad" } });
  });

  // Filters: relation types (alone or by family), modality, date range, lonely actors.
  function boxes(name) {
    return Array.prototype.slice.call(document.querySelectorAll('input[name="' + name + '"]'));
  }
  var relationBoxes = boxes("kg-relation"), familyBoxes = boxes("kg-family");
  var modalityBoxes = boxes("kg-modality");
  var dateFrom = byId("kg-date-from"), dateTo = byId("kg-date-to");
  var undatedBox = byId("kg-undated"), lonelyBox = byId("kg-hide-isolated");
  var shownCount = byId("kg-shown");
  var minEvidence = byId("kg-min-evidence"), minEvidenceValue = byId("kg-min-evidence-value");
  // The slider's positions are the evidence counts that occur (1, 2, 3, 5, 12, …).
  var evidenceSteps = minEvidence ? minEvidence.getAttribute("data-steps").split(",").map(Number) : [1];
  var hopsSelect = byId("kg-hops"), focusNote = byId("kg-focus-note");
  var eventSelect = byId("kg-event-type");
  var focused = null;  // the actor whose neighbourhood is shown, when "neighbourhood" is on
  // The actors within `hops` steps of `start` over the edges that pass the other filters.
  function neighbourhood(start, hops, passing) {
    var reached = {}, frontier = [start];
    reached[start] = true;
    for (var step = 0; step < hops; step += 1) {
      var next = [];
      frontier.forEach(function (id) {
        incident[id].forEach(function (edge) {
          if (!passing[edge.id]) { return; }
          [edge.from, edge.to].forEach(function (other) {
            if (!reached[other]) { reached[other] = true; next.push(other); }
          });
        });
      });
      frontier = next;
    }
    return reached;
  }
  function ticked(list) {
    var out = {};
    list.forEach(function (box) { out[box.value] = box.checked; });
    return out;
  }
  function inRange(edge, from, to, undated) {
    if (!edge.dates.length) { return undated; }
    return edge.dates.some(function (day) {
      return (!from || day >= from) && (!to || day <= to);
    });
  }
  function syncFamily(familyBox) {
    var members = relationBoxes.filter(function (box) {
      return box.getAttribute("data-family") === familyBox.value;
    });
    var on = members.filter(function (box) { return box.checked; }).length;
    familyBox.checked = on === members.length;
    familyBox.indeterminate = on > 0 && on < members.length;
  }
  function applyFilters() {
    var relations = ticked(relationBoxes), modalities = ticked(modalityBoxes);
    var from = dateFrom ? dateFrom.value : "", to = dateTo ? dateTo.value : "";
    var undated = undatedBox ? undatedBox.checked : true;
    var least = minEvidence ? evidenceSteps[Number(minEvidence.value)] || 1 : 1;
    var eventType = eventSelect ? eventSelect.value : "";
    if (minEvidenceValue) { minEvidenceValue.textContent = String(least); }
    var edgeChanges = [], nodeChanges = [], linked = {}, count = 0, passing = {};
    data.edges.forEach(function (edge) {
      passing[edge.id] = relations[edge.relation] !== false &&
        modalities[edge.modality] !== false && inRange(edge, from, to, undated) &&
        edge.evidenceCount >= least &&
        (!eventType || (edge.events || []).indexOf(eventType) >= 0);
    });
    var hops = hopsSelect ? Number(hopsSelect.value) : 0;
    var near = focused && hops > 0 ? neighbourhood(focused, hops, passing) : null;
    if (focusNote) {
      focusNote.textContent = near ? "Showing " + plural(hops, "step", "steps") + " around " +
        label(focused) + "." : (hops > 0 ? "Click or find an actor to see its neighbourhood." : "");
    }
    data.edges.forEach(function (edge) {
      var visible = passing[edge.id] && (!near || (near[edge.from] && near[edge.to]));
      if (visible) {
        count += 1;
        linked[edge.from] = true;
        linked[edge.to] = true;
      }
      if (visible !== edgeShown[edge.id]) {
        edgeShown[edge.id] = visible;
        edgeChanges.push({ id: edge.id, hidden: !visible });
      }
    });
    var hideLonely = lonelyBox.checked, actors = 0;
    data.nodes.forEach(function (node) {
      var visible = near ? near[node.id] === true :
        !hideLonely || linked[node.id] === true;
      if (visible) { actors += 1; }
      if (visible !== nodeShown[node.id]) {
        nodeShown[node.id] = visible;
        nodeChanges.push({ id: node.id, hidden: !visible });
      }
    });
    if (edgeChanges.length) { edges.update(edgeChanges); }
    if (nodeChanges.length) { nodes.update(nodeChanges); }
    familyBoxes.forEach(syncFamily);
    shownCount.textContent = "Shown: " + count + " of " +
      plural(data.edges.length, "relation", "relations") + ", " + actors + " of " +
      plural(data.nodes.length, "actor or place", "actors and places") + ".";
  }
  familyBoxes.forEach(function (familyBox) {
    familyBox.addEventListener("change", function () {
      relationBoxes.forEach(function (box) {
        if (box.getAttribute("data-family") === familyBox.value) {
          box.checked = familyBox.checked;
        }
      });
      applyFilters();
    });
  });
  relationBoxes.concat(modalityBoxes, [lonelyBox]).forEach(function (box) {
    box.addEventListener("change", applyFilters);
  });
  if (minEvidence) { minEvidence.addEventListener("input", applyFilters); }
  if (eventSelect) { eventSelect.addEventListener("change", applyFilters); }
  if (hopsSelect) {
    hopsSelect.addEventListener("change", function () {
      var selected = network.getSelectedNodes();
      if (!focused && selected.length) { focused = selected[0]; }
      applyFilters();
    });
  }
  byId("kg-show-all").addEventListener("click", function () {
    focused = null;
    if (hopsSelect) { hopsSelect.value = "0"; }
    applyFilters();
  });
  window.kgApplyFilters = applyFilters;

  // Colour by class (the shapes' colours) or by bloc (kg analyze: groups held together by
  // cooperation); actors in no bloc of two or more are grey then.
  boxes("kg-colour").forEach(function (radio) {
    radio.addEventListener("change", function () {
      if (!radio.checked) { return; }
      nodes.update(data.nodes.map(function (node) {
        return { id: node.id, color: radio.value === "bloc" ? node.blocColor : node.color };
      }));
      byId("kg-bloc-legend").hidden = radio.value !== "bloc";
    });
  });
  [dateFrom, dateTo, undatedBox].forEach(function (input) {
    if (input) { input.addEventListener("change", applyFilters); }
  });
  applyFilters();

  // The side panel: what a click on a node or an edge shows.
  var panel = byId("kg-details"), panelBody = byId("kg-details-body");
  function openPanel(heading) {
    byId("kg-details-title").textContent = heading;
    panelBody.textContent = "";
    panel.hidden = false;
  }
  // Where a node should sit so that the side panel does not cover it: the middle of the
  // part of the drawing area left of the panel (or above it, on a narrow screen).
  function clearSpot() {
    var area = byId("kg-network").getBoundingClientRect();
    var spot = { x: area.width / 2, y: area.height / 2 };
    if (!panel.hidden) {
      var box = panel.getBoundingClientRect();
      if (box.left - area.left > 200) { spot.x = (box.left - area.left) / 2; }
      else { spot.y = Math.max(40, (box.top - area.top) / 2); }
    }
    return spot;
  }
  function covered(id) {
    if (panel.hidden || !nodeShown[id]) { return false; }
    var at = network.canvasToDOM(network.getPositions([id])[id]);
    var area = byId("kg-network").getBoundingClientRect();
    var box = panel.getBoundingClientRect();
    var x = at.x + area.left, y = at.y + area.top, margin = 30;
    return x > box.left - margin && x < box.right + margin &&
      y > box.top - margin && y < box.bottom + margin;
  }
  // Move the view (not the node) so that `id` shows at the clear spot, at `scale`.
  function bringIntoView(id, scale, animate) {
    var area = byId("kg-network").getBoundingClientRect(), spot = clearSpot();
    var at = network.getPositions([id])[id];
    if (!at) { return; }
    network.moveTo({
      position: { x: at.x + (area.width / 2 - spot.x) / scale,
                  y: at.y + (area.height / 2 - spot.y) / scale },
      scale: scale,
      animation: animate ? { duration: 400, easingFunction: "easeInOutQuad" } : false
    });
  }
  window.kgSelectionCovered = function () {
    var selected = network.getSelectedNodes();
    return selected.length ? covered(selected[0]) : false;
  };
  byId("kg-close").addEventListener("click", function () { panel.hidden = true; });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { panel.hidden = true; }
  });
  function edgeHeading(edge) {
    var head = make("div", "kg-edge-head");
    head.appendChild(make("span", null, label(edge.from) + " "));
    var relation = make("span", null, edge.relation);
    relation.style.color = edge.color.color;
    head.appendChild(relation);
    head.appendChild(make("span", null, " " + label(edge.to)));
    head.appendChild(make("span", "kg-note", " · " + edge.modality));
    return head;
  }
  function evidenceList(edge) {
    var list = make("ol", "kg-evidence");
    edge.evidence.forEach(function (item) {
      var entry = make("li");
      entry.appendChild(make("q", null, item.text));
      entry.appendChild(make("span", "kg-src",
        " — " + item.title + (item.date ? ", " + item.date : "") +
        (item.event ? " · " + item.event : "")));
      list.appendChild(entry);
    });
    if (!edge.evidence.length) { list.appendChild(make("li", "kg-note", "no sentence recorded")); }
    return list;
  }
  function showEdge(id) {
    var edge = edgeById[id];
    if (!edge) { return; }
    openPanel(label(edge.from) + " " + edge.relation + " " + label(edge.to));
    panelBody.appendChild(edgeHeading(edge));
    panelBody.appendChild(make("p", "kg-note",
      plural(edge.evidence.length, "evidence sentence", "evidence sentences")));
    panelBody.appendChild(evidenceList(edge));
  }
  function showNode(id) {
    var node = nodeById[id];
    if (!node) { return; }
    openPanel(node.label);
    panelBody.appendChild(make("p", null, node.kind || "unknown kind"));
    if (node.aliases.length) {
      panelBody.appendChild(make("p", null, "Also called: " + node.aliases.join(", ")));
    }
    if (node.wikidata) { panelBody.appendChild(make("p", null, "Wikidata: " + node.wikidata)); }
    panelBody.appendChild(make("p", "kg-iri", node.id));
    var visible = incident[id].filter(function (edge) { return edgeShown[edge.id]; });
    var hidden = incident[id].length - visible.length;
    panelBody.appendChild(make("h3", null,
      plural(visible.length, "relation", "relations") + " shown" +
      (hidden ? " (" + hidden + " hidden by the filters)" : "")));
    visible.forEach(function (edge) {
      panelBody.appendChild(edgeHeading(edge));
      panelBody.appendChild(evidenceList(edge));
    });
  }
  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      showNode(id);
      if (hopsSelect && Number(hopsSelect.value) > 0) { focused = id; applyFilters(); }
      if (covered(id)) { bringIntoView(id, network.getScale(), true); }
    } else if (params.edges.length) { showEdge(params.edges[0]); }
  });

  // Search: an actor by its label or any alias; exact matches first, then prefixes, then parts.
  function normal(text) {
    var out = String(text).normalize("NFKC").replace(/\u2019/g, "'").toLowerCase()
      .replace(/\s+/g, " ").trim();
    return out.indexOf("the ") === 0 ? out.slice(4) : out;
  }
  var names = [];
  data.nodes.forEach(function (node) {
    names.push({ key: normal(node.label), id: node.id, tier: 0 });
    node.aliases.forEach(function (alias) {
      names.push({ key: normal(alias), id: node.id, tier: 1 });
    });
  });
  function findActors(text) {
    var wanted = normal(text), tiers = [[], [], [], []], seen = {}, found = [];
    if (!wanted) { return found; }
    names.forEach(function (name) {
      var at = name.key.indexOf(wanted);
      var tier = name.key === wanted ? name.tier : at === 0 ? 2 : at > 0 ? 3 : -1;
      if (tier >= 0) { tiers[tier].push(name.id); }
    });
    tiers.forEach(function (ids) {
      ids.forEach(function (id) {
        if (!seen[id]) { seen[id] = true; found.push(id); }
      });
    });
    return found;
  }
  function focusActor(id) {
    if (!nodeShown[id]) {
      nodeShown[id] = true;
      nodes.update({ id: id, hidden: false });
    }
    if (hopsSelect && Number(hopsSelect.value) > 0) { focused = id; applyFilters(); }
    network.selectNodes([id]);
    showNode(id);  // the panel first: the view then places the actor beside it
    bringIntoView(id, Math.max(network.getScale(), 1.2), true);
  }
  window.kgFocusActor = focusActor;
  var message = byId("kg-message");
  byId("kg-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = byId("kg-search").value, found = findActors(text);
    message.textContent = "";
    if (!found.length) {
      if (normal(text)) { message.textContent = "No actor called “" + text.trim() + "”."; }
      return;
    }
    focusActor(found[0]);
    if (found.length > 1) {
      message.appendChild(make("span", null, "Also: "));
      found.slice(1, 8).forEach(function (id) {
        var button = make("button", null, label(id));
        button.type = "button";
        button.addEventListener("click", function () { focusActor(id); });
        message.appendChild(button);
      });
      if (found.length > 8) { message.appendChild(make("span", null, "…")); }
    }
  });
}());
