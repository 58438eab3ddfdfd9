"""SHACL validation (ontology/shapes.ttl, kg.rdf.validate, ``kg validate``): every build conforms,
and hand-made broken graphs are caught with a readable result."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from kg.catalog.vocab import KGO, KGO_IRI, KGR
from kg.cli import main
from kg.rdf.validate import ValidationReport, format_report, load_shapes, validate

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# A small graph that follows the output contract to the letter. The text it describes is
#   "Iran supports Syria. ISIS seized Mosul. Iran may attack ISIS. Rouhani leads Iran."
VALID = """
@prefix kgo: <https://w3id.org/kg-news/ontology#> .
@prefix kgr: <https://w3id.org/kg-news/resource/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

kgr:actor-iran a kgo:State ; rdfs:label "Iran" ; owl:sameAs wd:Q794 ;
    skos:altLabel "Tehran" ; kgo:supports kgr:actor-syria .
kgr:actor-syria a kgo:State ; rdfs:label "Syria" .
kgr:actor-isis a kgo:InsurgentGroup ; rdfs:label "ISIS" ; kgo:controls kgr:place-mosul .
kgr:actor-rouhani a kgo:Person ; rdfs:label "Hassan Rouhani" ; kgo:memberOf kgr:actor-iran .
kgr:place-mosul a kgo:Place ; rdfs:label "Mosul" .

kgr:doc-t a kgo:Document, prov:Entity ;
    dcterms:identifier "t" ; dcterms:title "Test" ; dcterms:date "2014-06-12"^^xsd:date ;
    dcterms:source "https://example.org/t" ; prov:hadPrimarySource <https://example.org/t> ;
    dcterms:references kgr:actor-iran, kgr:actor-syria, kgr:actor-isis, kgr:actor-rouhani ;
    kgo:charCount 81 .

kgr:run-t a kgo:ExtractionActivity, prov:Activity ;
    kgo:softwareVersion "0.1.0" ; kgo:pipelineName "en_core_web_sm" ; kgo:pipelineVersion "3.8.0" .

kgr:claim-supports a rdf:Statement, kgo:Claim ;
    rdf:subject kgr:actor-iran ; rdf:predicate kgo:supports ; rdf:object kgr:actor-syria ;
    kgo:modality kgo:Asserted ; prov:wasDerivedFrom kgr:doc-t ; prov:wasGeneratedBy kgr:run-t ;
    kgo:evidence "Iran supports Syria." ; kgo:sentenceStart 0 ; kgo:sentenceEnd 20 ;
    kgo:subjectStart 0 ; kgo:subjectEnd 4 ; kgo:subjectText "Iran" ;
    kgo:objectStart 14 ; kgo:objectEnd 19 ; kgo:objectText "Syria" ;
    kgo:trigger "supports" ; kgo:confidence 0.90 ; dcterms:date "2014-06-12"^^xsd:date .

kgr:claim-controls a rdf:Statement, kgo:Claim ;
    rdf:subject kgr:actor-isis ; rdf:predicate kgo:controls ; rdf:object kgr:place-mosul ;
    kgo:modality kgo:Asserted ; prov:wasDerivedFrom kgr:doc-t ; prov:wasGeneratedBy kgr:run-t ;
    kgo:evidence "ISIS seized Mosul." ; kgo:sentenceStart 21 ; kgo:sentenceEnd 39 ;
    kgo:subjectStart 21 ; kgo:subjectEnd 25 ; kgo:subjectText "ISIS" ;
    kgo:objectStart 33 ; kgo:objectEnd 38 ; kgo:objectText "Mosul" ;
    kgo:trigger "seized" ; kgo:confidence 0.90 .

kgr:claim-fights a rdf:Statement, kgo:Claim ;
    rdf:subject kgr:actor-iran ; rdf:predicate kgo:fights ; rdf:object kgr:actor-isis ;
    kgo:modality kgo:Hypothetical ; prov:wasDerivedFrom kgr:doc-t ; prov:wasGeneratedBy kgr:run-t ;
    kgo:evidence "Iran may attack ISIS." ; kgo:sentenceStart 40 ; kgo:sentenceEnd 61 ;
    kgo:subjectStart 40 ; kgo:subjectEnd 44 ; kgo:subjectText "Iran" ;
    kgo:objectStart 56 ; kgo:objectEnd 60 ; kgo:objectText "ISIS" ;
    kgo:trigger "attack" ; kgo:confidence 0.72 ; kgo:reportedBy kgr:actor-syria .

kgr:claim-member a rdf:Statement, kgo:Claim ;
    rdf:subject kgr:actor-rouhani ; rdf:predicate kgo:memberOf ; rdf:object kgr:actor-iran ;
    kgo:modality kgo:Asserted ; prov:wasDerivedFrom kgr:doc-t ; prov:wasGeneratedBy kgr:run-t ;
    kgo:evidence "Rouhani leads Iran." ; kgo:sentenceStart 62 ; kgo:sentenceEnd 81 ;
    kgo:subjectStart 62 ; kgo:subjectEnd 69 ; kgo:subjectText "Rouhani" ;
    kgo:objectStart 76 ; kgo:objectEnd 80 ; kgo:objectText "Iran" ;
    kgo:trigger "leads" ; kgo:confidence 0.85 .
"""

CLAIM = KGR["claim-supports"]
IRAN, SYRIA, ISIS, ROUHANI, MOSUL = (
    KGR[f"{name}"]
    for name in ("actor-iran", "actor-syria", "actor-isis", "actor-rouhani", "place-mosul")
)
DOC = KGR["doc-t"]


def valid_graph() -> Graph:
    return Graph().parse(data=VALID, format="turtle")


def results_for(report: ValidationReport, focus: str, path: str | None = None) -> list[str]:
    return [
        v.message
        for v in report.violations
        if v.focus == focus and (path is None or v.path == path) and v.severity == "violation"
    ]


def test_the_hand_made_graph_conforms():
    report = validate(valid_graph())
    assert report.conforms, format_report(report)
    assert report.violations == []


def test_sample_build_conforms(sample_build):
    result, _ = sample_build
    report = validate(result.rdf)
    assert report.conforms, format_report(report)
    assert report.violations == [], format_report(report)  # not even a warning


@pytest.fixture(scope="module")
def seeds_build():
    from kg.build.pipeline import build

    return build([SEEDS], output_dir=None, html=False)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present")
def test_seeds_build_conforms(seeds_build):
    report = validate(seeds_build.rdf)
    assert report.conforms, format_report(report)
    assert report.violations == [], format_report(report)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present")
def test_seeds_build_is_consistent_and_infers(seeds_build):
    from kg.rdf.infer import inconsistencies, infer

    assert inconsistencies(seeds_build.rdf) == []
    inferred = infer(seeds_build.rdf)
    assert len(inferred) > 0 and not set(inferred) & set(seeds_build.rdf)


def _set(s: URIRef, p: URIRef, o) -> Callable[[Graph], None]:
    return lambda g: g.set((s, p, o))


def _add(s: URIRef, p: URIRef, o) -> Callable[[Graph], None]:
    return lambda g: g.add((s, p, o))


def _remove(s: URIRef, p: URIRef) -> Callable[[Graph], None]:
    return lambda g: g.remove((s, p, None))


BROKEN = {
    "offset beyond the document": (
        _set(CLAIM, KGO.objectEnd, Literal(500)),
        ("kgr:claim-supports", "kgo:objectEnd", "beyond the end of the document (81"),
    ),
    "sentence start after its end": (
        _set(CLAIM, KGO.sentenceStart, Literal(25)),
        ("kgr:claim-supports", "kgo:sentenceStart", "not after kgo:sentenceEnd"),
    ),
    "negative offset": (
        _set(CLAIM, KGO.subjectStart, Literal(-1)),
        ("kgr:claim-supports", "kgo:subjectStart", "non-negative"),
    ),
    "offset as text": (
        _set(CLAIM, KGO.subjectEnd, Literal("4")),
        ("kgr:claim-supports", "kgo:subjectEnd", "non-negative integer"),
    ),
    "missing offset": (
        _remove(CLAIM, KGO.objectStart),
        ("kgr:claim-supports", "kgo:objectStart", "exactly one kgo:objectStart"),
    ),
    "two subjects": (
        _add(CLAIM, RDF.subject, ISIS),
        ("kgr:claim-supports", "rdf:subject", "exactly one rdf:subject"),
    ),
    "no object": (
        _remove(CLAIM, RDF.object),
        ("kgr:claim-supports", "rdf:object", "exactly one rdf:object"),
    ),
    "subject is its own object": (
        _set(CLAIM, RDF.object, IRAN),
        ("kgr:claim-supports", "rdf:subject", "other than the object"),
    ),
    "subject is a place": (
        _set(CLAIM, RDF.subject, MOSUL),
        ("kgr:claim-supports", "rdf:subject", "an actor"),
    ),
    "unknown relation": (
        _set(CLAIM, RDF.predicate, RDFS.seeAlso),
        ("kgr:claim-supports", "rdf:predicate", "one of the eight kgo relations"),
    ),
    "unknown modality": (
        _set(CLAIM, KGO.modality, URIRef(KGO_IRI + "Possible")),
        ("kgr:claim-supports", "kgo:modality", "kgo:Asserted, kgo:Hypothetical or kgo:Negated"),
    ),
    "two modalities": (
        _add(CLAIM, KGO.modality, KGO.Negated),
        ("kgr:claim-supports", "kgo:modality", "exactly one kgo:modality"),
    ),
    "no source document": (
        _remove(CLAIM, PROV.wasDerivedFrom),
        ("kgr:claim-supports", "prov:wasDerivedFrom", "a kgo:Document"),
    ),
    "derived from something not a document": (
        _set(CLAIM, PROV.wasDerivedFrom, KGR["doc-missing"]),
        ("kgr:claim-supports", "prov:wasDerivedFrom", "a kgo:Document"),
    ),
    "no evidence": (
        _remove(CLAIM, KGO.evidence),
        ("kgr:claim-supports", "kgo:evidence", "exactly one kgo:evidence"),
    ),
    "confidence above one": (
        _set(CLAIM, KGO.confidence, Literal("1.5", datatype=XSD.decimal)),
        ("kgr:claim-supports", "kgo:confidence", "between 0 and 1"),
    ),
    "controls pointing at an actor": (
        _set(KGR["claim-controls"], RDF.object, SYRIA),
        ("kgr:claim-controls", "rdf:object", "points at a kgo:Place"),
    ),
    "fights pointing at a place": (
        _set(KGR["claim-fights"], RDF.object, MOSUL),
        ("kgr:claim-fights", "rdf:object", "points at an actor, not at kgr:place-mosul"),
    ),
    "memberOf pointing at a person": (
        _set(KGR["claim-member"], RDF.object, ROUHANI),
        ("kgr:claim-member", "rdf:object", "not at the person or place kgr:actor-rouhani"),
    ),
    "memberOf starting at a place": (
        _set(KGR["claim-member"], RDF.subject, MOSUL),
        ("kgr:claim-member", "rdf:subject", "an actor"),
    ),
    "direct triple with only a hypothetical claim": (
        _add(IRAN, KGO.fights, ISIS),
        ("kgr:actor-iran", "kgo:fights", "without an asserted claim"),
    ),
    "direct triple with no claim at all": (
        _add(SYRIA, KGO.opposes, ISIS),
        ("kgr:actor-syria", "kgo:opposes", "without an asserted claim"),
    ),
    "inferred super-property in the asserted graph": (
        _add(IRAN, KGO.cooperatesWith, SYRIA),
        ("kgr:actor-iran", "kgo:cooperatesWith", "without an asserted claim"),
    ),
    "actor without a label": (
        _remove(SYRIA, RDFS.label),
        ("kgr:actor-syria", "rdfs:label", "exactly one non-empty rdfs:label"),
    ),
    "actor with two labels": (
        _add(SYRIA, RDFS.label, Literal("Syrian Arab Republic")),
        ("kgr:actor-syria", "rdfs:label", "exactly one"),
    ),
    "actor with two classes": (
        _add(SYRIA, RDF.type, KGO.Organization),
        ("kgr:actor-syria", "rdf:type", "exactly one actor class"),
    ),
    "actor that is also a place": (
        _add(SYRIA, RDF.type, KGO.Place),
        ("kgr:actor-syria", "rdf:type", "both an actor and a kgo:Place"),
    ),
    "sameAs not Wikidata": (
        _set(IRAN, URIRef("http://www.w3.org/2002/07/owl#sameAs"), URIRef("http://x.org/Iran")),
        ("kgr:actor-iran", "owl:sameAs", "Wikidata"),
    ),
    "document date as a plain string": (
        _set(DOC, DCTERMS.date, Literal("12 June 2014")),
        ("kgr:doc-t", "dcterms:date", "xsd:date"),
    ),
    "document without length": (
        _remove(DOC, KGO.charCount),
        ("kgr:doc-t", "kgo:charCount", "exactly one kgo:charCount"),
    ),
    "document without identifier": (
        _remove(DOC, DCTERMS.identifier),
        ("kgr:doc-t", "dcterms:identifier", "exactly one"),
    ),
    "primary source as a literal": (
        _set(DOC, PROV.hadPrimarySource, Literal("https://example.org/t")),
        ("kgr:doc-t", "prov:hadPrimarySource", "one IRI"),
    ),
    "run without version": (
        _remove(KGR["run-t"], KGO.softwareVersion),
        ("kgr:run-t", "kgo:softwareVersion", "exactly one kgo:softwareVersion"),
    ),
    "run that ends before it starts": (
        lambda g: (
            g.add(
                (
                    KGR["run-t"],
                    PROV.startedAtTime,
                    Literal("2024-01-02T00:00:00Z", datatype=XSD.dateTime),
                )
            ),
            g.add(
                (
                    KGR["run-t"],
                    PROV.endedAtTime,
                    Literal("2024-01-01T00:00:00Z", datatype=XSD.dateTime),
                )
            ),
        ),
        ("kgr:run-t", "prov:startedAtTime", "not after prov:endedAtTime"),
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_graphs_are_caught(case):
    mutate, (focus, path, text) = BROKEN[case]
    graph = valid_graph()
    mutate(graph)
    report = validate(graph)
    assert not report.conforms
    messages = results_for(report, focus, path)
    assert any(text in m for m in messages), format_report(report)


def test_offsets_that_disagree_with_texts_are_warnings():
    graph = valid_graph()
    graph.set((CLAIM, KGO.subjectText, Literal("Iran's")))
    report = validate(graph)
    assert report.conforms  # a warning does not fail validation
    [warning] = report.violations
    assert warning.severity == "warning" and warning.path == "kgo:subjectText"
    assert "has 6 characters but its offsets span 4" in warning.message
    assert "1 warning" in report.summary()


def test_report_formats():
    graph = valid_graph()
    graph.set((CLAIM, KGO.objectEnd, Literal(500)))
    report = validate(graph)
    table = format_report(report, "table").splitlines()
    assert table[0].split() == ["severity", "focus", "path", "message"]
    assert any("kgr:claim-supports" in line and "kgo:objectEnd" in line for line in table[1:])
    data = json.loads(format_report(report, "json"))
    assert data["conforms"] is False
    [first] = [v for v in data["violations"] if v["path"] == "kgo:objectEnd"]
    assert set(first) == {"focus", "path", "value", "message", "severity", "shape"}
    assert first["shape"] == "kgsh:ClaimShape" and first["value"] == "500"
    assert format_report(validate(valid_graph()), "table") == ""


def test_a_broken_shapes_file_is_one_error(tmp_path):
    from kg.errors import ValidationError

    with pytest.raises(ValidationError, match="E501"):
        load_shapes(tmp_path / "none.ttl")
    (tmp_path / "bad.ttl").write_text("this is not turtle")
    with pytest.raises(ValidationError, match="E502"):
        load_shapes(tmp_path / "bad.ttl")
    with pytest.raises(ValidationError, match="E504"):
        format_report(ValidationReport(True), "yaml")
    (tmp_path / "values.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:s> a sh:NodeShape ; sh:targetNode <urn:x> ;\n"
        '  sh:sparql [ sh:select "SELECT $this WHERE { VALUES ?v { 1 } $this ?p ?v }" ] .\n'
    )
    with pytest.raises(ValidationError, match=r"E503.*VALUES"):
        validate(valid_graph(), load_shapes(tmp_path / "values.ttl"))


def test_cli_validate_conforming_graph(sample_build, capsys):
    _, out_dir = sample_build
    assert main(["validate", "--graph", str(out_dir / "graph.ttl")]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "conforms" in captured.err
    assert main(["validate", "--graph", str(out_dir / "graph.ttl"), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"conforms": True, "violations": []}


def test_cli_validate_broken_graph(tmp_path):
    graph = valid_graph()
    graph.set((KGR["claim-controls"], RDF.object, SYRIA))
    graph.add((IRAN, KGO.fights, ISIS))
    path = tmp_path / "broken.ttl"
    graph.serialize(path, format="turtle")
    result = subprocess.run(
        [sys.executable, "-m", "kg", "validate", "--graph", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0, result.stderr  # one line
    assert "does not conform" in result.stderr and "violation" in result.stderr
    assert "Traceback" not in result.stderr
    assert "kgr:claim-controls" in result.stdout and "kgo:fights" in result.stdout


def test_cli_validate_errors_are_one_line(tmp_path, capsys):
    assert main(["validate", "--graph", str(tmp_path / "none.ttl")]) == 1
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "E301" in err
    assert main(["validate", "--shapes", str(tmp_path / "none.ttl")]) == 1
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "E501" in err
