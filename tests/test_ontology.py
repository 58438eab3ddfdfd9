"""The ontology as OWL (declarations, documentation, OWL RL consistency with real builds), the
shapes kept in step with it, the RDF exports, and provenance."""

from __future__ import annotations

import json

import pytest
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH

from kg.catalog.vocab import ACTOR_CLASSES, KGO, KGO_IRI, KGR, RELATIONS, WD_IRI
from kg.rdf.export import JSONLD_CONTEXT, export_bytes
from kg.rdf.infer import inconsistencies
from kg.rdf.validate import load_shapes

ONTOLOGY_IRI = URIRef("https://w3id.org/kg-news/ontology")
BUILTIN = (str(RDF), str(RDFS), str(OWL), str(XSD))
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def sample(sample_build) -> Graph:
    return sample_build[0].rdf


def _of_type(graph: Graph, kind: URIRef) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)}


def _builtin(iri: URIRef) -> bool:
    return str(iri).startswith(BUILTIN)


# --- the ontology as OWL ---


def test_ontology_header(ontology):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    for prop in (OWL.versionIRI, OWL.versionInfo, DCTERMS.title, DCTERMS.license, RDFS.label):
        assert ontology.value(ONTOLOGY_IRI, prop) is not None, prop
    assert ontology.value(ONTOLOGY_IRI, RDFS.comment) is not None
    assert not list(ontology.objects(None, OWL.imports)), "no import: nothing needs the network"


def test_every_class_and_property_has_label_and_comment(ontology):
    terms = set()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual):
        terms |= {t for t in _of_type(ontology, kind) if str(t).startswith(KGO_IRI)}
    assert len(terms) == len(KGO.__annotations__)
    for term in sorted(terms):
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, RDFS.comment) is not None, term


def test_every_kgo_term_used_is_declared(ontology):
    declared = set()
    for kind in (OWL.Class, *PROPERTY_KINDS, OWL.NamedIndividual):
        declared |= _of_type(ontology, kind)
    used = {
        node
        for triple in ontology
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(KGO_IRI)
    }
    assert used - declared == set()


def test_every_property_and_class_used_is_declared(ontology):
    """What Protégé (the OWL API) needs to read kg.ttl as OWL 2 without guessing."""
    classes = _of_type(ontology, OWL.Class) | {OWL.Thing}
    kinds = {kind: _of_type(ontology, kind) for kind in PROPERTY_KINDS}
    properties = set().union(*kinds.values())
    # each property is of exactly one kind
    for a in PROPERTY_KINDS:
        for b in PROPERTY_KINDS:
            if a != b:
                assert not kinds[a] & kinds[b], (a, b, kinds[a] & kinds[b])
    # every predicate is built in or declared
    for predicate in set(ontology.predicates()):
        assert _builtin(predicate) or predicate in properties, predicate
    # every class named anywhere is declared
    named: set = set()
    for s, o in ontology.subject_objects(RDFS.subClassOf):
        named |= {s, o}
    named |= set(ontology.objects(None, OWL.disjointWith))
    named |= set(ontology.objects(None, RDFS.domain))
    for members in ontology.objects(None, OWL.members):
        named |= set(Collection(ontology, members))
    for o in ontology.objects(None, RDF.type):
        if not _builtin(o):
            named.add(o)
    for prop in kinds[OWL.ObjectProperty]:
        named |= set(ontology.objects(prop, RDFS.range))
    assert {c for c in named if isinstance(c, URIRef)} - classes == set()
    # data properties range over datatypes, object properties over classes
    for prop in kinds[OWL.DatatypeProperty]:
        for rng in ontology.objects(prop, RDFS.range):
            assert str(rng).startswith(str(XSD)) or rng == RDFS.Literal, (prop, rng)
    # characteristics and hierarchies stay within one kind of property
    for prop in _of_type(ontology, OWL.SymmetricProperty):
        assert prop in kinds[OWL.ObjectProperty], prop
    for prop in _of_type(ontology, OWL.FunctionalProperty):
        assert prop in kinds[OWL.ObjectProperty] | kinds[OWL.DatatypeProperty], prop
    for sub, sup in ontology.subject_objects(RDFS.subPropertyOf):
        assert any(sub in kinds[k] and sup in kinds[k] for k in PROPERTY_KINDS), (sub, sup)


def test_reserved_vocabulary_is_not_used_for_classes_but_rdf_statement(ontology):
    # kgo:Claim ⊑ rdf:Statement is what the issue asks for; OWL 2 DL reserves rdf: IRIs, so
    # this one axiom is the ontology's only step outside OWL 2 DL (Protégé still loads it).
    reserved = {c for c in _of_type(ontology, OWL.Class) if _builtin(c)}
    assert reserved == {RDF.Statement}


def test_ontology_alone_is_consistent(ontology):
    assert inconsistencies(Graph(), ontology) == []


def test_owl_rl_closure_of_the_sample_build_adds_no_inconsistency(sample, ontology):
    assert inconsistencies(sample, ontology) == []


def test_owl_rl_closure_finds_inconsistencies(ontology):
    """The axioms have teeth: a place that fights, a claim with two modalities."""
    bad = Graph()
    bad.add((KGR["place-x"], RDF.type, KGO.Place))
    bad.add((KGR["place-x"], KGO.fights, KGR["actor-y"]))
    found = inconsistencies(bad, ontology)
    assert any("Disjoint classes" in m and "place-x" in m for m in found), found
    bad = Graph()
    bad.add((KGR["claim-x"], KGO.modality, KGO.Asserted))
    bad.add((KGR["claim-x"], KGO.modality, KGO.Negated))
    assert inconsistencies(bad, ontology)


# --- shapes and ontology stay in step ---


def _lists_in(graph: Graph) -> list[set]:
    return [set(Collection(graph, node)) for node in graph.objects(None, SH["in"])]


def test_shapes_list_the_ontologys_actor_classes_relations_and_modalities(ontology):
    shapes = load_shapes()
    actor_classes = {KGO[c] for c in ACTOR_CLASSES}
    sub = {s for s in ontology.transitive_subjects(RDFS.subClassOf, KGO.Actor)} - {KGO.Actor}
    assert sub == actor_classes
    lists = _lists_in(shapes)
    actor_lists = [members for members in lists if KGO.State in members]
    assert actor_lists and all(members == actor_classes for members in actor_lists)
    relations = {KGO[r] for r in RELATIONS}
    assert _of_type(ontology, KGO.RelationType) == relations
    assert relations in lists
    assert _of_type(ontology, KGO.Modality) in lists
    # the SPARQL constraints that name actor classes name all of them
    selects = [str(q) for q in shapes.objects(None, SH.select) if "kgo:State" in str(q)]
    assert len(selects) >= 2
    for select in selects:
        assert all(f"kgo:{name}" in select for name in ACTOR_CLASSES), select


# --- exports ---


@pytest.mark.parametrize(
    ("fmt", "parser"), [("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")]
)
def test_rdf_exports_round_trip(sample, fmt, parser):
    data = export_bytes(sample, fmt)
    assert isomorphic(Graph().parse(data=data, format=parser), sample)


def test_jsonld_has_an_explicit_context_with_short_names(sample):
    data = json.loads(export_bytes(sample, "jsonld"))
    context = data["@context"]
    assert context == JSONLD_CONTEXT
    for prefix in ("kgo", "kgr", "wd", "prov", "dcterms", "skos", "rdfs", "owl", "xsd"):
        assert isinstance(context[prefix], str) and context[prefix].startswith("http")
    for name in (*RELATIONS, "hostileTo", "cooperatesWith", "label", "modality", "evidence"):
        assert name in context, name
    keys = {key for node in data["@graph"] for key in node}
    assert {"label", "subject", "predicate", "object", "modality", "wasDerivedFrom"} <= keys
    assert {"evidence", "sentenceStart", "charCount", "identifier", "fights"} <= keys
    assert not {k for k in keys if ":" in k or k.startswith("http")}, "every key has a short name"
    claims = [node for node in data["@graph"] if "modality" in node]
    assert {node["modality"] for node in claims} <= {"Asserted", "Hypothetical", "Negated"}
    assert all(isinstance(node["sentenceStart"], int) for node in claims)


def test_turtle_has_stable_prefixes(sample):
    text = export_bytes(sample, "turtle").decode()
    for prefix in ("kgo", "kgr", "wd", "prov", "dcterms", "skos"):
        assert f"@prefix {prefix}: " in text, prefix
    assert any(str(o).startswith(WD_IRI) for o in sample.objects(None, OWL.sameAs))
    assert "owl:sameAs wd:Q" in text
    body = "\n".join(line for line in text.splitlines() if not line.startswith("@prefix"))
    assert "@prefix ns1:" not in text and "<https://w3id.org/kg-news/" not in body


def test_turtle_keeps_every_literal_and_is_sorted():
    from kg.rdf.convert import new_graph, turtle

    graph = new_graph()
    node = KGR["claim-x"]
    graph.add((node, KGO.confidence, Literal("0.70", datatype=XSD.decimal)))
    graph.add((node, KGO.evidence, Literal('He said "no"\nand left; \\ done')))
    graph.add((node, RDFS.label, Literal("Bagdad", lang="fr")))
    graph.add((node, DCTERMS.date, Literal("2014-06", datatype=XSD.gYearMonth)))
    graph.add((KGR["actor-b"], RDFS.label, Literal("B")))
    graph.add((KGR["actor-a"], RDFS.label, Literal("A")))
    data = turtle(graph)
    assert isomorphic(Graph().parse(data=data, format="turtle"), graph)
    text = data.decode()
    assert "0.70" in text  # the lexical form as written, not Oxigraph's canonical 0.7
    assert text.index("kgr:actor-a") < text.index("kgr:actor-b") < text.index("kgr:claim-x")


def test_turtle_of_triples_is_the_turtle_of_their_graph():
    """The build writes its Turtle from the triples (turtle_of), without an rdflib graph: the
    bytes are those of the graph's Turtle, for every kind of term and repeated IRIs."""
    from rdflib import BNode

    from kg.rdf.convert import graph_of, turtle, turtle_of

    node, other = KGR["claim-x"], KGR["actor-ä"]
    triples = [
        (node, KGO.confidence, Literal("0.70", datatype=XSD.decimal)),
        (node, KGO.evidence, Literal('He said "no"\nand left; \\ done\r')),
        (node, RDFS.label, Literal("Bagdad", lang="fr")),
        (node, KGO.sentenceStart, Literal(12)),
        (node, KGO.subjectText, Literal("Irak – ISIL")),
        (node, RDF.subject, other),
        (node, RDF.subject, other),  # a triple given twice is written once
        (other, RDFS.label, Literal("A")),
        (BNode("b1"), RDFS.seeAlso, other),
    ]
    assert turtle_of(triples) == turtle(graph_of(triples))


# --- provenance ---


def test_every_claim_names_its_document_and_run(sample):
    claims = list(sample.subjects(RDF.type, KGO.Claim))
    assert claims
    for claim in claims:
        document = sample.value(claim, PROV.wasDerivedFrom)
        assert (document, RDF.type, KGO.Document) in sample
        run = sample.value(claim, PROV.wasGeneratedBy)
        assert (run, RDF.type, KGO.ExtractionActivity) in sample
        assert (run, RDF.type, PROV.Activity) in sample
        for prop in (KGO.softwareVersion, KGO.pipelineName, KGO.pipelineVersion):
            assert sample.value(run, prop), prop
    # no wall-clock time unless asked for: the same input gives the same bytes
    assert not list(sample.triples((None, PROV.startedAtTime, None)))
    assert not list(sample.triples((None, PROV.endedAtTime, None)))


def test_documents_name_their_primary_source(sample):
    documents = list(sample.subjects(RDF.type, KGO.Document))
    urls = 0
    for document in documents:
        source = str(sample.value(document, DCTERMS.source))
        primary = sample.value(document, PROV.hadPrimarySource)
        if source.startswith(("http://", "https://")):
            urls += 1
            assert primary == URIRef(source)
        else:
            assert primary is None  # a path stays the dcterms:source literal
    assert urls >= 1  # the sample corpus has an article with a URL


def test_a_timestamped_run_records_its_times():
    from kg.graph.knowledge_graph import DocumentInfo, RunInfo, build_graph
    from kg.rdf.convert import from_rdf, run_iri, to_rdf

    plain = RunInfo("0.1.0", "en_core_web_sm", "3.8.0")
    timed = RunInfo(
        "0.1.0", "en_core_web_sm", "3.8.0", "2024-05-01T10:00:00+00:00", "2024-05-01T10:00:09+00:00"
    )
    assert run_iri(plain) != run_iri(timed)  # a timestamped run is one particular run
    docs = [DocumentInfo("d", "D", None, "d.txt", 10)]
    graph = to_rdf(build_graph(docs, [], timed))
    run = run_iri(timed)
    assert graph.value(run, PROV.startedAtTime) == Literal(
        "2024-05-01T10:00:00+00:00", datatype=XSD.dateTime
    )
    assert graph.value(run, PROV.endedAtTime).datatype == XSD.dateTime
    assert from_rdf(graph).run == timed
    assert not list(to_rdf(build_graph(docs, [], plain)).triples((None, PROV.startedAtTime, None)))
