"""The offline HTML graph: self-contained, styled by kind and relation, escaped, stable."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import kg.io
from kg.graph.knowledge_graph import DocumentInfo, Evidence, KnowledgeGraph
from kg.viz import graph_page as viz

KGR = "https://w3id.org/kg-news/resource/"
ISIL = f"{KGR}actor-isil"
IRAQ = f"{KGR}actor-iraq"
PESHMERGA = f"{KGR}actor-peshmerga"
BAGHDADI = f"{KGR}actor-abu-bakr-al-baghdadi"
MOSUL = f"{KGR}place-mosul"
XSS = "<script>alert(1)</script>"

# An external resource load: src/href/url()/@import pointing at http(s) or protocol-relative.
EXTERNAL_LOAD = re.compile(
    r"""(?:\b(?:src|href|srcset|action|data)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//)""",
    re.IGNORECASE,
)


def evidence(text: str, n: int = 1, date: str | None = "2014-06-10") -> Evidence:
    return Evidence(
        claim=f"{KGR}claim-{n:04d}",
        text=text,
        doc_id=f"doc{n}",
        doc_title=f"Report {n}",
        date=date,
        sentence_start=10 * n,
        sentence_end=10 * n + len(text),
        confidence=0.8,
        trigger="attacked",
    )


def add_edge(
    g: nx.MultiDiGraph, s: str, o: str, relation: str, modality: str, *evs: Evidence
) -> None:
    g.add_edge(
        s, o, key=f"{relation}/{modality}", relation=relation, modality=modality, evidence=list(evs)
    )


def make_kg() -> KnowledgeGraph:
    g = nx.MultiDiGraph()
    g.add_node(ISIL, label="ISIL", kind="InsurgentGroup", aliases=["ISIL", "ISIS"], wikidata="Q1")
    g.add_node(IRAQ, label="Iraq", kind="State", aliases=["Iraq", "Baghdad"], wikidata="Q796")
    g.add_node(PESHMERGA, label="Peshmerga", kind="ArmedGroup", aliases=[], wikidata=None)
    g.add_node(BAGHDADI, label="Abu Bakr al-Baghdadi", kind="Person", aliases=[], wikidata=None)
    g.add_node(MOSUL, label="Mosul", kind="Place", aliases=["Mosul"], wikidata="Q83063")
    add_edge(g, ISIL, IRAQ, "fights", "asserted", evidence("ISIL fought Iraqi forces.", 1))
    add_edge(g, ISIL, IRAQ, "threatens", "asserted", evidence("ISIL threatened Baghdad.", 2))
    add_edge(g, ISIL, MOSUL, "controls", "asserted", evidence("ISIL holds Mosul.", 3))
    add_edge(g, PESHMERGA, ISIL, "fights", "hypothetical", evidence("They may attack ISIL.", 4))
    add_edge(g, PESHMERGA, IRAQ, "alliedWith", "negated", evidence("No alliance, they said.", 5))
    add_edge(g, BAGHDADI, ISIL, "memberOf", "asserted", evidence(f"Baghdadi {XSS} leads.", 6))
    docs = {
        f"doc{n}": DocumentInfo(f"doc{n}", f"Report {n}", "2014-06-10", f"doc{n}.txt")
        for n in range(1, 7)
    }
    return KnowledgeGraph(graph=g, documents=docs)


def vis_data(page: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert match, "the page embeds its data as JSON"
    return json.loads(match.group(1))


def edges_by(data: dict[str, Any], relation: str, modality: str) -> list[dict[str, Any]]:
    return [e for e in data["edges"] if e["relation"] == relation and e["modality"] == modality]


def node(data: dict[str, Any], iri: str) -> dict[str, Any]:
    (found,) = (n for n in data["nodes"] if n["id"] == iri)
    return found


class _Checker(HTMLParser):
    """Collects start tags and checks that the document's elements nest."""

    VOID = frozenset(
        {"meta", "link", "br", "img", "input", "hr", "circle", "rect", "polygon", "line", "path"}
    )

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def parse(page: str) -> _Checker:
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.stack == [], f"unclosed elements: {checker.stack}"
    return checker


@pytest.fixture(scope="module")
def page() -> str:
    return viz.to_html(make_kg(), title="Test graph")


def test_page_is_one_well_formed_document(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>\n")
    assert page.rstrip().endswith("</html>")
    tags = parse(page).tags
    assert [t for t, _ in tags].count("html") == 1
    assert ("title" in [t for t, _ in tags]) and "<title>Test graph</title>" in page


def test_no_external_resource_is_loaded(page: str) -> None:
    assert EXTERNAL_LOAD.findall(page) == []
    for tag, attrs in parse(page).tags:
        assert tag != "link", "stylesheets are inlined, not linked"
        assert not (tag == "script" and "src" in attrs), "scripts are inlined"
    lowered = page.lower()
    for word in ("cdnjs", "bootstrap", "googleapis", "jsdelivr", "unpkg", "sourcemappingurl"):
        assert word not in lowered, word


def test_external_load_pattern_catches_what_pyvis_would_add() -> None:
    for bad in (
        '<script src="https://cdn.jsdelivr.net/npm/x.js"></script>',
        "<link href='//fonts.googleapis.com/css' rel='stylesheet'>",
        "body { background: url(https://example.org/a.png) }",
        '@import url("http://example.org/a.css");',
    ):
        assert EXTERNAL_LOAD.search(bad), bad
    assert not EXTERNAL_LOAD.search('e.setAttribute("xmlns","http://www.w3.org/2000/svg")')
    # pyvis's own in_line page still links Bootstrap from a CDN: the check must see that.
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    net.add_node("a")
    assert EXTERNAL_LOAD.search(net.generate_html())


def test_vendored_vis_network_is_inlined(page: str) -> None:
    static = Path(viz.__file__).parent.parent / "static"
    js = (static / f"vis-network-{viz.VIS_NETWORK_VERSION}.min.js").read_text(encoding="utf-8")
    assert "@version " + viz.VIS_NETWORK_VERSION in js
    body = js.split("//# sourceMappingURL=")[0].rstrip()
    assert body in page
    assert "new vis.Network(" in page and "new vis.DataSet(" in page
    assert (static / "VENDORED.md").is_file()


def test_physics_stabilises_then_stops(page: str) -> None:
    physics = vis_data(page)["options"]["physics"]
    assert physics["enabled"] is True
    assert physics["solver"] in {"barnesHut", "forceAtlas2Based"}
    assert physics["stabilization"]["enabled"] is True
    assert 100 <= physics["stabilization"]["iterations"] <= 500
    assert 'network.once("stabilizationIterationsDone"' in page
    assert "setOptions({ physics: false })" in page


def test_nodes_are_styled_by_kind_and_sized_by_degree(page: str) -> None:
    data = vis_data(page)
    assert sorted(n["id"] for n in data["nodes"]) == sorted(
        [ISIL, IRAQ, PESHMERGA, BAGHDADI, MOSUL]
    )
    colours = {n["kind"]: n["color"]["background"] for n in data["nodes"]}
    assert len(set(colours.values())) == len(colours) == 5
    shapes = {n["kind"]: n["shape"] for n in data["nodes"]}
    assert shapes["Place"] == "square" and shapes["Person"] == "dot"
    assert shapes["State"] == "diamond"
    assert node(data, ISIL)["label"] == "ISIL"
    # ISIL has four visible edges, Mosul one: the busier node is drawn bigger.
    assert node(data, ISIL)["size"] > node(data, MOSUL)["size"]
    isil = node(data, ISIL)
    assert isil["aliases"] == ["ISIS"] and isil["wikidata"] == "Q1"
    assert "InsurgentGroup" in isil["title"] and "ISIS" in isil["title"]


def test_edges_are_coloured_by_relation_family(page: str) -> None:
    data = vis_data(page)
    fights = edges_by(data, "fights", "asserted")[0]
    controls = edges_by(data, "controls", "asserted")[0]
    member = edges_by(data, "memberOf", "asserted")[0]
    assert fights["color"]["color"] == viz.EDGE_STYLES["fights"].color
    red = int(fights["color"]["color"][1:3], 16)
    assert red > int(fights["color"]["color"][5:7], 16), "hostile relations are warm"
    allied = viz.EDGE_STYLES["alliedWith"].color
    assert int(allied[3:5], 16) > int(allied[1:3], 16), "cooperative relations are green/blue"
    assert controls["color"]["color"] != fights["color"]["color"] != member["color"]["color"]
    assert fights["label"] == "fights"


def test_arrows_only_on_directed_relations(page: str) -> None:
    data = vis_data(page)
    assert edges_by(data, "fights", "asserted")[0]["arrows"]["to"]["enabled"] is False
    assert edges_by(data, "threatens", "asserted")[0]["arrows"]["to"]["enabled"] is True
    assert edges_by(data, "controls", "asserted")[0]["arrows"]["to"]["enabled"] is True


def test_hypothetical_edge_is_dashed(page: str) -> None:
    data = vis_data(page)
    (hypothetical,) = edges_by(data, "fights", "hypothetical")
    assert hypothetical["dashes"] not in (False, None, [])
    assert all(e["dashes"] is False for e in data["edges"] if e["modality"] == "asserted")


def test_negated_edge_hidden_by_default_and_shown_on_request(page: str) -> None:
    data = vis_data(page)
    # In the page (the filter can show it) but hidden, and its checkbox is not ticked.
    (negated,) = edges_by(data, "alliedWith", "negated")
    assert negated["hidden"] is True
    assert all(e["hidden"] is False for e in data["edges"] if e["modality"] != "negated")
    assert "1 negated relation hidden" in page
    assert re.search(r'name="kg-modality" value="negated">', page)
    assert re.search(r'name="kg-modality" value="asserted" checked>', page)
    shown = viz.to_html(make_kg(), show_negated=True)
    (negated,) = edges_by(vis_data(shown), "alliedWith", "negated")
    assert negated["hidden"] is False
    assert re.search(r'name="kg-modality" value="negated" checked>', shown)
    assert negated["dashes"] not in (False, None, [])
    assert negated["color"]["color"] == viz.NEGATED_COLOR
    assert negated["dashes"] != edges_by(vis_data(shown), "fights", "hypothetical")[0]["dashes"]
    assert [ev["text"] for ev in negated["evidence"]] == ["No alliance, they said."]


def test_parallel_edges_are_separate_curves(page: str) -> None:
    data = vis_data(page)
    pair = [e for e in data["edges"] if {e["from"], e["to"]} == {ISIL, IRAQ}]
    assert sorted(e["relation"] for e in pair) == ["fights", "threatens"]
    smooth = [e["smooth"] for e in pair]
    assert all(s["enabled"] and s["type"] == "curvedCW" for s in smooth)
    assert smooth[0]["roundness"] != smooth[1]["roundness"]
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])


def test_symmetric_relation_stated_both_ways_is_drawn_once() -> None:
    kg = make_kg()
    add_edge(kg.graph, IRAQ, ISIL, "fights", "asserted", evidence("Iraq fought ISIL.", 7))
    data = vis_data(viz.to_html(kg))
    (fights,) = edges_by(data, "fights", "asserted")
    texts = [ev["text"] for ev in fights["evidence"]]
    assert texts == ["ISIL fought Iraqi forces.", "Iraq fought ISIL."]
    assert fights["evidenceCount"] == 2 and "2 evidence sentences" in fights["title"]


def test_edge_carries_its_evidence_with_source(page: str) -> None:
    data = vis_data(page)
    threat = edges_by(data, "threatens", "asserted")[0]
    assert threat["evidence"] == [
        {
            "text": "ISIL threatened Baghdad.",
            "doc": "doc2",
            "title": "Report 2",
            "date": "2014-06-10",
            "trigger": "attacked",
            "event": None,
            "confidence": 0.8,
        }
    ]
    assert threat["dates"] == ["2014-06-10"]
    assert threat["events"] == []  # no PLOVER type on its evidence
    assert threat["family"] == "hostile"
    assert threat["title"].startswith("ISIL threatens Iraq\nasserted")


def test_evidence_markup_is_escaped(page: str) -> None:
    assert XSS not in page
    assert "alert(1)</script>" not in page
    assert "<script>alert" not in page
    (member,) = edges_by(vis_data(page), "memberOf", "asserted")
    # JSON-escaped in the page, the raw text in the data; the script inserts it as text.
    assert "Baghdadi \\u003cscript\\u003ealert(1)\\u003c/script\\u003e leads." in page
    assert member["evidence"][0]["text"] == f"Baghdadi {XSS} leads."
    assert "innerHTML" not in page.split("<script>")[-1]
    # Every <script> element in the page is one of ours: vendored JS, data, init.
    assert [tag for tag, _ in parse(page).tags].count("script") == 3


def test_labels_and_title_are_escaped() -> None:
    kg = make_kg()
    kg.graph.nodes[MOSUL]["label"] = f"Mosul {XSS}"
    page = viz.to_html(kg, title=f"News {XSS} & more")
    assert XSS not in page
    assert "<title>News &lt;script&gt;alert(1)&lt;/script&gt; &amp; more</title>" in page
    assert node(vis_data(page), MOSUL)["label"] == f"Mosul {XSS}"  # canvas text, not markup
    parse(page)


def test_legend_is_an_inline_panel(page: str) -> None:
    match = re.search(r'<details id="kg-legend".*?</details>', page, re.S)
    assert match
    legend = match.group(0)
    for word in (*viz.NODE_STYLES, *viz.EDGE_STYLES, "hypothetical"):
        assert f">{word}<" in legend
    assert ">negated<" in legend
    for family in viz.FAMILIES.values():
        assert f">{family}<" in legend
    for kind, style in viz.NODE_STYLES.items():
        assert style.color in legend, kind


def test_output_is_deterministic() -> None:
    first = viz.to_html(make_kg())
    assert viz.to_html(make_kg()) == first
    # Insertion order of nodes and edges does not matter either.
    kg = make_kg()
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(kg.graph.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(kg.graph.edges(keys=True, data=True))))
    assert viz.to_html(KnowledgeGraph(graph=shuffled, documents=kg.documents)) == first
    assert not re.search(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-", first.split("</head>")[1])


def test_output_is_identical_across_processes(tmp_path: Path) -> None:
    """String hashing is salted per process; nothing in the page may depend on it."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from test_viz import make_kg; from kg.viz import graph_page as viz;"
        "sys.stdout.write(viz.to_html(make_kg(), show_negated=True))"
    )
    pages = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONIOENCODING": "utf-8"}
        done = subprocess.run(
            [sys.executable, "-c", script, str(Path(__file__).parent)],
            env=env,
            capture_output=True,
            check=True,
        )
        pages.append(done.stdout)
    assert pages[0] == pages[1]
    assert pages[0].decode("utf-8") == viz.to_html(make_kg(), show_negated=True)


def test_empty_graph_page() -> None:
    page = viz.to_html(KnowledgeGraph())
    assert "No actors or relations were extracted." in page
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    parse(page)
    assert EXTERNAL_LOAD.findall(page) == []
    assert viz.to_html(KnowledgeGraph()) == page


def test_nodes_without_relations_still_draw() -> None:
    g = nx.MultiDiGraph()
    g.add_node(IRAQ, label="Iraq", kind="State", aliases=[], wikidata=None)
    add_edge(g, IRAQ, IRAQ, "opposes", "negated", evidence("Iraq does not oppose itself.", 1))
    data = vis_data(viz.to_html(KnowledgeGraph(graph=g)))
    assert [n["id"] for n in data["nodes"]] == [IRAQ]
    assert [(e["relation"], e["hidden"]) for e in data["edges"]] == [("opposes", True)]


def test_unknown_kind_and_relation_fall_back() -> None:
    g = nx.MultiDiGraph()
    g.add_node("urn:a", label="A", kind="Alien", aliases=[], wikidata=None)
    g.add_node(f"{KGR}actor-b")
    add_edge(g, "urn:a", f"{KGR}actor-b", "meets", "asserted")
    data = vis_data(viz.to_html(KnowledgeGraph(graph=g)))
    assert node(data, "urn:a")["color"]["background"] == viz.FALLBACK_NODE_STYLE.color
    assert node(data, f"{KGR}actor-b")["label"] == "actor-b"
    assert data["edges"][0]["color"]["color"] == viz.FALLBACK_EDGE_STYLE.color


def test_write_html_writes_the_page(tmp_path: Path) -> None:
    target = tmp_path / "out" / "graph.html"
    written = viz.write_html(make_kg(), target, title="Test graph")
    assert written == target
    assert target.read_text(encoding="utf-8") == viz.to_html(make_kg(), title="Test graph")
    assert [p.name for p in target.parent.iterdir()] == ["graph.html"]


def test_write_html_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "graph.html"
    target.write_text("old page", encoding="utf-8")

    class Boom(RuntimeError):
        pass

    real_open = kg.io.atomic_open

    def failing_write(path: str | Path, text: str) -> None:
        with real_open(path, "w") as handle:
            handle.write(text[: len(text) // 2])
            raise Boom("disk full")

    monkeypatch.setattr(viz, "atomic_write_text", failing_write)
    with pytest.raises(Boom):
        viz.write_html(make_kg(), target)
    assert target.read_text(encoding="utf-8") == "old page"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]


def test_write_html_uses_the_atomic_writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []

    def recording(path: str | Path, text: str) -> None:
        calls.append(Path(path))
        kg.io.atomic_write_text(path, text)

    monkeypatch.setattr(viz, "atomic_write_text", recording)
    viz.write_html(make_kg(), tmp_path / "g.html")
    assert calls == [tmp_path / "g.html"]


def test_graph_view_renders_an_escaped_iframe() -> None:
    view = viz.GraphView(make_kg(), title="T", height=450)
    markup = view._repr_html_()
    assert markup.startswith('<div class="kg-graph-view"><iframe srcdoc="')
    assert markup.endswith("</iframe></div>")
    assert 'sandbox="allow-scripts"' in markup and "height:450px" in markup
    assert "<script" not in markup and "&lt;script" in markup
    srcdoc = re.search(r'srcdoc="([^"]*)"', markup)
    assert srcdoc
    import html

    assert html.unescape(srcdoc.group(1)) == view.html == viz.to_html(make_kg(), title="T")


def test_show_returns_html_for_notebooks(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = viz.show(make_kg())
    try:
        import IPython.display
    except ImportError:
        assert shown == viz.to_html(make_kg())
    else:
        assert isinstance(shown, IPython.display.HTML)
        assert "<iframe srcdoc=" in shown.data
    import builtins

    real_import = builtins.__import__

    def no_ipython(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("IPython"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ipython)
    assert viz.show(make_kg(), title="T") == viz.to_html(make_kg(), title="T")


# --------------------------------------------------------------------------- filters, search, panel


def test_relation_filters_list_the_relations_present_by_family(page: str) -> None:
    fieldset = re.search(r'<fieldset id="kg-filter-relations">.*?</fieldset>', page, re.S)
    assert fieldset
    boxes = re.findall(
        r'name="kg-relation" value="(\w+)" data-family="(\w+)" checked>.*?\((\d+)\)',
        fieldset.group(0),
    )
    assert boxes == [
        ("fights", "hostile", "2"),
        ("threatens", "hostile", "1"),
        ("alliedWith", "cooperative", "1"),
        ("controls", "neutral", "1"),
        ("memberOf", "neutral", "1"),
    ]
    families = re.findall(r'name="kg-family" value="(\w+)" checked', fieldset.group(0))
    assert families == ["hostile", "cooperative", "neutral"]
    data = vis_data(page)
    assert {e["relation"]: e["family"] for e in data["edges"]} == {
        "fights": "hostile",
        "threatens": "hostile",
        "alliedWith": "cooperative",
        "controls": "neutral",
        "memberOf": "neutral",
    }


def test_date_filter_spans_the_evidence_dates() -> None:
    kg = make_kg()
    add_edge(
        kg.graph, IRAQ, MOSUL, "controls", "asserted", evidence("Iraq held it.", 7, "2014-06-20")
    )
    add_edge(kg.graph, IRAQ, PESHMERGA, "supports", "asserted", evidence("Undated.", 8, None))
    page = viz.to_html(kg)
    bounds = 'min="2014-06-10" max="2014-06-20"'
    assert f'id="kg-date-from" {bounds} value="2014-06-10"' in page
    assert f'id="kg-date-to" {bounds} value="2014-06-20"' in page
    assert re.search(r'id="kg-undated" checked> undated <span class="kg-count">\(1\)', page)
    data = vis_data(page)
    assert edges_by(data, "supports", "asserted")[0]["dates"] == []
    dates = {e["from"]: e["dates"] for e in edges_by(data, "controls", "asserted")}
    assert dates == {IRAQ: ["2014-06-20"], ISIL: ["2014-06-10"]}
    assert 'id="kg-undated"' not in viz.to_html(make_kg())  # every sentence dated


def test_search_box_offers_every_label_and_alias(page: str) -> None:
    names = re.search(r'<datalist id="kg-names">(.*?)</datalist>', page, re.S)
    assert names
    offered = re.findall(r'<option value="([^"]*)"></option>', names.group(0))
    for name in ("ISIL", "ISIS", "Iraq", "Baghdad", "Mosul", "Abu Bakr al-Baghdadi"):
        assert name in offered
    assert offered == sorted(offered, key=lambda name: (name.casefold(), name))
    assert '<form id="kg-search-form" role="search">' in page
    assert node(vis_data(page), IRAQ)["aliases"] == ["Baghdad"]


def test_controls_for_layout_and_details(page: str) -> None:
    assert '<input type="checkbox" id="kg-freeze">' in page
    assert '<input type="checkbox" id="kg-hide-isolated" checked>' in page
    assert '<aside id="kg-details" class="kg-panel" hidden' in page
    script = page.split("<script>")[-1]
    assert "window.kgStabilizedAt = performance.now()" in script
    assert 'network.on("click"' in script
    # the page's own script builds the panel from text only
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
    assert "textContent" in script


def test_actors_without_a_shown_relation_start_hidden() -> None:
    kg = make_kg()
    kg.graph.add_node(f"{KGR}actor-bystander", label="Bystander", kind="Person", aliases=[])
    data = vis_data(viz.to_html(kg))
    assert node(data, f"{KGR}actor-bystander")["hidden"] is True
    assert all(n["hidden"] is False for n in data["nodes"] if n["label"] != "Bystander")
    # Peshmerga's only other edge is negated: with negated shown it still has one
    shown = vis_data(viz.to_html(kg, show_negated=True))
    assert node(shown, PESHMERGA)["hidden"] is False


def test_links_are_rendered_and_must_be_relative() -> None:
    page = viz.to_html(make_kg(), links=[("Queries & more", "queries?x=1&y=2")])
    assert '<nav><a href="queries?x=1&amp;y=2">Queries &amp; more</a></nav>' in page
    for bad in ("https://example.org/", "//example.org", "javascript:alert(1)", " data:x"):
        with pytest.raises(ValueError, match="relative"):
            viz.to_html(make_kg(), links=[("x", bad)])


# --------------------------------------------------------------------------- the page at scale


def test_min_evidence_slider_spans_the_evidence_counts() -> None:
    kg = make_kg()
    kg.graph.edges[ISIL, IRAQ, "fights/asserted"]["evidence"] += [
        evidence("ISIL attacked again.", 7),
        evidence("And again.", 8),
    ]
    page = viz.to_html(kg)
    slider = next(attrs for tag, attrs in parse(page).tags if attrs.get("id") == "kg-min-evidence")
    # one step per evidence count that occurs: 1 and 3 sentences
    assert (slider["type"], slider["min"], slider["max"], slider["value"]) == (
        "range",
        "0",
        "1",
        "0",
    )
    assert slider["data-steps"] == "1,3"
    counts = {(e["relation"], e["modality"]): e["evidenceCount"] for e in vis_data(page)["edges"]}
    assert counts[("fights", "asserted")] == 3


def test_neighbourhood_and_colour_controls(page: str) -> None:
    tags = parse(page).tags
    hops = [
        attrs["value"]
        for tag, attrs in tags
        if tag == "option" and attrs.get("value") in {"0", "1", "2"}
    ]
    assert hops == ["0", "1", "2"]
    colours = [attrs["value"] for tag, attrs in tags if attrs.get("name") == "kg-colour"]
    assert colours == ["class", "bloc"]
    assert any(attrs.get("id") == "kg-show-all" for _, attrs in tags)


def test_blocs_colour_the_nodes_and_fill_the_legend() -> None:
    kg = make_kg()
    add_edge(kg.graph, PESHMERGA, IRAQ, "alliedWith", "asserted", evidence("Allies.", 7))
    page = viz.to_html(kg)
    data = vis_data(page)
    peshmerga, iraq, isil = (node(data, iri) for iri in (PESHMERGA, IRAQ, ISIL))
    assert peshmerga["blocColor"] == iraq["blocColor"]  # one bloc, one colour
    assert peshmerga["blocColor"]["background"] in viz.BLOC_COLORS
    assert isil["blocColor"]["background"] == viz.NO_BLOC_COLOR  # on its own
    assert peshmerga["color"]["background"] == viz.NODE_STYLES["ArmedGroup"].color  # by class
    legend = page.split('id="kg-bloc-legend"')[1].split("</div>")[0]
    assert "Iraq, Peshmerga" in legend


def test_edge_labels_are_drawn_by_the_script_not_up_front(page: str) -> None:
    # the data keeps each edge's relation; graph.js shows it on hover or when zoomed in
    assert all(edge["relation"] for edge in vis_data(page)["edges"])
    script = viz.static_text("graph.js")
    assert "hoverEdge" in script and "LABEL_SCALE" in script
    assert script in page and viz.static_text("graph.css") in page  # inlined, not linked


def test_template_escapes_every_value() -> None:
    kg = make_kg()
    kg.graph.nodes[ISIL]["aliases"] = ["ISIL", f"ISIS {XSS}"]
    page = viz.to_html(kg, title=f"War {XSS}", links=[(f"Q {XSS}", "queries")])
    assert XSS not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
