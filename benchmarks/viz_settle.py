"""How long the ``kg viz`` page takes to lay out a big graph, in headless Chromium.

Run on demand (not a unit test)::

    .venv/bin/python benchmarks/viz_settle.py [--nodes 500] [--edges 2000] [--runs 3]

It builds a synthetic :class:`~kg.graph.knowledge_graph.KnowledgeGraph` (seeded, so every
run draws the same graph), writes the page with :func:`kg.viz.graph_page.write_html`, opens it
from ``file://`` in Debian's Chromium (``/usr/bin/chromium``, driven by Playwright, network
blocked) and reads what the page records: ``window.kgStartedAt`` just before
``new vis.Network(…)`` and ``window.kgStabilizedAt`` when stabilisation is done and physics is
off. It prints, per run and as the median, the time from navigation start to a settled layout,
and the part of it spent laying out.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg.catalog.vocab import MODALITIES, RELATIONS
from kg.graph.knowledge_graph import DocumentInfo, Evidence, KnowledgeGraph
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
KGR = "https://w3id.org/kg-news/resource/"


def synthetic_graph(n_nodes: int, n_edges: int, seed: int = 1) -> KnowledgeGraph:
    """A random actor graph with ``n_nodes`` nodes and ``n_edges`` distinct edges."""
    rng = random.Random(seed)
    kinds = list(viz.NODE_STYLES)
    graph = nx.MultiDiGraph()
    ids = []
    for i in range(n_nodes):
        iri = f"{KGR}actor-{i:04d}"
        ids.append(iri)
        graph.add_node(
            iri,
            label=f"Actor {i}",
            kind=rng.choice(kinds),
            aliases=[f"A{i}", f"Alias {i}"],
            wikidata=f"Q{1000 + i}" if i % 3 == 0 else None,
        )
    documents = {
        f"doc{d}": DocumentInfo(f"doc{d}", f"Report {d}", f"2014-06-{1 + d % 28:02d}", f"d{d}")
        for d in range(200)
    }
    weights = [0.8, 0.15, 0.05]  # asserted, hypothetical, negated
    claim = 0
    while graph.number_of_edges() < n_edges:
        # a few hubs, as in news: most edges touch a popular actor
        s = ids[min(int(rng.paretovariate(1.2)) - 1, n_nodes - 1)] if rng.random() < 0.5 else None
        s = s or rng.choice(ids)
        o = rng.choice(ids)
        if s == o:
            continue
        relation = rng.choice(RELATIONS)
        modality = rng.choices(MODALITIES, weights)[0]
        key = f"{relation}/{modality}"
        if graph.has_edge(s, o, key):
            continue
        evidence = []
        for _ in range(rng.randint(1, 3)):
            claim += 1
            doc = documents[f"doc{rng.randrange(200)}"]
            evidence.append(
                Evidence(
                    claim=f"{KGR}claim-{claim:06d}",
                    text=f"Sentence {claim}: {graph.nodes[s]['label']} {relation} "
                    f"{graph.nodes[o]['label']}.",
                    doc_id=doc.doc_id,
                    doc_title=doc.title,
                    date=doc.date,
                    sentence_start=claim * 10,
                    sentence_end=claim * 10 + 40,
                    confidence=0.8,
                    trigger=relation,
                )
            )
        graph.add_edge(s, o, key, relation=relation, modality=modality, evidence=evidence)
    return KnowledgeGraph(graph=graph, documents=documents)


def measure(page: Path, runs: int, timeout_s: float) -> list[tuple[float, float]]:
    """(navigation start → settled, network created → settled) in ms, per run."""
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                context.route(
                    "**/*",
                    lambda route: (
                        route.continue_()
                        if route.request.url.startswith("file:")
                        else route.abort()
                    ),
                )
                tab = context.new_page()
                tab.goto(page.as_uri())
                tab.wait_for_function(
                    "window.kgStabilizedAt !== undefined", timeout=timeout_s * 1000
                )
                started, settled = tab.evaluate("[window.kgStartedAt, window.kgStabilizedAt]")
                assert tab.evaluate("window.kgNetwork.physics.physicsEnabled") is False
                results.append((settled, settled - started))
                context.close()
        finally:
            browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=500)
    parser.add_argument("--edges", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300.0, metavar="SECONDS")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 2
    kg = synthetic_graph(args.nodes, args.edges)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "graph.html"
        began = time.perf_counter()
        viz.write_html(kg, page, title=f"{args.nodes} nodes, {args.edges} edges")
        written = time.perf_counter() - began
        size = page.stat().st_size
        results = measure(page, args.runs, args.timeout)
    print(
        f"graph: {kg.graph.number_of_nodes()} nodes, {kg.graph.number_of_edges()} edges; "
        f"page {size / 1e6:.2f} MB written in {written:.2f} s"
    )
    for number, (total, layout) in enumerate(results, start=1):
        print(
            f"run {number}: settled {total / 1000:.2f} s after navigation"
            f" (layout {layout / 1000:.2f} s)"
        )
    total = statistics.median(r[0] for r in results)
    layout = statistics.median(r[1] for r in results)
    print(
        f"median: settled, physics off {total / 1000:.2f} s after navigation start "
        f"(layout {layout / 1000:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
