"""The store's side of the edge aggregates (:mod:`kg.rdf.aggregates`): what removing or
replacing documents takes off each edge's claim count, applied with lookups and one SPARQL
Update so that any store does it, and a check and repair of the counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from rdflib import URIRef
from rdflib.namespace import PROV, RDF

from kg.catalog.vocab import KGO, KGR, document_iri
from kg.rdf.aggregates import EdgeKey, edge_iri, triples_of

if TYPE_CHECKING:
    from kg.store.backends import Store


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
