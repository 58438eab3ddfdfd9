"""``kg analyze``: centrality, coalitions, structural balance and paths over a built graph."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli.common import (
    DEFAULT_GRAPH,
    add_format_option,
    add_graph_option,
    add_store_options,
    load_graph,
    message,
    out,
)

HELP = "find central actors, blocs, balance, and chains between actors"

ANALYTICS_NAME = "analytics.ttl"


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "analyze",
        help=HELP,
        description="Network analysis of the actors, on asserted ties between them (places "
        "left out): the most central actors per relation family (cooperative, hostile, all); "
        "blocs that cooperative ties hold together, chosen so that as few ties as possible "
        "contradict them (the frustration, listed); structural balance of triads. Prints "
        "tables and writes the results as RDF (kgo:bloc, kgo:degreeCentrality, "
        "kgo:betweennessCentrality, ...) to a file of its own, by default analytics.ttl beside "
        "the graph; query both with 'kg query --graph GRAPH --graph ANALYTICS'. With --path A "
        "B it prints the shortest chain between two actors instead, and writes nothing.",
    )
    add_graph_option(parser)
    add_store_options(parser)
    parser.set_defaults(graph=None)  # --graph, --store and --endpoint exclude each other
    add_format_option(parser)
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT.ttl",
        type=Path,
        help=f"where to write the analytics triples (default: {ANALYTICS_NAME} beside the graph)",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print the results only; write no file"
    )
    parser.add_argument(
        "--top",
        type=int,
        default=10,
        metavar="N",
        help="how many central actors to list per family (default: 10)",
    )
    parser.add_argument(
        "--path",
        nargs=2,
        metavar=("A", "B"),
        help="print the shortest chain of ties from actor A to actor B (labels or aliases)",
    )
    parser.add_argument(
        "--family",
        default="any",
        choices=("cooperative", "hostile", "any"),
        help="the ties a --path may use (default: any)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.analyze import analytics_rdf, analyze, format_analytics, format_path, shortest_path
    from kg.rdf.convert import from_rdf, write_graph

    kg = from_rdf(load_graph(args))
    if args.path:
        out(format_path(shortest_path(kg, args.path[0], args.path[1], args.family), args.format))
        return 0
    results = analyze(kg, top=args.top)
    out(format_analytics(results, args.format))
    if not args.no_write:
        default_dir = args.store if args.store is not None else (args.graph or DEFAULT_GRAPH).parent
        target = args.output or Path(default_dir) / ANALYTICS_NAME
        message(f"wrote {write_graph(analytics_rdf(kg, results), target)}")
    return 0
