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

from dataclasses import dataclass, field

import networkx as nx


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


@dataclass(frozen=True)
class DocumentInfo:
    doc_id: str
    title: str
    date: str | None
    source: str


@dataclass
class KnowledgeGraph:
    """The aggregated graph and the documents it was built from."""

    graph: nx.MultiDiGraph = field(default_factory=nx.MultiDiGraph)
    documents: dict[str, DocumentInfo] = field(default_factory=dict)

    def edges(self, relation: str | None = None, modality: str | None = None):
        """Yield ``(subject, object, attributes)`` for edges matching the filters."""
        for s, o, data in self.graph.edges(data=True):
            if relation and data["relation"] != relation:
                continue
            if modality and data["modality"] != modality:
                continue
            yield s, o, data
