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

from kg.catalog.vocab import MODALITIES, RELATIONS, SYMMETRIC_RELATIONS
from kg.graph.knowledge_graph import Evidence, KnowledgeGraph
from kg.io import atomic_write_text

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
    return _page(title, view, show_negated=show_negated, links=links, blocs=_blocs(kg))


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
    events: Counter[str]  # PLOVER event type → number of visual edges with such evidence
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
    events: Counter[str] = Counter()
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
        edge_events = sorted({ev.plover for ev in edge.evidence if ev.plover})
        relations[edge.relation] += 1
        modalities[edge.modality] += 1
        events.update(edge_events)
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
            events=edge_events,
        )
    return _View(
        nodes=net.nodes,
        edges=net.edges,
        relations=relations,
        modalities=modalities,
        events=events,
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
        "event": ev.plover,
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


def json_for_script(value: Any) -> str:
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


@cache
def template_environment() -> Any:
    """The Jinja2 environment of kg's page templates (``kg/templates``), escaping every value
    (``autoescape``) unless a template marks it ``|safe``. ``kg serve`` renders its pages here
    too."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("kg", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


@cache
def static_text(name: str) -> str:
    """One of kg's own files in ``kg/static`` (``graph.js``, ``graph.css``), ready to inline."""
    text = (files("kg") / "static" / name).read_text(encoding="utf-8")
    closing = "</script" if name.endswith(".js") else "</style"
    if closing in text.lower():  # would end the inline element early
        raise ValueError(f"{name} contains {closing!r}; it cannot be inlined")
    return text


#: bloc colours for "colour by bloc": distinct hues, none of them the grey of "no bloc"
BLOC_COLORS = (
    "#e6194b",
    "#3cb44b",
    "#4363d8",
    "#f58231",
    "#911eb4",
    "#42d4f4",
    "#f032e6",
    "#9a6324",
    "#469990",
    "#800000",
    "#808000",
    "#000075",
    "#bfef45",
    "#dcbeff",
    "#fabed4",
    "#ffd8b1",
)
NO_BLOC_COLOR = "#c8c8c8"


def _node_colors(fill: str) -> dict[str, Any]:
    return {
        "background": fill,
        "border": _darker(fill),
        "highlight": {"background": fill, "border": "#111111"},
        "hover": {"background": fill, "border": "#111111"},
    }


def _blocs(kg: KnowledgeGraph) -> list[tuple[int, list[str], list[str]]]:
    """The blocs of ``kg analyze`` with two or more members: (number, IRIs, labels)."""
    from kg.analyze import coalitions

    return [
        (bloc.number, list(bloc.members), list(bloc.labels))
        for bloc in coalitions(kg).blocs
        if len(bloc.members) > 1
    ]


def _page(
    title: str,
    view: _View,
    *,
    show_negated: bool,
    links: Sequence[tuple[str, str]],
    blocs: Sequence[tuple[int, list[str], list[str]]] = (),
) -> str:
    bloc_color: dict[str, str] = {}
    for position, (_, members, _) in enumerate(blocs):
        for member in members:
            bloc_color[member] = BLOC_COLORS[position % len(BLOC_COLORS)]
    for node in view.nodes:
        node["blocColor"] = _node_colors(bloc_color.get(node["id"], NO_BLOC_COLOR))
    data = {"nodes": view.nodes, "edges": view.edges, "options": _OPTIONS}
    summary = f"{_plural(len(view.nodes), 'actor or place', 'actors and places')}, " + _plural(
        len(view.edges), "relation", "relations"
    )
    negated = view.modalities.get("negated", 0)
    if negated and not show_negated:
        summary += f" ({_plural(negated, 'negated relation', 'negated relations')} hidden)"
    present = sorted(view.relations, key=lambda relation: _rank(relation, RELATIONS))
    modalities = []
    for modality in (*MODALITIES, *sorted(set(view.modalities) - set(MODALITIES))):
        negated_style = modality == "negated"
        modalities.append(
            {
                "name": modality,
                "count": view.modalities[modality],
                "color": NEGATED_COLOR if negated_style else "#555555",
                "dashes": NEGATED_DASHES
                if negated_style
                else HYPOTHETICAL_DASHES
                if modality == "hypothetical"
                else None,
                "checked": not (negated_style and not show_negated),
            }
        )
    page = {
        "summary": summary,
        "names": view.names,
        "families": _families(present, view.relations),
        "modalities": modalities,
        "events": [{"name": name, "count": view.events[name]} for name in sorted(view.events)],
        "dates": view.dates,
        "undated": view.undated,
        # the slider steps through the evidence counts that occur, so every step hides
        # something even when one edge has 300 sentences and most have 1 or 2
        "evidence_steps": sorted({1, *(edge["evidenceCount"] for edge in view.edges)}),
    }
    return (
        template_environment()
        .get_template("graph.html.j2")
        .render(
            title=title,
            view=page,
            links=links,
            legend=_legend(blocs),
            vis_version=VIS_NETWORK_VERSION,
            vis_css=_vendored("css"),
            vis_js=_vendored("js"),
            page_css=static_text("graph.css"),
            page_js=static_text("graph.js"),
            data_json=json_for_script(data),
            empty_message=EMPTY_MESSAGE,
        )
    )


def _families(present: Sequence[str], counts: Mapping[str, int]) -> list[dict[str, Any]]:
    """The relation filter's rows: each family present, with its relations."""
    out = []
    for family, heading in FAMILIES.items():
        members = [r for r in present if EDGE_STYLES.get(r, FALLBACK_EDGE_STYLE).group == family]
        if members:
            relations = [
                {
                    "name": relation,
                    "color": EDGE_STYLES.get(relation, FALLBACK_EDGE_STYLE).color,
                    "directed": relation not in SYMMETRIC_RELATIONS,
                    "count": counts.get(relation, 0),
                }
                for relation in members
            ]
            out.append({"name": family, "heading": heading, "relations": relations})
    return out


def _empty_page(title: str) -> str:
    return (
        template_environment()
        .get_template("graph.html.j2")
        .render(
            title=title,
            view=None,
            links=(),
            vis_version=VIS_NETWORK_VERSION,
            page_css=static_text("graph.css"),
            empty_message=EMPTY_MESSAGE,
        )
    )


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


# --------------------------------------------------------------------------- legend


def _legend(blocs: Sequence[tuple[int, list[str], list[str]]] = ()) -> dict[str, Any]:
    """What the legend lists: node kinds with their swatches, relations by family, blocs."""
    nodes = []
    for kind, style in NODE_STYLES.items():
        points = (
            _polygon(style.shape, 17, 9, 7.5)
            if style.shape not in ("dot", "square", "box")
            else None
        )
        nodes.append(
            {
                "kind": kind,
                "shape": style.shape,
                "fill": style.color,
                "stroke": _darker(style.color),
                "points": points,
            }
        )
    families = _families(list(EDGE_STYLES), {})
    bloc_rows = []
    for position, (number, _, labels) in enumerate(blocs):
        shown = ", ".join(labels[:4]) + (f" and {len(labels) - 4} more" if len(labels) > 4 else "")
        bloc_rows.append(
            {"number": number, "color": BLOC_COLORS[position % len(BLOC_COLORS)], "members": shown}
        )
    return {
        "nodes": nodes,
        "families": families,
        "hypothetical_dashes": HYPOTHETICAL_DASHES,
        "negated_dashes": NEGATED_DASHES,
        "negated_color": NEGATED_COLOR,
        "blocs": bloc_rows,
    }


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
