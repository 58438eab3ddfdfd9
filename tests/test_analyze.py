"""Graph analytics: centrality, coalitions, balance and paths on tiny graphs made by hand, then
on the sample corpus build, where the results must appear in the RDF and answer SPARQL."""

from __future__ import annotations

import itertools
import json
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.analyze import (
    Analytics,
    CoalitionResult,
    SignedTie,
    actor_graph,
    analytics_rdf,
    analyze,
    balance,
    centrality,
    coalitions,
    format_analytics,
    format_path,
    graph_from_triples,
    most_central_by_family,
    resolve_actor,
    shortest_path,
    signed_ties,
)
from kg.catalog.vocab import KGO, KGR
from kg.cli import main
from kg.errors import AnalyzeError
from kg.graph.knowledge_graph import KnowledgeGraph
from kg.sparql import run_query


def labels_of(result: CoalitionResult) -> list[tuple[str, ...]]:
    return [bloc.labels for bloc in result.blocs]


def recount(result: CoalitionResult) -> int:
    """Frustration computed from scratch: cooperation across blocs, hostility inside one."""
    return sum(
        1 for t in result.ties if (result.bloc_of(t.a) == result.bloc_of(t.b)) != (t.sign > 0)
    )


# --------------------------------------------------------------------------- tiny graphs


def test_only_asserted_ties_between_actors_count() -> None:
    kg = graph_from_triples([("A", "fights", "B"), ("A", "controls", "Town")])
    hypothetical = graph_from_triples([("A", "alliedWith", "C")], modality="hypothetical")
    negated = graph_from_triples([("B", "alliedWith", "C")], modality="negated")
    for extra in (hypothetical, negated):
        for node, data in extra.graph.nodes(data=True):
            kg.graph.add_node(node, **data)
        for s, o, key, data in extra.graph.edges(keys=True, data=True):
            kg.graph.add_edge(s, o, key, **data)
    graph = actor_graph(kg)
    assert sorted(graph.nodes[n]["label"] for n in graph) == ["A", "B", "C"]  # no Town
    assert [(graph.nodes[a]["label"], graph.nodes[b]["label"]) for a, b in graph.edges] == [
        ("A", "B")
    ]
    assert [(t.a_label, t.symbol, t.b_label) for t in signed_ties(kg)] == [("A", "-", "B")]
    degrees = {c.label: c.degree for c in centrality(kg)}
    assert degrees == {"A": 1, "B": 1, "C": 0}


def test_centrality_per_family() -> None:
    kg = graph_from_triples(
        [
            ("Hub", "fights", "A"),
            ("Hub", "threatens", "B"),
            ("Hub", "opposes", "C"),
            ("A", "alliedWith", "B"),
            ("B", "supports", "C"),
            ("D", "memberOf", "C"),
        ]
    )
    hostile = centrality(kg, "hostile")
    assert (hostile[0].label, hostile[0].degree, hostile[0].betweenness) == ("Hub", 3, 0.5)
    assert hostile[0].degree_centrality == 0.75  # 3 of the 4 other actors
    cooperative = [(c.label, c.degree) for c in centrality(kg, "cooperative") if c.degree]
    assert cooperative == [("B", 2), ("A", 1), ("C", 1)]
    top = most_central_by_family(kg, 2)
    assert {family: [c.label for c in ranked] for family, ranked in top.items()} == {
        "cooperative": ["B", "A"],
        "hostile": ["Hub", "A"],
        "all": ["C", "B"],  # memberOf counts only here
    }
    assert all(c.degree > 0 for ranked in top.values() for c in ranked)
    assert centrality(kg, "any") == centrality(kg, "all")
    with pytest.raises(AnalyzeError) as excinfo:
        centrality(kg, "friendly")
    assert excinfo.value.code == "E603"


def test_coalitions_two_camps() -> None:
    kg = graph_from_triples(
        [
            ("A", "alliedWith", "B"),
            ("B", "supports", "C"),
            ("D", "alliedWith", "E"),
            ("A", "fights", "D"),
            ("C", "threatens", "E"),
            ("B", "opposes", "E"),
        ]
    )
    result = coalitions(kg)
    assert labels_of(result) == [("A", "B", "C"), ("D", "E")]
    assert result.frustration == 0 and result.frustrated == () and result.method == "exact"
    assert result.bloc_of(str(KGR["actor-a"])) == 1 and result.bloc_of("urn:nobody") is None


def test_coalitions_report_the_frustrated_ties() -> None:
    # three mutual enemies: three blocs, nothing contradicts them
    kg = graph_from_triples(
        [("A", "fights", "B"), ("B", "fights", "C"), ("A", "fights", "C"), ("D", "alliedWith", "E")]
    )
    result = coalitions(kg)
    assert labels_of(result) == [("D", "E"), ("A",), ("B",), ("C",)]
    assert result.frustration == 0
    kg = graph_from_triples([("A", "alliedWith", "B"), ("A", "fights", "B"), ("B", "fights", "C")])
    result = coalitions(kg)  # allies who also fight: one of the two ties is always frustrated
    assert result.frustration == 1
    (tie,) = result.frustrated
    assert isinstance(tie, SignedTie)
    assert {tie.a_label, tie.b_label} == {"A", "B"}


def _partitions(items: list[str]) -> Iterator[list[list[str]]]:
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for partition in _partitions(rest):
        for i in range(len(partition)):
            yield [*partition[:i], [first, *partition[i]], *partition[i + 1 :]]
        yield [[first], *partition]


def _random_graph(seed: int, size: int, density: float) -> KnowledgeGraph:
    rnd = random.Random(seed)
    names = [f"N{i:02d}" for i in range(size)]
    relations = ["alliedWith", "supports", "fights", "threatens", "opposes"]
    triples = [
        (a, rnd.choice(relations), b)
        for a, b in itertools.permutations(names, 2)
        if rnd.random() < density
    ]
    return graph_from_triples(triples)


@pytest.mark.parametrize("seed", range(40))
def test_coalitions_are_optimal_on_small_graphs(seed: int) -> None:
    """The exact search finds the least frustration over every partition (brute force)."""
    kg = _random_graph(seed, 3 + seed % 5, 0.3)
    ties = signed_ties(kg)
    nodes = sorted({n for t in ties for n in (t.a, t.b)})
    result = coalitions(kg)
    assert result.frustration == recount(result)
    if not nodes:
        assert result.blocs == ()
        return
    best = min(
        sum(1 for t in ties if (bloc[t.a] == bloc[t.b]) != (t.sign > 0))
        for partition in _partitions(nodes)
        for bloc in [{m: i for i, part in enumerate(partition) for m in part}]
    )
    assert result.frustration == best
    # local search alone is never better than exact, and is what larger graphs get
    local = coalitions(kg, exact_limit=0)
    assert local.frustration >= best and local.frustration == recount(local)
    assert local.method == "local search"


def test_coalitions_every_bloc_is_held_together_by_cooperation() -> None:
    kg = _random_graph(7, 30, 0.06)
    for result in (coalitions(kg), coalitions(kg, exact_limit=0)):
        positive = {(t.a, t.b) for t in result.ties if t.sign > 0}
        for bloc in result.blocs:
            members = set(bloc.members)
            reached, todo = {bloc.members[0]}, [bloc.members[0]]
            while todo:
                node = todo.pop()
                for a, b in positive:
                    for x, y in ((a, b), (b, a)):
                        if x == node and y in members and y not in reached:
                            reached.add(y)
                            todo.append(y)
            assert reached == members
        assert sorted(m for bloc in result.blocs for m in bloc.members) == sorted(
            {n for t in result.ties for n in (t.a, t.b)}
        )


def test_results_are_deterministic_whatever_the_insertion_order() -> None:
    triples = [
        ("A", "alliedWith", "B"),
        ("C", "fights", "B"),
        ("C", "alliedWith", "D"),
        ("D", "threatens", "A"),
        ("E", "supports", "C"),
        ("E", "opposes", "A"),
    ]
    first = graph_from_triples(triples)
    second = graph_from_triples(list(reversed(triples)))
    assert analyze(first) == analyze(second)
    assert analyze(first) == analyze(first)
    assert shortest_path(first, "A", "E") == shortest_path(second, "A", "E")
    a, b = (analytics_rdf(kg, analyze(kg)) for kg in (first, second))
    assert a.serialize(format="turtle") == b.serialize(format="turtle")


def test_balance_counts_triads() -> None:
    kg = graph_from_triples(
        [
            ("A", "alliedWith", "B"),
            ("B", "alliedWith", "C"),
            ("A", "supports", "C"),  # A B C: +++, balanced
            ("A", "fights", "D"),
            ("B", "fights", "D"),  # A B D: +--, balanced
            ("C", "alliedWith", "D"),  # A C D and B C D: ++-, unbalanced
            ("X", "fights", "Y"),
            ("Y", "fights", "Z"),
            ("X", "fights", "Z"),  # X Y Z: ---, unbalanced
        ]
    )
    result = balance(kg)
    assert result.by_type == {"+++": 1, "+--": 1, "++-": 2, "---": 1}
    assert (result.balanced, result.unbalanced, result.ratio) == (2, 3, 0.4)
    assert [(t.labels, t.signs, t.balanced) for t in result.triads] == [
        (("A", "B", "C"), "+++", True),
        (("A", "B", "D"), "+--", True),
        (("A", "C", "D"), "++-", False),
        (("B", "C", "D"), "++-", False),
        (("X", "Y", "Z"), "---", False),
    ]
    # a pair both allied and hostile has no single sign: its triads are left out
    kg = graph_from_triples(
        [("A", "alliedWith", "B"), ("A", "fights", "B"), ("A", "fights", "C"), ("B", "fights", "C")]
    )
    result = balance(kg)
    assert result.triads == () and result.ambiguous_pairs == 1 and result.ratio is None


def test_shortest_path_and_its_edges() -> None:
    kg = graph_from_triples(
        [
            ("A", "fights", "B"),
            ("B", "threatens", "C"),
            ("C", "fights", "D"),
            ("A", "alliedWith", "E"),
            ("E", "supports", "D"),
            ("A", "memberOf", "D"),
        ]
    )
    hostile = shortest_path(kg, "A", "D", "hostile")
    assert [s.source_label for s in hostile] + [hostile[-1].target_label] == ["A", "B", "C", "D"]
    assert [(e.subject_label, e.relation, e.object_label) for s in hostile for e in s.edges] == [
        ("A", "fights", "B"),
        ("B", "threatens", "C"),
        ("C", "fights", "D"),
    ]
    cooperative = shortest_path(kg, "a", "d", "cooperative")
    assert [(s.source_label, s.target_label) for s in cooperative] == [("A", "E"), ("E", "D")]
    assert [(s.source_label, s.target_label) for s in shortest_path(kg, "A", "D")] == [("A", "D")]
    assert shortest_path(kg, "A", "A") == []
    # reversed, the chain reads the other way and uses the same edges
    back = shortest_path(kg, "D", "A", "hostile")
    assert [s.source_label for s in back] == ["D", "C", "B"]
    text = format_path(hostile)
    assert text.startswith("A — B — C — D\n")
    assert json.loads(format_path(hostile, "json"))[0]["edges"][0]["relation"] == "fights"


def test_path_and_actor_errors() -> None:
    kg = graph_from_triples(
        [
            ("Alpha", "fights", "Beta"),
            ("Gamma", "alliedWith", "Delta"),
            ("Alpha", "controls", "Town"),
        ]
    )
    kg.graph.nodes[str(KGR["actor-gamma"])]["aliases"] = ["G"]
    kg.graph.nodes[str(KGR["actor-delta"])]["aliases"] = ["G"]
    cases = [
        (("Alpha", "Gamma", "any"), "E604", "no chain of ties between Alpha and Gamma"),
        (("Alpha", "Beta", "cooperative"), "E604", "no cooperative chain between Alpha and Beta"),
        (("Alpah", "Beta", "any"), "E601", "Closest: Alpha"),
        (("Alpha", "Town", "any"), "E601", "'Town' is a place"),
        (("Alpha", "G", "any"), "E602", "ambiguous"),
        (("Alpha", "Beta", "friends"), "E603", "cooperative, hostile or any"),
    ]
    for (a, b, family), code, text in cases:
        with pytest.raises(AnalyzeError) as excinfo:
            shortest_path(kg, a, b, family)
        assert excinfo.value.code == code
        assert text in excinfo.value.message
    assert resolve_actor(kg, str(KGR["actor-beta"])) == str(KGR["actor-beta"])
    assert resolve_actor(kg, "kgr:actor-beta") == str(KGR["actor-beta"])
    with pytest.raises(AnalyzeError) as excinfo:
        format_analytics(analyze(kg), "xml")
    assert excinfo.value.code == "E605"


def test_analytics_rdf_on_a_tiny_graph() -> None:
    kg = graph_from_triples(
        [("A", "alliedWith", "B"), ("B", "fights", "C"), ("D", "memberOf", "A")]
    )
    results = analyze(kg)
    graph = analytics_rdf(kg, results)
    a, b, c, d = (URIRef(KGR[f"actor-{x}"]) for x in "abcd")
    assert graph.value(a, KGO.bloc) == graph.value(b, KGO.bloc) == KGR["bloc-1"]
    assert graph.value(c, KGO.bloc) == KGR["bloc-2"]
    assert graph.value(d, KGO.bloc) is None  # memberOf is not a signed tie
    assert (KGR["bloc-1"], RDF.type, KGO.Bloc) in graph
    assert str(graph.value(KGR["bloc-1"], RDFS.label)) == "bloc 1: A, B"
    assert graph.value(KGR["analysis"], KGO.frustration) == Literal(0)
    assert graph.value(KGR["analysis"], KGO.balancedTriads) == Literal(0)
    assert float(graph.value(a, KGO.betweennessCentrality)) == pytest.approx(2 / 3, abs=1e-6)
    assert float(graph.value(d, KGO.degreeCentrality)) == pytest.approx(1 / 3, abs=1e-6)
    # every kgo: term used is in the ontology (KGO raises on an unknown one)
    for term in {*graph.predicates(), *graph.objects(None, RDF.type)}:
        if str(term).startswith(str(KGO._NS)):
            assert getattr(KGO, str(term).removeprefix(str(KGO._NS))) == term


def test_format_analytics() -> None:
    kg = graph_from_triples(
        [
            ("A", "alliedWith", "B"),
            ("A", "alliedWith", "C"),
            ("B", "fights", "C"),
            ("C", "fights", "D"),
        ]
    )
    results = analyze(kg, top=2)
    table = format_analytics(results)
    for text in (
        "Most central actors",
        "Blocs",
        "on their own: D",
        "frustration: 1 of 4 signed ties",
        "Structural balance",
        "unbalanced triad",
    ):
        assert text in table, text
    document = json.loads(format_analytics(results, "json"))
    assert document["coalitions"]["frustration"] == 1
    assert [m["label"] for m in document["coalitions"]["blocs"][0]["members"]] == ["A", "B", "C"]
    assert document["balance"]["byType"] == {"+++": 0, "+--": 0, "++-": 1, "---": 0}
    assert [c["label"] for c in document["centrality"]["all"]] == ["C", "A"]


# --------------------------------------------------------------------------- the sample build


@pytest.fixture(scope="module")
def sample(sample_build) -> tuple[KnowledgeGraph, Graph, Path]:
    result, out = sample_build
    return result.knowledge_graph, result.rdf, out


@pytest.fixture(scope="module")
def results(sample) -> Analytics:
    return analyze(sample[0])


def actor(slug: str) -> str:
    return str(KGR[f"actor-{slug}"])


ISIL, IRAN, TURKEY, SYRIA = (actor(s) for s in ("islamic-state", "iran", "turkey", "syria"))
SHIA_MILITIAS = actor("shia-militias")


def test_sample_centrality(results: Analytics) -> None:
    # the Islamic State, which everybody fights, is the hub of the hostile and of all ties
    assert results.most_central["hostile"][0].iri == ISIL
    assert results.most_central["all"][0].iri == ISIL
    top = results.most_central["all"][0]
    assert top.betweenness == max(c.betweenness for c in results.centrality)
    assert IRAN in [c.iri for c in results.most_central["cooperative"][:3]]


def test_sample_coalitions(results: Analytics) -> None:
    blocs = results.coalitions
    # "Iran and Syria are also long-standing allies."
    assert blocs.bloc_of(IRAN) is not None and blocs.bloc_of(IRAN) == blocs.bloc_of(SYRIA)
    # Turkey and Iran both warned ISIL: neither is in its bloc
    assert blocs.bloc_of(ISIL) not in (blocs.bloc_of(TURKEY), blocs.bloc_of(IRAN))
    assert blocs.frustration == recount(blocs) == len(blocs.frustrated)
    assert [bloc.number for bloc in blocs.blocs] == list(range(1, len(blocs.blocs) + 1))
    sizes = [len(bloc.members) for bloc in blocs.blocs]
    assert sizes == sorted(sizes, reverse=True)


def test_sample_balance(results: Analytics) -> None:
    # Iran backs the Shiite militias; both fight or warn ISIL: the enemy of my enemy
    triads = {frozenset(t.actors): t for t in results.balance.triads}
    triad = triads[frozenset({IRAN, SHIA_MILITIAS, ISIL})]
    assert triad.signs == "+--" and triad.balanced
    assert results.balance.balanced >= 1
    assert results.balance.balanced + results.balance.unbalanced == len(results.balance.triads)


def test_sample_paths(sample) -> None:
    kg = sample[0]
    # Turkey warned ISIL, ISIL was warned by Iran
    hostile = shortest_path(kg, "Turkey", "Iran", "hostile")
    assert [s.source for s in hostile] + [hostile[-1].target] == [TURKEY, ISIL, IRAN]
    assert {e.relation for e in hostile[0].edges} >= {"threatens"}
    # Syria is allied with Iran, which backs the Shiite militias
    cooperative = shortest_path(kg, "Syria", "Shiite militias", "cooperative")
    assert [s.source for s in cooperative] + [cooperative[-1].target] == [
        SYRIA,
        IRAN,
        SHIA_MILITIAS,
    ]


def test_sample_analytics_in_rdf_answer_sparql(sample, results: Analytics) -> None:
    kg, rdf, _ = sample
    merged = Graph()
    merged += rdf
    merged += analytics_rdf(kg, results)
    same_bloc = run_query(
        merged, "ASK { kgr:actor-iran kgo:bloc ?bloc . kgr:actor-syria kgo:bloc ?bloc }"
    )
    assert same_bloc.boolean is True
    hub = run_query(
        merged,
        "SELECT ?actor WHERE { ?actor kgo:betweennessCentrality ?b } ORDER BY DESC(?b) ?actor "
        "LIMIT 1",
    )
    assert hub.rows == [(URIRef(ISIL),)]
    members = run_query(
        merged,
        "SELECT ?label (COUNT(?actor) AS ?n) WHERE { ?actor kgo:bloc ?bloc . "
        "?bloc a kgo:Bloc ; rdfs:label ?label } GROUP BY ?bloc ?label ORDER BY DESC(?n) ?label",
    )
    assert sum(int(row[1]) for row in members.rows) == sum(
        len(bloc.members) for bloc in results.coalitions.blocs
    )
    frustration = run_query(merged, "SELECT ?f WHERE { ?a a kgo:Analysis ; kgo:frustration ?f }")
    assert frustration.rows == [(Literal(results.coalitions.frustration),)]
    # the named queries still work on the merged graph
    assert run_query(merged, "most-connected").rows[0][0] == URIRef(ISIL)


# --------------------------------------------------------------------------- the command


def test_kg_analyze_prints_tables_and_writes_rdf(sample, tmp_path, capsys) -> None:
    graph = sample[2] / "graph.ttl"
    target = tmp_path / "analytics.ttl"
    assert main(["analyze", "--graph", str(graph), "-o", str(target)]) == 0
    captured = capsys.readouterr()
    for text in ("Most central actors", "Islamic State", "Blocs", "frustration:", "balanced:"):
        assert text in captured.out, text
    assert f"wrote {target}" in captured.err
    written = Graph().parse(target)
    assert (URIRef(IRAN), KGO.bloc, None) in written
    assert main(["analyze", "--graph", str(graph), "-f", "json", "--no-write", "--top", "3"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert len(document["centrality"]["all"]) == 3
    assert document["centrality"]["all"][0]["label"] == "Islamic State"


def test_kg_query_loads_the_analytics_beside_the_graph(
    sample, tmp_path, capsys, monkeypatch
) -> None:
    import io

    graph = sample[2] / "graph.ttl"
    target = tmp_path / "analytics.ttl"
    assert main(["analyze", "--graph", str(graph), "-o", str(target), "--no-write"]) == 0
    assert not target.exists()
    assert main(["analyze", "--graph", str(graph), "-o", str(target)]) == 0
    capsys.readouterr()
    monkeypatch.setattr(
        "sys.stdin",
        io.StringIO("SELECT ?label WHERE { kgr:actor-iran kgo:bloc/rdfs:label ?label }"),
    )
    args = ["query", "--graph", str(graph), "--graph", str(target), "-f", "ndjson", "-"]
    assert main(args) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert "Iran" in json.loads(line)["label"] and "Syria" in json.loads(line)["label"]


def test_kg_analyze_path(sample, capsys) -> None:
    graph = str(sample[2] / "graph.ttl")
    args = ["analyze", "--graph", graph, "--path", "Turkey", "Iran", "--family", "hostile"]
    assert main(args) == 0
    assert capsys.readouterr().out.startswith("Turkey — Islamic State — Iran\n")


def test_kg_analyze_errors_are_one_line(sample, tmp_path) -> None:
    graph = str(sample[2] / "graph.ttl")
    for args, text in (
        (["--path", "Turky", "Iran"], "[E601] no actor called 'Turky'"),
        (["--graph", str(tmp_path / "none.ttl")], "no such graph file"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "kg", "analyze", "--graph", graph, *args],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 1
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and text in lines[0], done.stderr
        assert "Traceback" not in done.stderr
    assert not (tmp_path / "analytics.ttl").exists()


def test_bloc_members_are_listed_in_full() -> None:
    # a bloc of 30 actors with long names: every member is printed, none cut with "…"
    names = [f"Northern Liberation Brigade number {n:02d}" for n in range(30)]
    kg = graph_from_triples([(names[0], "alliedWith", other) for other in names[1:]])
    table = format_analytics(analyze(kg))
    assert "…" not in table
    for name in names:
        assert name in table
    blocs = table.split("Blocs (")[1].split("frustration:")[0]
    bloc_lines = [line for line in blocs.splitlines() if "Northern Liberation Brigade" in line]
    assert len(bloc_lines) > 1 and all(len(line) <= 120 for line in bloc_lines)
    assert bloc_lines[0].split()[:2] == ["1", "30"]
    assert sum(line.count("Northern Liberation Brigade") for line in bloc_lines) == 30
