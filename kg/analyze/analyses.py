"""Stage 9: network analytics over the knowledge graph — centrality, coalitions, balance, paths.

Plain functions over the networkx graph of a :class:`~kg.graph.KnowledgeGraph`. They look at
**asserted** edges between **actors** only: places are left out (so ``controls`` never
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

* :func:`centrality` — degree (distinct counterparts) and betweenness per actor;
  :func:`most_central_by_family` the top actors per family.
* :func:`coalitions` — a partition of the actors into blocs that minimises *frustration*:
  cooperative ties between blocs plus hostile ties inside a bloc (correlation clustering).
  Each connected part of the signed graph is solved on its own: exactly (branch and bound)
  up to :data:`EXACT_LIMIT` actors, by a deterministic local search above that. Among
  equally good partitions, blocs are kept apart unless cooperation ties them, so every
  bloc is held together by cooperative ties.
* :func:`balance` — structural balance: triads of actors whose three pairs are all signed,
  balanced (``+++``, ``+--``: "the enemy of my enemy is my friend") or not (``++-``,
  ``---``).
* :func:`shortest_path` — the shortest cooperative, hostile or any chain between two
  actors, with the edges (and so the claims) behind each step.

:func:`analyze` runs the first three; :func:`analytics_rdf` writes the results as RDF
(``kgo:bloc``, ``kgo:degreeCentrality``, ``kgo:betweennessCentrality``, …) so SPARQL can
use them; :func:`format_analytics` and :func:`format_path` print them.

Error codes (all :class:`~kg.errors.AnalyzeError`):

======  ===========================================================================
E601    no actor with that label, alias or IRI
E602    the name is ambiguous: it names several actors
E603    unknown relation family
E604    no chain of that family between the two actors
E605    unknown output format
======  ===========================================================================
"""

from __future__ import annotations

import difflib
import itertools
import json
import re
import unicodedata
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.catalog.vocab import (
    COOPERATIVE_RELATIONS,
    HOSTILE_RELATIONS,
    KGO,
    KGR,
    actor_iri,
    place_iri,
)
from kg.errors import AnalyzeError
from kg.graph.knowledge_graph import KnowledgeGraph

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

E_ACTOR = "E601"
E_AMBIGUOUS = "E602"
E_FAMILY = "E603"
E_NO_PATH = "E604"
E_FORMAT = "E605"

FAMILIES: tuple[str, ...] = ("cooperative", "hostile", "all")
FORMATS: tuple[str, ...] = ("table", "json")
#: Connected parts of the signed graph up to this many actors are partitioned exactly.
EXACT_LIMIT = 12
#: The IRI of the analysis activity that :func:`analytics_rdf` writes.
ANALYSIS_IRI = KGR["analysis"]

_FAMILY_RELATIONS: dict[str, frozenset[str]] = {
    "cooperative": COOPERATIVE_RELATIONS,
    "hostile": HOSTILE_RELATIONS,
    "all": COOPERATIVE_RELATIONS | HOSTILE_RELATIONS | {"memberOf"},
}
_DIGITS = 6


# --------------------------------------------------------------------------- basics


def family_relations(family: str) -> frozenset[str]:
    """The relations of a family: ``cooperative``, ``hostile``, ``all`` (or ``any``).

    >>> sorted(family_relations("hostile"))
    ['fights', 'opposes', 'threatens']
    """
    key = family.strip().lower()
    key = "all" if key == "any" else key
    if key not in _FAMILY_RELATIONS:
        raise AnalyzeError(
            E_FAMILY, f"unknown relation family '{family}'; use cooperative, hostile or any"
        )
    return _FAMILY_RELATIONS[key]


def _canonical_family(family: str) -> str:
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


def _label(kg: KnowledgeGraph, iri: str) -> str:
    return str(kg.graph.nodes[iri].get("label") or iri)


def _is_actor(kg: KnowledgeGraph, iri: str) -> bool:
    return kg.graph.nodes[iri].get("kind") != "Place"


def _order(kg: KnowledgeGraph, iri: str) -> tuple[str, str]:
    return (_label(kg, iri).casefold(), iri)


def _claims(data: dict[str, Any]) -> int:
    return max(len(data.get("evidence") or ()), 1)


def _asserted_edges(
    kg: KnowledgeGraph, relations: frozenset[str]
) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """``(subject, object, key, data)`` of asserted actor–actor edges, sorted."""
    edges = sorted(kg.graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    for subject, obj, key, data in edges:
        if data.get("modality") != "asserted" or data.get("relation") not in relations:
            continue
        if subject == obj or not _is_actor(kg, subject) or not _is_actor(kg, obj):
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
    for iri in sorted((n for n in kg.graph if _is_actor(kg, n)), key=lambda n: _order(kg, n)):
        graph.add_node(iri, label=_label(kg, iri))
    for subject, obj, _key, data in _asserted_edges(kg, relations):
        if graph.has_edge(subject, obj):
            edge = graph.edges[subject, obj]
            edge["relations"] = sorted({*edge["relations"], data["relation"]})
            edge["claims"] += _claims(data)
        else:
            graph.add_edge(subject, obj, relations=[data["relation"]], claims=_claims(data))
    return graph


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
            degree_centrality=round(graph.degree(iri) / (size - 1), _DIGITS) if size > 1 else 0.0,
            betweenness=round(between.get(iri, 0.0), _DIGITS),
        )
        for iri in graph
    ]
    return sorted(results, key=lambda c: (-c.degree, -c.betweenness, c.label.casefold(), c.iri))


def most_central_by_family(kg: KnowledgeGraph, n: int = 5) -> dict[str, list[ActorCentrality]]:
    """The ``n`` most central actors of each family (``cooperative``, ``hostile``, ``all``).

    Actors without a tie in a family are left out of its list.

    >>> kg = graph_from_triples([("A", "alliedWith", "B"), ("A", "alliedWith", "C"),
    ...                          ("D", "fights", "C")])
    >>> {family: [c.label for c in top] for family, top in most_central_by_family(kg, 1).items()}
    {'cooperative': ['A'], 'hostile': ['C'], 'all': ['A']}
    """
    return {
        family: [c for c in centrality(kg, family) if c.degree > 0][: max(n, 0)]
        for family in FAMILIES
    }


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
    for subject, obj, _key, data in _asserted_edges(kg, relations):
        a, b = sorted((subject, obj), key=lambda n: _order(kg, n))
        sign = 1 if data["relation"] in COOPERATIVE_RELATIONS else -1
        names, claims = found.get((a, b, sign), (set(), 0))
        names.add(data["relation"])
        found[(a, b, sign)] = (names, claims + _claims(data))
    ties = [
        SignedTie(a, b, _label(kg, a), _label(kg, b), sign, tuple(sorted(names)), claims)
        for (a, b, sign), (names, claims) in found.items()
    ]
    return sorted(ties, key=lambda t: (_order(kg, t.a), _order(kg, t.b), -t.sign))


# --------------------------------------------------------------------------- coalitions


@dataclass(frozen=True)
class Bloc:
    """One coalition: its number (1 = the largest) and its members, sorted by label."""

    number: int
    members: tuple[str, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True)
class CoalitionResult:
    """A partition of the actors with signed ties into blocs, and what contradicts it."""

    blocs: tuple[Bloc, ...]
    ties: tuple[SignedTie, ...]
    frustrated: tuple[SignedTie, ...]  # cooperative ties between blocs, hostile ones inside
    method: str  # "exact", "local search" or "exact and local search"

    @property
    def frustration(self) -> int:
        return len(self.frustrated)

    def bloc_of(self, iri: str) -> int | None:
        """The number of the actor's bloc, or None for an actor without signed ties."""
        return next((bloc.number for bloc in self.blocs if iri in bloc.members), None)


def coalitions(kg: KnowledgeGraph, exact_limit: int = EXACT_LIMIT) -> CoalitionResult:
    """Blocs of actors from the signed graph, with the least frustration.

    Frustration counts the ties that contradict the partition: a cooperative tie between
    two blocs, a hostile tie inside one. Connected parts of up to ``exact_limit`` actors are
    solved exactly; larger ones by local search from the blocs that cooperation forms.

    >>> kg = graph_from_triples([("A", "alliedWith", "B"), ("C", "alliedWith", "D"),
    ...                          ("A", "fights", "C"), ("B", "fights", "D"),
    ...                          ("A", "alliedWith", "D")])
    >>> result = coalitions(kg)
    >>> [bloc.labels for bloc in result.blocs]
    [('A', 'B'), ('C', 'D')]
    >>> result.frustration, [(t.a_label, t.symbol, t.b_label) for t in result.frustrated]
    (1, [('A', '+', 'D')])
    >>> kg = graph_from_triples([("A", "alliedWith", "B"), ("B", "fights", "C")])
    >>> [bloc.labels for bloc in coalitions(kg).blocs], coalitions(kg).frustration
    ([('A', 'B'), ('C',)], 0)
    """
    ties = signed_ties(kg)
    nodes = sorted({n for t in ties for n in (t.a, t.b)}, key=lambda n: _order(kg, n))
    index = {node: i for i, node in enumerate(nodes)}
    adjacency: list[list[tuple[int, int]]] = [[] for _ in nodes]
    for tie in ties:
        i, j = index[tie.a], index[tie.b]
        adjacency[i].append((j, tie.sign))
        adjacency[j].append((i, tie.sign))
    methods: set[str] = set()
    groups: list[list[int]] = []
    for component in _components(len(nodes), adjacency, lambda sign: True):
        assignment = _solve(component, adjacency, exact_limit, methods)
        by_bloc: dict[int, list[int]] = defaultdict(list)
        for node in component:
            by_bloc[assignment[node]].append(node)
        for members in by_bloc.values():
            groups.extend(_split_by_cooperation(members, adjacency))
    groups = [sorted(group) for group in groups]  # indices follow label order
    groups.sort(key=lambda group: (-len(group), group))
    blocs = tuple(
        Bloc(
            number=number,
            members=tuple(nodes[i] for i in group),
            labels=tuple(_label(kg, nodes[i]) for i in group),
        )
        for number, group in enumerate(groups, start=1)
    )
    bloc_of = {member: bloc.number for bloc in blocs for member in bloc.members}
    frustrated = tuple(t for t in ties if (bloc_of[t.a] == bloc_of[t.b]) != (t.sign > 0))
    if not methods:
        method = "exact"
    elif len(methods) == 1:
        method = methods.pop()
    else:
        method = "exact and local search"
    return CoalitionResult(blocs, tuple(ties), frustrated, method)


def _components(size: int, adjacency: list[list[tuple[int, int]]], use: Any) -> list[list[int]]:
    """Connected components (sorted lists of indices) over the ties whose sign ``use`` keeps."""
    seen = [False] * size
    components = []
    for start in range(size):
        if seen[start]:
            continue
        seen[start] = True
        component, queue = [], deque([start])
        while queue:
            node = queue.popleft()
            component.append(node)
            for other, sign in sorted(adjacency[node]):
                if use(sign) and not seen[other]:
                    seen[other] = True
                    queue.append(other)
        components.append(sorted(component))
    return components


def _split_by_cooperation(
    members: list[int], adjacency: list[list[tuple[int, int]]]
) -> list[list[int]]:
    """A bloc split into the parts that cooperative ties hold together (never more frustrated)."""
    inside = set(members)
    local = {m: [(o, s) for o, s in adjacency[m] if o in inside] for m in members}
    seen: set[int] = set()
    parts = []
    for start in sorted(members):
        if start in seen:
            continue
        seen.add(start)
        part, queue = [], deque([start])
        while queue:
            node = queue.popleft()
            part.append(node)
            for other, sign in sorted(local[node]):
                if sign > 0 and other not in seen:
                    seen.add(other)
                    queue.append(other)
        parts.append(sorted(part))
    return parts


def _frustration(
    nodes: Sequence[int], adjacency: list[list[tuple[int, int]]], bloc: dict[int, int]
) -> int:
    total = 0
    for node in nodes:
        for other, sign in adjacency[node]:
            if node < other and (bloc[node] == bloc[other]) != (sign > 0):
                total += 1
    return total


def _solve(
    component: list[int],
    adjacency: list[list[tuple[int, int]]],
    exact_limit: int,
    methods: set[str],
) -> dict[int, int]:
    """A bloc number per node of one connected component, minimising frustration."""
    best: dict[int, int] = {}
    best_cost = -1
    for start in _starts(component, adjacency):
        found = _local_search(component, adjacency, start)
        cost = _frustration(component, adjacency, found)
        if best_cost < 0 or cost < best_cost:
            best, best_cost = found, cost
    if len(component) <= exact_limit:
        exact = _exact(component, adjacency, best_cost)
        if exact is not None:
            best = exact
        methods.add("exact")
    else:
        methods.add("local search")
    return best


def _starts(component: list[int], adjacency: list[list[tuple[int, int]]]) -> list[dict[int, int]]:
    """Starting partitions for the local search: the blocs cooperation forms; everyone in
    one bloc; two camps grown breadth first (friends of a node beside it, enemies opposite)."""
    cooperation: dict[int, int] = {}
    for number, part in enumerate(_split_by_cooperation(component, adjacency)):
        for node in part:
            cooperation[node] = number
    together = dict.fromkeys(component, 0)
    camps: dict[int, int] = {}
    first = min(component, key=lambda n: (-len(adjacency[n]), n))
    camps[first] = 0
    queue = deque([first])
    while queue:
        node = queue.popleft()
        for other, sign in sorted(adjacency[node]):
            if other not in camps:
                camps[other] = camps[node] if sign > 0 else 1 - camps[node]
                queue.append(other)
    return [cooperation, together, camps]


def _local_search(
    component: list[int], adjacency: list[list[tuple[int, int]]], start: dict[int, int]
) -> dict[int, int]:
    """Improve a partition until no single move helps: move one node to another bloc (or a
    new one), or merge two blocs, whenever that lowers frustration."""
    bloc = dict(start)
    fresh = max(bloc.values()) + 1  # a bloc number not in use

    def cost(node: int, number: int) -> int:
        return sum(1 for other, sign in adjacency[node] if (bloc[other] == number) != (sign > 0))

    def move_nodes() -> bool:
        nonlocal fresh
        moved = False
        for node in component:
            current = bloc[node]
            options = [*sorted({bloc[other] for other, _ in adjacency[node]} | {current}), fresh]
            target = min(options, key=lambda number: (cost(node, number), number))
            if cost(node, target) < cost(node, current):
                bloc[node] = target
                fresh += target == fresh
                moved = True
        return moved

    def merge_blocs() -> bool:
        # merging blocs x and y changes frustration by (hostile - cooperative) ties between them
        between: dict[tuple[int, int], int] = defaultdict(int)
        for node in component:
            for other, sign in adjacency[node]:
                x, y = bloc[node], bloc[other]
                if node < other and x != y:
                    between[(min(x, y), max(x, y))] += -sign
        # the best merges first; merges of disjoint pairs do not affect each other
        renamed: dict[int, int] = {}
        for (x, y), change in sorted(between.items(), key=lambda item: (item[1], item[0])):
            if change >= 0:
                break
            if x not in renamed and y not in renamed:
                renamed[x] = renamed[y] = x
        for node in component:
            bloc[node] = renamed.get(bloc[node], bloc[node])
        return bool(renamed)

    # every step lowers frustration, so this ends long before the bound
    for _ in range(10 * len(component) + 10):
        if not move_nodes() and not merge_blocs():
            break
    return bloc


def _exact(
    component: list[int], adjacency: list[list[tuple[int, int]]], bound: int
) -> dict[int, int] | None:
    """Branch and bound over all partitions; a partition with frustration below ``bound``."""
    if bound == 0:
        return None
    # visit nodes breadth first from the best connected one: costs accrue early, pruning works
    first = min(component, key=lambda n: (-len(adjacency[n]), n))
    order: list[int] = []
    seen = {first}
    queue = deque([first])
    while queue:
        node = queue.popleft()
        order.append(node)
        for other, _ in sorted(adjacency[node]):
            if other not in seen:
                seen.add(other)
                queue.append(other)
    assigned: dict[int, int] = {}
    best: dict[str, Any] = {"cost": bound, "assignment": None}

    def visit(position: int, used: int, cost: int) -> None:
        if cost >= best["cost"]:
            return
        if position == len(order):
            best["cost"], best["assignment"] = cost, dict(assigned)
            return
        node = order[position]
        for number in range(used + 1):
            delta = sum(
                1
                for other, sign in adjacency[node]
                if other in assigned and (assigned[other] == number) != (sign > 0)
            )
            assigned[node] = number
            visit(position + 1, max(used, number + 1), cost + delta)
            del assigned[node]

    visit(0, 0, 0)
    return best["assignment"]


# --------------------------------------------------------------------------- balance


@dataclass(frozen=True)
class Triad:
    """Three actors whose three pairs all have one sign; ``signs`` like ``"+--"``."""

    actors: tuple[str, str, str]
    labels: tuple[str, str, str]
    signs: str
    balanced: bool


@dataclass(frozen=True)
class BalanceResult:
    """Structural balance of the signed graph, counted over triads."""

    triads: tuple[Triad, ...]
    ambiguous_pairs: int  # pairs with both a cooperative and a hostile tie: left out

    @property
    def balanced(self) -> int:
        return sum(1 for triad in self.triads if triad.balanced)

    @property
    def unbalanced(self) -> int:
        return len(self.triads) - self.balanced

    @property
    def by_type(self) -> dict[str, int]:
        """Counts per type, always all four: ``+++``, ``+--`` (balanced), ``++-``, ``---``."""
        counts = {"+++": 0, "+--": 0, "++-": 0, "---": 0}
        for triad in self.triads:
            counts[triad.signs] += 1
        return counts

    @property
    def ratio(self) -> float | None:
        """The share of balanced triads; None when there are none."""
        return round(self.balanced / len(self.triads), _DIGITS) if self.triads else None


def balance(kg: KnowledgeGraph) -> BalanceResult:
    """Count balanced and unbalanced triads ("the enemy of my enemy is my friend").

    A pair with both cooperative and hostile ties has no single sign and is left out.

    >>> kg = graph_from_triples([("A", "alliedWith", "B"), ("A", "fights", "C"),
    ...                          ("B", "fights", "C"), ("C", "fights", "D"),
    ...                          ("D", "fights", "E"), ("C", "fights", "E")])
    >>> result = balance(kg)
    >>> result.balanced, result.unbalanced, result.by_type
    (1, 1, {'+++': 0, '+--': 1, '++-': 0, '---': 1})
    >>> [(t.labels, t.signs, t.balanced) for t in result.triads]
    [(('A', 'B', 'C'), '+--', True), (('C', 'D', 'E'), '---', False)]
    """
    signs: dict[tuple[str, str], set[int]] = defaultdict(set)
    for tie in signed_ties(kg):
        signs[(tie.a, tie.b)].add(tie.sign)
    ambiguous = sum(1 for found in signs.values() if len(found) > 1)
    sign_of: dict[frozenset[str], int] = {
        frozenset(pair): next(iter(found)) for pair, found in signs.items() if len(found) == 1
    }
    neighbours: dict[str, set[str]] = defaultdict(set)
    for pair in sign_of:
        a, b = tuple(pair)
        neighbours[a].add(b)
        neighbours[b].add(a)
    triads = []
    for a in sorted(neighbours, key=lambda n: _order(kg, n)):
        for b in sorted(neighbours[a], key=lambda n: _order(kg, n)):
            if _order(kg, b) <= _order(kg, a):
                continue
            for c in sorted(neighbours[a] & neighbours[b], key=lambda n: _order(kg, n)):
                if _order(kg, c) <= _order(kg, b):
                    continue
                values = [sign_of[frozenset(p)] for p in ((a, b), (a, c), (b, c))]
                symbols = "".join(sorted("+" if v > 0 else "-" for v in values))
                triads.append(
                    Triad(
                        actors=(a, b, c),
                        labels=(_label(kg, a), _label(kg, b), _label(kg, c)),
                        signs=symbols,
                        balanced=values[0] * values[1] * values[2] > 0,
                    )
                )
    return BalanceResult(tuple(triads), ambiguous)


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


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").casefold()
    text = " ".join(text.split())
    return text[4:] if text.startswith("the ") else text


def resolve_actor(kg: KnowledgeGraph, text: str) -> str:
    """The IRI of the actor that a label, alias or IRI names (case-insensitive).

    >>> kg = graph_from_triples([("Alpha Front", "fights", "Beta")])
    >>> resolve_actor(kg, "the alpha front")
    'https://w3id.org/kg-news/resource/actor-alpha-front'
    """
    raw = text.strip()
    iri = raw[1:-1] if raw.startswith("<") and raw.endswith(">") else raw
    iri = re.sub(r"^kgr:", str(KGR), iri)
    actors = [n for n in kg.graph if _is_actor(kg, n)]
    if iri in actors:
        return iri
    wanted = _normalise(raw)
    for names in (
        lambda n: [_label(kg, n)],
        lambda n: list(kg.graph.nodes[n].get("aliases") or []),
    ):
        found = sorted({n for n in actors if wanted in {_normalise(x) for x in names(n)}})
        if len(found) == 1:
            return found[0]
        if found:
            listed = ", ".join(f"{_label(kg, n)} <{n}>" for n in found[:10])
            raise AnalyzeError(
                E_AMBIGUOUS,
                f"'{raw}' is ambiguous: it names {len(found)} actors: {listed}; "
                "use the full label or the IRI",
            )
    places = [n for n in kg.graph if not _is_actor(kg, n) and _normalise(_label(kg, n)) == wanted]
    if places:
        raise AnalyzeError(
            E_ACTOR, f"'{raw}' is a place, not an actor: analytics run between actors only"
        )
    labels = {_normalise(_label(kg, n)): _label(kg, n) for n in sorted(actors)}
    close = difflib.get_close_matches(wanted, sorted(labels), n=5, cutoff=0.6)
    hint = f" Closest: {', '.join(labels[key] for key in close)}" if close else ""
    raise AnalyzeError(E_ACTOR, f"no actor called '{raw}' in the graph.{hint}")


def shortest_path(kg: KnowledgeGraph, a: str, b: str, family: str = "any") -> list[PathStep]:
    """The shortest chain of asserted ties of ``family`` from actor ``a`` to actor ``b``.

    ``a`` and ``b`` are labels, aliases or IRIs. Among chains of the same length the one
    whose actors come first by label wins. ``[]`` when ``a`` and ``b`` are the same actor;
    :class:`AnalyzeError` ``E604`` when no chain exists.

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
        for other in sorted(graph.neighbors(node), key=lambda n: _order(kg, n)):
            if other not in previous:
                previous[other] = node
                queue.append(other)
    if goal not in previous:
        name = _canonical_family(family)
        kind = "chain of ties" if name == "all" else f"{name} chain"
        hint = "" if name == "all" else "; ties of any family may link them (family any)"
        raise AnalyzeError(
            E_NO_PATH,
            f"no {kind} between {_label(kg, start)} and {_label(kg, goal)} "
            f"(asserted ties between actors only){hint}",
        )
    nodes = [goal]
    while nodes[-1] != start:
        nodes.append(previous[nodes[-1]])
    nodes.reverse()
    steps = []
    for source, target in itertools.pairwise(nodes):
        edges = [
            PathEdge(s, _label(kg, s), data["relation"], o, _label(kg, o), _claims(data))
            for s, o, _key, data in _asserted_edges(kg, relations)
            if {s, o} == {source, target}
        ]
        steps.append(PathStep(source, _label(kg, source), target, _label(kg, target), tuple(edges)))
    return steps


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
    return Literal(f"{value:.{_DIGITS}f}", datatype=XSD.decimal)


def analytics_rdf(kg: KnowledgeGraph, results: Analytics) -> Graph:
    """The analytics as RDF, to load beside the graph they were computed from.

    * every actor: ``kgo:degreeCentrality`` and ``kgo:betweennessCentrality``
      (``xsd:decimal``, family ``all``), and ``kgo:bloc`` its bloc, if it has signed ties;
    * every bloc: ``kgr:bloc-N``, a ``kgo:Bloc`` with an ``rdfs:label`` listing its members
      and ``prov:wasGeneratedBy`` the analysis;
    * the analysis ``kgr:analysis``, a ``kgo:Analysis`` (a ``prov:Activity``) with
      ``kgo:frustration``, ``kgo:balancedTriads`` and ``kgo:unbalancedTriads``.

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
    rows = [list(row) for row in rows]
    if not rows:
        return "(none)\n"
    widths = [max(len(header[i]), *(len(row[i]) for row in rows)) for i in range(len(header))]
    lines = [
        "  ".join(name.ljust(width) for name, width in zip(header, widths, strict=True)),
        "  ".join("-" * width for width in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n"


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
        raise AnalyzeError(E_FORMAT, f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
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
        raise AnalyzeError(E_FORMAT, f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
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
