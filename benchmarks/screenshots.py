"""The README's pictures of the graph page: a graph file as a PNG, in headless Chromium.

Run on demand (not a unit test)::

    .venv/bin/kg build ../shared/seeds -o /tmp/seeds
    .venv/bin/python -m benchmarks.corpus --size 300 -o /tmp/c300.jsonl
    .venv/bin/kg build /tmp/c300.jsonl -o /tmp/c300
    .venv/bin/python -m benchmarks.screenshots /tmp/seeds/graph.html docs/graph-seeds.png
    .venv/bin/python -m benchmarks.screenshots /tmp/c300/graph.html docs/graph-300.png \\
        --min-evidence 3 --bloc-colours

It opens the page from ``file://`` in Debian's Chromium (``/usr/bin/chromium``, driven by
Playwright, every other request blocked), waits until the layout has settled, optionally
sets the minimum-evidence slider, colours by bloc and fits the picture, then saves a
1400×900 screenshot.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def screenshot(
    page_file: Path,
    target: Path,
    *,
    min_evidence: int = 1,
    bloc_colours: bool = False,
    width: int = 1400,
    height: int = 900,
) -> dict[str, int]:
    """Save a screenshot of the graph page ``page_file``; return what it shows."""
    from playwright.sync_api import sync_playwright

    url = page_file.resolve().as_uri()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": width, "height": height})
        context.route(
            "**/*", lambda route: route.continue_() if route.request.url == url else route.abort()
        )
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("window.kgStabilizedAt !== undefined", timeout=300_000)
        if min_evidence > 1:
            # the slider's positions are the evidence counts that occur: find N's position
            steps = page.evaluate("document.getElementById('kg-min-evidence').dataset.steps")
            counts = [int(count) for count in steps.split(",")]
            position = next((i for i, n in enumerate(counts) if n >= min_evidence), len(counts) - 1)
            page.locator("#kg-min-evidence").fill(str(position))
        if bloc_colours:
            page.check('input[name="kg-colour"][value="bloc"]')
        page.evaluate("window.kgNetwork.fit({ animation: false })")
        page.wait_for_timeout(300)  # one frame for the canvas to redraw
        shown = page.evaluate(
            """() => {
              const network = window.kgNetwork;
              const visible = (items, drawn) =>
                items.get().filter(item => !drawn[item.id].options.hidden).length;
              return { nodes: visible(network.body.data.nodes, network.body.nodes),
                       edges: visible(network.body.data.edges, network.body.edges),
                       allNodes: network.body.data.nodes.length,
                       allEdges: network.body.data.edges.length };
            }"""
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target))
        browser.close()
    return shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", type=Path, help="a graph.html written by kg build or kg viz")
    parser.add_argument("target", type=Path, help="the PNG to write")
    parser.add_argument("--min-evidence", type=int, default=1, help="set the slider to N")
    parser.add_argument("--bloc-colours", action="store_true", help="colour nodes by bloc")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"no browser at {CHROMIUM}: apt-get install chromium")
    shown = screenshot(
        args.page, args.target, min_evidence=args.min_evidence, bloc_colours=args.bloc_colours
    )
    print(
        f"wrote {args.target}: {shown['nodes']} of {shown['allNodes']} nodes and "
        f"{shown['edges']} of {shown['allEdges']} edges shown"
    )


if __name__ == "__main__":
    main()
