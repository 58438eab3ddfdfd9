"""``kg serve``: the graph, its queries and a read-only SPARQL endpoint on a local web app."""

from __future__ import annotations

import argparse
import contextlib

from kg.cli.common import DEFAULT_GRAPH, add_graph_option, add_store_options, message

HELP = "serve the graph, a query page and a SPARQL endpoint locally"


# kg.web.config's defaults, repeated so that building the parser does not import starlette and
# rdflib for every command (tests/test_startup.py checks they agree)
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 10_000


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "serve",
        help=HELP,
        description="Serve a built graph on a local web app: / the interactive graph, "
        "/queries the named queries and a SPARQL box, /sparql a read-only SPARQL 1.1 Protocol "
        "endpoint (results as JSON, XML, CSV or TSV; Turtle for CONSTRUCT and DESCRIBE). "
        "Updates, SERVICE, LOAD and FROM are refused. Ctrl-C stops it.",
    )
    add_graph_option(parser)
    add_store_options(parser)
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default: {DEFAULT_HOST}, this machine only)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"TCP port; 0 picks a free one (default: {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"time limit of one query (default: {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--max-rows",
        type=int,
        default=DEFAULT_MAX_ROWS,
        metavar="N",
        help="most rows in one answer; longer results are cut and flagged with "
        f"X-KG-Truncated: true (default: {DEFAULT_MAX_ROWS})",
    )
    parser.add_argument(
        "--cors",
        action="store_true",
        help="allow pages from any origin to query /sparql (default: off)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.web.server import serve

    if args.graph != DEFAULT_GRAPH and (args.store is not None or args.endpoint is not None):
        from kg.errors import Errors

        raise Errors.E1008_graph_and_store()
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how it stops
        serve(
            args.graph,
            host=args.host,
            port=args.port,
            timeout=args.timeout,
            max_rows=args.max_rows,
            cors=args.cors,
            announce=message,
            store=args.store,
            endpoint=args.endpoint,
        )
    message("kg serve: stopped")
    return 0
