"""``kg query``: named questions (``queries/*.rq``), a .rq file, or SPARQL on stdin."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from kg.cli.common import (
    DEFAULT_GRAPH,
    add_graph_option,
    add_store_options,
    check_graph_or_store,
    message,
    out,
    parse_params,
)
from kg.errors import Errors

if TYPE_CHECKING:
    from kg.sparql import NamedQuery, QueryResult

HELP = "run a named or your own SPARQL query"


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "query",
        help=HELP,
        description="Run a named query (see --list), a .rq file, or '-' for a query on stdin. "
        "Parameters are bound as values, never pasted into the query text; an actor parameter "
        "accepts any of the actor's labels or aliases.",
    )
    parser.add_argument("query", nargs="?", metavar="NAME|FILE.rq|-")
    parser.add_argument("--list", action="store_true", help="list the named queries")
    add_graph_option(parser, repeatable=True)
    add_store_options(parser)
    parser.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a query parameter; may be repeated",
    )
    parser.add_argument(
        "-f",
        "--format",
        default="table",
        choices=("table", "csv", "tsv", "json", "ndjson"),
        help="output format (default: table; json is SPARQL 1.1 results JSON; ndjson is one "
        "JSON object per row; CONSTRUCT and DESCRIBE give Turtle)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="give up after this many seconds (default: 30; 0 waits for ever)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import kg.sparql as q
    from kg.store.backends import GraphFilesStore, open_store, run_store_query

    if args.list:
        out(q.format_query_list(q.list_queries(), "json" if args.format == "json" else "table"))
        return 0
    if not args.query:
        raise Errors.E200()
    named = q.load_query(args.query)
    check_graph_or_store(args)
    params = parse_params(args.param)
    if args.store is not None or args.endpoint is not None:
        store = open_store(args.store, args.endpoint, read_only=True)
    else:  # --graph may be repeated: e.g. the graph and the analytics.ttl of 'kg analyze'
        store = GraphFilesStore(args.graph or [DEFAULT_GRAPH])
    with store:
        result = run_store_query(store, named, params, timeout=args.timeout)
    _print_result(named, params, result, args.format)
    return 0


def _print_result(named: NamedQuery, params: dict[str, str], result: QueryResult, fmt: str) -> None:
    import kg.sparql as q

    if fmt == "table":  # a terminal: an overview of a long whole-graph answer
        shown, total = q.brief_rows(named, params, result)
        out(q.format_result(shown, fmt))
        if named.top is not None and len(shown.rows) < total:
            message(
                f"showing the first {len(shown.rows)} of {total} rows; give -p "
                f"{named.top[1]}=… for one {named.top[1]}, or -f csv for all"
            )
        return
    out(q.format_result(result, fmt))
