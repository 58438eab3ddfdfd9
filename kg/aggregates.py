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
documents it replaces (:func:`apply_changes`: lookups and one SPARQL Update, so any store
does it), and each store's ``remove_document`` takes off the claims it removed. Edges
never appear in a document's named graph.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
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


def _uris(rows: Iterable[Sequence[object]]) -> Iterator[tuple[URIRef, ...]]:
    for row in rows:
        if all(isinstance(term, URIRef) for term in row):
            yield tuple(row)  # type: ignore[misc]


def document_counts(store: Store, doc_ids: Sequence[str]) -> Counter[EdgeKey]:
    """Claims per edge key that the store holds for these documents: what their removal or
    replacement takes off the edges. Looked up from the documents, never a scan."""
    counts: Counter[EdgeKey] = Counter()
    if not doc_ids:
        return counts
    documents = " ".join(f"<{document_iri(doc_id)}>" for doc_id in doc_ids)
    result = store.query(
        f"SELECT ?c ?s ?r ?o ?m WHERE {{ VALUES ?d {{ {documents} }} "
        f"?c <{PROV.wasDerivedFrom}> ?d ; <{RDF.subject}> ?s ; <{RDF.predicate}> ?r ; "
        f"<{RDF.object}> ?o ; <{KGO.modality}> ?m }}",
        timeout=None,
    )
    for _claim, *key in _uris(result.rows):
        counts[tuple(key)] += 1  # type: ignore[index]
    return counts


def apply_changes(store: Store, added: Counter[EdgeKey], removed: Counter[EdgeKey]) -> None:
    """Move the store's edge counts by ``added`` − ``removed`` claims per key: each edge
    node is read by its IRI (a lookup, not a count over the claims, which took 16–30 s per
    batch of 200 edges on a 2.2M-quad store whose actors had thousands of claims, measured)
    and written back, or removed when no claim is left behind it. Claim IRIs include the
    document, so an added claim is always new to the store."""
    changes = Counter(added)
    changes.subtract(removed)
    keys = sorted(key for key, change in changes.items() if change)
    if not keys:
        return
    edges = {edge_iri(key): key for key in keys}
    values = " ".join(f"<{edge}>" for edge in edges)
    result = store.query(
        f"SELECT ?e ?n WHERE {{ VALUES ?e {{ {values} }} ?e <{KGO.claimCount}> ?n }}",
        timeout=None,
    )
    current = {edge: int(count) for edge, count in result.rows}  # type: ignore[arg-type]
    inserts = []
    for edge, key in edges.items():
        count = current.get(edge, 0) + changes[key]
        if count > 0:
            inserts += triples_of(key, count)
    update = f"DELETE {{ ?e ?p ?v }} WHERE {{ VALUES ?e {{ {values} }} ?e ?p ?v }}"
    if inserts:
        data = " .\n".join(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in inserts)
        update += f" ;\nINSERT DATA {{\n{data} .\n}}"
    store.update_default_graph(update)


def _count(store: Store, text: str) -> int:
    rows = store.query(text, timeout=None).rows
    value = rows[0][0] if rows and rows[0] else None
    return int(value) if value is not None else 0  # type: ignore[call-overload]


def consistent(store: Store) -> bool:
    """Whether the edges add up to the claims: false after a build was interrupted between
    committing a batch and moving its edges (two scans, no grouping)."""
    claims = _count(store, f"SELECT (COUNT(?c) AS ?n) WHERE {{ ?c <{KGO.modality}> ?m }}")
    counted = _count(
        store, f"SELECT (SUM(?k) AS ?n) WHERE {{ ?e a <{KGO.Edge}> ; <{KGO.claimCount}> ?k }}"
    )
    return claims == counted


def recount_update() -> str:
    """SPARQL Update that rebuilds every edge from the claims (the edge IRI computed as
    :func:`edge_iri` does: SHA-1 of the four IRIs joined by spaces)."""
    key = 'CONCAT(STR(?s), " ", STR(?r), " ", STR(?o), " ", STR(?m))'
    return (
        f"DELETE {{ ?e ?p ?v }} WHERE {{ ?e a <{KGO.Edge}> ; ?p ?v }} ;\n"
        f"INSERT {{ ?e a <{KGO.Edge}> ; <{KGO.edgeSubject}> ?s ; <{KGO.edgeRelation}> ?r ; "
        f"<{KGO.edgeObject}> ?o ; <{KGO.edgeModality}> ?m ; <{KGO.claimCount}> ?n }}\n"
        f"WHERE {{ {{ SELECT ?s ?r ?o ?m (COUNT(?c) AS ?n) WHERE {{ "
        f"?c <{RDF.subject}> ?s ; <{RDF.predicate}> ?r ; <{RDF.object}> ?o ; "
        f"<{KGO.modality}> ?m }} GROUP BY ?s ?r ?o ?m HAVING(COUNT(?c) > 0) }}\n"
        f'  BIND(IRI(CONCAT("{KGR}edge-", SUBSTR(SHA1({key}), 1, 16))) AS ?e) }}'
    )


def repair(store: Store) -> bool:
    """Rebuild the edges when they do not add up to the claims; whether it had to."""
    if consistent(store):
        return False
    store.update_default_graph(recount_update())
    return True
