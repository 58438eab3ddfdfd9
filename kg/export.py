"""Export a built graph to other formats: RDF serialisations, GraphML for Gephi/yEd/Cytoscape,
and a flat CSV of claims for spreadsheets."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
from rdflib import Graph

from kg.errors import KgError
from kg.graph import KnowledgeGraph
from kg.io import atomic_write_bytes
from kg.rdf import from_rdf, serialize

EXPORT_FORMATS = ("turtle", "ntriples", "jsonld", "graphml", "csv")
_RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld"}
CSV_COLUMNS = (
    "claim",
    "subject",
    "subject_label",
    "relation",
    "object",
    "object_label",
    "modality",
    "confidence",
    "document",
    "date",
    "trigger",
    "evidence",
    "sentence_start",
    "sentence_end",
)


def to_graphml(kg: KnowledgeGraph) -> bytes:
    """GraphML of the aggregated graph: list attributes become ``; ``-joined strings and each
    edge carries its claim count and first evidence sentence."""
    flat = nx.MultiDiGraph()
    for node, data in sorted(kg.graph.nodes(data=True)):
        flat.add_node(
            node,
            label=data["label"],
            kind=data["kind"],
            aliases="; ".join(data.get("aliases", [])),
            wikidata=data.get("wikidata") or "",
        )
    for s, o, key, data in sorted(kg.graph.edges(keys=True, data=True), key=lambda e: e[:3]):
        evidence = data["evidence"]
        flat.add_edge(
            s,
            o,
            key,
            relation=data["relation"],
            modality=data["modality"],
            claims=len(evidence),
            evidence=evidence[0].text if evidence else "",
        )
    buffer = io.BytesIO()
    nx.write_graphml(flat, buffer, encoding="utf-8")
    return buffer.getvalue()


def to_csv(kg: KnowledgeGraph) -> bytes:
    """One row per claim, evidence included."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    from kg.vocab import claim_iri

    for claim in kg.claims:
        info = kg.documents.get(claim.doc_id)
        writer.writerow(
            [
                str(claim_iri(claim.key)),
                claim.subject.iri,
                claim.subject.label,
                claim.relation,
                claim.object.iri,
                claim.object.label,
                claim.modality,
                f"{claim.confidence:.2f}",
                claim.doc_id,
                (info.date if info else "") or "",
                claim.trigger,
                claim.sentence,
                claim.sentence_start,
                claim.sentence_end,
            ]
        )
    return buffer.getvalue().encode("utf-8")


def export_bytes(graph: Graph, fmt: str) -> bytes:
    if fmt in _RDFLIB_FORMATS:
        return serialize(graph, _RDFLIB_FORMATS[fmt])
    if fmt == "graphml":
        return to_graphml(from_rdf(graph))
    if fmt == "csv":
        return to_csv(from_rdf(graph))
    raise KgError("E401", f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")


def export(graph: Graph, fmt: str, path: str | Path) -> Path:
    """Write ``graph`` in ``fmt`` to ``path`` atomically."""
    data = export_bytes(graph, fmt)
    atomic_write_bytes(path, data)
    return Path(path)
