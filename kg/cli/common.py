"""Pieces every ``kg`` command shares: the parser class, the --graph and --format options."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from kg.errors import KgError

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


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    """``["actor=Iran", "since=2014-06-01"]`` → a dict; malformed pairs are a one-line error."""
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise KgError("E202", f"parameter {pair!r} must look like KEY=VALUE")
        params[key.strip()] = value
    return params


def out(text: str) -> None:
    """Data to stdout, ending with exactly one newline."""
    sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


def message(text: str) -> None:
    """Messages (progress, summaries, 'wrote FILE') go to stderr."""
    print(text, file=sys.stderr)
