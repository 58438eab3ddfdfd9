"""Inference (kg.rdf.infer, ``kg build --infer``): symmetric and super-property triples between
actors, kept apart from the asserted graph."""

from __future__ import annotations

import pytest
from rdflib import Graph, Variable
from rdflib.namespace import PROV

from kg.catalog.vocab import (
    COOPERATIVE_RELATIONS,
    HOSTILE_RELATIONS,
    KGO,
    KGR,
    RELATIONS,
    SYMMETRIC_RELATIONS,
)
from kg.cli import main
from kg.errors import InferenceError
from kg.rdf.infer import INFERRED_GRAPH, INFERRED_NAME, infer, with_inferred
from kg.rdf.validate import validate

PREFIXES = {"kgo": KGO._NS, "kgr": KGR}


@pytest.fixture(scope="module")
def asserted(sample_build) -> Graph:
    return sample_build[0].rdf


@pytest.fixture(scope="module")
def inferred(asserted) -> Graph:
    return infer(asserted)


def _direct(graph: Graph) -> set:
    return {
        (s, KGO[r], o)
        for r in (*RELATIONS, "hostileTo", "cooperatesWith")
        for s, o in graph.subject_objects(KGO[r])
    }


def expected_inferences(asserted: Graph) -> set:
    """What the issue asks for, computed from the vocabulary, not from the ontology."""
    direct = _direct(asserted)
    closed = set(direct)
    closed |= {(o, p, s) for s, p, o in direct if str(p).split("#")[1] in SYMMETRIC_RELATIONS}
    for s, p, o in list(closed):
        name = str(p).split("#")[1]
        if name in HOSTILE_RELATIONS:
            closed.add((s, KGO.hostileTo, o))
        if name in COOPERATIVE_RELATIONS:
            closed.add((s, KGO.cooperatesWith, o))
    return closed - direct


def test_inferred_triples_are_a_separate_graph(asserted, inferred):
    assert inferred.identifier == INFERRED_GRAPH
    assert len(inferred) > 0
    assert not set(inferred) & set(asserted), "no inferred triple is in the asserted graph"
    assert not list(asserted.triples((None, KGO.hostileTo, None)))
    assert validate(asserted).conforms  # inference left the asserted graph as it was


def test_exactly_the_symmetric_and_super_property_triples(asserted, inferred):
    assert set(inferred) == expected_inferences(asserted)
    predicates = {p for _, p, _ in inferred}
    assert {KGO.hostileTo, KGO.cooperatesWith} <= predicates
    assert predicates <= {KGO[r] for r in SYMMETRIC_RELATIONS} | {KGO.hostileTo, KGO.cooperatesWith}


def test_engines_agree(asserted, inferred):
    assert set(infer(asserted, engine="rules")) == set(inferred)


def test_all_hostile_relations_of_an_actor_are_one_triple_pattern(asserted, inferred):
    hostile = {KGO[r] for r in HOSTILE_RELATIONS}
    counts: dict = {}
    for s, p, o in _direct(asserted):
        if p in hostile:
            counts[s] = counts.get(s, 0) + 1
            if p == KGO.fights:
                counts[o] = counts.get(o, 0) + 1
    actor = max(sorted(counts), key=lambda a: counts[a])
    expected = {o for p in hostile for o in asserted.objects(actor, p)}
    expected |= set(asserted.subjects(KGO.fights, actor))
    query = "SELECT ?other WHERE { ?actor kgo:hostileTo ?other }"
    dataset = with_inferred(asserted, inferred)
    found = {row[0] for row in dataset.query(query, initNs=PREFIXES, initBindings={"actor": actor})}
    assert found == expected and len(found) >= 2
    # the same pattern over the asserted graph alone finds nothing
    assert not list(asserted.query(query, initNs=PREFIXES, initBindings={"actor": actor}))
    # and the named graph tells derived facts from asserted ones
    in_named = "SELECT ?p WHERE { GRAPH kgr:inferred { ?actor ?p ?other } }"
    for other in found:
        rows = dataset.query(
            in_named, initNs=PREFIXES, initBindings={"actor": actor, Variable("other"): other}
        )
        assert KGO.hostileTo in {row[0] for row in rows}


def test_an_inconsistent_graph_is_an_error():
    graph = Graph()
    graph.add((KGR["actor-a"], KGO.controls, KGR["x"]))  # x is a place (range of controls)
    graph.add((KGR["actor-b"], KGO.fights, KGR["x"]))  # and an actor (range of fights)
    with pytest.raises(InferenceError, match="E802"):
        infer(graph)
    # the rules engine does not check consistency: x fights b, b and x hostileTo each other
    assert len(infer(graph, engine="rules")) == 3


def test_unknown_engine_is_an_error(asserted):
    with pytest.raises(InferenceError, match="E803"):
        infer(asserted, engine="hermit")


def test_build_writes_inferred_ttl_only_when_asked(sample_build, asserted, inferred, tmp_path):
    _, default_out = sample_build
    assert not (default_out / INFERRED_NAME).exists()
    out = tmp_path / "o"
    assert main(["build", "-o", str(out), "--quiet", "--no-html", "--infer", "--timestamp"]) == 0
    text = (out / INFERRED_NAME).read_text()
    assert text.startswith("# Triples entailed")
    written = Graph().parse(out / INFERRED_NAME, format="turtle")
    assert set(written) == set(inferred)
    graph = Graph().parse(out / "graph.ttl")
    assert not set(written) & set(graph)
    [run] = list(graph.subjects(PROV.startedAtTime, None))
    assert graph.value(run, PROV.startedAtTime) <= graph.value(run, PROV.endedAtTime)
    report = validate(graph)
    assert report.conforms and not report.violations
