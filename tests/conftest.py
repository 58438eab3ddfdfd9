"""Shared fixtures: the spaCy pipeline is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kg.catalog.actor_catalog import ActorCatalog, load_catalog
from kg.catalog.lexicon import Lexicon, load_lexicon
from kg.corpus.reader import Document
from kg.extract.assemble import Claim, extract_claims
from kg.extract.mentions import DocumentActors
from kg.extract.nlp import load_pipeline, parse_documents
from kg.extract.reference import resolve_mentions
from kg.resources import data_path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def ontology() -> Graph:
    """The ontology file, parsed."""
    graph = Graph()
    graph.parse(data=data_path("ontology", "kg.ttl").read_text("utf-8"), format="turtle")
    return graph


@pytest.fixture(scope="session")
def catalog() -> ActorCatalog:
    return load_catalog()


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture(scope="session")
def nlp(catalog):
    return load_pipeline(None, catalog)


@pytest.fixture(scope="session")
def analyse(nlp, catalog, lexicon):
    """Text → (DocumentActors, claims), for tests written sentence by sentence."""

    def run(text: str, doc_id: str = "t") -> tuple[DocumentActors, list[Claim]]:
        document = Document(doc_id=doc_id, title="", text=text, date="2020-01-01", source="test")
        (parsed,) = parse_documents(nlp, [document], batch_size=1)  # as the pipeline parses
        actors = resolve_mentions(parsed, catalog, lexicon)
        return actors, extract_claims(actors, lexicon)

    return run


@pytest.fixture(scope="session")
def triples(analyse):
    """Text → set of (subject label, relation, object label, modality)."""

    symmetric = {"alliedWith", "fights", "negotiatesWith"}

    def run(text: str) -> set[tuple[str, str, str, str]]:
        _, claims = analyse(text)
        found = set()
        for c in claims:
            s, o = c.subject.label, c.object.label
            if c.relation in symmetric:  # either order reads the same
                s, o = sorted((s, o))
            found.add((s, c.relation, o, c.modality))
        return found

    return run


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """One build of the bundled sample corpus, shared by the end-to-end tests."""
    from kg.build.pipeline import build

    out = tmp_path_factory.mktemp("sample-build")
    return build([], output_dir=out), out
