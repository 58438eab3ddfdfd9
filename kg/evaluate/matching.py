"""Scoring a built graph against gold (:mod:`kg.evaluate.gold`): a graph (rdflib, a
``KnowledgeGraph`` or a file) and gold → a report of counts and ratios.

* **document level** (:func:`evaluate_documents` → :class:`EvaluationReport`): the graph's
  actors are mapped to canonical names through their ``rdfs:label`` and ``skos:altLabel`` and
  the catalog's aliases; the result is precision, recall and F1 per relation and overall, and
  modality accuracy. An ``optional`` gold item found is no false positive, missed no false
  negative.
* **mention level** (:func:`evaluate_mentions` → :class:`MentionReport`): a mention is found
  on a node when its :func:`mention_key` equals, contains or is contained in one of the
  node's names (:func:`mention_matches`). The result is recall per relation, a lower bound on
  precision (such gold is not exhaustive) and, for ``sameAs`` items, the share of synonym
  pairs that land on one node.

The figures agree with the independent scorers in ``../shared/eval`` (``score.py`` and
``score_re3d.py``) on the same inputs::

    from kg.evaluate import evaluate_documents, format_report
    report = evaluate_documents(result.rdf, "gold.jsonl", "actors.json")
    report.f1, report.relations["fights"].recall
    print(format_report(report, "table", verbose=True))
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.catalog.actor_catalog import normalise_name
from kg.catalog.vocab import ACTOR_CLASSES, KGO, RELATIONS, SYMMETRIC_RELATIONS
from kg.errors import Errors
from kg.evaluate.gold import (
    DEFAULT_MENTION_RELATIONS,
    MODALITIES,
    SAME_AS,
    UNKNOWN_PREFIX,
    Found,
    GoldDocument,
    GoldRelation,
    MentionGold,
    _Catalog,
    read_document_gold,
    read_mention_gold,
)
from kg.graph.knowledge_graph import KnowledgeGraph

GraphSource = Graph | KnowledgeGraph | str | Path


_MENTION_FILLERS = frozenset(
    {"the", "a", "an", "of", "and", "its", "their", "forces", "force", "s", "'s"}
)


def mention_key(text: str) -> str:
    """The key a mention and a node name are compared by in mention-level evaluation:
    lower case, punctuation as spaces, and without function words or "force(s)".

    >>> mention_key("the Coalition's air forces")
    "coalition's air"
    >>> mention_key("Islamic State of Iraq and the Levant")
    'islamic state iraq levant'
    """
    text = normalise_name(text)
    text = re.sub(r"[^\w' ]|_", " ", text)
    return " ".join(word for word in text.split() if word not in _MENTION_FILLERS)


def _contains_phrase(text: str, phrase: str) -> bool:
    return re.search(rf"\b{re.escape(phrase)}\b", text) is not None


def mention_matches(mention: str, names: Iterable[str]) -> bool:
    """Whether a mention key is one of ``names`` (keys too), contains one of them as whole
    words, or is contained in one; containment needs at least three characters.

    >>> mention_matches("coalition aircraft", ["coalition"])
    True
    >>> mention_matches("us", ["us army"])
    False
    """
    if not mention:
        return False
    for name in names:
        if mention == name:
            return True
        if len(name) >= 3 and _contains_phrase(mention, name):
            return True
        if len(mention) >= 3 and _contains_phrase(name, mention):
            return True
    return False


# --------------------------------------------------------------------------- the graph


@dataclass(frozen=True)
class _Node:
    """An actor or place of the graph and every name it goes by."""

    iri: str
    label: str
    names: tuple[str, ...]  # the labels (sorted), then the other names (sorted)
    label_count: int  # how many of ``names`` are preferred labels


@dataclass(frozen=True)
class _GraphClaim:
    doc_id: str
    relation: str
    modality: str
    subject: _Node
    object: _Node


class _GraphView:
    """What evaluation reads from a graph, per the output contract."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._nodes: dict[URIRef, _Node] = {}
        self.doc_ids: set[str] = {
            str(identifier)
            for doc in graph.subjects(RDF.type, KGO.Document)
            for identifier in graph.objects(doc, DCTERMS.identifier)
        }

    def node(self, iri: URIRef) -> _Node:
        if iri not in self._nodes:
            labels = sorted(
                {str(v) for p in (RDFS.label, SKOS.prefLabel) for v in self.graph.objects(iri, p)}
            )
            others = sorted({str(v) for v in self.graph.objects(iri, SKOS.altLabel)} - {*labels})
            if not labels and not others:
                labels = [str(iri).rsplit("/", 1)[-1].rsplit("#", 1)[-1]]
            names = (*labels, *others)
            self._nodes[iri] = _Node(str(iri), names[0], names, len(labels))
        return self._nodes[iri]

    def claims(self) -> list[_GraphClaim]:
        """One entry per claim node and document it was derived from, in a stable order."""
        relations = {KGO[name]: name for name in RELATIONS}
        found: list[_GraphClaim] = []
        for claim in set(self.graph.subjects(RDF.predicate, None)):
            predicate = self.graph.value(claim, RDF.predicate)
            relation = relations.get(predicate) if isinstance(predicate, URIRef) else None
            subject = self.graph.value(claim, RDF.subject)
            obj = self.graph.value(claim, RDF.object)
            if relation is None or not isinstance(subject, URIRef) or not isinstance(obj, URIRef):
                continue
            modality = self.graph.value(claim, KGO.modality)
            modality_name = (
                re.split(r"[#/]", str(modality))[-1].lower() if modality is not None else "asserted"
            )
            for doc in self.graph.objects(claim, PROV.wasDerivedFrom):
                for identifier in self.graph.objects(doc, DCTERMS.identifier):
                    if isinstance(identifier, Literal):
                        found.append(
                            _GraphClaim(
                                str(identifier),
                                relation,
                                modality_name,
                                self.node(subject),
                                self.node(obj),
                            )
                        )
        found.sort(key=lambda c: (c.doc_id, c.relation, c.subject.iri, c.object.iri, c.modality))
        return found

    def entities(self) -> list[_Node]:
        """Every actor and place node."""
        classes = {KGO[name] for name in (*ACTOR_CLASSES, "Place")}
        nodes = {
            node
            for cls in classes
            for node in self.graph.subjects(RDF.type, cls)
            if isinstance(node, URIRef)
        }
        return [self.node(node) for node in sorted(nodes)]


def _as_rdf(graph: GraphSource) -> Graph:
    if isinstance(graph, Graph):
        return graph
    if isinstance(graph, KnowledgeGraph):
        from kg.rdf.convert import to_rdf

        return to_rdf(graph)
    from kg.rdf.convert import read_graph

    return read_graph(graph)


# --------------------------------------------------------------------------- document level


def _canonical(catalog: _Catalog, node: _Node) -> str:
    """The canonical name of a graph node: by its label first, then by any name in sorted
    order; ``?label`` when the catalog knows none of its names."""
    labels, others = node.names[: node.label_count], node.names[node.label_count :]
    for name in (*labels, *sorted((*labels, *others))):
        hit = catalog.lookup(name)
        if hit is not None:
            return hit
    return UNKNOWN_PREFIX + node.label


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


@dataclass
class RelationCounts:
    """True and false positives, false negatives and modality agreement; figures derived.

    A ratio whose denominator is zero is 0.0 (as the reference scorer has it).
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0
    modality_correct: int = 0  # matched required items with a claim of the gold modality
    modality_total: int = 0  # matched required items (= tp)

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def modality_accuracy(self) -> float:
        return _ratio(self.modality_correct, self.modality_total)

    def add(self, other: RelationCounts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.modality_correct += other.modality_correct
        self.modality_total += other.modality_total

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "modality_correct": self.modality_correct,
            "modality_total": self.modality_total,
            "modality_accuracy": round(self.modality_accuracy, 4),
        }


@dataclass(frozen=True)
class FalsePositive:
    """A (subject, relation, object) of the graph that no gold item of its document names."""

    subject: str
    relation: str
    object: str
    modalities: tuple[str, ...]  # every modality the graph states it with

    def describe(self) -> str:
        return f"{self.subject} {self.relation} {self.object} ({', '.join(self.modalities)})"


@dataclass(frozen=True)
class ModalityMismatch:
    """A required gold item that was found, but never with its modality."""

    gold: GoldRelation
    found: tuple[str, ...]  # the modalities the graph states it with


@dataclass
class DocumentResult:
    document: str
    counts: RelationCounts
    false_positives: list[FalsePositive] = field(default_factory=list)
    misses: list[GoldRelation] = field(default_factory=list)
    modality_mismatches: list[ModalityMismatch] = field(default_factory=list)
    in_graph: bool = True  # whether the graph has a document with this id


@dataclass
class EvaluationReport:
    """Document-level evaluation: counts per relation and per document.

    A required gold item found by a claim is a true positive (counted under the relation
    of that claim), one not found a false negative (under its first relation); a distinct
    (subject, relation, object) of the graph that no item, required or optional, names is
    a false positive, whatever its modalities.
    """

    relations: dict[str, RelationCounts]  # every kg relation, in the ontology's order
    documents: list[DocumentResult]
    claims_read: int  # distinct (subject, relation, object, modality) in gold documents
    required: int  # required gold items
    optional: int  # optional gold items
    unknown_names: list[tuple[str, int]] = field(default_factory=list)  # gold names, line

    @property
    def overall(self) -> RelationCounts:
        total = RelationCounts()
        for counts in self.relations.values():
            total.add(counts)
        return total

    @property
    def precision(self) -> float:
        return self.overall.precision

    @property
    def recall(self) -> float:
        return self.overall.recall

    @property
    def f1(self) -> float:
        return self.overall.f1

    @property
    def modality_accuracy(self) -> float:
        return self.overall.modality_accuracy

    @property
    def missing_documents(self) -> list[str]:
        """Gold documents the graph has no document for (every required item is a miss)."""
        return [d.document for d in self.documents if not d.in_graph]


def _pick_hit(item: GoldRelation, hits: Sequence[Found]) -> Found:
    """The claim a found item is credited to: one with the gold modality if any, then the
    earliest of the item's relations."""
    return min(
        hits,
        key=lambda f: (f.modality != item.modality, item.relations.index(f.relation), f),
    )


def _score_document(
    gold: GoldDocument, found: set[Found], in_graph: bool
) -> tuple[DocumentResult, dict[str, RelationCounts]]:
    per_relation: dict[str, RelationCounts] = {}

    def counts(relation: str) -> RelationCounts:
        return per_relation.setdefault(relation, RelationCounts())

    result = DocumentResult(gold.document, RelationCounts(), in_graph=in_graph)
    matched: set[Found] = set()
    for item in gold.relations:
        hits = sorted(f for f in found if item.matches(f))
        matched.update(hits)
        if item.optional:
            continue
        if not hits:
            counts(item.relations[0]).fn += 1
            result.misses.append(item)
            continue
        credited = counts(_pick_hit(item, hits).relation)
        credited.tp += 1
        credited.modality_total += 1
        if any(f.modality == item.modality for f in hits):
            credited.modality_correct += 1
        else:
            result.modality_mismatches.append(
                ModalityMismatch(item, tuple(sorted({f.modality for f in hits})))
            )
    # one false positive per distinct (subject, relation, object) that no item names
    named = {(f.subject, f.relation, f.object) for f in matched}
    wrong: dict[tuple[str, str, str], set[str]] = {}
    for f in found:
        if (f.subject, f.relation, f.object) not in named:
            wrong.setdefault((f.subject, f.relation, f.object), set()).add(f.modality)
    for (subject, relation, obj), modalities in sorted(wrong.items()):
        counts(relation).fp += 1
        result.false_positives.append(
            FalsePositive(subject, relation, obj, tuple(m for m in MODALITIES if m in modalities))
        )
    for relation_counts in per_relation.values():
        result.counts.add(relation_counts)
    return result, per_relation


def evaluate_documents(
    graph: GraphSource, gold_path: str | Path, actors_path: str | Path
) -> EvaluationReport:
    """Score ``graph`` (an rdflib graph, a :class:`KnowledgeGraph`, or a graph file) against
    document-level gold, mapping actors to canonical names with ``actors_path``."""
    catalog = _Catalog.read(actors_path)
    gold, unknown = read_document_gold(gold_path, catalog)
    view = _GraphView(_as_rdf(graph))
    wanted = {d.document for d in gold}
    found: dict[str, set[Found]] = {}
    for claim in view.claims():
        if claim.doc_id in wanted:
            found.setdefault(claim.doc_id, set()).add(
                Found(
                    _canonical(catalog, claim.subject),
                    claim.relation,
                    _canonical(catalog, claim.object),
                    claim.modality,
                )
            )
    relations = {name: RelationCounts() for name in RELATIONS}
    documents: list[DocumentResult] = []
    for document in gold:
        result, per_relation = _score_document(
            document, found.get(document.document, set()), document.document in view.doc_ids
        )
        documents.append(result)
        for name, counts in per_relation.items():
            relations[name].add(counts)
    items = [item for document in gold for item in document.relations]
    return EvaluationReport(
        relations=relations,
        documents=documents,
        claims_read=sum(len(v) for v in found.values()),
        required=sum(1 for item in items if not item.optional),
        optional=sum(1 for item in items if item.optional),
        unknown_names=unknown,
    )


# --------------------------------------------------------------------------- mention level


@dataclass
class MentionCounts:
    """Gold items found, and claims that match some gold item, for one relation."""

    gold: int = 0
    found: int = 0
    claims: int = 0
    claims_matched: int = 0

    @property
    def recall(self) -> float:
        return _ratio(self.found, self.gold)

    @property
    def precision_lower_bound(self) -> float:
        """Matched claims over all claims: a lower bound, as gold is not exhaustive."""
        return _ratio(self.claims_matched, self.claims)

    def add(self, other: MentionCounts) -> None:
        self.gold += other.gold
        self.found += other.found
        self.claims += other.claims
        self.claims_matched += other.claims_matched

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "found": self.found,
            "recall": round(self.recall, 4),
            "claims": self.claims,
            "claims_matched": self.claims_matched,
            "precision_lower_bound": round(self.precision_lower_bound, 4),
        }


@dataclass(frozen=True)
class MentionMiss:
    document: str
    gold: MentionGold


@dataclass(frozen=True)
class UnmatchedClaim:
    """A claim of the graph that no gold item of its document describes."""

    document: str
    subject: str
    relation: str
    object: str
    modality: str


@dataclass
class MentionReport:
    """Mention-level evaluation. ``relations`` holds every relation that has gold items or
    is in ``scored``; the overall figures cover ``scored`` only."""

    relations: dict[str, MentionCounts]
    scored: tuple[str, ...]
    documents: int
    documents_with_claims: int
    same_as_total: int = 0
    same_as_resolved: int = 0
    misses: list[MentionMiss] = field(default_factory=list)
    unmatched_claims: list[UnmatchedClaim] = field(default_factory=list)
    unresolved_synonyms: list[MentionMiss] = field(default_factory=list)

    @property
    def overall(self) -> MentionCounts:
        total = MentionCounts()
        for name in self.scored:
            if name in self.relations:
                total.add(self.relations[name])
        return total

    @property
    def recall(self) -> float:
        return self.overall.recall

    @property
    def precision_lower_bound(self) -> float:
        return self.overall.precision_lower_bound

    @property
    def same_as_share(self) -> float:
        """The share of ``sameAs`` pairs whose two mentions both match one node."""
        return _ratio(self.same_as_resolved, self.same_as_total)


_Keys = tuple[str, ...]  # the mention keys of a node's names


def _keys(node: _Node) -> _Keys:
    return tuple(sorted({key for name in node.names if (key := mention_key(name))}))


def _mention_found(item: MentionGold, relation: str, source: _Keys, target: _Keys) -> bool:
    if relation != item.relation:
        return False
    s, t = mention_key(item.source), mention_key(item.target)
    if mention_matches(s, source) and mention_matches(t, target):
        return True
    return (
        relation in SYMMETRIC_RELATIONS
        and mention_matches(s, target)
        and mention_matches(t, source)
    )


def evaluate_mentions(
    graph: GraphSource, gold_path: str | Path, relations: Sequence[str] | None = None
) -> MentionReport:
    """Score ``graph`` against mention-level (re3d-style) gold.

    ``relations``: the relations the overall recall and precision bound cover (default
    :data:`DEFAULT_MENTION_RELATIONS`); ``sameAs`` items are scored apart, as the share of
    synonym pairs resolved to one node.
    """
    scored = tuple(relations) if relations else DEFAULT_MENTION_RELATIONS
    for name in scored:
        if name not in RELATIONS:
            raise Errors.E905_unknown_relation(name=name, relations=", ".join(RELATIONS))
    gold = read_mention_gold(gold_path)
    view = _GraphView(_as_rdf(graph))
    wanted = {d.document for d in gold}
    claims: dict[str, list[_GraphClaim]] = {}
    for claim in view.claims():
        if claim.doc_id in wanted:
            claims.setdefault(claim.doc_id, []).append(claim)
    keys: dict[str, _Keys] = {}

    def keys_of(node: _Node) -> _Keys:
        if node.iri not in keys:
            keys[node.iri] = _keys(node)
        return keys[node.iri]

    in_gold = {item.relation for document in gold for item in document.relations}
    rows = [name for name in RELATIONS if name in in_gold or name in scored]
    counts = {name: MentionCounts() for name in rows}
    report = MentionReport(
        relations=counts,
        scored=scored,
        documents=len(gold),
        documents_with_claims=sum(1 for d in gold if claims.get(d.document)),
    )
    for document in gold:
        doc_claims = [
            (c, keys_of(c.subject), keys_of(c.object)) for c in claims.get(document.document, [])
        ]
        items = [item for item in document.relations if item.relation in counts]
        for item in items:
            counts[item.relation].gold += 1
            if any(_mention_found(item, c.relation, s, o) for c, s, o in doc_claims):
                counts[item.relation].found += 1
            else:
                report.misses.append(MentionMiss(document.document, item))
        for claim, s, o in doc_claims:
            if claim.relation not in counts:
                continue
            counts[claim.relation].claims += 1
            if any(_mention_found(item, claim.relation, s, o) for item in items):
                counts[claim.relation].claims_matched += 1
            else:
                report.unmatched_claims.append(
                    UnmatchedClaim(
                        document.document,
                        claim.subject.label,
                        claim.relation,
                        claim.object.label,
                        claim.modality,
                    )
                )
    entities = [keys_of(node) for node in view.entities()]
    for document in gold:
        for item in document.relations:
            if item.relation != SAME_AS:
                continue
            report.same_as_total += 1
            s, t = mention_key(item.source), mention_key(item.target)
            if any(mention_matches(s, n) and mention_matches(t, n) for n in entities):
                report.same_as_resolved += 1
            else:
                report.unresolved_synonyms.append(MentionMiss(document.document, item))
    return report
