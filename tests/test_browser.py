"""The graph page and ``kg serve`` in a real browser: Debian's headless Chromium via Playwright.

Playwright's own browser download is never used: the tests launch ``/usr/bin/chromium``
(``.ci/run`` installs Debian's ``chromium`` when it is missing) and are skipped when it is
not there. Each test gets a fresh browser context (a new, empty profile); every request other
than the page under test is blocked, and the tests check that none was even attempted.
Screenshots go to ``test-artifacts/`` (kept out of git); ``graph-sample.png`` there is the
README's ``docs/graph.png``.
"""

from __future__ import annotations

import html
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from kg.cli import main
from kg.viz import graph_page as viz

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
VIEWPORT = {"width": 1280, "height": 800}
IMG_XSS = '<img src=x onerror="window.kgPwned=1">'

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="no browser: Debian's chromium is not at /usr/bin/chromium "
    "(apt-get install chromium; .ci/run installs it)",
)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

sys.path.insert(0, str(Path(__file__).parent))
from test_viz import (  # noqa: E402
    BAGHDADI,
    IRAQ,
    ISIL,
    MOSUL,
    PESHMERGA,
    add_edge,
    evidence,
    make_kg,
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright = sync_api.sync_playwright().start()
    launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield launched
    launched.close()
    playwright.stop()


@dataclass
class Tab:
    """A page in a fresh context that may load only what ``allowed`` says."""

    page: Any
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def settle(self) -> None:
        # a function, not an expression: kg serve's Content-Security-Policy forbids eval
        self.page.wait_for_function("() => window.kgStabilizedAt !== undefined", timeout=30_000)

    def evaluate(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        target = ARTIFACTS / name
        self.page.screenshot(path=str(target))
        return target


@pytest.fixture
def open_tab(browser: Any) -> Iterator[Callable[[Callable[[str], bool]], Tab]]:
    contexts: list[Any] = []

    def make(allowed: Callable[[str], bool]) -> Tab:
        context = browser.new_context(viewport=VIEWPORT)
        contexts.append(context)
        tab = Tab(context.new_page())
        context.on("request", lambda request: tab.requests.append(request.url))

        def route(route: Any) -> None:
            if allowed(route.request.url):
                route.continue_()
            else:
                tab.blocked.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        tab.page.on("pageerror", lambda error: tab.errors.append(str(error)))
        return tab

    yield make
    for context in contexts:
        context.close()


def browser_kg() -> Any:
    """The unit tests' graph, with dated, undated and hostile-markup evidence added, and a
    second sentence for "ISIL fights Iraq"."""
    kg = make_kg()
    kg.graph.edges[ISIL, IRAQ, "fights/asserted"]["evidence"].append(
        replace(evidence("ISIL attacked Iraqi troops again.", 9, "2014-06-11"), plover="ASSAULT")
    )
    add_edge(
        kg.graph,
        IRAQ,
        PESHMERGA,
        "supports",
        "asserted",
        evidence("Iraq armed them.", 7, "2014-06-20"),
    )
    add_edge(
        kg.graph,
        BAGHDADI,
        IRAQ,
        "threatens",
        "asserted",
        evidence(f"Baghdadi {IMG_XSS} threatened Iraq.", 8, None),
    )
    return kg


@pytest.fixture
def graph_tab(open_tab: Callable[..., Tab], tmp_path: Path) -> Tab:
    page_file = tmp_path / "graph.html"
    viz.write_html(browser_kg(), page_file, title="Browser test graph")
    tab = open_tab(lambda url: url == page_file.as_uri())
    tab.page.goto(page_file.as_uri())
    tab.settle()
    return tab


def edge_ids(tab: Tab, relation: str | None = None, hidden: bool | None = None) -> list[str]:
    """Ids of the edges vis-network holds, by relation and by whether they are hidden."""
    return tab.evaluate(
        """([relation, hidden]) => {
          const network = window.kgNetwork;  // hidden: as drawn, not only as asked for
          return network.body.data.edges.get()
            .filter(e => relation === null || e.relation === relation)
            .filter(e => hidden === null ||
                         Boolean(network.body.edges[e.id].options.hidden) === hidden)
            .map(e => e.id).sort();
        }""",
        [relation, hidden],
    )


def painted_pixels(tab: Tab) -> int:
    """How many pixels of the graph canvas are not blank."""
    return tab.evaluate(
        """() => {
          const canvas = document.querySelector("#kg-network canvas");
          const context = canvas.getContext("2d");
          const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
          let painted = 0;
          for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { painted += 1; } }
          return painted;
        }"""
    )


def click_graph_at_center(tab: Tab, script: str, arg: Any) -> None:
    """Move the view so ``script`` (given the network and ``arg``) is the centre; click there."""
    tab.evaluate(
        """([script, arg]) => {
          const network = window.kgNetwork;
          const position = new Function("network", "arg", script)(network, arg);
          network.moveTo({ position: position, scale: 1.4, animation: false });
        }""",
        [script, arg],
    )
    box = tab.page.locator("#kg-network").bounding_box()
    tab.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


# --------------------------------------------------------------------------- kg viz, file://


def test_viz_file_of_the_sample_corpus_draws_offline(
    sample_build: Any, open_tab: Callable[..., Tab], tmp_path: Path
) -> None:
    _, out = sample_build
    page_file = tmp_path / "graph.html"
    assert main(["viz", "--graph", str(out / "graph.ttl"), "-o", str(page_file)]) == 0
    tab = open_tab(lambda url: url == page_file.as_uri())
    tab.page.goto(page_file.as_uri())
    tab.settle()
    positions = tab.evaluate("Object.keys(window.kgNetwork.getPositions()).length")
    drawn = tab.evaluate("window.kgNetwork.body.nodeIndices.length")
    assert positions > 20 and 0 < drawn <= positions
    assert painted_pixels(tab) > 20_000
    assert tab.evaluate("window.kgNetwork.physics.physicsEnabled") is False
    assert tab.page.is_checked("#kg-freeze")
    assert tab.requests == [page_file.as_uri()] and tab.blocked == []
    assert tab.errors == []
    tab.screenshot("graph-sample.png")  # the README's docs/graph.png


def test_relation_filter_hides_edges(graph_tab: Tab) -> None:
    fights = edge_ids(graph_tab, "fights")
    assert len(fights) == 2 and edge_ids(graph_tab, "fights", hidden=True) == []
    visible_before = len(edge_ids(graph_tab, hidden=False))
    graph_tab.page.uncheck('input[name="kg-relation"][value="fights"]')
    assert edge_ids(graph_tab, "fights", hidden=True) == fights
    assert len(edge_ids(graph_tab, hidden=False)) == visible_before - 2
    assert graph_tab.evaluate(
        'document.querySelector(\'input[name="kg-family"][value="hostile"]\').indeterminate'
    )
    assert f"{visible_before - 2} of" in graph_tab.page.inner_text("#kg-shown")
    # the whole family at once: a click on the mixed box ticks all, the next one clears all
    hostile = 'input[name="kg-family"][value="hostile"]'
    graph_tab.page.click(hostile)
    assert len(edge_ids(graph_tab, hidden=False)) == visible_before
    graph_tab.page.click(hostile)
    assert edge_ids(graph_tab, "threatens", hidden=False) == []
    assert edge_ids(graph_tab, "fights", hidden=False) == []
    assert edge_ids(graph_tab, "supports", hidden=False) != []
    graph_tab.page.check(hostile)
    assert len(edge_ids(graph_tab, hidden=False)) == visible_before
    graph_tab.screenshot("filter.png")
    assert graph_tab.errors == [] and graph_tab.blocked == []


def test_modality_and_date_filters(graph_tab: Tab) -> None:
    (negated,) = edge_ids(graph_tab, "alliedWith")
    assert edge_ids(graph_tab, "alliedWith", hidden=True) == [negated]
    graph_tab.page.check('input[name="kg-modality"][value="negated"]')
    assert edge_ids(graph_tab, "alliedWith", hidden=False) == [negated]
    graph_tab.page.uncheck('input[name="kg-modality"][value="hypothetical"]')
    assert len(edge_ids(graph_tab, "fights", hidden=True)) == 1

    (supports,) = edge_ids(graph_tab, "supports")  # dated 2014-06-20, the others 06-10
    assert graph_tab.page.input_value("#kg-date-to") == "2014-06-20"
    graph_tab.page.fill("#kg-date-to", "2014-06-15")
    assert edge_ids(graph_tab, "supports", hidden=True) == [supports]
    undated = "window.kgNetwork.body.data.edges.get().filter(e => !e.dates.length)[0].id"
    undated_id = graph_tab.evaluate(undated)
    assert undated_id in edge_ids(graph_tab, hidden=False)  # undated evidence is kept …
    graph_tab.page.uncheck("#kg-undated")
    assert undated_id in edge_ids(graph_tab, hidden=True)  # … until asked not to
    graph_tab.page.fill("#kg-date-from", "2014-06-16")
    graph_tab.page.fill("#kg-date-to", "2014-06-30")
    assert edge_ids(graph_tab, hidden=False) == [supports]
    assert graph_tab.errors == []


def test_search_by_alias_selects_the_actor(graph_tab: Tab) -> None:
    graph_tab.page.fill("#kg-search", "  isis ")
    graph_tab.page.press("#kg-search", "Enter")
    assert graph_tab.evaluate("window.kgNetwork.getSelectedNodes()") == [ISIL]
    panel = graph_tab.page.locator("#kg-details")
    assert panel.is_visible()
    assert graph_tab.page.inner_text("#kg-details-title") == "ISIL"
    text = panel.inner_text()
    assert "Also called: ISIS" in text and "ISIL holds Mosul." in text and "Report 3" in text
    graph_tab.page.fill("#kg-search", "Baghdad")  # Iraq's alias, and part of Baghdadi's name
    graph_tab.page.press("#kg-search", "Enter")
    assert graph_tab.evaluate("window.kgNetwork.getSelectedNodes()") == [IRAQ]
    assert "Abu Bakr al-Baghdadi" in graph_tab.page.inner_text("#kg-message")
    graph_tab.page.fill("#kg-search", "nobody at all")
    graph_tab.page.press("#kg-search", "Enter")
    assert "No actor called" in graph_tab.page.inner_text("#kg-message")
    graph_tab.screenshot("search.png")
    assert graph_tab.errors == [] and graph_tab.blocked == []


def test_click_on_node_and_edge_lists_evidence_as_text(graph_tab: Tab) -> None:
    click_graph_at_center(graph_tab, "return network.getPositions([arg])[arg];", BAGHDADI)
    assert graph_tab.evaluate("window.kgNetwork.getSelectedNodes()") == [BAGHDADI]
    assert graph_tab.page.inner_text("#kg-details-title") == "Abu Bakr al-Baghdadi"
    body = graph_tab.page.inner_text("#kg-details-body")
    # markup in a sentence is shown as text: no element made, no handler run, nothing loaded
    assert f"Baghdadi {IMG_XSS} threatened Iraq." in body
    assert "Baghdadi <script>alert(1)</script> leads." in body
    assert "Report 6, 2014-06-10" in body
    assert (
        graph_tab.evaluate("document.querySelector('#kg-details img, #kg-details script')") is None
    )
    assert graph_tab.evaluate("window.kgPwned") is None

    (controls,) = edge_ids(graph_tab, "controls")
    click_graph_at_center(
        graph_tab, "return network.body.edges[arg].edgeType.getPoint(0.5);", controls
    )
    assert graph_tab.page.inner_text("#kg-details-title") == "ISIL controls Mosul"
    assert "ISIL holds Mosul. — Report 3, 2014-06-10" in graph_tab.page.inner_text(
        "#kg-details-body"
    ).replace("“", "").replace("”", "")
    graph_tab.screenshot("evidence.png")
    graph_tab.page.keyboard.press("Escape")
    assert not graph_tab.page.locator("#kg-details").is_visible()
    assert graph_tab.blocked == [] and graph_tab.errors == []
    assert MOSUL in graph_tab.evaluate("Object.keys(window.kgNetwork.getPositions())")


def test_freeze_toggle_turns_physics_on_and_off(graph_tab: Tab) -> None:
    physics = "window.kgNetwork.physics.physicsEnabled"
    assert graph_tab.evaluate(physics) is False and graph_tab.page.is_checked("#kg-freeze")
    graph_tab.page.uncheck("#kg-freeze")
    assert graph_tab.evaluate(physics) is True
    graph_tab.page.check("#kg-freeze")
    assert graph_tab.evaluate(physics) is False
    before = graph_tab.evaluate("JSON.stringify(window.kgNetwork.getPositions())")
    graph_tab.page.wait_for_timeout(300)
    assert graph_tab.evaluate("JSON.stringify(window.kgNetwork.getPositions())") == before


def test_notebook_view_draws_in_its_iframe(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(lambda url: url.startswith("about:"))
    markup = viz.GraphView(browser_kg(), title="Notebook", height=500)._repr_html_()
    tab.page.set_content(f"<!DOCTYPE html><html><body>{markup}</body></html>")
    frame = tab.page.frames[1]
    frame.wait_for_function("window.kgStabilizedAt !== undefined", timeout=30_000)
    assert frame.evaluate("window.kgNetwork.body.nodeIndices.length") == 5
    assert tab.blocked == [] and tab.errors == []


# --------------------------------------------------------------------------- kg serve


@pytest.fixture(scope="module")
def served(sample_build: Any) -> Iterator[str]:
    from kg import web
    from kg.rdf.convert import read_graph

    _, out = sample_build
    app = web.create_app(
        read_graph(out / "graph.ttl"), config=web.ServeConfig(title="Sample corpus")
    )
    with web.BackgroundServer(app) as server:
        yield server.url


def test_served_graph_page_draws(served: str, open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(lambda url: url.startswith(served))
    tab.page.goto(served)
    tab.settle()
    assert tab.evaluate("window.kgNetwork.body.nodeIndices.length") > 20
    assert painted_pixels(tab) > 20_000
    tab.page.click("text=Queries")
    tab.page.wait_for_url(served + "queries")
    assert tab.page.locator("form.kg-query").count() >= 5
    assert tab.blocked == [] and tab.errors == []


def test_served_query_page_runs_a_named_query(served: str, open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(lambda url: url.startswith(served))
    tab.page.goto(served + "queries")
    form = tab.page.locator("#query-enemies-of")
    form.locator('input[name="actor"]').fill("ISIS")  # an alias
    form.locator("button[type=submit]").click()
    tab.page.wait_for_selector("table.kg-results")
    headers = tab.page.locator("table.kg-results th").all_inner_texts()
    assert headers[:2] == ["enemy", "enemyLabel"]
    assert tab.page.locator("table.kg-results tbody tr").count() > 0
    assert tab.page.input_value('#query-enemies-of input[name="actor"]') == "ISIS"
    tab.screenshot("queries.png")

    # the SPARQL box is a CodeMirror editor with SPARQL highlighting
    tab.page.wait_for_selector("#kg-free .CodeMirror")
    tab.evaluate(
        "(text) => window.kgEditor.setValue(text)",
        "SELECT ?label WHERE { ?a a kgo:State ; rdfs:label ?label }",
    )
    assert tab.page.locator("#kg-free .CodeMirror .cm-keyword").count() >= 2  # SELECT, WHERE
    # Ctrl-Space completes kg's prefixed names
    tab.evaluate("window.kgEditor.focus(); window.kgEditor.setCursor({ line: 0, ch: 0 })")
    tab.page.keyboard.type("kgo:fi")
    tab.page.keyboard.press("Control+Space")
    assert tab.evaluate("window.kgEditor.getValue()").startswith("kgo:fights")
    tab.evaluate(
        "(text) => window.kgEditor.setValue(text)",
        "SELECT ?label WHERE { ?a a kgo:State ; rdfs:label ?label }",
    )
    tab.page.click("#kg-free button[type=submit]")
    tab.page.wait_for_selector("table.kg-results")
    assert tab.page.locator("table.kg-results th").all_inner_texts() == ["label"]
    assert "Iran" in tab.page.inner_text("table.kg-results")

    tab.evaluate("(text) => window.kgEditor.setValue(text)", "DELETE WHERE { ?s ?p ?o }")
    tab.page.click("#kg-free button[type=submit]")
    assert "E204" in tab.page.inner_text(".kg-error")
    assert html.escape("DELETE") in tab.page.content()
    assert tab.blocked == [] and tab.errors == []


# --------------------------------------------------------------------------- the page at scale


def shown_nodes(tab: Tab) -> list[str]:
    return tab.evaluate(
        """() => {
          const network = window.kgNetwork;
          return network.body.data.nodes.get()
            .filter(n => !network.body.nodes[n.id].options.hidden).map(n => n.id).sort();
        }"""
    )


def test_min_evidence_slider_hides_thinly_supported_edges(graph_tab: Tab) -> None:
    steps = graph_tab.evaluate("document.getElementById('kg-min-evidence').dataset.steps")
    assert steps == "1,2"  # the evidence counts that occur
    slider = graph_tab.page.locator("#kg-min-evidence")
    slider.fill("1")  # the second step, 2 sentences; fill() fires "input" on a range
    shown = edge_ids(graph_tab, hidden=False)
    assert shown == edge_ids(graph_tab, "fights", hidden=False)
    assert len(shown) == 1  # only "ISIL fights Iraq" has two sentences
    assert graph_tab.page.inner_text("#kg-min-evidence-value") == "2"
    assert sorted(shown_nodes(graph_tab)) == sorted([ISIL, IRAQ])  # the lonely are hidden
    slider.fill("0")
    assert len(edge_ids(graph_tab, hidden=False)) > 1
    assert graph_tab.errors == []


def test_event_type_filter_shows_only_relations_with_such_a_sentence(graph_tab: Tab) -> None:
    options = graph_tab.evaluate(
        "Array.from(document.querySelectorAll('#kg-event-type option')).map(o => o.value)"
    )
    assert options == ["", "ASSAULT"]  # "any", then the types the evidence has
    graph_tab.page.select_option("#kg-event-type", "ASSAULT")
    assert edge_ids(graph_tab, hidden=False) == edge_ids(graph_tab, "fights", hidden=False)
    assert len(edge_ids(graph_tab, hidden=False)) == 1  # only "ISIL fights Iraq" has one
    graph_tab.page.select_option("#kg-event-type", "")
    assert len(edge_ids(graph_tab, hidden=False)) > 1
    assert graph_tab.errors == []


def test_neighbourhood_of_the_selected_actor(graph_tab: Tab) -> None:
    graph_tab.page.select_option("#kg-hops", "1")
    graph_tab.evaluate("(id) => window.kgFocusActor(id)", PESHMERGA)
    # one step: ISIL (they may fight) and Iraq (it supports them)
    assert shown_nodes(graph_tab) == sorted([PESHMERGA, ISIL, IRAQ])
    assert "1 step around Peshmerga" in graph_tab.page.inner_text("#kg-focus-note")
    graph_tab.page.select_option("#kg-hops", "2")
    assert shown_nodes(graph_tab) == sorted([PESHMERGA, ISIL, IRAQ, MOSUL, BAGHDADI])
    graph_tab.page.select_option("#kg-hops", "1")
    graph_tab.evaluate("(id) => window.kgFocusActor(id)", MOSUL)
    assert shown_nodes(graph_tab) == sorted([MOSUL, ISIL])
    graph_tab.page.click("#kg-show-all")
    assert len(shown_nodes(graph_tab)) == 5 and graph_tab.page.input_value("#kg-hops") == "0"
    assert graph_tab.errors == []


def test_edge_labels_only_when_zoomed_in_or_hovered(graph_tab: Tab) -> None:
    assert graph_tab.evaluate("window.kgEdgeLabelsShown()") == 0
    box = graph_tab.page.locator("#kg-network").bounding_box()
    graph_tab.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(12):
        graph_tab.page.mouse.wheel(0, -300)
        if graph_tab.evaluate("window.kgNetwork.getScale()") > 1.6:
            break
    graph_tab.page.wait_for_function("window.kgEdgeLabelsShown() > 0")
    for _ in range(20):
        graph_tab.page.mouse.wheel(0, 600)
        if graph_tab.evaluate("window.kgNetwork.getScale()") < 0.6:
            break
    graph_tab.page.wait_for_function("window.kgEdgeLabelsShown() === 0")
    assert graph_tab.errors == []


def test_bloc_colours(graph_tab: Tab) -> None:
    colour = "(id) => window.kgNetwork.body.data.nodes.get(id).color.background"
    by_class = graph_tab.evaluate(colour, ISIL)
    graph_tab.page.check('input[name="kg-colour"][value="bloc"]')
    assert graph_tab.page.is_visible("#kg-bloc-legend")
    # no cooperation in this graph: every actor is on its own, grey
    assert graph_tab.evaluate(colour, ISIL) == "#c8c8c8" != by_class
    graph_tab.page.check('input[name="kg-colour"][value="class"]')
    assert graph_tab.evaluate(colour, ISIL) == by_class
    assert graph_tab.errors == []


def test_evidence_panel_does_not_cover_the_selected_actor(graph_tab: Tab) -> None:
    # put ISIL where the panel opens (bottom right), then click it
    graph_tab.evaluate(
        """(id) => {
          const network = window.kgNetwork;
          const at = network.getPositions([id])[id];
          const box = document.getElementById("kg-network").getBoundingClientRect();
          network.moveTo({ position: { x: at.x - (box.width * 0.85 - box.width / 2) / 1.2,
                                       y: at.y - (box.height * 0.8 - box.height / 2) / 1.2 },
                           scale: 1.2, animation: false });
        }""",
        ISIL,
    )
    at = graph_tab.evaluate(
        "(id) => window.kgNetwork.canvasToDOM(window.kgNetwork.getPositions([id])[id])", ISIL
    )
    box = graph_tab.page.locator("#kg-network").bounding_box()
    graph_tab.page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
    assert graph_tab.page.is_visible("#kg-details")
    assert graph_tab.page.inner_text("#kg-details-title") == "ISIL"
    graph_tab.page.wait_for_function("!window.kgSelectionCovered()", timeout=5_000)
    legend = graph_tab.page.locator("#kg-legend").bounding_box()
    assert legend["y"] + legend["height"] <= VIEWPORT["height"]  # the legend fits
    graph_tab.screenshot("graph-panel.png")
    assert graph_tab.errors == []


def test_served_result_table_sorts_filters_and_pages(
    served: str, open_tab: Callable[..., Tab]
) -> None:
    tab = open_tab(lambda url: url.startswith(served))
    tab.page.goto(served + "queries")
    tab.page.wait_for_selector("#kg-free .CodeMirror")
    # an example from the list, then run: every claim's pair, more rows than one page holds
    tab.page.select_option("#kg-examples", "0")
    assert "COUNT(?claim)" in tab.evaluate("window.kgEditor.getValue()")
    tab.evaluate(
        "(text) => window.kgEditor.setValue(text)",
        "SELECT ?claim ?relation ?subject ?n WHERE { ?claim rdf:subject ?s ; rdf:predicate "
        "?relation . ?s rdfs:label ?subject . OPTIONAL { ?claim kgo:sentenceStart ?n } }",
    )
    tab.page.click("#kg-free button[type=submit]")
    tab.page.wait_for_selector("table.kg-results")
    total = tab.page.locator("table.kg-results tbody tr").count()
    assert total > 50

    def visible(column: int) -> list[str]:
        return tab.evaluate(
            """(column) => Array.from(document.querySelectorAll("table.kg-results tbody tr"))
                 .filter(row => !row.hidden).map(row => row.cells[column].textContent)""",
            column,
        )

    assert len(visible(0)) == 50  # one page
    assert tab.page.inner_text("#kg-page-info") == f"rows 1–50 of {total}"
    tab.page.click("#kg-next")
    assert len(visible(0)) == min(50, total - 50)
    # sort by the number column, descending on the second click: numbers, not text
    header = tab.page.locator("table.kg-results th").nth(3)
    header.click()
    header.click()
    numbers = [int(text) for text in visible(3)]
    assert numbers == sorted(numbers, reverse=True) and len(numbers) == 50
    assert header.get_attribute("aria-sort") == "descending"
    # the filter box keeps the rows that mention what is typed, on page 1
    tab.page.fill("#kg-filter", "controls")
    relations = visible(1)
    assert relations and set(relations) == {"controls"}  # short names, not IRIs
    assert "of " + str(len(relations)) + " (filtered from" in tab.page.inner_text("#kg-page-info")
    # a claim links to its sentence and document
    tab.page.locator("table.kg-results tbody tr:not([hidden]) a").first.click()
    tab.page.wait_for_selector("table.kg-results th >> text=evidence")
    assert tab.page.locator("table.kg-results tbody tr").count() == 1
    tab.screenshot("queries-table.png")
    assert tab.blocked == [] and tab.errors == []
