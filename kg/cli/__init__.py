"""The ``kg`` command line: a thin layer over the library functions.

One module per command (``kg/cli/<command>.py``), each with ``register(subparsers)`` that
declares its arguments and a ``run(args)`` that calls a library function. Data goes to
stdout, messages to stderr; any error is one line on stderr and a non-zero exit status
(``--debug`` shows the traceback instead).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from kg import __version__
from kg.cli import analyze, build, evaluate, export, query, serve, validate, viz
from kg.cli.common import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_USAGE, Parser
from kg.errors import KgError

# the commands, in the order --help lists them; a new command adds its module here
COMMANDS = [build, query, analyze, export, viz, validate, serve, evaluate]

DESCRIPTION = """\
kg builds an actor-relationship knowledge graph from news articles: the actors (armed
groups, states, governments, leaders), the relations between them (alliedWith, supports,
fights, threatens, opposes, negotiatesWith, controls, memberOf), whether each was stated as
fact, possibility or denial, and the sentence that says so.

typical use:
  kg build articles/ -o out          # parse, extract, write out/graph.ttl + out/graph.html
  kg query --list                    # the named questions you can ask
  kg query allies-of --param actor=Iran
  kg analyze                         # central actors, blocs, balance; writes out/analytics.ttl
  kg export --format csv -o claims.csv
  kg viz -o graph.html
  kg validate                        # check out/graph.ttl against the SHACL shapes
  kg serve                           # http://127.0.0.1:8000/: graph, queries, SPARQL
"""


def make_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="kg", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in COMMANDS:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.run(args)
    except KgError as exc:
        if args.debug:
            raise
        print(f"kg {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(
            f"kg {args.command}: interrupted; no output file was left half-written", file=sys.stderr
        )
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: still one line, with how to see more
        if args.debug:
            raise
        print(
            f"kg {args.command}: internal error: {type(exc).__name__}: {exc} "
            "(run 'kg --debug ...' for the traceback, and please report it)",
            file=sys.stderr,
        )
        return EXIT_ERROR
