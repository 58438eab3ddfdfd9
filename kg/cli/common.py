"""Pieces every ``kg`` command shares: the parser class, the --graph and --format options."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from kg.errors import Errors

DEFAULT_GRAPH = Path("out") / "graph.ttl"
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, and how to get help
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def add_graph_option(parser: argparse.ArgumentParser, *, repeatable: bool = False) -> None:
    """``--graph FILE``; ``repeatable``: ``--graph`` may be given again, each file is loaded
    into the same graph (``args.graph`` is then a list, ``[DEFAULT_GRAPH]`` when not given)."""
    if repeatable:
        parser.add_argument(
            "--graph",
            metavar="FILE",
            type=Path,
            action="append",
            help=f"graph file written by 'kg build' (default: {DEFAULT_GRAPH}); give --graph "
            "again to load more files into the same graph, e.g. the analytics.ttl of "
            "'kg analyze'",
        )
        parser.set_defaults(graph=None)
        return
    parser.add_argument(
        "--graph",
        metavar="FILE",
        type=Path,
        default=DEFAULT_GRAPH,
        help=f"graph file written by 'kg build' (default: {DEFAULT_GRAPH})",
    )


def add_format_option(
    parser: argparse.ArgumentParser,
    choices: Sequence[str] = ("table", "json"),
    *,
    what: str = "results",
) -> None:
    """The one ``-f/--format`` option every reading command shares; ``table`` first and
    the default."""
    parser.add_argument(
        "-f",
        "--format",
        default=choices[0],
        choices=tuple(choices),
        help=f"how to print the {what} (default: {choices[0]})",
    )


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    """``["actor=Iran", "since=2014-06-01"]`` → a dict; malformed pairs are a one-line error."""
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise Errors.E202_not_key_value(pair=pair)
        params[key.strip()] = value
    return params


def out(text: str) -> None:
    """Data to stdout, ending with exactly one newline."""
    sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


def message(text: str) -> None:
    """Messages (progress, summaries, 'wrote FILE') go to stderr."""
    print(text, file=sys.stderr)


def add_store_options(parser: argparse.ArgumentParser, *, building: bool = False) -> None:
    """``--store DIR`` (an Oxigraph store on disk) and ``--endpoint URL`` (a SPARQL 1.1
    endpoint); see :mod:`kg.store.backends`."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--store",
        metavar="DIR",
        type=Path,
        help="add the documents to the persistent Oxigraph store in DIR (created if new): "
        "unchanged documents are skipped, changed ones replaced"
        if building
        else "query the Oxigraph store in DIR written by 'kg build --store DIR'",
    )
    group.add_argument(
        "--endpoint",
        metavar="URL",
        help="push the documents to this SPARQL 1.1 endpoint (query URL; updates go to its "
        "…/update sibling)"
        if building
        else "query this SPARQL 1.1 endpoint (its default graph holds the kg graph)",
    )


def check_graph_or_store(args: argparse.Namespace) -> None:
    """``--graph`` and ``--store`` / ``--endpoint`` name different graphs: one at a time."""
    if getattr(args, "graph", None) and (args.store is not None or args.endpoint is not None):
        raise Errors.E1008_graph_and_store()


def load_graph(args: argparse.Namespace):  # -> rdflib.Graph
    """The graph a reading command works on: ``--graph FILE`` (default), or the default
    graph of ``--store DIR`` / ``--endpoint URL`` read into memory."""
    check_graph_or_store(args)
    store, endpoint = getattr(args, "store", None), getattr(args, "endpoint", None)
    if store is None and endpoint is None:
        from kg.rdf.convert import read_graph

        return read_graph(args.graph or DEFAULT_GRAPH)
    from kg.rdf.convert import new_graph
    from kg.store.backends import open_store

    graph = new_graph()
    with open_store(store, endpoint, read_only=True) as opened:
        graph.parse(data=opened.export("ntriples"), format="nt")
    return graph
