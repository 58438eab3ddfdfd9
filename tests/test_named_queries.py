"""Every named query, run on the build of the bundled sample corpus, checked against facts the
articles state plainly.

Extraction improves over time, so these tests do not pin row counts or every row: each
assertion is one a reader of the article would agree with (Iran backs Bashar al-Assad, the
Islamic State holds Mosul, Turkey warned ISIL, ...), plus properties that hold of any graph
(rows in date order, only negated claims in ``denied``, ...).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from kg.catalog.vocab import KGO, KGR, SYMMETRIC_RELATIONS
from kg.cli import main
from kg.errors import QueryError
from kg.sparql import QueryResult, bind_parameters, list_queries, load_query, run_query

SAMPLE = Path(__file__).resolve().parents[1] / "kg" / "sample_corpus"

#: every named query has a test below; a new query must be added here and tested
TESTED = {
    "actor-profile",
    "allies-of",
    "considered-not-done",
    "contested-pairs",
    "denied",
    "enemies-of",
    "enemy-of-my-enemy",
    "events-by-type",
    "evidence-for",
    "most-connected",
    "places-controlled",
    "sources-for",
    "supporters-of",
    "timeline",
    "who-threatens-whom",
}


def actor(slug: str) -> str:
    return str(KGR[f"actor-{slug}"])


ISIL = actor("islamic-state")
TURKEY = actor("turkey")
IRAN = actor("iran")
UNITED_STATES = actor("united-states")


@pytest.fixture(scope="module")
def rdf(sample_build) -> Graph:
    return sample_build[0].rdf


def rows(result: QueryResult) -> list[dict[str, Any]]:
    """Rows as dicts of plain values: IRIs and literals as strings, integers as ints."""
    out = []
    for row in result.rows:
        record: dict[str, Any] = {}
        for name, term in zip(result.variables, row, strict=True):
            if term is None:
                record[name] = None
            elif isinstance(term, Literal) and isinstance(term.toPython(), int | bool):
                record[name] = term.toPython()
            else:
                record[name] = str(term)
        out.append(record)
    return out


def run(rdf: Graph, name: str, **params: str) -> list[dict[str, Any]]:
    return rows(run_query(rdf, name, params))


def document_text(doc_id: str) -> str:
    (path,) = SAMPLE.glob(f"{doc_id}.*")
    return path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the catalogue


def test_at_least_twelve_documented_queries_each_tested() -> None:
    queries = list_queries()
    assert len(queries) >= 12
    assert {query.name for query in queries} == TESTED
    for query in queries:
        assert query.title and query.title != query.name, query.name
        assert len(query.description) > 40, query.name
        for parameter in query.parameters:
            assert parameter.description, (query.name, parameter.name)
        assert "ORDER BY" in query.text, query.name  # deterministic row order
        assert "VALUES" not in query.text, query.name  # FILTER(?p IN (...)): fast on Oxigraph


def test_cli_lists_them(capsys) -> None:
    assert main(["query", "--list"]) == 0
    listed = capsys.readouterr().out
    for name in TESTED:
        assert name in listed


# --------------------------------------------------------------------------- the queries


def test_allies_of(rdf: Graph) -> None:
    # "Iran and Syria are also long-standing allies."
    allies = run(rdf, "allies-of", actor="Iran")
    assert actor("syria") in {row["ally"] for row in allies}
    assert all(row["claims"] >= 1 for row in allies)
    # the symmetric relation reads the same from the other side
    assert IRAN in {row["ally"] for row in run(rdf, "allies-of", actor="Syria")}


def test_enemies_of(rdf: Graph) -> None:
    enemies = {(row["enemyLabel"], row["relation"]) for row in run(rdf, "enemies-of", actor="ISIL")}
    # "Turkey warned the Islamic State of Iraq and the Levant (ISIL) ..."
    assert ("Turkey", str(KGO.threatens)) in enemies
    # "Peshmerga fighters clashed with ISIL militants ..."
    assert ("Peshmerga", str(KGO.fights)) in enemies
    assert {relation for _, relation in enemies} <= {
        str(KGO.fights),
        str(KGO.threatens),
        str(KGO.opposes),
    }


def test_supporters_of(rdf: Graph) -> None:
    # "Tehran backs Syrian President Bashar al-Assad"
    supporters = run(rdf, "supporters-of", actor="Assad")
    assert IRAN in {row["supporter"] for row in supporters}
    iran = next(row for row in supporters if row["supporter"] == IRAN)
    assert iran["modality"] == str(KGO.Asserted)
    assert iran["first"] == iran["last"] == "2014-06-16"
    # "The United States already supports the Iraqi government with arms."
    assert UNITED_STATES in {
        row["supporter"] for row in run(rdf, "supporters-of", actor="Iraqi government")
    }
    # by default only asserted claims: "Turkey has denied that it armed ISIL fighters"
    assert TURKEY not in {row["supporter"] for row in run(rdf, "supporters-of", actor="ISIL")}
    negated = run(rdf, "supporters-of", actor="ISIL", modality="negated")
    assert TURKEY in {row["supporter"] for row in negated}


def test_who_threatens_whom(rdf: Graph) -> None:
    threats = run(rdf, "who-threatens-whom")
    # "Turkey warns ISIL after militants seize consulate in Mosul" (12 June)
    assert any(
        row["subject"] == TURKEY
        and row["object"] == ISIL
        and row["document"] == "03-turkish-consulate"
        and row["date"] == "2014-06-12"
        for row in threats
    )
    # "Iran has warned ISIS against any attack on the Shiite shrines"
    assert any(row["subject"] == IRAN and row["object"] == ISIL for row in threats)
    dates = [row["date"] for row in threats]
    assert dates == sorted(dates)


def test_evidence_for(rdf: Graph) -> None:
    evidence = run(rdf, "evidence-for", a="Turkey", b="ISIL")
    assert {row["document"] for row in evidence} == {"03-turkish-consulate"}
    sentences = {" ".join(row["evidence"].split()): row for row in evidence}
    condemned = "The Turkish government condemned ISIL for the attack."
    assert sentences[condemned]["modality"] == str(KGO.Asserted)
    denied = "Turkey has denied that it armed ISIL fighters in Syria."
    assert sentences[denied]["relation"] == str(KGO.supports)
    assert sentences[denied]["modality"] == str(KGO.Negated)
    assert all(row["title"].startswith("Turkey warns ISIL") for row in evidence)
    # every sentence is in the document it cites
    text = document_text("03-turkish-consulate")
    assert all(" ".join(row["evidence"].split()) in " ".join(text.split()) for row in evidence)


def test_events_by_type(rdf: Graph) -> None:
    from kg.catalog.lexicon import load_lexicon
    from kg.catalog.vocab import PLOVER_IRI

    mapping = load_lexicon().plover_relations
    every = run(rdf, "events-by-type", modality="any")
    assert len({row["type"] for row in every}) >= 3
    for row in every:  # each type is recorded as the relation kg.ttl maps it to
        assert row["relation"] == str(KGO[mapping[row["type"].removeprefix(PLOVER_IRI)]]), row
    disapprove = run(rdf, "events-by-type", type="disapprove", actor="Turkey")
    assert {row["type"] for row in disapprove} == {PLOVER_IRI + "DISAPPROVE"}
    assert any("condemned ISIL for the attack" in row["evidence"] for row in disapprove)
    assert all(row["modality"] == str(KGO.Asserted) for row in disapprove)
    with pytest.raises(QueryError, match="did you mean DISAPPROVE"):
        run(rdf, "events-by-type", type="DISAPROVE")


def test_actor_profile(rdf: Graph) -> None:
    profile = run(rdf, "actor-profile", actor="ISIS")
    assert {row["label"] for row in profile} == {"Islamic State"}
    aliases = profile[0]["aliases"].split(" | ")
    assert {"ISIL", "ISIS"} <= set(aliases)
    # it seized Mosul and Tikrit, captured Tal Afar, holds Raqqa
    controls = next(
        row
        for row in profile
        if (row["relation"], row["direction"], row["modality"])
        == (str(KGO.controls), "out", str(KGO.Asserted))
    )
    assert controls["claims"] >= 3


def test_places_controlled(rdf: Graph) -> None:
    places = run(rdf, "places-controlled")
    mosul = [row for row in places if row["placeLabel"] == "Mosul"]
    assert any(
        row["controller"] == ISIL
        and row["modality"] == str(KGO.Asserted)
        and row["earliest"] == "2014-06-11"
        for row in mosul
    )
    # "Kurdish Peshmerga fighters took control of Kirkuk"
    assert any(
        row["controllerLabel"] in {"Peshmerga", "Kurdish forces"}
        and row["modality"] == str(KGO.Asserted)
        for row in places
        if row["placeLabel"] == "Kirkuk"
    )
    # "ISIL holds Raqqa" (17 June)
    assert {row["placeLabel"] for row in run(rdf, "places-controlled", actor="ISIL")} >= {
        "Mosul",
        "Raqqa",
        "Tikrit",
    }


def test_timeline(rdf: Graph) -> None:
    everything = run(rdf, "timeline")
    claims = set(rdf.subjects(RDF.type, KGO.Claim))
    assert {URIRef(row["claim"]) for row in everything} == claims  # each claim once
    assert len(everything) == len(claims)
    dates = [row["date"] for row in everything]
    assert dates == sorted(dates) and dates[0] == "2014-06-11"
    # one actor: every claim involves it, and ISIL's seizure of Mosul is there
    isil = run(rdf, "timeline", actor="ISIL")
    assert all("Islamic State" in (row["subjectLabel"], row["objectLabel"]) for row in isil)
    assert any(
        (row["date"], row["relation"], row["objectLabel"])
        == ("2014-06-11", str(KGO.controls), "Mosul")
        for row in isil
    )
    # a window of days: only 16 June, when Rouhani said Iran might cooperate with the US
    window = run(rdf, "timeline", since="2014-06-16", until="2014-06-16")
    assert window and {row["date"] for row in window} == {"2014-06-16"}
    assert any(
        row["evidence"].startswith("Iran might cooperate with the United States")
        and row["modality"] == str(KGO.Hypothetical)
        for row in window
    )
    assert run(rdf, "timeline", since="2014-06-17", until="2014-06-11") == []
    controls = run(rdf, "timeline", relation="controls", modality="asserted")
    assert controls and {row["relation"] for row in controls} == {str(KGO.controls)}
    assert {row["modality"] for row in controls} == {str(KGO.Asserted)}


def _asserted_counterpart(rdf: Graph, claim: URIRef) -> bool:
    subject, relation, obj = (rdf.value(claim, p) for p in (RDF.subject, RDF.predicate, RDF.object))
    pairs = {(subject, obj)}
    if str(relation).removeprefix(str(KGO._NS)) in SYMMETRIC_RELATIONS:
        pairs.add((obj, subject))
    for other in rdf.subjects(RDF.predicate, relation):
        if rdf.value(other, KGO.modality) != KGO.Asserted:
            continue
        if (rdf.value(other, RDF.subject), rdf.value(other, RDF.object)) in pairs:
            return True
    return False


def test_considered_not_done(rdf: Graph) -> None:
    considered = run(rdf, "considered-not-done")
    found = {(row["subjectLabel"], row["relation"], row["objectLabel"]) for row in considered}
    # "Iran might cooperate with the United States against ISIL"
    assert ("Iran", str(KGO.alliedWith), "United States") in found
    # "President Barack Obama is weighing air strikes against ... (ISIL)"
    assert ("Barack Obama", str(KGO.fights), "Islamic State") in found
    for row in considered:
        claim = URIRef(row["claim"])
        assert rdf.value(claim, KGO.modality) == KGO.Hypothetical
        assert not _asserted_counterpart(rdf, claim), row
    iran = run(rdf, "considered-not-done", actor="Tehran")
    assert iran and all("Iran" in (row["subjectLabel"], row["objectLabel"]) for row in iran)
    assert run(rdf, "considered-not-done", relation="alliedWith")


def test_denied(rdf: Graph) -> None:
    denied = run(rdf, "denied")
    # "Turkey has denied that it armed ISIL fighters in Syria."
    assert any(
        (row["subjectLabel"], row["relation"], row["objectLabel"])
        == ("Turkey", str(KGO.supports), "Islamic State")
        and "denied that it armed ISIL" in row["evidence"]
        for row in denied
    )
    # "US officials said the United States was not allied with the Syrian government ..."
    assert any(
        row["relation"] == str(KGO.alliedWith)
        and "United States" in (row["subjectLabel"], row["objectLabel"])
        and "not allied with the Syrian government" in row["evidence"]
        for row in denied
    )
    for row in denied:
        claim = URIRef(row["claim"])
        assert rdf.value(claim, KGO.modality) == KGO.Negated
        assert row["alsoAsserted"] is _asserted_counterpart(rdf, claim), row
    turkey = run(rdf, "denied", actor="Turkey", relation="supports")
    assert turkey and all(row["relation"] == str(KGO.supports) for row in turkey)


def test_contested_pairs(rdf: Graph) -> None:
    # Turkey warned and condemned ISIL, and denied arming it or negotiating with it directly
    pairs = run(rdf, "contested-pairs")
    turkey = next(row for row in pairs if {row["a"], row["b"]} == {TURKEY, ISIL})
    assert turkey["cooperative"] >= 1 and turkey["hostile"] >= 2
    assert "threatens/asserted" in turkey["hostility"].split(", ")
    assert "supports/negated" in turkey["cooperation"].split(", ")
    for row in pairs:
        assert row["a"] < row["b"]  # each pair once
        for tag in row["cooperation"].split(", "):
            assert tag.split("/")[0] in {"alliedWith", "supports", "negotiatesWith"}
        for tag in row["hostility"].split(", "):
            assert tag.split("/")[0] in {"fights", "threatens", "opposes"}
        tags = row["cooperation"].split(", ")
        assert tags == sorted(tags)
    assert all(
        TURKEY in (row["a"], row["b"]) for row in run(rdf, "contested-pairs", actor="Turkey")
    )
    for row in run(rdf, "contested-pairs", modality="asserted"):
        assert all(tag.endswith("/asserted") for tag in row["cooperation"].split(", "))


def test_enemy_of_my_enemy(rdf: Graph) -> None:
    # Turkey warned ISIL, and so did Iran: Iran is a potential ally of Turkey, and vice versa
    candidates = run(rdf, "enemy-of-my-enemy", actor="Turkey")
    iran = next(row for row in candidates if row["candidate"] == IRAN)
    assert "Islamic State" in iran["via"].split(", ")
    assert iran["commonEnemies"] >= 1 and iran["cooperating"] is False
    assert TURKEY in {row["candidate"] for row in run(rdf, "enemy-of-my-enemy", actor="Iran")}
    hostile = {KGO.fights, KGO.threatens, KGO.opposes}
    for row in candidates:
        assert row["actor"] == TURKEY and row["candidate"] not in (TURKEY, ISIL)
        candidate = URIRef(row["candidate"])
        assert (candidate, RDF.type, KGO.Place) not in rdf
        for relation in hostile:  # not hostile to Turkey themselves
            assert (URIRef(TURKEY), relation, candidate) not in rdf
            assert (candidate, relation, URIRef(TURKEY)) not in rdf
    everyone = run(rdf, "enemy-of-my-enemy")
    assert (TURKEY, IRAN) in {(row["actor"], row["candidate"]) for row in everyone}


def test_most_connected(rdf: Graph) -> None:
    ranked = run(rdf, "most-connected")
    # the articles are about the Islamic State's advance: it has the most counterparts
    assert ranked[0]["actor"] == ISIL
    counts = [(row["counterparts"], row["claims"]) for row in ranked]
    assert counts == sorted(counts, reverse=True)
    places = set(rdf.subjects(RDF.type, KGO.Place))
    assert not {URIRef(row["actor"]) for row in ranked} & places
    assert run(rdf, "most-connected", relation="fights")[0]["actor"] == ISIL


def test_sources_for(rdf: Graph) -> None:
    turkey = run(rdf, "sources-for", actor="Turkey")
    consulate = next(row for row in turkey if row["document"] == "03-turkish-consulate")
    assert consulate["title"] == "Turkey warns ISIL after militants seize consulate in Mosul"
    assert consulate["date"] == "2014-06-12" and consulate["claims"] >= 2
    isil = run(rdf, "sources-for", actor="ISIL")
    assert "01-mosul-falls" in {row["document"] for row in isil}
    dates = [row["date"] for row in isil]
    assert dates == sorted(dates)
    for row in isil:  # every source names the group
        assert any(name in document_text(row["document"]) for name in ("ISIL", "ISIS"))


# --------------------------------------------------------------------------- engines, CLI


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("timeline", {}),
        ("considered-not-done", {}),
        ("denied", {}),
        ("contested-pairs", {}),
        ("enemy-of-my-enemy", {"modality": "any"}),
        ("most-connected", {"modality": "any"}),
        ("places-controlled", {}),
    ],
)
def test_same_rows_on_oxigraph(rdf: Graph, name: str, params: dict[str, str]) -> None:
    """With nothing to bind, Oxigraph runs the query text as is: same rows, same order."""
    pyoxigraph = pytest.importorskip("pyoxigraph")
    query = load_query(name)
    assert bind_parameters(rdf, query, params) == {}
    store = pyoxigraph.Store()
    store.load(rdf.serialize(format="nt").encode(), pyoxigraph.RdfFormat.N_TRIPLES)
    expected = run_query(rdf, query, params)
    got = [
        tuple(None if s[v] is None else s[v].value for v in expected.variables)
        for s in store.query(query.text)
    ]
    assert got == [tuple(None if t is None else str(t) for t in row) for row in expected.rows]


def test_ndjson_from_the_cli(sample_build, capsys) -> None:
    graph = str(sample_build[1] / "graph.ttl")
    args = ["query", "sources-for", "--graph", graph, "-p", "actor=Turkey", "-f", "ndjson"]
    assert main(args) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines and all(
        set(line) == {"document", "title", "date", "source", "claims"} for line in lines
    )
    assert "03-turkish-consulate" in {line["document"] for line in lines}
