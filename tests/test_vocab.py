from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from kg.catalog.lexicon import load_lexicon
from kg.catalog.vocab import KGO, RELATIONS, slug
from kg.resources import data_path


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    graph.parse(data=data_path("ontology", "kg.ttl").read_text(), format="turtle")
    return graph


def test_namespace_and_ontology_define_the_same_terms(ontology):
    ns = str(KGO._NS)
    defined = {str(s)[len(ns) :] for s in ontology.subjects() if str(s).startswith(ns)}
    assert defined == set(KGO.__annotations__)


def test_typo_raises_instead_of_minting_a_term():
    with pytest.raises(AttributeError):
        KGO.aliedWith  # noqa: B018


def test_every_term_has_label_and_comment(ontology):
    for name in KGO.__annotations__:
        assert ontology.value(KGO[name], RDFS.label) is not None, name
        assert ontology.value(KGO[name], RDFS.comment) is not None, name


def test_symmetric_relations_and_super_properties(ontology):
    symmetric = {str(s).split("#")[1] for s in ontology.subjects(RDF.type, OWL.SymmetricProperty)}
    assert symmetric == {"alliedWith", "fights", "negotiatesWith"}
    assert set(ontology.subjects(RDFS.subPropertyOf, KGO.hostileTo)) == {
        KGO.fights,
        KGO.threatens,
        KGO.opposes,
    }
    assert set(ontology.subjects(RDFS.subPropertyOf, KGO.cooperatesWith)) == {
        KGO.alliedWith,
        KGO.supports,
        KGO.negotiatesWith,
    }


def test_lexicon_covers_every_relation_once():
    lexicon = load_lexicon()
    assert set(lexicon.relations) == set(RELATIONS)
    symmetric = {r for r, t in lexicon.relations.items() if t.symmetric}
    assert symmetric == {"alliedWith", "fights", "negotiatesWith"}


def test_slug_is_stable():
    assert slug("Hay'at Tahrir al-Sham") == "hay-at-tahrir-al-sham"
    assert slug("Erdoğan") == "erdogan"
