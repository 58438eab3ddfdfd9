"""Edge aggregates: how many claims each (subject, relation, object, modality) has.

A whole-graph question such as ``most-connected`` otherwise groups every claim of the graph
(296 ms on 1.1M triples on Oxigraph, measured). The graph therefore carries one
``kgo:Edge`` node per distinct (subject, relation, object, modality) of its claims, with the
number of claims behind it::

    kgr:edge-3f…  a kgo:Edge ;
        kgo:edgeSubject kgr:actor-isil ;  kgo:edgeRelation kgo:fights ;
        kgo:edgeObject kgr:actor-iraqi-army ;  kgo:edgeModality kgo:Asserted ;
        kgo:claimCount 12 .

``to_rdf`` writes them for a full build (:func:`edge_triples`). A store cannot take them
from its documents' graphs, since a count is not a union of counts: after each batch the
store build moves each edge's count by the claims the batch adds and those of the
documents it replaces, and each store's ``remove_document`` takes off the claims it removed
(:mod:`kg.store.aggregates`). Edges never appear in a document's named graph.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from kg.catalog.vocab import KGO, KGR, modality_iri, relation_iri

if TYPE_CHECKING:
    from kg.model import Claim

EdgeKey = tuple[URIRef, URIRef, URIRef, URIRef]  # subject, relation, object, modality
Triple = tuple[URIRef, URIRef, URIRef | Literal]


def edge_iri(key: EdgeKey) -> URIRef:
    """The edge node of a (subject, relation, object, modality): the same in every build."""
    digest = hashlib.sha1(" ".join(str(term) for term in key).encode()).hexdigest()[:16]
    return KGR[f"edge-{digest}"]


def claim_key(claim: Claim) -> EdgeKey:
    return (
        URIRef(claim.subject.iri),
        relation_iri(claim.relation),
        URIRef(claim.object.iri),
        modality_iri(claim.modality),
    )


def triples_of(key: EdgeKey, count: int) -> list[Triple]:
    node = edge_iri(key)
    subject, relation, obj, modality = key
    return [
        (node, RDF.type, KGO.Edge),
        (node, KGO.edgeSubject, subject),
        (node, KGO.edgeRelation, relation),
        (node, KGO.edgeObject, obj),
        (node, KGO.edgeModality, modality),
        (node, KGO.claimCount, Literal(count)),
    ]


def edge_triples(claims: Iterable[Claim]) -> list[Triple]:
    """The edge aggregates of a set of claims (a whole graph's)."""
    counts = Counter(claim_key(claim) for claim in claims)
    return [triple for key in sorted(counts) for triple in triples_of(key, counts[key])]


def counts_in_triples(triples: Iterable[tuple]) -> Counter[EdgeKey]:
    """Claims per edge key among ``triples`` (one or more documents' contributions)."""
    parts: dict[object, dict[URIRef, object]] = {}
    wanted = {RDF.subject, RDF.predicate, RDF.object, KGO.modality}
    for s, p, o in triples:
        if p in wanted:
            parts.setdefault(s, {})[p] = o
    counts: Counter[EdgeKey] = Counter()
    for found in parts.values():
        if len(found) == len(wanted):
            key = (found[RDF.subject], found[RDF.predicate], found[RDF.object])
            counts[(*key, found[KGO.modality])] += 1  # type: ignore[index]
    return counts
