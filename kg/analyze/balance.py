"""Blocs and structural balance, over the signed ties of :func:`~kg.analyze.families.signed_ties`:

* :func:`coalitions`: a partition of the actors into blocs that minimises *frustration*:
  cooperative ties between blocs plus hostile ties inside a bloc (correlation clustering).
  Each connected part of the signed graph is solved on its own: exactly (branch and bound)
  up to :data:`EXACT_LIMIT` actors, by a deterministic local search above that. Among
  equally good partitions, blocs are kept apart unless cooperation ties them, so every
  bloc is held together by cooperative ties.
* :func:`balance`: triads of actors whose three pairs are all signed, balanced (``+++``,
  ``+--``: "the enemy of my enemy is my friend") or not (``++-``, ``---``).
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kg.analyze.families import DIGITS, SignedTie, node_label, node_order, signed_ties
from kg.graph.knowledge_graph import KnowledgeGraph

#: Connected parts of the signed graph up to this many actors are partitioned exactly.
EXACT_LIMIT = 12


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

    >>> from kg.analyze.families import graph_from_triples
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
    nodes = sorted({n for t in ties for n in (t.a, t.b)}, key=lambda n: node_order(kg, n))
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
            labels=tuple(node_label(kg, nodes[i]) for i in group),
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
        return round(self.balanced / len(self.triads), DIGITS) if self.triads else None


def balance(kg: KnowledgeGraph) -> BalanceResult:
    """Count balanced and unbalanced triads ("the enemy of my enemy is my friend").

    A pair with both cooperative and hostile ties has no single sign and is left out.

    >>> from kg.analyze.families import graph_from_triples
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
    for a in sorted(neighbours, key=lambda n: node_order(kg, n)):
        for b in sorted(neighbours[a], key=lambda n: node_order(kg, n)):
            if node_order(kg, b) <= node_order(kg, a):
                continue
            for c in sorted(neighbours[a] & neighbours[b], key=lambda n: node_order(kg, n)):
                if node_order(kg, c) <= node_order(kg, b):
                    continue
                values = [sign_of[frozenset(p)] for p in ((a, b), (a, c), (b, c))]
                symbols = "".join(sorted("+" if v > 0 else "-" for v in values))
                triads.append(
                    Triad(
                        actors=(a, b, c),
                        labels=(node_label(kg, a), node_label(kg, b), node_label(kg, c)),
                        signs=symbols,
                        balanced=values[0] * values[1] * values[2] > 0,
                    )
                )
    return BalanceResult(tuple(triads), ambiguous)
