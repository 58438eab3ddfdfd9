"""Export a built graph to other formats: RDF serialisations, GraphML for Gephi/yEd/Cytoscape,
and a flat CSV of claims for spreadsheets."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import RDF, Graph

from kg.catalog.vocab import ACTOR_CLASSES, RELATIONS, SYMMETRIC_RELATIONS
from kg.errors import Errors
from kg.graph.knowledge_graph import KnowledgeGraph
from kg.io import atomic_write_bytes
from kg.rdf.convert import PREFIXES, from_rdf, serialize

EXPORT_FORMATS = ("turtle", "ntriples", "jsonld", "graphml", "csv")
_RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld"}


def _ref(iri: str) -> dict[str, str]:
    return {"@id": iri, "@type": "@id"}


# The JSON-LD @context: the Turtle prefixes, and short names for the ontology's terms. IRIs
# stay prefixed ("kgr:actor-iran"); object properties take IRIs ("@type": "@id"); offsets and
# counts are JSON numbers (xsd:integer); confidence, dates and times keep their datatypes.
JSONLD_CONTEXT: dict[str, Any] = {
    **{prefix: str(namespace) for prefix, namespace in PREFIXES.items()},
    "rdf": str(RDF),
    # classes and modality individuals
    **{
        name: f"kgo:{name}"
        for name in (
            *ACTOR_CLASSES,
            *("Actor", "Place", "Document", "Claim", "Modality", "ExtractionActivity"),
            *("RelationType", "Asserted", "Hypothetical", "Negated"),
        )
    },
    "Statement": "rdf:Statement",
    "Entity": "prov:Entity",
    "Activity": "prov:Activity",
    # actors and places
    "label": "rdfs:label",
    "altLabel": "skos:altLabel",
    "sameAs": _ref("owl:sameAs"),
    **{name: _ref(f"kgo:{name}") for name in (*RELATIONS, "hostileTo", "cooperatesWith")},
    "governs": _ref("kgo:governs"),
    "demonym": "kgo:demonym",
    "metonym": "kgo:metonym",
    # claims
    "subject": _ref("rdf:subject"),
    "predicate": _ref("rdf:predicate"),
    "object": _ref("rdf:object"),
    "modality": {"@id": "kgo:modality", "@type": "@vocab"},
    "wasDerivedFrom": _ref("prov:wasDerivedFrom"),
    "wasGeneratedBy": _ref("prov:wasGeneratedBy"),
    "reportedBy": _ref("kgo:reportedBy"),
    "ploverType": _ref("kgo:ploverType"),
    **{
        name: f"kgo:{name}"
        for name in (
            *("evidence", "sentenceStart", "sentenceEnd", "subjectStart", "subjectEnd"),
            *("objectStart", "objectEnd", "subjectText", "objectText", "trigger"),
        )
    },
    "confidence": {"@id": "kgo:confidence", "@type": "xsd:decimal"},
    "eventDate": "kgo:eventDate",  # xsd:date, gYearMonth or gYear: the value keeps its type
    "date": {"@id": "dcterms:date", "@type": "xsd:date"},
    # documents and runs
    "identifier": "dcterms:identifier",
    "title": "dcterms:title",
    "source": "dcterms:source",
    "references": _ref("dcterms:references"),
    "hadPrimarySource": _ref("prov:hadPrimarySource"),
    "charCount": "kgo:charCount",
    "softwareVersion": "kgo:softwareVersion",
    "pipelineName": "kgo:pipelineName",
    "pipelineVersion": "kgo:pipelineVersion",
    "startedAtTime": {"@id": "prov:startedAtTime", "@type": "xsd:dateTime"},
    "endedAtTime": {"@id": "prov:endedAtTime", "@type": "xsd:dateTime"},
    # edge aggregates (kg.rdf.aggregates)
    "Edge": "kgo:Edge",
    "edgeSubject": _ref("kgo:edgeSubject"),
    "edgeRelation": {"@id": "kgo:edgeRelation", "@type": "@vocab"},
    "edgeObject": _ref("kgo:edgeObject"),
    "edgeModality": {"@id": "kgo:edgeModality", "@type": "@vocab"},
    "claimCount": "kgo:claimCount",
}
CSV_COLUMNS = (
    "claim",
    "subject",
    "subject_label",
    "relation",
    "object",
    "object_label",
    "modality",
    "plover_type",
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
    edge carries its claim count and first evidence sentence.

    Symmetric relations (``alliedWith``, ``fights``, ``negotiatesWith``) are undirected edges
    (``directed="false"``, which GraphML allows per edge in a directed graph), one per pair
    and modality with the claims of both directions; the others stay directed.
    """
    from networkx.readwrite.graphml import GraphMLWriter

    flat = nx.MultiDiGraph()
    for node, data in sorted(kg.graph.nodes(data=True)):
        flat.add_node(
            node,
            label=data["label"],
            kind=data["kind"],
            aliases="; ".join(data.get("aliases", [])),
            wikidata=data.get("wikidata") or "",
        )
    merged: dict[tuple[str, str, str, str], list[Any]] = {}
    keys: dict[tuple[str, str, str, str], str] = {}
    for s, o, key, data in sorted(kg.graph.edges(keys=True, data=True), key=lambda e: e[:3]):
        source, target = str(s), str(o)
        if data["relation"] in SYMMETRIC_RELATIONS and target < source:
            source, target = target, source  # one edge per pair, whichever way it was stated
        group = (source, target, data["relation"], data["modality"])
        merged.setdefault(group, []).extend(data["evidence"])
        keys.setdefault(group, str(key))
    undirected: set[str] = set()
    for (source, target, relation, modality), evidence in merged.items():
        key = keys[(source, target, relation, modality)]
        if relation in SYMMETRIC_RELATIONS:
            undirected.add(key)
        flat.add_edge(
            source,
            target,
            key,
            relation=relation,
            modality=modality,
            claims=len(evidence),
            evidence=evidence[0].text.strip() if evidence else "",
            # for tools that ignore GraphML's per-edge direction (and networkx, whose reader
            # refuses a graph with both kinds of edge)
            symmetric=relation in SYMMETRIC_RELATIONS,
        )
    writer = GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(flat)
    for element in writer.xml.iter("edge"):
        if element.get("id") in undirected:
            element.set("directed", "false")
    buffer = io.BytesIO()
    writer.dump(buffer)
    return buffer.getvalue()


def to_csv(kg: KnowledgeGraph) -> bytes:
    """One row per claim, evidence included."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    from kg.catalog.vocab import claim_iri

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
                claim.plover or "",
                f"{claim.confidence:.2f}",
                claim.doc_id,
                (info.date if info else "") or "",
                claim.trigger,
                claim.sentence.strip(),  # no trailing blank lines in a cell
                claim.sentence_start,
                claim.sentence_end,
            ]
        )
    return buffer.getvalue().encode("utf-8")


def to_jsonld(graph: Graph) -> bytes:
    """JSON-LD compacted with :data:`JSONLD_CONTEXT`, which it carries as its ``@context``."""
    return graph.serialize(format="json-ld", context=JSONLD_CONTEXT, encoding="utf-8")


def export_bytes(graph: Graph, fmt: str) -> bytes:
    if fmt == "jsonld":
        return to_jsonld(graph)
    if fmt in _RDFLIB_FORMATS:
        return serialize(graph, _RDFLIB_FORMATS[fmt])
    if fmt == "graphml":
        return to_graphml(from_rdf(graph))
    if fmt == "csv":
        return to_csv(from_rdf(graph))
    raise Errors.E401(fmt=fmt, formats=", ".join(EXPORT_FORMATS))


def export(graph: Graph, fmt: str, path: str | Path) -> Path:
    """Write ``graph`` in ``fmt`` to ``path`` atomically."""
    data = export_bytes(graph, fmt)
    atomic_write_bytes(path, data)
    return Path(path)
