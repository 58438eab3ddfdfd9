"""The analytics report: :func:`analyze` runs centrality, coalitions and balance;
:func:`analytics_rdf` writes the results as RDF (``kgo:bloc``, ``kgo:degreeCentrality``,
``kgo:betweennessCentrality``, …) so SPARQL can use them; :func:`format_analytics` and
:func:`format_path` print them as a table or JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.analyze.balance import BalanceResult, Bloc, CoalitionResult, balance, coalitions
from kg.analyze.centrality import ActorCentrality, centrality, most_central_by_family
from kg.analyze.families import DIGITS, SignedTie
from kg.analyze.paths import PathStep
from kg.catalog.vocab import (
    KGO,
    KGR,
)
from kg.errors import Errors
from kg.graph.knowledge_graph import KnowledgeGraph
from kg.sparql.formats import text_table

FORMATS: tuple[str, ...] = ("table", "json")
#: The IRI of the analysis activity that :func:`analytics_rdf` writes.
ANALYSIS_IRI = KGR["analysis"]


# --------------------------------------------------------------------------- all together


@dataclass(frozen=True)
class Analytics:
    """What :func:`analyze` computes: the input of :func:`analytics_rdf` and the printers."""

    centrality: tuple[ActorCentrality, ...]  # family "all", every actor
    most_central: dict[str, tuple[ActorCentrality, ...]]  # per family, the top ones
    coalitions: CoalitionResult
    balance: BalanceResult


def analyze(kg: KnowledgeGraph, top: int = 10) -> Analytics:
    """Centrality, coalitions and balance of a knowledge graph in one go.

    >>> from kg.analyze.families import graph_from_triples
    >>> kg = graph_from_triples([("A", "alliedWith", "B"), ("A", "fights", "C"),
    ...                          ("B", "fights", "C")])
    >>> results = analyze(kg, top=1)
    >>> [c.label for c in results.most_central["all"]], results.balance.balanced
    (['A'], 1)
    """
    return Analytics(
        centrality=tuple(centrality(kg, "all")),
        most_central={
            family: tuple(ranked) for family, ranked in most_central_by_family(kg, top).items()
        },
        coalitions=coalitions(kg),
        balance=balance(kg),
    )


def _decimal(value: float) -> Literal:
    return Literal(f"{value:.{DIGITS}f}", datatype=XSD.decimal)


def analytics_rdf(kg: KnowledgeGraph, results: Analytics) -> Graph:
    """The analytics as RDF, to load beside the graph they were computed from.

    * every actor: ``kgo:degreeCentrality`` and ``kgo:betweennessCentrality``
      (``xsd:decimal``, family ``all``), and ``kgo:bloc`` its bloc, if it has signed ties;
    * every bloc: ``kgr:bloc-N``, a ``kgo:Bloc`` with an ``rdfs:label`` listing its members
      and ``prov:wasGeneratedBy`` the analysis;
    * the analysis ``kgr:analysis``, a ``kgo:Analysis`` (a ``prov:Activity``) with
      ``kgo:frustration``, ``kgo:balancedTriads`` and ``kgo:unbalancedTriads``.

    >>> from kg.analyze.families import graph_from_triples
    >>> kg = graph_from_triples([("A", "alliedWith", "B"), ("B", "fights", "C")])
    >>> g = analytics_rdf(kg, analyze(kg))
    >>> sorted((str(g.value(b, RDFS.label)), str(a).rsplit("-", 1)[1])
    ...        for a, b in g.subject_objects(KGO.bloc))
    [('bloc 1: A, B', 'a'), ('bloc 1: A, B', 'b'), ('bloc 2: C', 'c')]
    >>> g.value(KGR["actor-b"], KGO.betweennessCentrality)
    rdflib.term.Literal('1.000000', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    """
    from kg.rdf.convert import new_graph

    graph = new_graph()
    analysis = ANALYSIS_IRI
    graph.add((analysis, RDF.type, KGO.Analysis))
    graph.add((analysis, RDF.type, PROV.Activity))
    graph.add((analysis, RDFS.label, Literal("kg analyze: centrality, coalitions, balance")))
    graph.add((analysis, KGO.frustration, Literal(results.coalitions.frustration)))
    graph.add((analysis, KGO.balancedTriads, Literal(results.balance.balanced)))
    graph.add((analysis, KGO.unbalancedTriads, Literal(results.balance.unbalanced)))
    for entry in results.centrality:
        node = URIRef(entry.iri)
        graph.add((node, KGO.degreeCentrality, _decimal(entry.degree_centrality)))
        graph.add((node, KGO.betweennessCentrality, _decimal(entry.betweenness)))
    for bloc in results.coalitions.blocs:
        resource = KGR[f"bloc-{bloc.number}"]
        graph.add((resource, RDF.type, KGO.Bloc))
        graph.add((resource, RDFS.label, Literal(f"bloc {bloc.number}: {', '.join(bloc.labels)}")))
        graph.add((resource, PROV.wasGeneratedBy, analysis))
        for member in bloc.members:
            graph.add((URIRef(member), KGO.bloc, resource))
    return graph


# --------------------------------------------------------------------------- printing


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    return text_table(header, rows, empty="(none)")


def _wrapped_names(labels: Sequence[str], width: int = 100) -> list[str]:
    """``labels`` joined by commas in lines of about ``width`` characters: every member is
    listed (a bloc of 40 is read in full, not cut off), no name is split."""
    lines: list[str] = []
    current = ""
    for number, label in enumerate(labels):
        piece = label + ("," if number < len(labels) - 1 else "")
        if current and len(current) + 1 + len(piece) > width:
            lines.append(current)
            current = piece
        else:
            current = f"{current} {piece}" if current else piece
    return [*lines, current] if current else lines


def _bloc_rows(blocs: Sequence[Bloc]) -> list[list[str]]:
    """One row per line of members; the bloc's number and size on its first line only."""
    rows = []
    for bloc in blocs:
        if len(bloc.members) < 2:
            continue
        for line, names in enumerate(_wrapped_names(bloc.labels)):
            first = line == 0
            rows.append(
                [str(bloc.number) if first else "", str(len(bloc.members)) if first else "", names]
            )
    return rows


def _tie_json(tie: SignedTie) -> dict[str, Any]:
    return {
        "a": tie.a,
        "aLabel": tie.a_label,
        "b": tie.b,
        "bLabel": tie.b_label,
        "sign": tie.symbol,
        "relations": list(tie.relations),
        "claims": tie.claims,
    }


def _centrality_json(entry: ActorCentrality) -> dict[str, Any]:
    return {
        "actor": entry.iri,
        "label": entry.label,
        "degree": entry.degree,
        "degreeCentrality": entry.degree_centrality,
        "betweenness": entry.betweenness,
    }


def format_analytics(results: Analytics, fmt: str = "table") -> str:
    """The analytics as text: ``table`` (for a terminal) or ``json``."""
    if fmt not in FORMATS:
        raise Errors.E605(fmt=fmt, formats=", ".join(FORMATS))
    coalition, balanced = results.coalitions, results.balance
    if fmt == "json":
        document = {
            "centrality": {
                family: [_centrality_json(entry) for entry in ranked]
                for family, ranked in results.most_central.items()
            },
            "coalitions": {
                "method": coalition.method,
                "ties": len(coalition.ties),
                "frustration": coalition.frustration,
                "blocs": [
                    {
                        "bloc": bloc.number,
                        "members": [
                            {"actor": iri, "label": label}
                            for iri, label in zip(bloc.members, bloc.labels, strict=True)
                        ],
                    }
                    for bloc in coalition.blocs
                ],
                "frustrated": [_tie_json(tie) for tie in coalition.frustrated],
            },
            "balance": {
                "balanced": balanced.balanced,
                "unbalanced": balanced.unbalanced,
                "ratio": balanced.ratio,
                "byType": balanced.by_type,
                "ambiguousPairs": balanced.ambiguous_pairs,
                "triads": [
                    {"actors": list(t.labels), "signs": t.signs, "balanced": t.balanced}
                    for t in balanced.triads
                ],
            },
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    parts = [
        "Most central actors (asserted ties between actors; degree = distinct counterparts)",
        _table(
            ["family", "rank", "actor", "degree", "betweenness"],
            [
                [family, str(rank), entry.label, str(entry.degree), f"{entry.betweenness:.3f}"]
                for family, ranked in results.most_central.items()
                for rank, entry in enumerate(ranked, start=1)
            ],
        ),
        "Blocs (cooperative ties hold a bloc together; hostile ties should run between blocs)",
        _table(
            ["bloc", "size", "members"],
            _bloc_rows(coalition.blocs),
        ),
    ]
    alone = [bloc.labels[0] for bloc in coalition.blocs if len(bloc.members) == 1]
    if alone:
        parts.append(f"on their own: {', '.join(alone)}\n")
    parts.append(
        f"frustration: {coalition.frustration} of {len(coalition.ties)} signed ties contradict "
        f"the blocs (method: {coalition.method})\n"
    )
    if coalition.frustrated:
        parts.append(
            _table(
                ["actor", "tie", "actor", "relations", "claims"],
                [
                    [t.a_label, t.symbol, t.b_label, ", ".join(t.relations), str(t.claims)]
                    for t in coalition.frustrated
                ],
            )
        )
    counts = balanced.by_type
    parts += [
        "Structural balance (triads of actors whose three pairs all have one sign)",
        _table(
            ["triad", "balanced", "count"],
            [
                [kind, "yes" if kind in ("+++", "+--") else "no", str(counts[kind])]
                for kind in ("+++", "+--", "++-", "---")
            ],
        ),
        f"balanced: {balanced.balanced}  unbalanced: {balanced.unbalanced}  "
        f"(pairs left out for having both signs: {balanced.ambiguous_pairs})\n",
    ]
    unbalanced = [t for t in balanced.triads if not t.balanced]
    if unbalanced:
        parts.append(
            _table(
                ["unbalanced triad", "signs"],
                [[", ".join(t.labels), t.signs] for t in unbalanced],
            )
        )
    return "\n".join(part if part.endswith("\n") else part + "\n" for part in parts)


def format_path(steps: Sequence[PathStep], fmt: str = "table") -> str:
    """A chain from :func:`shortest_path` as a ``table`` (one row per edge) or ``json``."""
    if fmt not in FORMATS:
        raise Errors.E605(fmt=fmt, formats=", ".join(FORMATS))
    if fmt == "json":
        document = [
            {
                "step": number,
                "from": step.source,
                "fromLabel": step.source_label,
                "to": step.target,
                "toLabel": step.target_label,
                "edges": [
                    {
                        "subject": edge.subject,
                        "subjectLabel": edge.subject_label,
                        "relation": edge.relation,
                        "object": edge.object,
                        "objectLabel": edge.object_label,
                        "claims": edge.claims,
                    }
                    for edge in step.edges
                ],
            }
            for number, step in enumerate(steps, start=1)
        ]
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if not steps:
        return "(the same actor: no steps)\n"
    chain = " — ".join([steps[0].source_label, *(step.target_label for step in steps)])
    rows = [
        [str(number), edge.subject_label, edge.relation, edge.object_label, str(edge.claims)]
        for number, step in enumerate(steps, start=1)
        for edge in step.edges
    ]
    return f"{chain}\n\n" + _table(["step", "subject", "relation", "object", "claims"], rows)
