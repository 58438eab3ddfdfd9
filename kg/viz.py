"""Stage: the interactive graph, one self-contained HTML page that works offline.

pyvis is kept behind this module so the renderer can be swapped: pyvis builds the vis-network
node and edge option dicts, and a small template of our own writes the page, inlining the
vendored vis-network script and stylesheet (``kg/static/``, see ``VENDORED.md``). The page
loads nothing from the network: no CDN, no Bootstrap, no web fonts, no images.

Reading the picture:

* nodes are shaped and coloured by ``kind`` and sized by degree;
* edges are coloured by relation: hostile ones warm (red, orange, amber), cooperative ones
  cool (green, blue, teal), ``controls``/``memberOf`` neutral (grey, purple); dashed when
  hypothetical, dotted and grey when negated;
* symmetric relations (``alliedWith``, ``fights``, ``negotiatesWith``) have no arrow, and an
  edge stated in both directions is drawn once, with the evidence of both;
* parallel edges between one pair are separate curves.

Exploring it:

* filters for relation types (one by one or by family), modality (negated claims are in the
  page but hidden until ticked, unless ``show_negated=True``) and a date range over the
  evidence dates (an edge is shown when any of its sentences falls in the range);
* a search box that finds an actor by its label or any alias, selects it and zooms to it;
* a click on a node or an edge lists its evidence sentences, with document titles and
  dates, in a side panel; hovering shows a one-line summary;
* the layout is computed once (stabilisation), then physics stops; "Freeze layout" turns the
  physics back on or off. The page sets ``window.kgStabilizedAt`` (``performance.now()``)
  when the layout has settled, and ``window.kgNetwork`` to the vis-network object.

Text from the news is never parsed as markup: the data is embedded as JSON with ``<``, ``>``
and ``&`` escaped, hover titles are plain strings (shown with ``innerText``), and the page's
script builds the side panel with ``textContent`` only. The same graph gives byte-identical
HTML.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.resources import files
from pathlib import Path
from typing import Any

from kg.graph import Evidence, KnowledgeGraph
from kg.io import atomic_write_text
from kg.vocab import MODALITIES, RELATIONS, SYMMETRIC_RELATIONS

__all__ = [
    "EDGE_STYLES",
    "FAMILIES",
    "NODE_STYLES",
    "VIS_NETWORK_VERSION",
    "GraphView",
    "show",
    "to_html",
    "write_html",
]

VIS_NETWORK_VERSION = "9.1.2"
EMPTY_MESSAGE = "No actors or relations were extracted."
STABILIZATION_ITERATIONS = 200
LAYOUT_SEED = 7


@dataclass(frozen=True)
class NodeStyle:
    shape: str  # a vis-network shape; all but "box" draw the label below the shape
    color: str
    base_size: float


@dataclass(frozen=True)
class EdgeStyle:
    color: str
    group: str  # a key of FAMILIES: "hostile", "cooperative" or "neutral"


NODE_STYLES: dict[str, NodeStyle] = {
    "State": NodeStyle("diamond", "#1d4e89", 22),
    "Government": NodeStyle("hexagon", "#4a86c8", 18),
    "ArmedGroup": NodeStyle("triangle", "#b03a2e", 16),
    "Militia": NodeStyle("triangleDown", "#e07b24", 16),
    "InsurgentGroup": NodeStyle("star", "#7b241c", 18),
    "Organization": NodeStyle("box", "#148f77", 14),
    "Person": NodeStyle("dot", "#c9a227", 11),
    "Place": NodeStyle("square", "#9e9e9e", 12),
}
FALLBACK_NODE_STYLE = NodeStyle("dot", "#607d8b", 12)

#: Relation families, in the order the legend and the filters list them.
FAMILIES: dict[str, str] = {
    "hostile": "Hostile",
    "cooperative": "Cooperative",
    "neutral": "Other",
}

EDGE_STYLES: dict[str, EdgeStyle] = {
    "fights": EdgeStyle("#d62728", "hostile"),
    "threatens": EdgeStyle("#f0700a", "hostile"),
    "opposes": EdgeStyle("#e0a030", "hostile"),
    "alliedWith": EdgeStyle("#2e8b3e", "cooperative"),
    "supports": EdgeStyle("#1f77b4", "cooperative"),
    "negotiatesWith": EdgeStyle("#17a2b8", "cooperative"),
    "controls": EdgeStyle("#7f7f7f", "neutral"),
    "memberOf": EdgeStyle("#8e6bbf", "neutral"),
}
FALLBACK_EDGE_STYLE = EdgeStyle("#555555", "neutral")
NEGATED_COLOR = "#b8b8b8"
HYPOTHETICAL_DASHES = [8, 6]
NEGATED_DASHES = [2, 5]

_OPTIONS: dict[str, Any] = {
    "autoResize": True,
    "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": True},
    "nodes": {"borderWidth": 2, "borderWidthSelected": 3},
    "edges": {"arrowStrikethrough": False, "selectionWidth": 2, "hoverWidth": 1},
    "interaction": {"hover": True, "tooltipDelay": 120, "multiselect": True},
    "physics": {
        "enabled": True,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {
            "gravitationalConstant": -70,
            "centralGravity": 0.01,
            "springLength": 150,
            "springConstant": 0.05,
            "avoidOverlap": 0.5,
        },
        "minVelocity": 0.75,
        "stabilization": {
            "enabled": True,
            "iterations": STABILIZATION_ITERATIONS,
            "updateInterval": 25,
            "fit": True,
        },
    },
}


# --------------------------------------------------------------------------- public API


def to_html(
    kg: KnowledgeGraph,
    *,
    title: str = "kg graph",
    show_negated: bool = False,
    links: Sequence[tuple[str, str]] = (),
) -> str:
    """The graph as one self-contained, offline HTML page (deterministic for a given graph).

    Negated claims are always in the page; ``show_negated`` only decides whether they are
    drawn before the reader ticks the "negated" filter. ``links`` are ``(text, href)`` pairs
    shown under the title (``kg serve`` links its query page); give relative addresses only,
    the page must not point anywhere else.
    """
    for _, href in links:
        if re.match(r"\s*(?:[A-Za-z][A-Za-z0-9+.-]*:|//|\\)", href):
            raise ValueError(f"links must be relative addresses, not {href!r}")
    view = _vis_data(kg, show_negated=show_negated)
    if not view.nodes:
        return _empty_page(title)
    return _page(title, view, show_negated=show_negated, links=links)


def write_html(
    kg: KnowledgeGraph,
    path: str | Path,
    *,
    title: str = "kg graph",
    show_negated: bool = False,
) -> Path:
    """Write :func:`to_html` to ``path`` atomically (a reader never sees half a file)."""
    target = Path(path)
    atomic_write_text(target, to_html(kg, title=title, show_negated=show_negated))
    return target


class GraphView:
    """Inline display in Jupyter: ``GraphView(kg)`` as the last expression of a cell.

    The page goes into a sandboxed ``<iframe srcdoc=…>`` so its script and styles stay apart
    from the notebook's.
    """

    def __init__(
        self,
        kg: KnowledgeGraph,
        *,
        title: str = "kg graph",
        show_negated: bool = False,
        height: int = 600,
    ) -> None:
        self.kg = kg
        self.title = title
        self.show_negated = show_negated
        self.height = int(height)

    @cached_property
    def html(self) -> str:
        """The full page (computed once)."""
        return to_html(self.kg, title=self.title, show_negated=self.show_negated)

    def _repr_html_(self) -> str:
        # Wrapped in a <div>: IPython warns about an HTML object that starts with <iframe.
        return (
            '<div class="kg-graph-view">'
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}"'
            f' title="{html.escape(self.title, quote=True)}"'
            ' sandbox="allow-scripts"'
            f' style="width:100%;height:{self.height}px;border:1px solid #ddd"></iframe>'
            "</div>"
        )

    def __repr__(self) -> str:
        graph = self.kg.graph
        return (
            f"GraphView({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges,"
            f" title={self.title!r})"
        )


def show(
    kg: KnowledgeGraph,
    *,
    title: str = "kg graph",
    show_negated: bool = False,
    height: int = 600,
) -> object:
    """For notebooks: an ``IPython.display.HTML`` of the inline view when IPython is there,
    else the page itself as a string."""
    try:
        from IPython.display import HTML
    except ImportError:
        return to_html(kg, title=title, show_negated=show_negated)
    view = GraphView(kg, title=title, show_negated=show_negated, height=height)
    return HTML(view._repr_html_())


# --------------------------------------------------------------------------- graph → vis data


@dataclass
class _VisualEdge:
    source: str
    target: str
    relation: str
    modality: str
    evidence: list[Evidence]


@dataclass
class _View:
    """What the page shows: vis-network items plus what the filter controls need."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    relations: Counter[str]  # relation → number of visual edges
    modalities: Counter[str]  # modality → number of visual edges
    dates: list[str]  # every evidence date, sorted, unique
    undated: int  # visual edges with no dated evidence
    names: list[str]  # every label and alias, for the search box


def _vis_data(kg: KnowledgeGraph, *, show_negated: bool) -> _View:
    """pyvis node and edge dicts, sorted, and the facts the filters are built from."""
    from pyvis.network import Network  # imported here: pyvis pulls in IPython and jinja2

    graph = kg.graph
    visual = _visual_edges(kg)
    degree: dict[str, int] = defaultdict(int)  # over the edges that are not negated
    shown: set[str] = set()  # nodes with an edge drawn at first
    for edge in visual:
        if edge.modality != "negated":
            degree[edge.source] += 1
            degree[edge.target] += 1
        if edge.modality != "negated" or show_negated:
            shown.update((edge.source, edge.target))

    net = Network(directed=True, cdn_resources="in_line")
    names: set[str] = set()
    for node in sorted(graph.nodes, key=str):
        attrs = graph.nodes[node]
        iri = str(node)
        label = str(attrs.get("label") or _local_name(iri))
        kind = str(attrs.get("kind") or "")
        aliases = sorted({str(a) for a in _as_list(attrs.get("aliases"))} - {label})
        names.update([label, *aliases])
        style = NODE_STYLES.get(kind, FALLBACK_NODE_STYLE)
        size = round(style.base_size + min(4 * math.sqrt(degree[iri]), 24), 1)
        font: dict[str, Any] = {"size": 14, "face": "sans-serif"}
        if style.shape == "box":
            font["color"] = "#ffffff"
        else:
            font.update(strokeWidth=3, strokeColor="#ffffff", color="#222222")
        net.add_node(
            iri,
            label=label,
            shape=style.shape,
            color={
                "background": style.color,
                "border": _darker(style.color),
                "highlight": {"background": style.color, "border": "#111111"},
                "hover": {"background": style.color, "border": "#111111"},
            },
            size=size,
            font=font,
            title=_node_title(label, kind, aliases),
            kind=kind,
            aliases=aliases,
            wikidata=str(attrs["wikidata"]) if attrs.get("wikidata") else None,
            degree=degree[iri],
            hidden=iri not in shown,  # "hide actors with no relation shown" is ticked
        )
    labels = {str(n): str(graph.nodes[n].get("label") or _local_name(str(n))) for n in graph}

    relations: Counter[str] = Counter()
    modalities: Counter[str] = Counter()
    dates: set[str] = set()
    undated = 0
    pair_index: dict[tuple[str, str], int] = defaultdict(int)
    for number, edge in enumerate(visual):
        pair = (min(edge.source, edge.target), max(edge.source, edge.target))
        index = pair_index[pair]
        pair_index[pair] += 1
        style = EDGE_STYLES.get(edge.relation, FALLBACK_EDGE_STYLE)
        negated = edge.modality == "negated"
        color = NEGATED_COLOR if negated else style.color
        dashes: bool | list[int] = False
        if negated:
            dashes = NEGATED_DASHES
        elif edge.modality == "hypothetical":
            dashes = HYPOTHETICAL_DASHES
        directed = edge.relation not in SYMMETRIC_RELATIONS
        count = len(edge.evidence)
        edge_dates = sorted({ev.date for ev in edge.evidence if ev.date})
        relations[edge.relation] += 1
        modalities[edge.modality] += 1
        dates.update(edge_dates)
        undated += not edge_dates
        net.add_edge(
            edge.source,
            edge.target,
            id=f"e{number}",
            label=edge.relation,
            title=_edge_title(edge, labels),
            color={"color": color, "highlight": color, "hover": color, "inherit": False},
            dashes=dashes,
            arrows={"to": {"enabled": directed, "scaleFactor": 0.7}},
            smooth={"enabled": True, "type": "curvedCW", "roundness": round(0.12 + 0.2 * index, 2)},
            width=1.0 if negated else round(1.5 + 0.75 * min(max(count - 1, 0), 4), 2),
            font={
                "size": 11,
                "face": "sans-serif",
                "color": "#888888" if negated else _darker(style.color),
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
                "align": "middle",
            },
            hidden=negated and not show_negated,
            relation=edge.relation,
            modality=edge.modality,
            family=style.group,
            evidenceCount=count,
            evidence=[_evidence_item(ev) for ev in edge.evidence],
            dates=edge_dates,
        )
    return _View(
        nodes=net.nodes,
        edges=net.edges,
        relations=relations,
        modalities=modalities,
        dates=sorted(dates),
        undated=undated,
        names=sorted(names, key=lambda name: (name.casefold(), name)),
    )


def _visual_edges(kg: KnowledgeGraph) -> list[_VisualEdge]:
    """The edges to draw, in a stable order; symmetric relations merged across directions."""
    merged: dict[tuple[str, str, str, str], _VisualEdge] = {}
    for s, o, data in kg.graph.edges(data=True):
        relation = str(data.get("relation", ""))
        modality = str(data.get("modality", "asserted"))
        source, target = str(s), str(o)
        if relation in SYMMETRIC_RELATIONS and target < source:
            source, target = target, source
        key = (source, target, relation, modality)
        evidence = list(data.get("evidence") or ())
        if key in merged:
            merged[key].evidence.extend(evidence)
        else:
            merged[key] = _VisualEdge(source, target, relation, modality, evidence)
    for edge in merged.values():
        edge.evidence = sorted(dict.fromkeys(edge.evidence), key=_evidence_key)
    return sorted(merged.values(), key=_edge_key)


def _edge_key(edge: _VisualEdge) -> tuple[Any, ...]:
    pair = (min(edge.source, edge.target), max(edge.source, edge.target))
    return (
        *pair,
        _rank(edge.relation, RELATIONS),
        _rank(edge.modality, MODALITIES),
        edge.source,
        edge.target,
    )


def _rank(value: str, order: Sequence[str]) -> tuple[int, str]:
    return (order.index(value), "") if value in order else (len(order), value)


def _evidence_key(ev: Evidence) -> tuple[Any, ...]:
    # A total order (every field), so the result never depends on the input's order.
    return (
        ev.date or "",
        ev.date is not None,
        ev.doc_id,
        ev.sentence_start,
        ev.sentence_end,
        ev.claim,
        ev.text,
        ev.doc_title,
        ev.trigger,
        ev.confidence,
    )


def _evidence_item(ev: Evidence) -> dict[str, Any]:
    """One evidence sentence as the page's script shows it (as text, never as markup)."""
    return {
        "text": ev.text,
        "doc": ev.doc_id,
        "title": ev.doc_title or ev.doc_id,
        "date": ev.date,
        "trigger": ev.trigger,
        "confidence": round(float(ev.confidence), 2),
    }


# --------------------------------------------------------------------------- hover titles


def _node_title(label: str, kind: str, aliases: Sequence[str]) -> str:
    """A plain-text hover title (vis-network shows a string title with ``innerText``)."""
    lines = [f"{label} ({kind or 'unknown'})"]
    if aliases:
        lines.append(f"also: {', '.join(aliases)}")
    lines.append("click for its relations and evidence")
    return "\n".join(lines)


def _edge_title(edge: _VisualEdge, labels: Mapping[str, str]) -> str:
    """A plain-text hover title; the evidence itself is in the side panel on click."""
    subject = labels.get(edge.source, edge.source)
    obj = labels.get(edge.target, edge.target)
    count = len(edge.evidence)
    return (
        f"{subject} {edge.relation} {obj}\n{edge.modality} · "
        f"{_plural(count, 'evidence sentence', 'evidence sentences')} · click to read"
    )


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return list(value)
    return [value]


def _local_name(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri


def _darker(color: str, factor: float = 0.72) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(c * factor) for c in (r, g, b)))


# --------------------------------------------------------------------------- page


@cache
def _vendored(suffix: str) -> str:
    """The vendored vis-network ``min.js`` or ``min.css``, ready to inline."""
    name = f"vis-network-{VIS_NETWORK_VERSION}.min.{suffix}"
    text = (files("kg") / "static" / name).read_text(encoding="utf-8")
    # A source-map comment would make browser devtools fetch a file that is not there.
    text = re.sub(r"^\s*//# sourceMappingURL=\S*\s*$", "", text, flags=re.MULTILINE)
    text = re.sub(r"/\*# sourceMappingURL=\S*\s*\*/", "", text)
    closing = "</script" if suffix == "js" else "</style"
    if closing in text.lower():  # would end the inline element early
        raise ValueError(f"{name} contains {closing!r}; it cannot be inlined")
    return text.rstrip() + "\n"


def _json_for_script(value: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``<``, ``>``, ``&`` or line separators."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


_PAGE_CSS = """\
html, body { margin: 0; padding: 0; height: 100%; background: #ffffff; color: #222222;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
#kg-network { position: absolute; top: 0; right: 0; bottom: 0; left: 0; }
@media (min-width: 900px) { #kg-network { left: 270px; } }
.kg-panel { position: fixed; z-index: 10; background: rgba(255, 255, 255, 0.95);
  border: 1px solid #d0d0d0; border-radius: 6px; padding: 8px 10px; font-size: 12px;
  box-shadow: 0 1px 4px rgba(0, 0, 0, 0.12); box-sizing: border-box; }
#kg-controls { top: 10px; left: 10px; width: 250px; max-height: calc(100% - 20px);
  overflow: auto; }
#kg-controls h1 { font-size: 16px; margin: 0 0 4px 0; overflow-wrap: anywhere; }
#kg-controls p { margin: 0 0 4px 0; color: #555555; }
#kg-controls nav { margin: 2px 0 4px 0; }
#kg-controls nav a { margin-right: 10px; color: #1f5fa8; }
#kg-search-form { display: flex; gap: 4px; margin: 6px 0 2px 0; }
#kg-search { flex: 1; min-width: 0; font: inherit; padding: 3px 5px; }
#kg-controls button { font: inherit; padding: 2px 8px; cursor: pointer; }
#kg-message:empty { display: none; }
#kg-message button { font: inherit; border: none; background: none; padding: 0 4px 0 0;
  color: #1f5fa8; text-decoration: underline; cursor: pointer; }
#kg-filters > summary { cursor: pointer; font-weight: 600; margin-top: 4px; }
#kg-controls fieldset { border: none; border-top: 1px solid #e3e3e3; margin: 6px 0 0 0;
  padding: 4px 0 0 0; min-width: 0; }
#kg-controls legend { font-weight: 600; color: #555555; padding: 0 4px 0 0; }
#kg-controls label { display: block; white-space: nowrap; line-height: 1.55; }
#kg-controls label.kg-rel { padding-left: 18px; }
#kg-controls label svg { display: inline-block; vertical-align: middle; margin: 0 3px; }
#kg-controls .kg-date { display: flex; justify-content: space-between; align-items: center;
  gap: 6px; }
#kg-controls .kg-date input { font: inherit; }
.kg-count { color: #888888; }
#kg-status, #kg-shown { margin: 6px 0 0 0; color: #555555; }
#kg-legend { top: 10px; right: 10px; max-height: calc(55% - 20px); overflow: auto; }
#kg-legend summary { cursor: pointer; font-weight: 600; }
#kg-legend h2 { font-size: 12px; margin: 8px 0 3px 0; color: #555555; }
#kg-legend table { border-collapse: collapse; }
#kg-legend th { text-align: left; font-weight: 600; color: #777777; padding: 3px 0 1px 0; }
#kg-legend td { padding: 1px 6px 1px 0; vertical-align: middle; white-space: nowrap; }
#kg-legend svg { display: block; }
#kg-details { right: 10px; bottom: 10px; width: 400px; max-width: calc(100% - 20px);
  max-height: calc(45% - 20px); overflow: auto; z-index: 11; }
#kg-details[hidden] { display: none; }
#kg-details header { display: flex; justify-content: space-between; align-items: flex-start;
  gap: 8px; }
#kg-details h2 { font-size: 14px; margin: 0 0 4px 0; overflow-wrap: anywhere; }
#kg-details h3 { font-size: 12px; margin: 8px 0 2px 0; }
#kg-details p { margin: 0 0 3px 0; }
#kg-details ol { margin: 2px 0 6px 0; padding-left: 20px; }
#kg-details li { margin-bottom: 3px; }
#kg-details .kg-edge-head { margin-top: 6px; font-weight: 600; }
#kg-close { border: none; background: none; font-size: 18px; line-height: 1; cursor: pointer;
  padding: 0 2px; color: #555555; }
.kg-src, .kg-iri, .kg-note { color: #666666; }
.kg-iri { font-size: 11px; overflow-wrap: anywhere; }
.kg-empty { margin: 0 auto; padding-top: 80px; max-width: 480px; text-align: center;
  font-size: 18px; color: #555555; }
div.vis-tooltip { z-index: 20; white-space: pre-line; max-width: 420px; font-family: inherit;
  font-size: 12px; line-height: 1.35; }
"""

_PAGE_JS = """\
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

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
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
    var edgeChanges = [], nodeChanges = [], linked = {}, count = 0;
    data.edges.forEach(function (edge) {
      var visible = relations[edge.relation] !== false && modalities[edge.modality] !== false &&
        inRange(edge, from, to, undated);
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
      var visible = !hideLonely || linked[node.id] === true;
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
        " — " + item.title + (item.date ? ", " + item.date : "")));
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
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
  });

  // Search: an actor by its label or any alias; exact matches first, then prefixes, then parts.
  function normal(text) {
    var out = String(text).normalize("NFKC").replace(/\\u2019/g, "'").toLowerCase()
      .replace(/\\s+/g, " ").trim();
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
    network.selectNodes([id]);
    network.focus(id, {
      scale: Math.max(network.getScale(), 1.2),
      animation: { duration: 400, easingFunction: "easeInOutQuad" }
    });
    showNode(id);
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
"""


def _page(
    title: str,
    view: _View,
    *,
    show_negated: bool,
    links: Sequence[tuple[str, str]],
) -> str:
    data = {"nodes": view.nodes, "edges": view.edges, "options": _OPTIONS}
    return "".join(
        [
            _head(title),
            f"<style>\n{_vendored('css')}</style>\n",
            f"<style>\n{_PAGE_CSS}</style>\n",
            f"<script>\n{_vendored('js')}</script>\n",
            "</head>\n<body>\n",
            '<div id="kg-network"></div>\n',
            _controls(title, view, show_negated=show_negated, links=links),
            _legend(),
            '<aside id="kg-details" class="kg-panel" hidden aria-live="polite">'
            '<header><h2 id="kg-details-title"></h2>'
            '<button type="button" id="kg-close" title="Close (Esc)" aria-label="Close">×</button>'
            '</header><div id="kg-details-body"></div></aside>\n',
            '<noscript><p class="kg-empty">This page draws the graph with JavaScript; '
            "allow scripts to see it.</p></noscript>\n",
            f'<script type="application/json" id="kg-data">{_json_for_script(data)}</script>\n',
            f"<script>\n{_PAGE_JS}</script>\n",
            "</body>\n</html>\n",
        ]
    )


def _controls(
    title: str, view: _View, *, show_negated: bool, links: Sequence[tuple[str, str]]
) -> str:
    e = html.escape
    summary = f"{_plural(len(view.nodes), 'actor or place', 'actors and places')}, " + _plural(
        len(view.edges), "relation", "relations"
    )
    negated = view.modalities.get("negated", 0)
    if negated and not show_negated:
        summary += f" ({_plural(negated, 'negated relation', 'negated relations')} hidden)"
    parts = [
        '<div id="kg-controls" class="kg-panel">',
        f"<h1>{e(title)}</h1>",
        f'<p id="kg-summary">{e(summary)}</p>',
    ]
    if links:
        anchors = "".join(f'<a href="{e(href)}">{e(text)}</a>' for text, href in links)
        parts.append(f"<nav>{anchors}</nav>")
    names = "".join(f'<option value="{e(name)}"></option>' for name in view.names)
    parts += [
        '<form id="kg-search-form" role="search">'
        '<input id="kg-search" type="search" list="kg-names" autocomplete="off"'
        ' placeholder="Find an actor by any name" aria-label="Find an actor by any name">'
        '<button type="submit">Find</button></form>',
        f'<datalist id="kg-names">{names}</datalist>',
        '<p id="kg-message" aria-live="polite"></p>',
        '<details id="kg-filters" open><summary>Filters</summary>',
        _relation_filter(view),
        _modality_filter(view, show_negated=show_negated),
        _date_filter(view),
        '<fieldset id="kg-filter-view"><legend>View</legend>'
        '<label><input type="checkbox" id="kg-hide-isolated" checked> hide actors with no'
        " relation shown</label>"
        '<label title="Physics off: nothing moves unless you drag it">'
        '<input type="checkbox" id="kg-freeze"> freeze layout</label>'
        '<button type="button" id="kg-fit">Fit to screen</button></fieldset>',
        "</details>",
        '<p id="kg-shown"></p>',
        '<p id="kg-status">Laying out…</p>',
        "<p>Click a node or an edge for its evidence; drag to move, scroll to zoom.</p>",
        "</div>\n",
    ]
    return "".join(parts)


def _relation_filter(view: _View) -> str:
    e = html.escape
    present = sorted(view.relations, key=lambda relation: _rank(relation, RELATIONS))
    rows = []
    for family, heading in FAMILIES.items():
        members = [r for r in present if EDGE_STYLES.get(r, FALLBACK_EDGE_STYLE).group == family]
        if not members:
            continue
        rows.append(
            f'<label class="kg-family"><input type="checkbox" name="kg-family"'
            f' value="{e(family)}" checked> {e(heading)}</label>'
        )
        for relation in members:
            style = EDGE_STYLES.get(relation, FALLBACK_EDGE_STYLE)
            swatch = _line_swatch(style.color, directed=relation not in SYMMETRIC_RELATIONS)
            rows.append(
                f'<label class="kg-rel"><input type="checkbox" name="kg-relation"'
                f' value="{e(relation)}" data-family="{e(family)}" checked>{swatch}'
                f'{e(relation)} <span class="kg-count">({view.relations[relation]})</span></label>'
            )
    return (
        f'<fieldset id="kg-filter-relations"><legend>Relations</legend>{"".join(rows)}</fieldset>'
    )


def _modality_filter(view: _View, *, show_negated: bool) -> str:
    e = html.escape
    rows = []
    extra = sorted(set(view.modalities) - set(MODALITIES))
    for modality in (*MODALITIES, *extra):
        if modality == "negated":
            swatch = _line_swatch(NEGATED_COLOR, directed=True, dashes=NEGATED_DASHES)
        elif modality == "hypothetical":
            swatch = _line_swatch("#555555", directed=True, dashes=HYPOTHETICAL_DASHES)
        else:
            swatch = _line_swatch("#555555", directed=True)
        checked = "" if modality == "negated" and not show_negated else " checked"
        rows.append(
            f'<label><input type="checkbox" name="kg-modality" value="{e(modality)}"{checked}>'
            f'{swatch}{e(modality)} <span class="kg-count">({view.modalities[modality]})</span>'
            "</label>"
        )
    return f'<fieldset id="kg-filter-modality"><legend>Modality</legend>{"".join(rows)}</fieldset>'


def _date_filter(view: _View) -> str:
    if not view.dates:
        return (
            '<fieldset id="kg-filter-dates"><legend>Dates</legend>'
            '<p class="kg-note">No evidence is dated.</p></fieldset>'
        )
    first, last = view.dates[0], view.dates[-1]
    bounds = f'min="{first}" max="{last}"'
    rows = [
        f'<label class="kg-date">from <input type="date" id="kg-date-from" {bounds}'
        f' value="{first}"></label>',
        f'<label class="kg-date">to <input type="date" id="kg-date-to" {bounds}'
        f' value="{last}"></label>',
    ]
    if view.undated:
        rows.append(
            '<label><input type="checkbox" id="kg-undated" checked> undated'
            f' <span class="kg-count">({view.undated})</span></label>'
        )
    return f'<fieldset id="kg-filter-dates"><legend>Dates</legend>{"".join(rows)}</fieldset>'


def _empty_page(title: str) -> str:
    e = html.escape
    return "".join(
        [
            _head(title),
            f"<style>\n{_PAGE_CSS}</style>\n",
            "</head>\n<body>\n",
            f'<div id="kg-controls" class="kg-panel"><h1>{e(title)}</h1></div>\n',
            f'<p class="kg-empty">{e(EMPTY_MESSAGE)}</p>\n',
            "</body>\n</html>\n",
        ]
    )


def _head(title: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="kg (vis-network {VIS_NETWORK_VERSION})">\n'
        f"<title>{html.escape(title)}</title>\n"
    )


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


# --------------------------------------------------------------------------- legend

_SWATCH_W, _SWATCH_H = 34, 18


def _legend() -> str:
    rows_nodes = "".join(
        f"<tr><td>{_node_swatch(style)}</td><td>{html.escape(kind)}</td></tr>"
        for kind, style in NODE_STYLES.items()
    )
    rows_edges = []
    for family, heading in FAMILIES.items():
        rows_edges.append(f'<tr><th colspan="2">{html.escape(heading)}</th></tr>')
        rows_edges += [
            f"<tr><td>{_line_swatch(style.color, directed=relation not in SYMMETRIC_RELATIONS)}"
            f"</td><td>{html.escape(relation)}</td></tr>"
            for relation, style in EDGE_STYLES.items()
            if style.group == family
        ]
    rows_style = (
        f"<tr><td>{_line_swatch('#555555', directed=True)}</td><td>asserted</td></tr>"
        f"<tr><td>{_line_swatch('#555555', directed=True, dashes=HYPOTHETICAL_DASHES)}</td>"
        "<td>hypothetical</td></tr>"
        f"<tr><td>{_line_swatch(NEGATED_COLOR, directed=True, dashes=NEGATED_DASHES)}</td>"
        "<td>negated</td></tr>"
        f"<tr><td>{_line_swatch('#555555', directed=False)}</td><td>symmetric (no arrow)</td></tr>"
    )
    return (
        '<details id="kg-legend" class="kg-panel" open><summary>Legend</summary>'
        f"<h2>Actors and places</h2><table>{rows_nodes}</table>"
        f"<h2>Relations</h2><table>{''.join(rows_edges)}</table>"
        f"<h2>Line style</h2><table>{rows_style}</table>"
        "</details>\n"
    )


def _node_swatch(style: NodeStyle) -> str:
    fill, stroke = style.color, _darker(style.color)
    cx, cy = _SWATCH_W / 2, _SWATCH_H / 2
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"'
    shape = style.shape
    if shape == "dot":
        body = f'<circle cx="{cx:g}" cy="{cy:g}" r="6" {paint}/>'
    elif shape == "square":
        body = f'<rect x="{cx - 6:g}" y="{cy - 6:g}" width="12" height="12" {paint}/>'
    elif shape == "box":
        body = f'<rect x="{cx - 11:g}" y="{cy - 6:g}" width="22" height="12" rx="3" {paint}/>'
    else:
        body = f'<polygon points="{_polygon(shape, cx, cy, 7.5)}" {paint}/>'
    return _svg(body)


def _polygon(shape: str, cx: float, cy: float, r: float) -> str:
    if shape == "diamond":
        angles, radii = [90, 0, 270, 180], [r] * 4
    elif shape == "triangle":
        angles, radii = [90, 210, 330], [r] * 3
    elif shape == "triangleDown":
        angles, radii = [270, 30, 150], [r] * 3
    elif shape == "hexagon":
        angles, radii = [0, 60, 120, 180, 240, 300], [r] * 6
    elif shape == "star":
        angles = [90 + 36 * i for i in range(10)]
        radii = [r if i % 2 == 0 else r * 0.45 for i in range(10)]
    else:  # pragma: no cover - every style in NODE_STYLES is handled above
        angles, radii = [0, 90, 180, 270], [r] * 4
    points = (
        (cx + rad * math.cos(math.radians(a)), cy - rad * math.sin(math.radians(a)))
        for a, rad in zip(angles, radii, strict=True)
    )
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def _line_swatch(color: str, *, directed: bool, dashes: Sequence[int] | None = None) -> str:
    y = _SWATCH_H / 2
    end = _SWATCH_W - 8 if directed else _SWATCH_W - 2
    dash = f' stroke-dasharray="{" ".join(str(d) for d in dashes)}"' if dashes else ""
    body = (
        f'<line x1="2" y1="{y:g}" x2="{end}" y2="{y:g}" stroke="{color}" stroke-width="2"{dash}/>'
    )
    if directed:
        w = _SWATCH_W
        points = f"{w - 9},{y - 4:g} {w - 1},{y:g} {w - 9},{y + 4:g}"
        body += f'<polygon points="{points}" fill="{color}"/>'
    return _svg(body)


def _svg(body: str) -> str:
    return (
        f'<svg width="{_SWATCH_W}" height="{_SWATCH_H}" viewBox="0 0 {_SWATCH_W} {_SWATCH_H}"'
        f' aria-hidden="true">{body}</svg>'
    )
