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
from its documents' graphs, since a count is not a union of counts; the store build
recomputes, after each batch, the edges the batch's claims (and the claims of the
documents it replaced) touch, from the claims in the default graph (:func:`refresh_edges`,
one SPARQL Update, so any store does it), and each store's ``remove_document`` recounts the
edges of the claims it removed. Edges never appear in a document's named graph.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF

from kg.vocab import KGO, KGR, document_iri, modality_iri, relation_iri

if TYPE_CHECKING:
    from kg.model import Claim
    from kg.store import Store

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


def keys_in_triples(triples: Iterable[tuple]) -> set[EdgeKey]:
    """The edge keys of the claims among ``triples`` (one document's contribution)."""
    parts: dict[object, dict[URIRef, object]] = {}
    wanted = {RDF.subject, RDF.predicate, RDF.object, KGO.modality}
    for s, p, o in triples:
        if p in wanted:
            parts.setdefault(s, {})[p] = o
    keys = set()
    for found in parts.values():
        if len(found) == len(wanted):
            keys.add(
                (found[RDF.subject], found[RDF.predicate], found[RDF.object], found[KGO.modality])
            )
    return keys  # type: ignore[return-value]


def _values_row(terms: Sequence[URIRef]) -> str:
    return "(" + " ".join(f"<{term}>" for term in terms) + ")"


def document_keys(store: Store, doc_ids: Sequence[str]) -> set[EdgeKey]:
    """The edge keys of the claims the store holds for these documents (before they are
    replaced or removed, so that their edges can be recounted afterwards)."""
    if not doc_ids:
        return set()
    documents = " ".join(f"<{document_iri(doc_id)}>" for doc_id in doc_ids)
    result = store.query(
        f"SELECT DISTINCT ?s ?r ?o ?m WHERE {{ VALUES ?d {{ {documents} }} "
        f"?c <{PROV.wasDerivedFrom}> ?d ; <{RDF.subject}> ?s ; <{RDF.predicate}> ?r ; "
        f"<{RDF.object}> ?o ; <{KGO.modality}> ?m }}",
        timeout=None,
    )
    return {tuple(row) for row in result.rows if all(isinstance(t, URIRef) for t in row)}  # type: ignore[misc]


def refresh_update(keys: Iterable[EdgeKey]) -> str:
    """SPARQL Update that recounts these edges from the claims in the default graph: each
    edge node is replaced, or removed when no claim is left behind it."""
    ordered = sorted(keys)
    if not ordered:
        return ""
    edges = " ".join(f"<{edge_iri(key)}>" for key in ordered)
    rows = " ".join(_values_row((*key, edge_iri(key))) for key in ordered)
    return (
        f"DELETE {{ ?e ?p ?v }} WHERE {{ VALUES ?e {{ {edges} }} ?e ?p ?v }} ;\n"
        f"INSERT {{ ?e a <{KGO.Edge}> ; <{KGO.edgeSubject}> ?s ; <{KGO.edgeRelation}> ?r ; "
        f"<{KGO.edgeObject}> ?o ; <{KGO.edgeModality}> ?m ; <{KGO.claimCount}> ?n }}\n"
        f"WHERE {{ VALUES (?s ?r ?o ?m ?e) {{ {rows} }}\n"
        f"  {{ SELECT ?s ?r ?o ?m (COUNT(?c) AS ?n) WHERE {{ "
        f"VALUES (?s ?r ?o ?m ?e) {{ {rows} }} "
        f"?c <{RDF.subject}> ?s ; <{RDF.predicate}> ?r ; <{RDF.object}> ?o ; "
        f"<{KGO.modality}> ?m }} GROUP BY ?s ?r ?o ?m HAVING(COUNT(?c) > 0) }} }}"
    )


def refresh_edges(store: Store, keys: Iterable[EdgeKey]) -> None:
    """Recount these edges in the store's default graph."""
    text = refresh_update(keys)
    if text:
        store.update_default_graph(text)
