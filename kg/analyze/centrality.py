"""Who is central: a knowledge graph and a family → degree (distinct counterparts) and
betweenness per actor (:func:`centrality`), and the top actors per family
(:func:`most_central_by_family`). Ties are broken by label and IRI; floats are rounded to
six decimals.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from kg.analyze.families import DIGITS, FAMILIES, actor_graph
from kg.graph.knowledge_graph import KnowledgeGraph

# --------------------------------------------------------------------------- centrality


@dataclass(frozen=True)
class ActorCentrality:
    """How central one actor is in one family's graph."""

    iri: str
    label: str
    degree: int  # distinct counterparts
    degree_centrality: float  # degree / (actors - 1)
    betweenness: float  # normalised betweenness centrality


def centrality(kg: KnowledgeGraph, family: str = "all") -> list[ActorCentrality]:
    """Degree and betweenness of every actor on asserted ties of ``family``, most central first.

    Sorted by degree, then betweenness (both descending), then label.

    >>> from kg.analyze.families import graph_from_triples
    >>> kg = graph_from_triples([("A", "alliedWith", "B"), ("B", "fights", "C"),
    ...                          ("C", "fights", "D")])
    >>> [(c.label, c.degree, c.betweenness) for c in centrality(kg)]
    [('B', 2, 0.666667), ('C', 2, 0.666667), ('A', 1, 0.0), ('D', 1, 0.0)]
    >>> [(c.label, c.degree) for c in centrality(kg, "cooperative")][:2]
    [('A', 1), ('B', 1)]
    """
    graph = actor_graph(kg, family)
    size = graph.number_of_nodes()
    between = nx.betweenness_centrality(graph, normalized=True) if size else {}
    results = [
        ActorCentrality(
            iri=iri,
            label=graph.nodes[iri]["label"],
            degree=graph.degree(iri),
            degree_centrality=round(graph.degree(iri) / (size - 1), DIGITS) if size > 1 else 0.0,
            betweenness=round(between.get(iri, 0.0), DIGITS),
        )
        for iri in graph
    ]
    return sorted(results, key=lambda c: (-c.degree, -c.betweenness, c.label.casefold(), c.iri))


def most_central_by_family(kg: KnowledgeGraph, n: int = 5) -> dict[str, list[ActorCentrality]]:
    """The ``n`` most central actors of each family (``cooperative``, ``hostile``, ``all``).

    Actors without a tie in a family are left out of its list.

    >>> from kg.analyze.families import graph_from_triples
    >>> kg = graph_from_triples([("A", "alliedWith", "B"), ("A", "alliedWith", "C"),
    ...                          ("D", "fights", "C")])
    >>> {family: [c.label for c in top] for family, top in most_central_by_family(kg, 1).items()}
    {'cooperative': ['A'], 'hostile': ['C'], 'all': ['A']}
    """
    return {
        family: [c for c in centrality(kg, family) if c.degree > 0][: max(n, 0)]
        for family in FAMILIES
    }
