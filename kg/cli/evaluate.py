"""``kg evaluate``: score a built graph against your own gold annotations."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.cli.common import add_format_option, add_graph_option, message, out

HELP = "score a graph against gold annotations (precision, recall, F1)"


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "evaluate",
        help=HELP,
        description="Score a graph built by 'kg build' against gold annotations in JSON Lines, "
        "one line per document. Document-level gold (subject, relation, object, modality by "
        "canonical actor name; needs --actors) gives precision, recall and F1 per relation "
        "and overall, and modality accuracy. Mention-level gold in the re3d style (source and "
        "target mention text; --mentions) gives recall per relation, a lower bound on "
        "precision, and the share of sameAs pairs that land on one node.",
    )
    parser.add_argument("gold", type=Path, metavar="GOLD.jsonl", help="the gold annotations")
    parser.add_argument(
        "--actors",
        type=Path,
        metavar="ACTORS.json",
        help="canonical actor names and their aliases (document-level gold)",
    )
    parser.add_argument(
        "--mentions",
        action="store_true",
        help="the gold is mention-level (re3d style: source/target mention text and spans)",
    )
    parser.add_argument(
        "--relations",
        metavar="REL,REL,...",
        help="with --mentions: the relations the overall figures cover "
        "(default: fights,alliedWith,memberOf,controls,supports,opposes)",
    )
    add_graph_option(parser)
    add_format_option(parser, what="report")
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also list the false positives and misses of every document",
    )
    parser.set_defaults(run=run, evaluate_parser=parser)


def run(args: argparse.Namespace) -> int:
    from kg.evaluate import evaluate_documents, evaluate_mentions, format_report
    from kg.rdf.convert import read_graph

    parser: argparse.ArgumentParser = args.evaluate_parser
    if args.mentions and args.actors is not None:
        parser.error(
            "--mentions and --actors do not go together: mention-level gold names no actors"
        )
    if not args.mentions and args.actors is None:
        parser.error(
            "document-level gold needs --actors ACTORS.json; for re3d-style gold pass --mentions"
        )
    if args.relations and not args.mentions:
        parser.error("--relations goes with --mentions")
    graph = read_graph(args.graph)
    if args.mentions:
        relations = [r.strip() for r in (args.relations or "").split(",") if r.strip()]
        report = evaluate_mentions(graph, args.gold, relations or None)
    else:
        report = evaluate_documents(graph, args.gold, args.actors)
        for name, line in report.unknown_names:
            message(
                f"kg evaluate: warning: {args.gold}:{line}: {name!r} is not in {args.actors}; "
                "a gold item can match it only through another of its alternatives"
            )
        for document in report.missing_documents:
            message(
                f"kg evaluate: warning: {args.graph} has no document {document!r}; "
                "its gold items all count as misses"
            )
    out(format_report(report, args.format, verbose=args.verbose))
    return 0
