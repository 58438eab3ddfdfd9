"""``kg validate``: check a graph against the kg SHACL shapes."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli.common import add_format_option, add_graph_option, message, out

HELP = "check a graph against the kg SHACL shapes"


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "validate",
        help=HELP,
        description="Validate a graph with pyshacl against ontology/shapes.ttl: actors, places, "
        "documents, runs and claims (one subject, predicate, object, modality and source "
        "document each; offsets within the document; relation ranges; every direct triple "
        "backed by an asserted claim). Exit status 0 when the graph conforms, 1 when it does "
        "not: a one-line summary goes to stderr, the results to stdout.",
    )
    add_graph_option(parser)
    add_format_option(parser)
    parser.add_argument(
        "--shapes",
        metavar="FILE",
        type=Path,
        help="validate against this shapes file instead of the bundled one",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.rdf.convert import read_graph
    from kg.rdf.validate import format_report, load_shapes, validate

    shapes = load_shapes(args.shapes) if args.shapes is not None else None
    report = validate(read_graph(args.graph), shapes)
    text = format_report(report, args.format)
    if text:
        out(text)
    message(f"{args.graph}: {report.summary()}")
    return 0 if report.conforms else 1
