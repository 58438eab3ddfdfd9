"""Stage: the interactive graph, one self-contained HTML page that works offline.

pyvis is kept behind this module so the renderer can be swapped: pyvis builds the vis-network
node and edge option dicts, and a small template of our own writes the page, inlining the
vendored vis-network script and stylesheet (``kg/static/``, see ``VENDORED.md``). The page
loads nothing from the network: no CDN, no Bootstrap, no web fonts.

Reading the picture:

* nodes are shaped and coloured by ``kind`` and sized by degree;
* edges are coloured by relation (hostile ones warm, cooperative ones green/blue,
  ``controls``/``memberOf`` neutral), dashed when hypothetical and, only with
  ``show_negated=True``, dotted and muted when negated (otherwise negated edges are left out);
* symmetric relations (``alliedWith``, ``fights``, ``negotiatesWith``) have no arrow, and an
  edge stated in both directions is drawn once, with the evidence of both;
* parallel edges between one pair are separate curves; hovering an edge lists its evidence.

Tooltips are built as HTML from ``html.escape``-d text only and turned into DOM elements by
the page's script; all data is embedded as JSON with ``<``, ``>`` and ``&`` escaped, so text
from the news can never inject markup. The same graph gives byte-identical HTML.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import defaultdict
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
    "NODE_STYLES",
    "VIS_NETWORK_VERSION",
    "GraphView",
    "show",
    "to_html",
    "write_html",
]

VIS_NETWORK_VERSION = "9.1.2"
EMPTY_MESSAGE = "No actors or relations were extracted."
MAX_EVIDENCE_IN_TOOLTIP = 10
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
    group: str  # "hostile", "cooperative" or "neutral", for the legend


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


def to_html(kg: KnowledgeGraph, *, title: str = "kg graph", show_negated: bool = False) -> str:
    """The graph as one self-contained, offline HTML page (deterministic for a given graph)."""
    nodes, edges, hidden = _vis_data(kg, show_negated=show_negated)
    if not nodes:
        return _empty_page(title)
    return _page(title, nodes, edges, hidden=hidden, show_negated=show_negated)


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


def _vis_data(
    kg: KnowledgeGraph, *, show_negated: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """pyvis node and edge dicts, sorted, and the number of negated edges left out."""
    from pyvis.network import Network  # imported here: pyvis pulls in IPython and jinja2

    graph = kg.graph
    visual, hidden = _visual_edges(kg, show_negated=show_negated)
    degree: dict[str, int] = defaultdict(int)
    for edge in visual:
        degree[edge.source] += 1
        degree[edge.target] += 1

    net = Network(directed=True, cdn_resources="in_line")
    for node in sorted(graph.nodes, key=str):
        attrs = graph.nodes[node]
        iri = str(node)
        label = str(attrs.get("label") or _local_name(iri))
        kind = str(attrs.get("kind") or "")
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
            title=_node_tooltip(iri, label, kind, attrs),
            kind=kind,
        )
    labels = {str(n): str(graph.nodes[n].get("label") or _local_name(str(n))) for n in graph}

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
        net.add_edge(
            edge.source,
            edge.target,
            id=f"e{number}",
            label=edge.relation,
            title=_edge_tooltip(edge, labels),
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
            relation=edge.relation,
            modality=edge.modality,
            evidenceCount=count,
        )
    return net.nodes, net.edges, hidden


def _visual_edges(kg: KnowledgeGraph, *, show_negated: bool) -> tuple[list[_VisualEdge], int]:
    """The edges to draw, in a stable order; symmetric relations merged across directions."""
    merged: dict[tuple[str, str, str, str], _VisualEdge] = {}
    hidden = 0
    for s, o, data in kg.graph.edges(data=True):
        relation = str(data.get("relation", ""))
        modality = str(data.get("modality", "asserted"))
        if modality == "negated" and not show_negated:
            hidden += 1
            continue
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
    return sorted(merged.values(), key=_edge_key), hidden


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


# --------------------------------------------------------------------------- tooltips


def _node_tooltip(iri: str, label: str, kind: str, attrs: Mapping[str, Any]) -> str:
    """Tooltip markup: every piece of text goes through ``html.escape``."""
    e = html.escape
    parts = [f'<div class="kg-tip-head">{e(label)}</div>']
    parts.append(f"<div>kind: {e(kind or 'unknown')}</div>")
    aliases = [str(a) for a in _as_list(attrs.get("aliases")) if str(a) != label]
    if aliases:
        parts.append(f"<div>aliases: {e(', '.join(sorted(set(aliases))))}</div>")
    if attrs.get("wikidata"):
        parts.append(f"<div>Wikidata: {e(str(attrs['wikidata']))}</div>")
    parts.append(f'<div class="kg-tip-iri">{e(iri)}</div>')
    return "".join(parts)


def _edge_tooltip(edge: _VisualEdge, labels: Mapping[str, str]) -> str:
    """Tooltip markup: every piece of text goes through ``html.escape``."""
    e = html.escape
    subject = labels.get(edge.source, edge.source)
    obj = labels.get(edge.target, edge.target)
    parts = [
        f'<div class="kg-tip-head">{e(subject)} <i>{e(edge.relation)}</i> {e(obj)}</div>',
        f"<div>relation: {e(edge.relation)} · modality: {e(edge.modality)}</div>",
    ]
    count = len(edge.evidence)
    if count:
        parts.append(f"<div>{count} evidence sentence{'s' if count != 1 else ''}:</div><ol>")
        for ev in edge.evidence[:MAX_EVIDENCE_IN_TOOLTIP]:
            source = ev.doc_title or ev.doc_id
            if ev.date:
                source = f"{source}, {ev.date}"
            parts.append(f'<li>“{e(ev.text)}” <span class="kg-src">— {e(source)}</span></li>')
        if count > MAX_EVIDENCE_IN_TOOLTIP:
            parts.append(f'<li class="kg-more">… and {count - MAX_EVIDENCE_IN_TOOLTIP} more</li>')
        parts.append("</ol>")
    return "".join(parts)


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
.kg-panel { position: fixed; z-index: 10; background: rgba(255, 255, 255, 0.93);
  border: 1px solid #d0d0d0; border-radius: 6px; padding: 8px 10px; font-size: 12px;
  box-shadow: 0 1px 4px rgba(0, 0, 0, 0.12); }
#kg-header { top: 10px; left: 10px; max-width: 40%; }
#kg-header h1 { font-size: 16px; margin: 0 0 4px 0; }
#kg-header p { margin: 0; color: #555555; }
#kg-legend { top: 10px; right: 10px; max-height: calc(100% - 40px); overflow: auto; }
#kg-legend summary { cursor: pointer; font-weight: 600; }
#kg-legend h2 { font-size: 12px; margin: 8px 0 3px 0; color: #555555; }
#kg-legend table { border-collapse: collapse; }
#kg-legend td { padding: 1px 6px 1px 0; vertical-align: middle; white-space: nowrap; }
#kg-legend svg { display: block; }
.kg-empty { margin: 0 auto; padding-top: 80px; max-width: 480px; text-align: center;
  font-size: 18px; color: #555555; }
div.vis-tooltip { z-index: 20; white-space: normal; max-width: 480px; font-family: inherit;
  font-size: 12px; line-height: 1.35; }
.kg-tip-head { font-weight: 600; font-size: 13px; margin-bottom: 2px; }
.kg-tip ol { margin: 4px 0 0 0; padding-left: 18px; }
.kg-tip li { margin-bottom: 3px; }
.kg-src, .kg-tip-iri, .kg-more { color: #666666; }
.kg-tip-iri { font-size: 11px; margin-top: 2px; }
"""

_PAGE_JS = """\
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  // Titles are markup built from escaped text only; a DOM element is shown as such by
  // vis-network (a string title would be shown as plain text).
  function tooltip(markup) {
    var element = document.createElement("div");
    element.className = "kg-tip";
    element.innerHTML = markup;
    return element;
  }
  data.nodes.forEach(function (node) { node.title = tooltip(node.title); });
  data.edges.forEach(function (edge) { edge.title = tooltip(edge.title); });
  var network = new vis.Network(
    document.getElementById("kg-network"),
    { nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges) },
    data.options
  );
  // Lay out once, then stop: the picture no longer drifts, dragged nodes stay put.
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });
  });
}());
"""


def _page(
    title: str,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    *,
    hidden: int,
    show_negated: bool,
) -> str:
    e = html.escape
    summary = f"{_plural(len(nodes), 'actor or place', 'actors and places')}, " + _plural(
        len(edges), "relation", "relations"
    )
    if hidden:
        summary += f" ({_plural(hidden, 'negated relation', 'negated relations')} not shown)"
    data = {"nodes": nodes, "edges": edges, "options": _OPTIONS}
    return "".join(
        [
            _head(title),
            f"<style>\n{_vendored('css')}</style>\n",
            f"<style>\n{_PAGE_CSS}</style>\n",
            f"<script>\n{_vendored('js')}</script>\n",
            "</head>\n<body>\n",
            '<div id="kg-network"></div>\n',
            f'<div id="kg-header" class="kg-panel"><h1>{e(title)}</h1>',
            f"<p>{e(summary)}</p><p>Hover a node or edge for details and evidence; "
            "drag to move, scroll to zoom.</p></div>\n",
            _legend(show_negated=show_negated),
            f'<script type="application/json" id="kg-data">{_json_for_script(data)}</script>\n',
            f"<script>\n{_PAGE_JS}</script>\n",
            "</body>\n</html>\n",
        ]
    )


def _empty_page(title: str) -> str:
    e = html.escape
    return "".join(
        [
            _head(title),
            f"<style>\n{_PAGE_CSS}</style>\n",
            "</head>\n<body>\n",
            f'<div id="kg-header" class="kg-panel"><h1>{e(title)}</h1></div>\n',
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


def _legend(*, show_negated: bool) -> str:
    rows_nodes = "".join(
        f"<tr><td>{_node_swatch(style)}</td><td>{html.escape(kind)}</td></tr>"
        for kind, style in NODE_STYLES.items()
    )
    rows_edges = "".join(
        f"<tr><td>{_line_swatch(style.color, directed=relation not in SYMMETRIC_RELATIONS)}"
        f"</td><td>{html.escape(relation)}</td></tr>"
        for relation, style in EDGE_STYLES.items()
    )
    rows_style = (
        f"<tr><td>{_line_swatch('#555555', directed=True)}</td><td>asserted</td></tr>"
        f"<tr><td>{_line_swatch('#555555', directed=True, dashes=HYPOTHETICAL_DASHES)}</td>"
        "<td>hypothetical</td></tr>"
    )
    if show_negated:
        rows_style += (
            f"<tr><td>{_line_swatch(NEGATED_COLOR, directed=True, dashes=NEGATED_DASHES)}</td>"
            "<td>negated</td></tr>"
        )
    rows_style += (
        f"<tr><td>{_line_swatch('#555555', directed=False)}</td><td>symmetric (no arrow)</td></tr>"
    )
    return (
        '<details id="kg-legend" class="kg-panel" open><summary>Legend</summary>'
        f"<h2>Actors and places</h2><table>{rows_nodes}</table>"
        f"<h2>Relations</h2><table>{rows_edges}</table>"
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
