"""Stage: ontology constraints. Which subjects and objects a relation admits, read from the
``rdfs:domain`` and ``rdfs:range`` of ``ontology/kg.ttl``.

A relation whose range is ``kgo:Place`` (controls) takes only places; one whose range is
``kgo:Actor`` only actors; one with no range (threatens: "threatened to march on Baghdad")
either. Every relation's domain is an actor: a place does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kg.catalog.vocab import KGO_IRI, RELATIONS
from kg.model import Entity
from kg.resources import data_path

_RDFS = "http://www.w3.org/2000/01/rdf-schema#"


@dataclass(frozen=True)
class RelationSignature:
    relation: str
    domain: str | None  # a kgo class local name: "Actor", "Place", or None for anything
    range: str | None
    # classes the object may not be, beyond the range (shapes.ttl: a person has no members)
    excluded_objects: frozenset[str] = frozenset()

    def admits(self, subject: Entity, obj: Entity) -> bool:
        if subject.iri == obj.iri:
            return False
        return (
            _is_a(subject, self.domain)
            and _is_a(obj, self.range)
            and obj.kind not in self.excluded_objects
        )


def _is_a(entity: Entity, cls: str | None) -> bool:
    if cls is None:
        return True
    if cls == "Place":
        return entity.is_place
    return not entity.is_place  # every other class kg uses is a kind of actor


@cache
def load_signatures() -> dict[str, RelationSignature]:
    """Each relation's signature, from the ontology file (parsed once per version of the
    file and of this code: :mod:`kg.cache`)."""
    from pathlib import Path

    from kg.cache import cached
    from kg.catalog import vocab

    sources = [data_path("ontology", "kg.ttl"), Path(__file__), Path(vocab.__file__)]
    return cached("signatures", sources, _read_signatures)


def _read_signatures() -> dict[str, RelationSignature]:
    from rdflib import Graph, URIRef

    graph = Graph()
    graph.parse(data_path("ontology", "kg.ttl"), format="turtle")

    def local(predicate: str, relation: str) -> str | None:
        value = graph.value(URIRef(KGO_IRI + relation), URIRef(_RDFS + predicate))
        return str(value).removeprefix(KGO_IRI) if value is not None else None

    return {
        relation: RelationSignature(
            relation,
            local("domain", relation),
            local("range", relation),
            # memberOf's object is never a person (shapes.ttl checks it too)
            frozenset({"Person"}) if relation == "memberOf" else frozenset(),
        )
        for relation in RELATIONS
    }


def admits(relation: str, subject: Entity, obj: Entity) -> bool:
    """Whether the ontology lets ``subject relation obj`` stand."""
    return load_signatures()[relation].admits(subject, obj)
