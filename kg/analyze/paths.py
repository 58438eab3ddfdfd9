"""Chains between two actors: a knowledge graph, two actor names and a family → the shortest
cooperative, hostile or any chain between them (:func:`shortest_path`), with the edges (and
so the claims) behind each step; ``E604`` when there is none. Actor names are resolved by
:func:`resolve_actor` (a label, an alias or an IRI).
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import deque
from dataclasses import dataclass

from kg.analyze.families import (
    actor_graph,
    asserted_edges,
    canonical_family,
    claim_count,
    family_relations,
    is_actor,
    node_label,
    node_order,
)
from kg.catalog.actor_catalog import normalise_name
from kg.catalog.vocab import (
    KGR,
)
from kg.errors import Errors
from kg.graph.knowledge_graph import KnowledgeGraph

# --------------------------------------------------------------------------- paths


@dataclass(frozen=True)
class PathEdge:
    """One asserted edge behind a step: who did what to whom, and how many claims say so."""

    subject: str
    subject_label: str
    relation: str
    object: str
    object_label: str
    claims: int


@dataclass(frozen=True)
class PathStep:
    """One hop of a chain, from ``source`` to ``target``, with the edges that link them."""

    source: str
    source_label: str
    target: str
    target_label: str
    edges: tuple[PathEdge, ...]


def resolve_actor(kg: KnowledgeGraph, text: str) -> str:
    """The IRI of the actor that a label, alias or IRI names (case-insensitive).

    >>> from kg.analyze.families import graph_from_triples
    >>> kg = graph_from_triples([("Alpha Front", "fights", "Beta")])
    >>> resolve_actor(kg, "the alpha front")
    'https://w3id.org/kg-news/resource/actor-alpha-front'
    """
    raw = text.strip()
    iri = raw[1:-1] if raw.startswith("<") and raw.endswith(">") else raw
    iri = re.sub(r"^kgr:", str(KGR), iri)
    actors = [n for n in kg.graph if is_actor(kg, n)]
    if iri in actors:
        return iri
    wanted = normalise_name(raw)
    for names in (
        lambda n: [node_label(kg, n)],
        lambda n: list(kg.graph.nodes[n].get("aliases") or []),
    ):
        found = sorted({n for n in actors if wanted in {normalise_name(x) for x in names(n)}})
        if len(found) == 1:
            return found[0]
        if found:
            listed = ", ".join(f"{node_label(kg, n)} <{n}>" for n in found[:10])
            raise Errors.E602(raw=raw, count=len(found), listed=listed)
    places = [
        n for n in kg.graph if not is_actor(kg, n) and normalise_name(node_label(kg, n)) == wanted
    ]
    if places:
        raise Errors.E601_a_place(raw=raw)
    labels = {normalise_name(node_label(kg, n)): node_label(kg, n) for n in sorted(actors)}
    close = difflib.get_close_matches(wanted, sorted(labels), n=5, cutoff=0.6)
    hint = f" Closest: {', '.join(labels[key] for key in close)}" if close else ""
    raise Errors.E601_no_such_actor(raw=raw, hint=hint)


def shortest_path(kg: KnowledgeGraph, a: str, b: str, family: str = "any") -> list[PathStep]:
    """The shortest chain of asserted ties of ``family`` from actor ``a`` to actor ``b``.

    ``a`` and ``b`` are labels, aliases or IRIs. Among chains of the same length the one
    whose actors come first by label wins. ``[]`` when ``a`` and ``b`` are the same actor;
    :class:`AnalyzeError` ``E604`` when no chain exists.

    >>> from kg.analyze.families import graph_from_triples
    >>> kg = graph_from_triples([("A", "fights", "B"), ("C", "threatens", "B"),
    ...                          ("C", "alliedWith", "A")])
    >>> [(s.source_label, s.target_label) for s in shortest_path(kg, "A", "C", "hostile")]
    [('A', 'B'), ('B', 'C')]
    >>> [(e.subject_label, e.relation, e.object_label)
    ...  for s in shortest_path(kg, "A", "C", "hostile") for e in s.edges]
    [('A', 'fights', 'B'), ('C', 'threatens', 'B')]
    >>> [(s.source_label, s.target_label) for s in shortest_path(kg, "A", "C")]
    [('A', 'C')]
    """
    relations = family_relations(family)
    start, goal = resolve_actor(kg, a), resolve_actor(kg, b)
    if start == goal:
        return []
    graph = actor_graph(kg, family)
    previous: dict[str, str] = {start: start}
    queue = deque([start])
    while queue and goal not in previous:
        node = queue.popleft()
        for other in sorted(graph.neighbors(node), key=lambda n: node_order(kg, n)):
            if other not in previous:
                previous[other] = node
                queue.append(other)
    if goal not in previous:
        name = canonical_family(family)
        kind = "chain of ties" if name == "all" else f"{name} chain"
        hint = "" if name == "all" else "; ties of any family may link them (family any)"
        raise Errors.E604(
            kind=kind, source=node_label(kg, start), target=node_label(kg, goal), hint=hint
        )
    nodes = [goal]
    while nodes[-1] != start:
        nodes.append(previous[nodes[-1]])
    nodes.reverse()
    steps = []
    for source, target in itertools.pairwise(nodes):
        edges = [
            PathEdge(
                s, node_label(kg, s), data["relation"], o, node_label(kg, o), claim_count(data)
            )
            for s, o, _key, data in asserted_edges(kg, relations)
            if {s, o} == {source, target}
        ]
        steps.append(
            PathStep(source, node_label(kg, source), target, node_label(kg, target), tuple(edges))
        )
    return steps
