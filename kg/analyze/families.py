"""Relation families and the actor graphs analytics read: a
:class:`~kg.graph.knowledge_graph.KnowledgeGraph` and a family → a networkx graph of actors
(:func:`actor_graph`) or the signed ties between them (:func:`signed_ties`). Analytics look
at **asserted** edges between **actors** only: places are left out (so ``controls`` never
counts), and hypothetical or negated claims are not ties. Relations fall into families:

==============  ==========================================  ==================================
family          relations                                   in the signed graph
==============  ==========================================  ==================================
``cooperative`` ``alliedWith``, ``supports``,               a positive tie (+)
                ``negotiatesWith``
``hostile``     ``fights``, ``threatens``, ``opposes``      a negative tie (−)
``all``         both families and ``memberOf``              (``memberOf`` is not signed)
==============  ==========================================  ==================================

``any`` is accepted as another name for ``all``. Direction is ignored: "A supports B" ties A
and B. Every result is deterministic: graphs are built in sorted order, ties are broken by
label and IRI, nothing is random, and floats are rounded to six decimals.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg.catalog.vocab import (
    COOPERATIVE_RELATIONS,
    HOSTILE_RELATIONS,
    actor_iri,
    place_iri,
)
from kg.errors import Errors
from kg.graph.knowledge_graph import KnowledgeGraph

FAMILIES: tuple[str, ...] = ("cooperative", "hostile", "all")

_FAMILY_RELATIONS: dict[str, frozenset[str]] = {
    "cooperative": COOPERATIVE_RELATIONS,
    "hostile": HOSTILE_RELATIONS,
    "all": COOPERATIVE_RELATIONS | HOSTILE_RELATIONS | {"memberOf"},
}
DIGITS = 6


# --------------------------------------------------------------------------- basics


def family_relations(family: str) -> frozenset[str]:
    """The relations of a family: ``cooperative``, ``hostile``, ``all`` (or ``any``).

    >>> sorted(family_relations("hostile"))
    ['fights', 'opposes', 'threatens']
    """
    key = family.strip().lower()
    key = "all" if key == "any" else key
    if key not in _FAMILY_RELATIONS:
        raise Errors.E603(family=family)
    return _FAMILY_RELATIONS[key]


def canonical_family(family: str) -> str:
    family_relations(family)
    key = family.strip().lower()
    return "all" if key == "any" else key


def graph_from_triples(
    triples: Iterable[tuple[str, str, str]], modality: str = "asserted"
) -> KnowledgeGraph:
    """A small :class:`KnowledgeGraph` from ``(subject, relation, object)`` labels.

    For examples and tests: every label becomes a ``State`` (the object of ``controls`` a
    ``Place``), every edge gets one piece of evidence-free support.

    >>> kg = graph_from_triples([("A", "alliedWith", "B")])
    >>> sorted(kg.graph.nodes[n]["label"] for n in kg.graph)
    ['A', 'B']
    """
    kg = KnowledgeGraph()
    for subject, relation, obj in triples:
        nodes = []
        for label, kind in (
            (subject, "State"),
            (obj, "Place" if relation == "controls" else "State"),
        ):
            iri = str(place_iri(label) if kind == "Place" else actor_iri(label))
            if iri not in kg.graph:
                kg.graph.add_node(iri, label=label, kind=kind, aliases=[], wikidata=None)
            nodes.append(iri)
        key = f"{relation}/{modality}"
        if not kg.graph.has_edge(nodes[0], nodes[1], key):
            kg.graph.add_edge(
                nodes[0], nodes[1], key, relation=relation, modality=modality, evidence=[]
            )
    return kg


def node_label(kg: KnowledgeGraph, iri: str) -> str:
    return str(kg.graph.nodes[iri].get("label") or iri)


def is_actor(kg: KnowledgeGraph, iri: str) -> bool:
    return kg.graph.nodes[iri].get("kind") != "Place"


def node_order(kg: KnowledgeGraph, iri: str) -> tuple[str, str]:
    return (node_label(kg, iri).casefold(), iri)


def claim_count(data: dict[str, Any]) -> int:
    return max(len(data.get("evidence") or ()), 1)


def asserted_edges(
    kg: KnowledgeGraph, relations: frozenset[str]
) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """``(subject, object, key, data)`` of asserted actor–actor edges, sorted."""
    edges = sorted(kg.graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    for subject, obj, key, data in edges:
        if data.get("modality") != "asserted" or data.get("relation") not in relations:
            continue
        if subject == obj or not is_actor(kg, subject) or not is_actor(kg, obj):
            continue
        yield subject, obj, key, data


def actor_graph(kg: KnowledgeGraph, family: str = "all") -> nx.Graph:
    """The undirected simple graph of every actor and its asserted ties in ``family``.

    Nodes carry ``label``; edges carry ``relations`` (sorted names) and ``claims``.

    >>> kg = graph_from_triples([("A", "supports", "B"), ("B", "supports", "A"),
    ...                          ("A", "fights", "C"), ("A", "controls", "Town")])
    >>> g = actor_graph(kg, "cooperative")
    >>> sorted(g.nodes[n]["label"] for n in g), g.number_of_edges()
    (['A', 'B', 'C'], 1)
    """
    relations = family_relations(family)
    graph = nx.Graph()
    for iri in sorted((n for n in kg.graph if is_actor(kg, n)), key=lambda n: node_order(kg, n)):
        graph.add_node(iri, label=node_label(kg, iri))
    for subject, obj, _key, data in asserted_edges(kg, relations):
        if graph.has_edge(subject, obj):
            edge = graph.edges[subject, obj]
            edge["relations"] = sorted({*edge["relations"], data["relation"]})
            edge["claims"] += claim_count(data)
        else:
            graph.add_edge(subject, obj, relations=[data["relation"]], claims=claim_count(data))
    return graph


# --------------------------------------------------------------------------- signed ties


@dataclass(frozen=True)
class SignedTie:
    """A cooperative (+1) or hostile (−1) tie between two actors, from asserted edges.

    ``a`` and ``b`` are ordered by label. A pair with both cooperative and hostile edges
    has two ties, one of each sign.
    """

    a: str
    b: str
    a_label: str
    b_label: str
    sign: int
    relations: tuple[str, ...]
    claims: int

    @property
    def symbol(self) -> str:
        return "+" if self.sign > 0 else "-"


def signed_ties(kg: KnowledgeGraph) -> list[SignedTie]:
    """Every signed tie between actors, sorted by labels then sign (+ first).

    >>> kg = graph_from_triples([("B", "supports", "A"), ("A", "fights", "B"),
    ...                          ("A", "memberOf", "C")])
    >>> [(t.a_label, t.symbol, t.b_label, t.relations) for t in signed_ties(kg)]
    [('A', '+', 'B', ('supports',)), ('A', '-', 'B', ('fights',))]
    """
    found: dict[tuple[str, str, int], tuple[set[str], int]] = {}
    relations = COOPERATIVE_RELATIONS | HOSTILE_RELATIONS
    for subject, obj, _key, data in asserted_edges(kg, relations):
        a, b = sorted((subject, obj), key=lambda n: node_order(kg, n))
        sign = 1 if data["relation"] in COOPERATIVE_RELATIONS else -1
        names, claims = found.get((a, b, sign), (set(), 0))
        names.add(data["relation"])
        found[(a, b, sign)] = (names, claims + claim_count(data))
    ties = [
        SignedTie(a, b, node_label(kg, a), node_label(kg, b), sign, tuple(sorted(names)), claims)
        for (a, b, sign), (names, claims) in found.items()
    ]
    return sorted(ties, key=lambda t: (node_order(kg, t.a), node_order(kg, t.b), -t.sign))
