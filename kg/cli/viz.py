"""``kg viz``: the graph as one self-contained, offline HTML page."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli.common import add_graph_option, message

HELP = "draw the graph as an interactive HTML page"


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "viz",
        help=HELP,
        description="Write one self-contained HTML file (works offline, from file://): nodes "
        "coloured and shaped by actor class and sized by degree, edges coloured by relation "
        "(hostile warm, cooperative cool), hypothetical claims dashed; filters for relations, "
        "modality and dates, a search by any alias, and the evidence sentences of a node or "
        "edge on click. Negated claims are in the page, hidden until ticked.",
    )
    add_graph_option(parser)
    parser.add_argument("-o", "--output", required=True, metavar="FILE.html", type=Path)
    parser.add_argument(
        "--show-negated", action="store_true", help="draw negated claims from the start"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.rdf.convert import from_rdf, read_graph
    from kg.viz.graph_page import write_html

    kg = from_rdf(read_graph(args.graph))
    message(f"wrote {write_html(kg, args.output, show_negated=args.show_negated)}")
    return 0
