"""Stage 5: claims → a networkx ``MultiDiGraph`` of actors and places.

Nodes are keyed by IRI (a string). Node attributes: ``label``, ``kind`` (the class local
name: ``State``, ``Government``, ``ArmedGroup``, ``Militia``, ``InsurgentGroup``,
``Organization``, ``Person`` or ``Place``), ``aliases`` (sorted surface forms) and
``wikidata`` (a Q-id or ``None``).

One edge per (subject, relation, object, modality), keyed ``"relation/modality"``, however
many sentences state it; its ``evidence`` attribute lists every claim behind it
(:class:`Evidence`), so the graph aggregates while each claim keeps its own sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from kg.catalog.vocab import claim_iri
from kg.corpus.reader import Document
from kg.model import Claim, Entity


@dataclass(frozen=True)
class Evidence:
    """One claim behind an edge: where and how the text said it."""

    claim: str  # claim IRI
    text: str  # the evidence sentence
    doc_id: str
    doc_title: str
    date: str | None  # ISO date of the document, when known
    sentence_start: int
    sentence_end: int
    confidence: float
    trigger: str
    plover: str | None = None  # the claim's PLOVER event type


@dataclass(frozen=True)
class DocumentInfo:
    doc_id: str
    title: str
    date: str | None
    source: str
    char_count: int = 0

    @classmethod
    def of(cls, document: Document) -> DocumentInfo:
        return cls(
            document.doc_id, document.title, document.date, document.source, document.char_count
        )


@dataclass(frozen=True)
class RunInfo:
    """What produced the graph: recorded as the PROV activity of every claim."""

    kg_version: str
    pipeline_name: str
    pipeline_version: str
    # wall-clock time of the run (ISO 8601, UTC), only when the user asks for it
    # (``kg build --timestamp``): without it the same input gives byte-identical Turtle
    started_at: str | None = None
    ended_at: str | None = None


@dataclass
class KnowledgeGraph:
    """The aggregated graph and the documents it was built from."""

    graph: nx.MultiDiGraph = field(default_factory=nx.MultiDiGraph)
    documents: dict[str, DocumentInfo] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    run: RunInfo | None = None
    references: dict[str, set[str]] = field(default_factory=dict)  # doc id → actors it names

    def edges(self, relation: str | None = None, modality: str | None = None):
        """Yield ``(subject, object, attributes)`` for edges matching the filters."""
        for s, o, data in self.graph.edges(data=True):
            if relation and data["relation"] != relation:
                continue
            if modality and data["modality"] != modality:
                continue
            yield s, o, data


def _surface(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.I)
    return re.sub(r"(\u2019s|'s|\u2019|')$", "", text).strip()


def _add_node(graph: nx.MultiDiGraph, entity: Entity, surface: str) -> None:
    if entity.iri not in graph:
        graph.add_node(
            entity.iri, label=entity.label, kind=entity.kind, aliases=[], wikidata=entity.wikidata
        )
    aliases = graph.nodes[entity.iri]["aliases"]
    form = _surface(surface)
    if form and form != entity.label and form not in aliases:
        aliases.append(form)
        aliases.sort()


def build_graph(
    documents: Iterable[DocumentInfo],
    claims: Iterable[Claim],
    run: RunInfo | None = None,
    mentions: Iterable[tuple[str, Entity, str]] = (),
) -> KnowledgeGraph:
    """Aggregate claims into one edge per (subject, relation, object, modality).

    >>> from kg.model import Entity
    >>> from kg.model import Claim
    >>> a, b = Entity("urn:a", "A", "State"), Entity("urn:b", "B", "State")
    >>> def claim(start):
    ...     return Claim("d1", a, "fights", b, "asserted", "A fights B.", start, start + 11,
    ...                  start, start + 1, "A", start + 9, start + 10, "B", "fights", 0.9)
    >>> kg = build_graph([], [claim(0), claim(20)])
    >>> [(s, o, len(d["evidence"])) for s, o, d in kg.edges()]
    [('urn:a', 'urn:b', 2)]

    ``mentions`` — (document id, entity, surface form) — adds every actor a document names,
    with each name it goes by, even when no claim involves it.
    """
    kg = KnowledgeGraph(run=run)
    for info in documents:
        kg.documents[info.doc_id] = info
    graph = kg.graph
    for doc_id, entity, surface in mentions:
        if entity.is_place:
            continue  # places enter the graph through the claims about them
        _add_node(graph, entity, surface)
        kg.references.setdefault(doc_id, set()).add(entity.iri)
    for claim in sorted(claims, key=lambda c: (c.doc_id, c.sentence_start, c.key)):
        kg.claims.append(claim)
        _add_node(graph, claim.subject, claim.subject_text)
        _add_node(graph, claim.object, claim.object_text)
        key = f"{claim.relation}/{claim.modality}"
        if not graph.has_edge(claim.subject.iri, claim.object.iri, key):
            graph.add_edge(
                claim.subject.iri,
                claim.object.iri,
                key,
                relation=claim.relation,
                modality=claim.modality,
                evidence=[],
            )
        info = kg.documents.get(claim.doc_id)
        graph.edges[claim.subject.iri, claim.object.iri, key]["evidence"].append(
            Evidence(
                claim=str(claim_iri(claim.key)),
                text=claim.sentence,
                doc_id=claim.doc_id,
                doc_title=info.title if info else claim.doc_id,
                date=info.date if info else None,
                sentence_start=claim.sentence_start,
                sentence_end=claim.sentence_end,
                confidence=claim.confidence,
                trigger=claim.trigger,
                plover=claim.plover,
            )
        )
    return kg
