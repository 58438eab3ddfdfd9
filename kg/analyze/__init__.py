"""Layer 7: analyses as plain functions over a
:class:`~kg.graph.knowledge_graph.KnowledgeGraph`: asserted ties between actors, by relation
family. The modules, in the order they build on each other: :mod:`~kg.analyze.families`
(families and the actor graphs), :mod:`~kg.analyze.centrality`, :mod:`~kg.analyze.balance`
(blocs and structural balance), :mod:`~kg.analyze.paths` (chains between two actors) and
:mod:`~kg.analyze.report` (all of them at once, as RDF, a table or JSON).

The names below are the library API (``from kg.analyze import centrality, coalitions``).
"""

from kg.analyze.balance import (
    EXACT_LIMIT,
    BalanceResult,
    Bloc,
    CoalitionResult,
    Triad,
    balance,
    coalitions,
)
from kg.analyze.centrality import ActorCentrality, centrality, most_central_by_family
from kg.analyze.families import (
    FAMILIES,
    SignedTie,
    actor_graph,
    family_relations,
    graph_from_triples,
    signed_ties,
)
from kg.analyze.paths import PathEdge, PathStep, resolve_actor, shortest_path
from kg.analyze.report import (
    FORMATS,
    Analytics,
    analytics_rdf,
    analyze,
    format_analytics,
    format_path,
)

__all__ = [
    "EXACT_LIMIT",
    "FAMILIES",
    "FORMATS",
    "ActorCentrality",
    "Analytics",
    "BalanceResult",
    "Bloc",
    "CoalitionResult",
    "PathEdge",
    "PathStep",
    "SignedTie",
    "Triad",
    "actor_graph",
    "analytics_rdf",
    "analyze",
    "balance",
    "centrality",
    "coalitions",
    "family_relations",
    "format_analytics",
    "format_path",
    "graph_from_triples",
    "most_central_by_family",
    "resolve_actor",
    "shortest_path",
    "signed_ties",
]
