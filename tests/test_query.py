"""The query stage: named queries, parameter binding, safety checks, result formats."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.catalog.vocab import KGO, KGR, WD
from kg.errors import QueryError
from kg.resources import data_path
from kg.sparql import (
    NamedQuery,
    QueryResult,
    bind_parameters,
    format_query_list,
    format_result,
    list_queries,
    load_query,
    parse_query_text,
    prepare_query,
    queries_dir,
    query_dataframe,
    resolve_actor,
    run_query,
)

# Not rdflib's XSD namespace object: pytest's collection probes every module attribute, and
# that DefinedNamespace warns about the probe.
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")

# the bundled query files; tests/test_named_queries.py checks each one's rows
NAMED = {
    path.name.removesuffix(".rq")
    for path in data_path("queries").iterdir()
    if path.name.endswith(".rq")
}

ALPHA = KGR["actor-alpha-front"]
BETA = KGR["actor-beta"]
GAMMA = KGR["actor-gamma-militia"]
DELTA = KGR["actor-delta-union"]
RIVERTOWN = KGR["place-rivertown"]
HILLTOP = KGR["place-hilltop"]

# (claim, subject, relation, object, modality, document)
CLAIMS: list[tuple[str, URIRef, str, URIRef, str, str]] = [
    ("c01", ALPHA, "alliedWith", GAMMA, "Asserted", "d1"),
    ("c02", GAMMA, "alliedWith", ALPHA, "Asserted", "d2"),
    ("c03", ALPHA, "alliedWith", DELTA, "Hypothetical", "d2"),
    ("c04", ALPHA, "fights", BETA, "Asserted", "d1"),
    ("c05", BETA, "threatens", ALPHA, "Asserted", "d2"),
    ("c06", DELTA, "opposes", ALPHA, "Negated", "d3"),
    ("c07", GAMMA, "threatens", BETA, "Hypothetical", "d3"),
    ("c08", ALPHA, "controls", RIVERTOWN, "Asserted", "d1"),
    ("c09", ALPHA, "controls", RIVERTOWN, "Asserted", "d2"),
    ("c10", BETA, "controls", HILLTOP, "Negated", "d3"),
    ("c11", GAMMA, "threatens", DELTA, "Asserted", "d3"),
    ("c12", BETA, "controls", RIVERTOWN, "Asserted", "d4"),  # d4 has no date
]
DATES = {"d1": "2014-06-10", "d2": "2014-06-12", "d3": "2014-07-01"}


def _entity(
    graph: Graph, iri: URIRef, label: str, cls: URIRef, *aliases: str, wikidata: str = ""
) -> None:
    graph.add((iri, RDF.type, cls))
    graph.add((iri, RDFS.label, Literal(label)))
    for alias in (label, *aliases):
        graph.add((iri, SKOS.altLabel, Literal(alias)))
    if wikidata:
        graph.add((iri, OWL.sameAs, WD[wikidata]))


def build_graph() -> Graph:
    """A small graph exactly per the output contract in README.md."""
    graph = Graph()
    _entity(graph, ALPHA, "Alpha Front", KGO.ArmedGroup, "AF", "the Front", wikidata="Q1")
    _entity(graph, BETA, "Beta", KGO.State, "Betan government")
    _entity(graph, GAMMA, "Gamma Militia", KGO.Militia, "Gamma")
    _entity(graph, DELTA, "Delta Union", KGO.Organization, "DU")
    _entity(graph, KGR["actor-republican-guard"], "Republican Guard", KGO.ArmedGroup, "Guard")
    _entity(graph, KGR["actor-national-guard"], "National Guard", KGO.ArmedGroup, "Guard")
    _entity(graph, RIVERTOWN, "Rivertown", KGO.Place)
    _entity(graph, HILLTOP, "Hilltop", KGO.Place, "Hill 42")
    lone = KGR["actor-lone-wolf"]  # no aliases, no claims
    graph.add((lone, RDF.type, KGO.Person))
    graph.add((lone, RDFS.label, Literal("Lone Wolf")))
    undated = KGR["doc-d4"]
    graph.add((undated, RDF.type, KGO.Document))
    graph.add((undated, DCTERMS.identifier, Literal("d4")))
    graph.add((undated, DCTERMS.title, Literal("Report d4")))
    run = KGR["run-0001"]
    graph.add((run, RDF.type, KGO.ExtractionActivity))
    graph.add((run, RDF.type, PROV.Activity))
    for doc_id, day in DATES.items():
        doc = KGR[f"doc-{doc_id}"]
        graph.add((doc, RDF.type, KGO.Document))
        graph.add((doc, DCTERMS.identifier, Literal(doc_id)))
        graph.add((doc, DCTERMS.title, Literal(f"Report {doc_id}")))
        graph.add((doc, DCTERMS.date, Literal(day, datatype=XSD_DATE)))
        graph.add((doc, DCTERMS.source, Literal(f"corpus/{doc_id}.txt")))
        graph.add((doc, KGO.charCount, Literal(500)))
    for claim_id, subject, relation, obj, modality, doc_id in CLAIMS:
        claim = KGR[f"claim-{claim_id}"]
        sentence = f"Sentence for {claim_id}."
        graph.add((claim, RDF.type, RDF.Statement))
        graph.add((claim, RDF.type, KGO.Claim))
        graph.add((claim, RDF.subject, subject))
        graph.add((claim, RDF.predicate, KGO[relation]))
        graph.add((claim, RDF.object, obj))
        graph.add((claim, KGO.modality, KGO[modality]))
        graph.add((claim, PROV.wasDerivedFrom, KGR[f"doc-{doc_id}"]))
        graph.add((claim, PROV.wasGeneratedBy, run))
        graph.add((claim, KGO.evidence, Literal(sentence)))
        graph.add((claim, KGO.sentenceStart, Literal(int(claim_id[1:]) * 10)))
        graph.add((claim, KGO.sentenceEnd, Literal(int(claim_id[1:]) * 10 + len(sentence))))
        graph.add((claim, KGO.trigger, Literal(relation)))
        graph.add((claim, KGO.confidence, Literal(0.9)))
        if doc_id in DATES:
            graph.add((claim, DCTERMS.date, Literal(DATES[doc_id], datatype=XSD_DATE)))
        if modality == "Asserted":
            graph.add((subject, KGO[relation], obj))
    return graph


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph()


def values(result: QueryResult) -> list[tuple[Any, ...]]:
    """Rows as plain Python values: IRIs and literals as strings, numbers as ints."""
    out = []
    for row in result.rows:
        cells: list[Any] = []
        for term in row:
            if isinstance(term, Literal) and term.datatype == XSD_INTEGER:
                cells.append(int(term))
            elif term is None:
                cells.append(None)
            else:
                cells.append(str(term))
        out.append(tuple(cells))
    return out


def code_of(excinfo: pytest.ExceptionInfo[QueryError]) -> str:
    return excinfo.value.code


# --------------------------------------------------------------------------- catalogue


def test_list_queries_finds_them_all() -> None:
    queries = list_queries()
    assert {q.name for q in queries} == NAMED
    assert [q.name for q in queries] == sorted(q.name for q in queries)
    for query in queries:
        assert query.title and query.title != query.name
        assert query.description
        assert query.path and query.path.endswith(f"{query.name}.rq")
        assert "ORDER BY" in query.text


def test_queries_dir_is_the_source_folder_in_a_checkout() -> None:
    folder = queries_dir()
    assert folder.is_dir()
    assert (folder / "allies-of.rq").is_file()
    assert Path(str(data_path("queries", "allies-of.rq"))).read_text(encoding="utf-8")


def test_queries_dir_in_a_wheel_layout(tmp_path: Path) -> None:
    """Installed from a wheel, the queries live in kg/_data/queries (pyproject force-include)."""
    package = tmp_path / "kg"
    package.mkdir()
    source = Path(__file__).resolve().parent.parent
    for module in (
        "__init__.py",
        "errors.py",
        "resources.py",
        "catalog/__init__.py",
        "catalog/vocab.py",
        "catalog/actor_catalog.py",
        "sparql/__init__.py",
        "sparql/formats.py",
        "sparql/named.py",
        "sparql/parameters.py",
        "sparql/run.py",
        "sparql/safety.py",
    ):
        (package / module).parent.mkdir(exist_ok=True)
        shutil.copy(source / "kg" / module, package / module)
    shutil.copytree(source / "queries", package / "_data" / "queries")
    (package / "_data" / "queries" / "extra-one.rq").write_text(
        "# title: Extra\nASK { ?s ?p ?o }\n", encoding="utf-8"
    )
    script = (
        "from kg.sparql import list_queries, queries_dir; "
        "print(queries_dir()); print(' '.join(q.name for q in list_queries()))"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    where, names = done.stdout.splitlines()
    assert Path(where) == package / "_data" / "queries"
    assert set(names.split()) == NAMED | {"extra-one"}


def test_header_parsing() -> None:
    query = load_query("allies-of")
    assert query.title == "Allies of an actor"
    assert query.description.startswith("Actors stated to be allied")
    assert "either direction" in query.description  # a continuation line
    actor, modality = query.parameters
    assert (actor.name, actor.kind, actor.required, actor.default) == (
        "actor",
        "actor",
        True,
        None,
    )
    assert actor.description == "the actor; any label or alias"
    assert (modality.name, modality.kind, modality.required, modality.default) == (
        "modality",
        "modality",
        False,
        "asserted",
    )


def test_header_accepts_a_hyphen_and_rejects_malformed_lines() -> None:
    text = "# title: T\n# param: n (integer, default 2) - at least\nSELECT ?n WHERE {}"
    (parameter,) = parse_query_text(text).parameters
    assert (parameter.kind, parameter.default, parameter.description) == (
        "integer",
        "2",
        "at least",
    )
    for bad in (
        "# param: n integer\nSELECT ?n WHERE {}",
        "# param: n (colour) — x\nSELECT ?n WHERE {}",
        "# param: n (integer, default two) — x\nSELECT ?n WHERE {}",
        "# param: m (string) — not in the query\nSELECT ?n WHERE {}",
    ):
        with pytest.raises(QueryError) as excinfo:
            parse_query_text(bad)
        assert code_of(excinfo) == "E207"


def test_unknown_query_suggests_and_lists() -> None:
    with pytest.raises(QueryError) as excinfo:
        load_query("allies")
    assert code_of(excinfo) == "E201"
    message = excinfo.value.message
    assert "unknown query 'allies'" in message
    assert "Did you mean 'allies-of'?" in message
    assert "Available: actor-profile, allies-of, considered-not-done" in message


def test_load_query_from_file_and_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mine.rq"
    path.write_text("# title: Mine\nSELECT ?s WHERE { ?s a ?t } ORDER BY ?s\n", encoding="utf-8")
    query = load_query(str(path))
    assert (query.name, query.title, query.path) == ("mine", "Mine", str(path))
    monkeypatch.setattr("sys.stdin", io.StringIO("ASK { ?s ?p ?o }"))
    query = load_query("-")
    assert (query.name, query.path, query.parameters) == ("-", None, ())
    assert load_query("allies-of.rq").name == "allies-of"
    with pytest.raises(QueryError) as excinfo:
        load_query(str(tmp_path / "missing.rq"))
    assert code_of(excinfo) == "E201"


def test_list_formats() -> None:
    queries = list_queries()
    listing = json.loads(format_query_list(queries, "json"))
    assert [item["name"] for item in listing] == sorted(NAMED)
    for item in listing:
        assert {"name", "description", "parameters"} <= set(item)
        for parameter in item["parameters"]:
            assert set(parameter) == {"name", "kind", "required", "default", "description"}
    allies = next(item for item in listing if item["name"] == "allies-of")
    assert allies["parameters"][1] == {
        "name": "modality",
        "kind": "modality",
        "required": False,
        "default": "asserted",
        "description": "asserted, hypothetical, negated or any",
    }
    table = format_query_list(queries, "table")
    assert table.splitlines()[0].split() == ["name", "title", "parameters"]
    assert "actor [modality=asserted]" in table
    assert "a b [relation] [modality]" in table
    with pytest.raises(QueryError) as excinfo:
        format_query_list(queries, "xml")
    assert code_of(excinfo) == "E209"


# --------------------------------------------------------------------------- named queries


def test_allies_of(graph: Graph) -> None:
    result = run_query(graph, "allies-of", {"actor": "Alpha Front"})
    assert result.kind == "select"
    assert result.variables == ["ally", "allyLabel", "claims"]
    # both directions of the symmetric relation count; the hypothetical claim does not
    assert values(result) == [(str(GAMMA), "Gamma Militia", 2)]
    # seen from the other side
    assert values(run_query(graph, "allies-of", {"actor": "Gamma"})) == [
        (str(ALPHA), "Alpha Front", 2)
    ]
    assert values(run_query(graph, "allies-of", {"actor": "AF", "modality": "hypothetical"})) == [
        (str(DELTA), "Delta Union", 1)
    ]
    assert values(run_query(graph, "allies-of", {"actor": "AF", "modality": "any"})) == [
        (str(GAMMA), "Gamma Militia", 2),
        (str(DELTA), "Delta Union", 1),
    ]
    assert run_query(graph, "allies-of", {"actor": "Beta"}).rows == []


def test_enemies_of(graph: Graph) -> None:
    result = run_query(graph, "enemies-of", {"actor": "af"})
    assert result.variables == ["enemy", "enemyLabel", "relation", "claims"]
    assert values(result) == [
        (str(BETA), "Beta", str(KGO.fights), 1),
        (str(BETA), "Beta", str(KGO.threatens), 1),
    ]
    assert values(run_query(graph, "enemies-of", {"actor": "AF", "modality": "negated"})) == [
        (str(DELTA), "Delta Union", str(KGO.opposes), 1)
    ]
    # gamma threatens delta (asserted) and beta (hypothetical only)
    assert values(run_query(graph, "enemies-of", {"actor": "Gamma Militia"})) == [
        (str(DELTA), "Delta Union", str(KGO.threatens), 1)
    ]


def test_who_threatens_whom(graph: Graph) -> None:
    result = run_query(graph, "who-threatens-whom")
    assert result.variables == [
        "subject",
        "subjectLabel",
        "object",
        "objectLabel",
        "evidence",
        "document",
        "date",
    ]
    assert values(result) == [
        (str(BETA), "Beta", str(ALPHA), "Alpha Front", "Sentence for c05.", "d2", "2014-06-12"),
        (
            str(GAMMA),
            "Gamma Militia",
            str(DELTA),
            "Delta Union",
            "Sentence for c11.",
            "d3",
            "2014-07-01",
        ),
    ]
    assert len(run_query(graph, "who-threatens-whom", {"modality": "any"}).rows) == 3
    since = run_query(graph, "who-threatens-whom", {"since": "2014-06-20"})
    assert [row[4] for row in values(since)] == ["Sentence for c11."]
    with pytest.raises(QueryError) as excinfo:
        run_query(graph, "who-threatens-whom", {"since": "2014-13-01"})
    assert code_of(excinfo) == "E202"
    assert "YYYY-MM-DD" in excinfo.value.message


def test_evidence_for(graph: Graph) -> None:
    result = run_query(graph, "evidence-for", {"a": "AF", "b": "Beta"})
    assert result.variables == [
        "subjectLabel",
        "relation",
        "objectLabel",
        "modality",
        "evidence",
        "document",
        "title",
        "date",
        "claim",
    ]
    assert values(result) == [
        (
            "Alpha Front",
            str(KGO.fights),
            "Beta",
            str(KGO.Asserted),
            "Sentence for c04.",
            "d1",
            "Report d1",
            "2014-06-10",
            str(KGR["claim-c04"]),
        ),
        (
            "Beta",
            str(KGO.threatens),
            "Alpha Front",
            str(KGO.Asserted),
            "Sentence for c05.",
            "d2",
            "Report d2",
            "2014-06-12",
            str(KGR["claim-c05"]),
        ),
    ]
    # the same claims whichever way round the actors are given
    assert values(run_query(graph, "evidence-for", {"a": "Beta", "b": "AF"})) == values(result)
    fights = run_query(graph, "evidence-for", {"a": "Beta", "b": "AF", "relation": "fights"})
    assert [row[-1] for row in values(fights)] == [str(KGR["claim-c04"])]
    allied = run_query(graph, "evidence-for", {"a": "AF", "b": "DU", "modality": "hypothetical"})
    assert [row[-1] for row in values(allied)] == [str(KGR["claim-c03"])]
    # a place resolves too, for controls claims
    controls = run_query(graph, "evidence-for", {"a": "AF", "b": "Rivertown"})
    assert [row[-1] for row in values(controls)] == [
        str(KGR["claim-c08"]),
        str(KGR["claim-c09"]),
    ]
    undated = values(run_query(graph, "evidence-for", {"a": "Rivertown", "b": "Beta"}))
    assert undated == [
        (
            "Beta",
            str(KGO.controls),
            "Rivertown",
            str(KGO.Asserted),
            "Sentence for c12.",
            "d4",
            "Report d4",
            None,
            str(KGR["claim-c12"]),
        )
    ]
    with pytest.raises(QueryError) as excinfo:
        run_query(graph, "evidence-for", {"a": "AF", "b": "Beta", "relation": "fight"})
    assert code_of(excinfo) == "E202"
    assert "did you mean fights?" in excinfo.value.message


def test_actor_profile(graph: Graph) -> None:
    result = run_query(graph, "actor-profile", {"actor": "the Alpha Front"})
    assert result.variables == [
        "actor",
        "label",
        "class",
        "aliases",
        "relation",
        "direction",
        "modality",
        "claims",
    ]
    rows = values(result)
    # who it is, once: class and aliases are on the first row only, not repeated per count
    assert rows[0] == (
        str(ALPHA),
        "Alpha Front",
        str(KGO.ArmedGroup),
        "AF | Alpha Front | the Front",
        None,
        None,
        None,
        None,
    )
    assert {row[:4] for row in rows[1:]} == {(str(ALPHA), "Alpha Front", None, None)}
    assert [row[4:] for row in rows[1:]] == [
        (str(KGO.alliedWith), "out", str(KGO.Asserted), 1),
        (str(KGO.alliedWith), "out", str(KGO.Hypothetical), 1),
        (str(KGO.alliedWith), "in", str(KGO.Asserted), 1),
        (str(KGO.controls), "out", str(KGO.Asserted), 2),
        (str(KGO.fights), "out", str(KGO.Asserted), 1),
        (str(KGO.opposes), "in", str(KGO.Negated), 1),
        (str(KGO.threatens), "in", str(KGO.Asserted), 1),
    ]
    # no aliases: unbound
    assert values(run_query(graph, "actor-profile", {"actor": "lone wolf"})) == [
        (str(KGR["actor-lone-wolf"]), "Lone Wolf", str(KGO.Person), None, None, None, None, None)
    ]
    # an actor without claims still gets its identity row
    lonely = values(run_query(graph, "actor-profile", {"actor": "National Guard"}))
    assert lonely == [
        (
            str(KGR["actor-national-guard"]),
            "National Guard",
            str(KGO.ArmedGroup),
            "Guard | National Guard",
            None,
            None,
            None,
            None,
        )
    ]


def test_places_controlled(graph: Graph) -> None:
    result = run_query(graph, "places-controlled")
    assert result.variables == [
        "place",
        "placeLabel",
        "controller",
        "controllerLabel",
        "modality",
        "earliest",
        "claims",
    ]
    hilltop = (str(HILLTOP), "Hilltop", str(BETA), "Beta", str(KGO.Negated), "2014-07-01", 1)
    rivertown = (
        str(RIVERTOWN),
        "Rivertown",
        str(ALPHA),
        "Alpha Front",
        str(KGO.Asserted),
        "2014-06-10",
        2,
    )
    undated = (str(RIVERTOWN), "Rivertown", str(BETA), "Beta", str(KGO.Asserted), None, 1)
    assert values(result) == [hilltop, rivertown, undated]
    assert values(run_query(graph, "places-controlled", {"actor": "AF"})) == [rivertown]
    assert values(run_query(graph, "places-controlled", {"actor": "Betan government"})) == [
        hilltop,
        undated,
    ]
    assert values(run_query(graph, "places-controlled", {"modality": "asserted"})) == [
        rivertown,
        undated,
    ]


def test_named_queries_are_portable_to_oxigraph(graph: Graph) -> None:
    """The bundled queries are standard SPARQL: Oxigraph parses and runs them too."""
    pyoxigraph = pytest.importorskip("pyoxigraph")
    store = pyoxigraph.Store()
    store.load(graph.serialize(format="nt").encode(), pyoxigraph.RdfFormat.N_TRIPLES)
    for query in list_queries():
        list(store.query(query.text))
    # a query without defaults gives the same rows, in the same order, on both engines
    solutions = store.query(load_query("places-controlled").text)
    expected = run_query(graph, "places-controlled")
    got = [
        tuple(
            None if solution[name] is None else solution[name].value for name in expected.variables
        )
        for solution in solutions
    ]
    assert got == [
        tuple(None if term is None else str(term) for term in row) for row in expected.rows
    ]


# --------------------------------------------------------------------------- parameters


def test_resolve_actor(graph: Graph) -> None:
    for text in ("Alpha Front", "alpha front", "  ALPHA   Front ", "The Alpha Front", "AF", "af"):
        assert resolve_actor(graph, text) == ALPHA, text
    assert resolve_actor(graph, "the front") == ALPHA  # an alias with its own "the"
    assert resolve_actor(graph, str(ALPHA)) == ALPHA
    assert resolve_actor(graph, f"<{ALPHA}>") == ALPHA
    assert resolve_actor(graph, "kgr:actor-alpha-front") == ALPHA
    assert resolve_actor(graph, "wd:Q1") == ALPHA  # via owl:sameAs
    assert resolve_actor(graph, "Hill 42") == HILLTOP  # places after actors


def test_resolve_actor_ambiguous_and_unknown(graph: Graph) -> None:
    with pytest.raises(QueryError) as excinfo:
        resolve_actor(graph, "guard")
    assert code_of(excinfo) == "E206"
    assert "ambiguous" in excinfo.value.message
    assert "kgr:actor-national-guard (National Guard)" in excinfo.value.message
    assert "kgr:actor-republican-guard (Republican Guard)" in excinfo.value.message
    assert resolve_actor(graph, "National Guard") == KGR["actor-national-guard"]
    with pytest.raises(QueryError) as excinfo:
        resolve_actor(graph, "Alpah Frnt")
    assert code_of(excinfo) == "E206"
    assert "no actor called 'Alpah Frnt'" in excinfo.value.message
    assert "Closest: Alpha Front" in excinfo.value.message
    with pytest.raises(QueryError) as excinfo:
        resolve_actor(graph, "kgr:actor-nobody")
    assert code_of(excinfo) == "E206"


def test_parameter_binding_by_alias(graph: Graph) -> None:
    query = load_query("allies-of")
    assert bind_parameters(graph, query, {"actor": "AF"}) == {
        "actor": ALPHA,
        "modality": KGO.Asserted,
    }
    assert bind_parameters(graph, query, {"actor": "DU", "modality": "Negated"}) == {
        "actor": DELTA,
        "modality": KGO.Negated,
    }
    # "any" and optional parameters without a default stay unbound
    assert bind_parameters(graph, query, {"actor": "AF", "modality": "any"}) == {"actor": ALPHA}
    assert bind_parameters(graph, load_query("places-controlled"), {}) == {}
    evidence = load_query("evidence-for")
    bound = bind_parameters(graph, evidence, {"a": "AF", "b": "Beta", "relation": "allied-with"})
    assert bound["relation"] == KGO.alliedWith


def test_unknown_and_missing_parameters(graph: Graph) -> None:
    with pytest.raises(QueryError) as excinfo:
        run_query(graph, "allies-of", {"actor": "AF", "actr": "x"})
    assert code_of(excinfo) == "E202"
    assert "unknown parameter 'actr'" in excinfo.value.message
    assert "it takes: actor, modality" in excinfo.value.message
    with pytest.raises(QueryError) as excinfo:
        run_query(graph, "allies-of")
    assert code_of(excinfo) == "E202"
    assert "needs parameter 'actor'" in excinfo.value.message
    with pytest.raises(QueryError) as excinfo:
        run_query(graph, "allies-of", {"actor": "AF", "modality": "maybe"})
    assert code_of(excinfo) == "E202"
    with pytest.raises(QueryError) as excinfo:
        run_query(graph, "SELECT ?s WHERE { ?s ?p ?o }", {"s": "x"})
    assert code_of(excinfo) == "E202"
    assert "takes no parameters" in excinfo.value.message


def test_integer_string_and_date_parameters(graph: Graph) -> None:
    text = """# title: Documents
# param: chars (integer, default 100) — at least this many characters
# param: ident (string) — a document id
# param: day (date) — the document date
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?doc WHERE {
  ?doc kgo:charCount ?n ; dcterms:identifier ?ident ; dcterms:date ?day .
  FILTER(?n >= ?chars)
} ORDER BY ?doc
"""
    docs = [KGR["doc-d1"], KGR["doc-d2"], KGR["doc-d3"]]
    assert [row[0] for row in run_query(graph, text).rows] == docs
    assert run_query(graph, text, {"chars": "501"}).rows == []
    assert [row[0] for row in run_query(graph, text, {"ident": "d2"}).rows] == [docs[1]]
    assert [row[0] for row in run_query(graph, text, {"day": "2014-07-01"}).rows] == [docs[2]]
    with pytest.raises(QueryError) as excinfo:
        run_query(graph, text, {"chars": "many"})
    assert code_of(excinfo) == "E202"


def test_parameters_are_bound_not_pasted(graph: Graph) -> None:
    """A value full of SPARQL is just a string that matches nothing."""
    text = "# param: ident (string) — id\nSELECT ?doc WHERE { ?doc dcterms:identifier ?ident }"
    evil = '" } ?s ?p ?o . FILTER("1"="1'
    assert run_query(graph, text, {"ident": evil}).rows == []


# --------------------------------------------------------------------------- safety


@pytest.fixture
def listener() -> Iterator[tuple[socket.socket, int]]:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.5)
    try:
        yield server, server.getsockname()[1]
    finally:
        server.close()


def _connections(server: socket.socket) -> int:
    count = 0
    while True:
        try:
            connection, _ = server.accept()
        except (TimeoutError, OSError):
            return count
        connection.close()
        count += 1
        server.settimeout(0.1)


SERVICE_QUERIES = [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "select * where {{ service <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <http://127.0.0.1:{port}/sparql> "
    "{{ ?s ?q ?x }} }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SErVICE <http://127.0.0.1:{port}/sparql> "
    "{{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> "
    "{{ ?s ?p ?o }} }} }} }}",
    "ASK {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<http://127.0.0.1:{port}/sparql> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
]


@pytest.mark.parametrize("template", SERVICE_QUERIES)
def test_service_refused_before_running(
    graph: Graph, listener: tuple[socket.socket, int], template: str
) -> None:
    server, port = listener
    with pytest.raises(QueryError) as excinfo:
        run_query(graph, template.format(port=port), timeout=5)
    assert code_of(excinfo) == "E204"
    assert "SERVICE" in excinfo.value.message
    assert _connections(server) == 0


def test_the_listener_would_see_rdflib_connect(
    graph: Graph, listener: tuple[socket.socket, int]
) -> None:
    """Control: rdflib on its own does contact a SERVICE endpoint, so the check matters."""
    server, port = listener
    text = SERVICE_QUERIES[0].format(port=port)

    def unchecked() -> None:
        with contextlib.suppress(Exception):  # the listener hangs up: rdflib raises
            list(graph.query(text))

    worker = threading.Thread(target=unchecked, daemon=True)
    worker.start()
    assert _connections(server) >= 1
    worker.join(5)


def test_from_refused(graph: Graph, tmp_path: Path) -> None:
    data = tmp_path / "other.ttl"
    data.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    for text in (
        f"SELECT * FROM <{data.as_uri()}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{data.as_uri()}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"construct {{ ?s ?p ?o }} from <{data.as_uri()}> where {{ ?s ?p ?o }}",
    ):
        with pytest.raises(QueryError) as excinfo:
            run_query(graph, text)
        assert code_of(excinfo) == "E204", text
        assert "FROM" in excinfo.value.message


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "PREFIX x: <http://example.org/x#>\n# a comment\ninsert data { x:a x:b x:c }",
        "DELETE WHERE { ?s ?p ?o }",
        "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
        "LOAD <file:///etc/hostname>",
        "CLEAR ALL",
        "DROP GRAPH <urn:g>",
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_refused(graph: Graph, text: str) -> None:
    before = len(graph)
    with pytest.raises(QueryError) as excinfo:
        run_query(graph, text)
    assert code_of(excinfo) == "E204"
    assert "update" in excinfo.value.message
    assert len(graph) == before


def test_syntax_error_has_line_and_column() -> None:
    text = "PREFIX kgo: <https://w3id.org/kg-news/ontology#>\nSELECT ?s WHERE {\n  ?s kgo:fights\n}"
    with pytest.raises(QueryError) as excinfo:
        prepare_query(text)
    assert code_of(excinfo) == "E203"
    assert excinfo.value.message.startswith("syntax error at line ")
    assert ", column " in excinfo.value.message
    assert "Traceback" not in str(excinfo.value)
    with pytest.raises(QueryError) as excinfo:
        prepare_query("SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(\n}")
    assert "line 3, column 3" in excinfo.value.message
    with pytest.raises(QueryError) as excinfo:
        prepare_query("SELECT ?s WHERE { ?s ?p ?o } ORDER ?s")
    assert "line 1, column 30: unexpected text after the end of the query" in str(excinfo.value)
    for empty in ("", "# only a comment\n"):
        with pytest.raises(QueryError) as excinfo:
            prepare_query(empty)
        assert code_of(excinfo) == "E203"
        assert "empty" in excinfo.value.message
    with pytest.raises(QueryError) as excinfo:
        prepare_query("SELECT * WHERE { ?s nope:x ?o }")
    assert code_of(excinfo) == "E203"
    assert "unknown prefix 'nope:'" in excinfo.value.message


def test_timeout(graph: Graph) -> None:
    class SlowGraph(Graph):
        def query(self, *args: Any, **kwargs: Any) -> Any:
            time.sleep(1.0)
            return super().query(*args, **kwargs)

    slow = SlowGraph()
    slow += graph
    started = time.monotonic()
    with pytest.raises(QueryError) as excinfo:
        run_query(slow, "ASK { ?s ?p ?o }", timeout=0.1)
    assert time.monotonic() - started < 0.9
    assert code_of(excinfo) == "E205"
    assert "--timeout SECONDS" in excinfo.value.message
    assert run_query(slow, "ASK { ?s ?p ?o }", timeout=5).boolean is True


# --------------------------------------------------------------------------- formats


def test_json_format_is_w3c(graph: Graph) -> None:
    result = run_query(graph, "evidence-for", {"a": "AF", "b": "Beta"})
    document = json.loads(format_result(result, "json"))
    assert document["head"] == {"vars": result.variables}
    bindings = document["results"]["bindings"]
    assert len(bindings) == 2
    first = bindings[0]
    assert first["relation"] == {"type": "uri", "value": str(KGO.fights)}
    assert first["evidence"] == {"type": "literal", "value": "Sentence for c04."}
    assert first["date"] == {"type": "literal", "value": "2014-06-10", "datatype": str(XSD_DATE)}
    for binding in bindings:
        for term in binding.values():
            assert term["type"] in {"uri", "literal", "bnode"}
            assert set(term) <= {"type", "value", "datatype", "xml:lang"}


def test_json_unbound_language_and_ask(graph: Graph) -> None:
    text = 'SELECT ?s ?x ?l WHERE { BIND(kgr:actor-beta AS ?s) BIND("Béta"@fr AS ?l) }'
    document = json.loads(format_result(run_query(graph, text), "json"))
    assert document["head"]["vars"] == ["s", "x", "l"]
    (binding,) = document["results"]["bindings"]
    assert "x" not in binding  # unbound: left out
    assert binding["l"] == {"type": "literal", "value": "Béta", "xml:lang": "fr"}
    ask = run_query(graph, "ASK { ?s kgo:fights ?o }")
    assert json.loads(format_result(ask, "json")) == {"head": {}, "boolean": True}
    assert format_result(ask, "table") == "true\n"


def test_csv_and_tsv(graph: Graph) -> None:
    result = run_query(graph, "places-controlled")
    text = format_result(result, "csv")
    assert text.startswith(
        "place,placeLabel,controller,controllerLabel,modality,earliest,claims\r\n"
    )
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1] == [  # the modality by its short name, as kg export writes it
        str(HILLTOP),
        "Hilltop",
        str(BETA),
        "Beta",
        "negated",
        "2014-07-01",
        "1",
    ]
    standard = list(csv.reader(io.StringIO(format_result(result, "csv", short_names=False))))
    assert standard[1][4] == str(KGO.Negated)  # SPARQL 1.1 CSV, as /sparql answers
    tsv = format_result(result, "tsv").splitlines()
    assert (
        tsv[0]
        == "?place\t?placeLabel\t?controller\t?controllerLabel\t?modality\t?earliest\t?claims"
    )
    assert tsv[1].split("\t") == [
        f"<{HILLTOP}>",
        '"Hilltop"',
        f"<{BETA}>",
        '"Beta"',
        f"<{KGO.Negated}>",
        f'"2014-07-01"^^<{XSD_DATE}>',
        f'"1"^^<{XSD_INTEGER}>',
    ]


def test_tsv_escapes_and_csv_quotes(graph: Graph) -> None:
    text = 'SELECT ?x WHERE { BIND("a\\tb \\"c\\", d\\ne" AS ?x) }'
    result = run_query(graph, text)
    assert format_result(result, "tsv").splitlines()[1] == '"a\\tb \\"c\\", d\\ne"'
    rows = list(csv.reader(io.StringIO(format_result(result, "csv"), newline="")))
    assert rows[1] == ['a\tb "c", d\ne']


def test_table_format(graph: Graph) -> None:
    table = format_result(run_query(graph, "places-controlled"), "table")
    lines = table.splitlines()
    assert lines[0].split() == [
        "place",
        "placeLabel",
        "controller",
        "controllerLabel",
        "modality",
        "earliest",
        "claims",
    ]
    assert set(lines[1]) <= {"-", " "}
    assert lines[2].split() == [
        "kgr:place-hilltop",
        "Hilltop",
        "kgr:actor-beta",
        "Beta",
        "negated",
        "2014-07-01",
        "1",
    ]
    long_text = "x" * 100
    long = run_query(graph, f'SELECT ?x ?w WHERE {{ BIND("{long_text}" AS ?x) BIND(wd:Q5 AS ?w) }}')
    row = format_result(long, "table").splitlines()[2]
    assert "x" * 59 + "…" in row and "x" * 61 not in row
    assert row.rstrip().endswith("wd:Q5")
    empty = run_query(graph, "allies-of", {"actor": "Beta"})
    assert format_result(empty, "table") == "(no results)\n"
    with pytest.raises(QueryError) as excinfo:
        format_result(empty, "xml")
    assert code_of(excinfo) == "E209"


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")
def test_graph_results(graph: Graph) -> None:
    result = run_query(graph, "CONSTRUCT { ?s kgo:fights ?o } WHERE { ?s kgo:fights ?o }")
    assert result.kind == "graph"
    assert result.graph is not None and len(result.graph) == 1
    turtle = format_result(result, "table")
    assert "kgr:actor-alpha-front kgo:fights kgr:actor-beta" in turtle
    assert format_result(result, "csv") == turtle
    parsed = Graph().parse(data=turtle, format="turtle")
    assert (ALPHA, KGO.fights, BETA) in parsed
    jsonld = json.loads(format_result(result, "json"))
    assert jsonld[0]["@id"] == str(ALPHA)
    assert (ALPHA, KGO.fights, BETA) in Graph().parse(
        data=format_result(result, "json"), format="json-ld"
    )
    described = run_query(graph, "DESCRIBE kgr:actor-beta")
    assert described.kind == "graph"
    assert described.graph is not None
    assert (BETA, RDFS.label, Literal("Beta")) in described.graph


def test_ndjson_format(graph: Graph) -> None:
    result = run_query(graph, "places-controlled")
    lines = format_result(result, "ndjson").splitlines()
    assert len(lines) == len(result.rows) == 3
    first = json.loads(lines[0])
    assert list(first) == result.variables  # every variable, in the query's order
    assert first == {
        "place": str(HILLTOP),
        "placeLabel": "Hilltop",
        "controller": str(BETA),
        "controllerLabel": "Beta",
        "modality": "negated",
        "earliest": "2014-07-01",
        "claims": "1",
    }
    assert json.loads(lines[2])["earliest"] is None  # unbound: null
    text = 'SELECT ?x WHERE { BIND("a\\tb \\"c\\"\\nd — é" AS ?x) }'
    (line,) = format_result(run_query(graph, text), "ndjson").splitlines()
    assert json.loads(line) == {"x": 'a\tb "c"\nd — é'}
    assert format_result(run_query(graph, "allies-of", {"actor": "Beta"}), "ndjson") == ""
    ask = run_query(graph, "ASK { ?s kgo:fights ?o }")
    assert format_result(ask, "ndjson") == '{"boolean": true}\n'
    construct = run_query(graph, "CONSTRUCT { ?s kgo:threatens ?o } WHERE { ?s kgo:threatens ?o }")
    triples = [json.loads(line) for line in format_result(construct, "ndjson").splitlines()]
    assert triples == [
        {"subject": str(BETA), "predicate": str(KGO.threatens), "object": str(ALPHA)},
        {"subject": str(GAMMA), "predicate": str(KGO.threatens), "object": str(DELTA)},
    ]


def test_query_dataframe(graph: Graph) -> None:
    import datetime

    pytest.importorskip("pandas")
    frame = query_dataframe(graph, "places-controlled")
    assert list(frame.columns) == run_query(graph, "places-controlled").variables
    assert frame["placeLabel"].tolist() == ["Hilltop", "Rivertown", "Rivertown"]
    assert frame["claims"].tolist() == [1, 2, 1]
    assert frame["earliest"].tolist()[:2] == [datetime.date(2014, 7, 1), datetime.date(2014, 6, 10)]
    assert frame["earliest"].tolist()[2] is None
    assert frame["place"].tolist()[0] == str(HILLTOP)
    # parameters bind as in run_query
    allies = query_dataframe(graph, "allies-of", {"actor": "AF", "modality": "any"})
    assert allies["allyLabel"].tolist() == ["Gamma Militia", "Delta Union"]
    empty = query_dataframe(graph, "allies-of", {"actor": "Beta"})
    assert empty.empty and list(empty.columns) == ["ally", "allyLabel", "claims"]
    ask = query_dataframe(graph, "ASK { ?s kgo:fights ?o }")
    assert ask.to_dict("records") == [{"boolean": True}]
    triples = query_dataframe(graph, "CONSTRUCT { ?s kgo:fights ?o } WHERE { ?s kgo:fights ?o }")
    assert triples.to_dict("records") == [
        {"subject": str(ALPHA), "predicate": str(KGO.fights), "object": str(BETA)}
    ]
    with pytest.raises(QueryError) as excinfo:
        query_dataframe(graph, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert code_of(excinfo) == "E204"


def test_query_dataframe_without_pandas(graph: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(QueryError) as excinfo:
        query_dataframe(graph, "places-controlled")
    assert code_of(excinfo) == "E210"
    assert "pip install pandas" in excinfo.value.message


def test_select_star_columns_in_order_of_mention(graph: Graph) -> None:
    result = run_query(graph, "SELECT * WHERE { ?zeta kgo:fights ?alpha . ?zeta rdfs:label ?m }")
    assert result.variables == ["zeta", "alpha", "m"]


def test_run_query_accepts_named_query_objects(graph: Graph) -> None:
    query = load_query("allies-of")
    assert isinstance(query, NamedQuery)
    assert (
        run_query(graph, query, {"actor": "AF"}).rows
        == run_query(graph, "allies-of", {"actor": "AF"}).rows
    )
    rows: list[tuple[Node | None, ...]] = run_query(graph, query, {"actor": "AF"}).rows
    assert rows[0][0] == GAMMA


# --------------------------------------------------------------------------- analyst output


def test_csv_and_table_trim_evidence_and_name_relations(graph: Graph) -> None:
    text = (
        "SELECT ?relation ?modality ?class ?evidence WHERE { BIND(kgo:fights AS ?relation) "
        "BIND(kgo:Hypothetical AS ?modality) BIND(kgo:Militia AS ?class) "
        'BIND("They clashed.\\n\\n" AS ?evidence) }'
    )
    result = run_query(graph, text)
    rows = list(csv.reader(io.StringIO(format_result(result, "csv"), newline="")))
    assert rows[1] == ["fights", "hypothetical", "Militia", "They clashed."]
    assert format_result(result, "table").splitlines()[2].split() == [
        "fights",
        "hypothetical",
        "Militia",
        "They",
        "clashed.",
    ]
    assert json.loads(format_result(result, "ndjson"))["evidence"] == "They clashed."


def test_group_concat_distinct_over_an_optional_variable(graph: Graph) -> None:
    # rdflib 7 raised NotBoundError (E208) for the rows where ?alias is unbound
    text = (
        'SELECT ?label (GROUP_CONCAT(DISTINCT ?alias; separator=", ") AS ?aliases) '
        "(SUM(DISTINCT ?n) AS ?total) WHERE { ?a rdfs:label ?label "
        "OPTIONAL { ?a skos:altLabel ?alias } OPTIONAL { ?a kgo:nothing ?n } } "
        "GROUP BY ?label ORDER BY ?label"
    )
    got = {str(row[0]): str(row[1]) for row in run_query(graph, text).rows}
    assert got["Lone Wolf"] == ""
    assert sorted(got["Gamma Militia"].split(", ")) == ["Gamma", "Gamma Militia"]


def test_evidence_for_lists_undated_claims_last(graph: Graph) -> None:
    undated = Graph()
    for triple in graph:
        undated.add(triple)
    claim = KGR["claim-c99"]  # Beta fights Alpha in the undated report d4
    for p, o in (
        (RDF.type, KGO.Claim),
        (RDF.subject, BETA),
        (RDF.predicate, KGO.fights),
        (RDF.object, ALPHA),
        (KGO.modality, KGO.Asserted),
        (PROV.wasDerivedFrom, KGR["doc-d4"]),
        (KGO.evidence, Literal("Sentence for c99.")),
    ):
        undated.add((claim, p, o))
    rows = run_query(undated, "evidence-for", {"a": "Alpha Front", "b": "Beta"}).rows
    dates = [None if row[7] is None else str(row[7]) for row in rows]
    assert dates == ["2014-06-10", "2014-06-12", None]


def test_top_rows_without_the_parameter(graph: Graph, tmp_path: Path, capsys) -> None:
    from kg.cli import main
    from kg.sparql import brief_rows

    text = (
        "# title: Labels\n# description: every label\n# top: 2 unless actor\n"
        "# param: actor (actor) — one actor\n"
        "SELECT ?label WHERE { ?actor rdfs:label ?label } ORDER BY ?label\n"
    )
    query = parse_query_text(text, name="labels")
    assert query.top == (2, "actor")
    result = run_query(graph, query)
    shown, total = brief_rows(query, {}, result)
    assert [str(row[0]) for row in shown.rows] == ["Alpha Front", "Beta"] and total == 9
    assert brief_rows(query, {"actor": "Beta"}, result)[0] is result
    graph_file = tmp_path / "g.ttl"
    graph.serialize(graph_file, format="turtle")
    query_file = tmp_path / "labels.rq"
    query_file.write_text(text, encoding="utf-8")
    assert main(["query", str(query_file), "--graph", str(graph_file)]) == 0
    captured = capsys.readouterr()
    assert captured.out.count("\n") == 4  # header, rule, two rows
    assert "showing the first 2 of 9 rows" in captured.err
    assert main(["query", str(query_file), "--graph", str(graph_file), "-f", "csv"]) == 0
    assert capsys.readouterr().out.count("\n") == 10  # every row
    with pytest.raises(QueryError) as excinfo:
        parse_query_text(text.replace("unless actor", "unless nobody"))
    assert code_of(excinfo) == "E207"


def test_json_terms_round_trip() -> None:
    """One SPARQL JSON term encoder (results, the endpoint) and its inverse (remote stores)."""
    from kg.sparql.formats import json_term, json_to_term

    terms = [
        URIRef("https://w3id.org/kg-news/resource/actor-isis"),
        Literal("ISIS"),
        Literal("Daech", lang="fr"),
        Literal("2014-06-10", datatype=XSD_DATE),
        Literal(3),
    ]
    assert [json_to_term(json_term(term)) for term in terms] == terms
    assert json_to_term(None) is None
    with pytest.raises(ValueError, match="unexpected term"):
        json_to_term({"type": "triple", "value": "?"})


def test_actor_names_are_compared_as_the_catalog_compares_them() -> None:
    """Queries, analytics and the catalog share one name normaliser: a non-breaking hyphen,
    a curly apostrophe, case, spacing and a leading 'the' do not matter."""
    graph = Graph()
    actor = KGR["actor-isis"]
    graph.add((actor, RDF.type, KGO.ArmedGroup))
    graph.add((actor, RDFS.label, Literal("Islamic State of Iraq and al-Sham")))
    assert resolve_actor(graph, "the  islamic state of iraq and al\u2011sham") == actor
