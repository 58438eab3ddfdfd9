"""``kg export``: the graph in another format."""

from __future__ import annotations

import argparse
import sys

from kg.cli.common import add_graph_option, message

HELP = "write the graph in another format"


# kg.rdf.export's formats, repeated so that building the parser does not import networkx and
# rdflib for every command (tests/test_startup.py checks they agree)
EXPORT_FORMATS = ("turtle", "ntriples", "jsonld", "graphml", "csv")


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "export",
        help=HELP,
        description="Convert a built graph: turtle, ntriples, jsonld (RDF); graphml (the "
        "aggregated actor graph, for Gephi, yEd, Cytoscape); csv (one row per claim).",
    )
    add_graph_option(parser)
    parser.add_argument("-f", "--format", required=True, choices=EXPORT_FORMATS)
    parser.add_argument(
        "-o", "--output", required=True, metavar="PATH", help="output file, or '-' for stdout"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.rdf.convert import read_graph
    from kg.rdf.export import export, export_bytes

    graph = read_graph(args.graph)
    if args.output == "-":
        sys.stdout.buffer.write(export_bytes(graph, args.format))
    else:
        message(f"wrote {export(graph, args.format, args.output)}")
    return 0
