"""Score a built graph against gold annotations: ``kg evaluate``.

Two kinds of gold are read, both JSON Lines with one object per document (``"document"`` is
the document id, i.e. the input file's stem):

* **document level** (:func:`evaluate_documents`): each ``relations`` item names a subject,
  a relation and an object by canonical actor name (from an ``ACTORS.json`` catalog of
  canonical name → ``{"type", "aliases"}``) and the modality it was stated with. An item
  may list acceptable alternatives for any of subject, relation and object and may be
  ``optional`` (finding it is no false positive, missing it no false negative). The graph's
  actors are mapped to canonical names through their ``rdfs:label`` and ``skos:altLabel``
  and the catalog's aliases, compared by :func:`name_key`. The result is precision, recall
  and F1 per relation and overall, and modality accuracy.
* **mention level** (:func:`evaluate_mentions`), as in re3d: each item gives the source and
  target *mention* text. A mention is found on a node when its :func:`mention_key` equals,
  contains or is contained in one of the node's names. The result is recall per relation, a
  lower bound on precision (such gold is not exhaustive) and, for ``sameAs`` items, the
  share of synonym pairs that land on one node.

The figures agree with the independent scorers in ``../shared/eval`` (``score.py`` and
``score_re3d.py``) on the same inputs::

    from kg.evaluate.scoring import evaluate_documents, format_report
    report = evaluate_documents(result.rdf, "gold.jsonl", "actors.json")
    report.f1, report.relations["fights"].recall
    print(format_report(report, "table", verbose=True))

Malformed gold is an :class:`EvaluationError` (``E9xx``) naming the file and line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from kg.catalog.actor_catalog import normalise_name
from kg.catalog.vocab import ACTOR_CLASSES, KGO, RELATIONS, SYMMETRIC_RELATIONS
from kg.errors import EvaluationError, KgError
from kg.graph.knowledge_graph import KnowledgeGraph

REPORT_FORMATS = ("table", "json")
MODALITIES = ("asserted", "hypothetical", "negated")
SAME_AS = "sameAs"
# the relations mention-level gold may use: kg's relations and the synonym link
MENTION_RELATIONS: tuple[str, ...] = (*RELATIONS, SAME_AS)
# the relations the overall mention-level figures cover unless asked otherwise (as score_re3d)
DEFAULT_MENTION_RELATIONS: tuple[str, ...] = (
    "fights",
    "alliedWith",
    "memberOf",
    "controls",
    "supports",
    "opposes",
)
UNKNOWN_PREFIX = "?"  # a graph actor the catalog does not know: "?Sunni militants"

GraphSource = Graph | KnowledgeGraph | str | Path


# --------------------------------------------------------------------------- names


def name_key(text: str) -> str:
    """The key actor names are compared by in document-level evaluation: case, a leading
    "the", quotes, punctuation and spacing do not matter; apostrophes inside a word and
    hyphens do.

    >>> name_key('The "Islamic State"')
    'islamic state'
    >>> name_key("U.S.") == name_key("US")
    True
    >>> name_key("Iran’s  Revolutionary Guards")
    "iran's revolutionary guards"
    """
    text = normalise_name(text)
    text = re.sub(r"[^\w\s'-]|_", "", text)
    text = re.sub(r"\s+", " ", text).strip(" '")
    return re.sub(r"^the ", "", text)


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


# --------------------------------------------------------------------------- gold files


def _read_lines(path: Path, what: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for every non-blank line of a JSON Lines file."""
    if not path.is_file():
        raise EvaluationError("E901", f"{path}: no such {what} file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise EvaluationError("E902", f"{path}: not valid UTF-8; convert it to UTF-8") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvaluationError(
                "E903", f"{path}:{number}: not valid JSON ({exc.msg}, column {exc.colno})"
            ) from None
        if not isinstance(value, dict):
            raise EvaluationError(
                "E903", f"{path}:{number}: each line must be one JSON object for one document"
            )
        yield number, value


def _document_items(
    path: Path, number: int, line: dict[str, Any], seen: dict[str, int], what: str
) -> tuple[str, list[dict[str, Any]]]:
    doc_id = line.get("document", line.get("id"))
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise EvaluationError(
            "E904",
            f'{path}:{number}: no "document": give the document id (the input file\'s stem)',
        )
    if doc_id in seen:
        raise EvaluationError(
            "E908",
            f"{path}:{number}: document {doc_id!r} is already annotated on line {seen[doc_id]}; "
            "put all its relations on one line",
        )
    seen[doc_id] = number
    items = line.get("relations")
    if not isinstance(items, list):
        raise EvaluationError(
            "E904", f'{path}:{number}: "relations" must be a list of {what} (may be empty)'
        )
    for item in items:
        if not isinstance(item, dict):
            raise EvaluationError(
                "E904", f'{path}:{number}: every "relations" item must be a JSON object'
            )
    return doc_id, items


def _choices(path: Path, number: int, item: Mapping[str, Any], key: str) -> tuple[str, ...] | None:
    """A string or a non-empty list of strings; ``None`` when the key is absent."""
    if key not in item:
        return None
    value = item[key]
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, str) and v.strip() for v in values):
        raise EvaluationError(
            "E904",
            f"{path}:{number}: {key!r} must be a non-empty string or a list of them, "
            f"not {json.dumps(value)}",
        )
    return tuple(values)


def _unknown_relation(path: Path, number: int, name: str, allowed: Sequence[str]) -> KgError:
    return EvaluationError(
        "E905",
        f"{path}:{number}: unknown relation {name!r}; use one of {', '.join(allowed)}",
    )


@dataclass(frozen=True)
class GoldRelation:
    """One document-level gold item, its actor names resolved to canonical names."""

    line: int
    subjects: tuple[str, ...]
    relations: tuple[str, ...]
    objects: tuple[str, ...]
    modality: str
    optional: bool = False
    note: str | None = None

    def matches(self, found: Found) -> bool:
        """Whether a (subject, relation, object, modality) read from the graph is this item,
        in either direction for a symmetric relation; modality does not count here."""
        if found.relation not in self.relations:
            return False
        if found.subject in self.subjects and found.object in self.objects:
            return True
        return (
            found.relation in SYMMETRIC_RELATIONS
            and found.object in self.subjects
            and found.subject in self.objects
        )

    def describe(self) -> str:
        """``ISIL controls Mosul|Tikrit (asserted)``; alternatives joined by ``|``."""
        return (
            f"{'|'.join(self.subjects)} {'|'.join(self.relations)} {'|'.join(self.objects)} "
            f"({self.modality})"
        )


@dataclass(frozen=True)
class GoldDocument:
    document: str
    line: int
    relations: tuple[GoldRelation, ...]


class _Catalog:
    """Canonical actor names and every alias, from an ``ACTORS.json`` file."""

    def __init__(self, canonical: dict[str, str]) -> None:
        self.canonical = canonical  # name key → canonical name

    @classmethod
    def read(cls, path: str | Path) -> _Catalog:
        path = Path(path)
        if not path.is_file():
            raise EvaluationError("E901", f"{path}: no such actors file")
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except UnicodeDecodeError:
            raise EvaluationError("E902", f"{path}: not valid UTF-8; convert it to UTF-8") from None
        except json.JSONDecodeError as exc:
            raise EvaluationError(
                "E907", f"{path}:{exc.lineno}: not valid JSON ({exc.msg}, column {exc.colno})"
            ) from None
        if not isinstance(data, dict):
            raise EvaluationError(
                "E907",
                f'{path}: must be a JSON object: canonical name → {{"type", "aliases": [...]}}',
            )
        canonical: dict[str, str] = {}
        for name, info in data.items():
            if name.startswith("_"):  # "_comment" and the like
                continue
            aliases = info.get("aliases", []) if isinstance(info, dict) else None
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                raise EvaluationError(
                    "E907",
                    f'{path}: {name!r} must map to {{"type": …, "aliases": ["…", …]}}',
                )
            for alias in (name, *aliases):
                key = name_key(alias)
                if key:
                    canonical.setdefault(key, name)  # the first actor to claim a name keeps it
        return cls(canonical)

    def lookup(self, name: str) -> str | None:
        return self.canonical.get(name_key(name))

    def resolve(self, node: _Node) -> str:
        """The canonical name of a graph node: by its label first, then by any name in sorted
        order; ``?label`` when the catalog knows none of its names."""
        labels, others = node.names[: node.label_count], node.names[node.label_count :]
        for name in (*labels, *sorted((*labels, *others))):
            hit = self.lookup(name)
            if hit is not None:
                return hit
        return UNKNOWN_PREFIX + node.label


def read_document_gold(
    path: str | Path, catalog: _Catalog | None = None
) -> tuple[list[GoldDocument], list[tuple[str, int]]]:
    """Parse document-level gold; names are resolved through ``catalog`` when given.

    Returns the documents and the gold names the catalog does not know (name, line): such
    a name can never match an actor of the graph.
    """
    path = Path(path)
    documents: list[GoldDocument] = []
    unknown: dict[str, int] = {}
    seen: dict[str, int] = {}
    for number, line in _read_lines(path, "gold"):
        doc_id, items = _document_items(path, number, line, seen, "{subject, relation, object}")
        relations: list[GoldRelation] = []
        for item in items:
            if "subject" not in item and "source" in item:
                raise EvaluationError(
                    "E909",
                    f"{path}:{number}: this is mention-level gold (source/target); "
                    "evaluate it with --mentions",
                )
            fields: dict[str, tuple[str, ...]] = {}
            for key in ("subject", "relation", "object", "modality"):
                value = _choices(path, number, item, key)
                if value is None:
                    raise EvaluationError(
                        "E904",
                        f"{path}:{number}: a relation without {key!r}; each item needs "
                        "subject, relation, object and modality",
                    )
                fields[key] = value
            for name in fields["relation"]:
                if name not in RELATIONS:
                    raise _unknown_relation(path, number, name, RELATIONS)
            if len(fields["modality"]) != 1 or fields["modality"][0] not in MODALITIES:
                raise EvaluationError(
                    "E906",
                    f"{path}:{number}: unknown modality {json.dumps(item['modality'])}; "
                    f"use one of {', '.join(MODALITIES)}",
                )
            optional = item.get("optional", False)
            if not isinstance(optional, bool):
                raise EvaluationError("E904", f'{path}:{number}: "optional" must be true or false')
            names: dict[str, tuple[str, ...]] = {}
            for key in ("subject", "object"):
                resolved: list[str] = []
                for name in fields[key]:
                    hit = catalog.lookup(name) if catalog is not None else name
                    if hit is None:
                        unknown.setdefault(name, number)
                        hit = name
                    if hit not in resolved:
                        resolved.append(hit)
                names[key] = tuple(resolved)
            note = item.get("note")
            relations.append(
                GoldRelation(
                    line=number,
                    subjects=names["subject"],
                    relations=fields["relation"],
                    objects=names["object"],
                    modality=fields["modality"][0],
                    optional=optional,
                    note=note if isinstance(note, str) else None,
                )
            )
        documents.append(GoldDocument(doc_id, number, tuple(relations)))
    if not documents:
        raise EvaluationError("E911", f"{path}: no gold documents; the file is empty")
    return documents, sorted(unknown.items(), key=lambda pair: (pair[1], pair[0]))


@dataclass(frozen=True)
class MentionGold:
    """One mention-level gold item: source mention, relation, target mention."""

    line: int
    source: str
    relation: str
    target: str
    source_span: tuple[int, int] | None = None
    target_span: tuple[int, int] | None = None

    def describe(self) -> str:
        return f"{self.source!r} {self.relation} {self.target!r}"


@dataclass(frozen=True)
class MentionDocument:
    document: str
    line: int
    relations: tuple[MentionGold, ...]


def _span(path: Path, number: int, item: Mapping[str, Any], key: str) -> tuple[int, int] | None:
    value = item.get(key)
    if value is None:
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise EvaluationError(
            "E904", f"{path}:{number}: {key!r} must be [start, end] character offsets"
        )
    return value[0], value[1]


def read_mention_gold(path: str | Path) -> list[MentionDocument]:
    """Parse mention-level (re3d-style) gold."""
    path = Path(path)
    documents: list[MentionDocument] = []
    seen: dict[str, int] = {}
    for number, line in _read_lines(path, "gold"):
        doc_id, items = _document_items(path, number, line, seen, "{source, relation, target}")
        relations: list[MentionGold] = []
        for item in items:
            if "source" not in item and "subject" in item:
                raise EvaluationError(
                    "E909",
                    f"{path}:{number}: this is document-level gold (subject/object); "
                    "evaluate it with --actors ACTORS.json instead of --mentions",
                )
            texts: dict[str, str] = {}
            for key in ("source", "relation", "target"):
                value = item.get(key)
                if not isinstance(value, str) or not value.strip():
                    raise EvaluationError(
                        "E904",
                        f"{path}:{number}: a relation without {key!r}; each item needs "
                        "source, relation and target",
                    )
                texts[key] = value
            if texts["relation"] not in MENTION_RELATIONS:
                raise _unknown_relation(path, number, texts["relation"], MENTION_RELATIONS)
            relations.append(
                MentionGold(
                    number,
                    texts["source"],
                    texts["relation"],
                    texts["target"],
                    _span(path, number, item, "source_span"),
                    _span(path, number, item, "target_span"),
                )
            )
        documents.append(MentionDocument(doc_id, number, tuple(relations)))
    if not documents:
        raise EvaluationError("E911", f"{path}: no gold documents; the file is empty")
    return documents


# --------------------------------------------------------------------------- document level


class Found(NamedTuple):
    """A claim of the graph in canonical names (``?label`` for actors the catalog lacks)."""

    subject: str
    relation: str
    object: str
    modality: str


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
                    catalog.resolve(claim.subject),
                    claim.relation,
                    catalog.resolve(claim.object),
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
            raise EvaluationError(
                "E905", f"unknown relation {name!r}; use one of {', '.join(RELATIONS)}"
            )
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


# --------------------------------------------------------------------------- reports


def _figure(value: float, denominator: int) -> str:
    return f"{value:.3f}" if denominator else "-"


def _table(rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ).rstrip()
        for row in rows
    ]


def _counts_row(name: str, c: RelationCounts) -> list[str]:
    modality = (
        f"{c.modality_accuracy:.3f} ({c.modality_correct}/{c.modality_total})"
        if c.modality_total
        else "-"
    )
    return [
        name,
        str(c.tp),
        str(c.fp),
        str(c.fn),
        _figure(c.precision, c.tp + c.fp),
        _figure(c.recall, c.tp + c.fn),
        _figure(c.f1, c.tp),
        modality,
    ]


def _document_table(report: EvaluationReport, verbose: bool) -> str:
    header = ["relation", "tp", "fp", "fn", "precision", "recall", "F1", "modality"]
    rows = [header]
    for name, c in report.relations.items():
        if c.tp or c.fp or c.fn:
            rows.append(_counts_row(name, c))
    overall = report.overall
    rows.append(_counts_row("overall", overall))
    lines = _table(rows, right={1, 2, 3, 4, 5, 6})
    lines.append("")
    lines.append(
        f"documents: {len(report.documents)}  gold items: {report.required} required, "
        f"{report.optional} optional  claims read: {report.claims_read}"
    )
    lines.append(
        f"F1={overall.f1:.3f} P={overall.precision:.3f} R={overall.recall:.3f} "
        f"modality={overall.modality_accuracy:.3f} "
        f"tp={overall.tp} fp={overall.fp} fn={overall.fn}"
    )
    if verbose:
        for doc in report.documents:
            c = doc.counts
            lines.append("")
            lines.append(
                f"{doc.document}: tp={c.tp} fp={c.fp} fn={c.fn} "
                f"P={c.precision:.2f} R={c.recall:.2f}"
                + ("" if doc.in_graph else "  (not in the graph)")
            )
            for fp in doc.false_positives:
                lines.append(f"  FP        {fp.describe()}")
            for item in doc.misses:
                lines.append(f"  MISS      {item.describe()}  [line {item.line}]")
            for mismatch in doc.modality_mismatches:
                lines.append(
                    f"  MODALITY  {mismatch.gold.describe()} found as "
                    f"{', '.join(mismatch.found)}  [line {mismatch.gold.line}]"
                )
    return "\n".join(lines)


def _mention_table(report: MentionReport, verbose: bool) -> str:
    header = ["relation", "gold", "found", "recall", "claims", "matched", "precision>="]
    rows = [header]

    def row(name: str, c: MentionCounts) -> list[str]:
        return [
            name,
            str(c.gold),
            str(c.found),
            _figure(c.recall, c.gold),
            str(c.claims),
            str(c.claims_matched),
            _figure(c.precision_lower_bound, c.claims),
        ]

    for name, counts in report.relations.items():
        rows.append(row(name if name in report.scored else f"({name})", counts))
    rows.append(row("overall", report.overall))
    lines = _table(rows, right={1, 2, 3, 4, 5, 6})
    lines.append("")
    lines.append(f"overall covers: {', '.join(report.scored)}; (relation) rows are not in it")
    lines.append(
        f"documents with claims: {report.documents_with_claims}/{report.documents}  "
        f"sameAs pairs on one node: "
        + (
            f"{report.same_as_share:.3f} ({report.same_as_resolved}/{report.same_as_total})"
            if report.same_as_total
            else "-"
        )
    )
    overall = report.overall
    lines.append(
        f"recall={overall.recall:.3f} precision_lower_bound={overall.precision_lower_bound:.3f} "
        f"gold={overall.gold} claims={overall.claims}"
    )
    if verbose:
        lines.append("")
        for miss in report.misses:
            lines.append(f"  MISS  {miss.document} {miss.gold.describe()}  [line {miss.gold.line}]")
        for claim in report.unmatched_claims:
            lines.append(
                f"  FP    {claim.document} {claim.subject} {claim.relation} {claim.object} "
                f"({claim.modality})"
            )
        for miss in report.unresolved_synonyms:
            lines.append(
                f"  SPLIT {miss.document} {miss.gold.source!r} = {miss.gold.target!r}  "
                f"[line {miss.gold.line}]"
            )
    return "\n".join(lines)


def _gold_dict(item: GoldRelation) -> dict[str, Any]:
    return {
        "line": item.line,
        "subject": list(item.subjects),
        "relation": list(item.relations),
        "object": list(item.objects),
        "modality": item.modality,
    }


def _document_json(report: EvaluationReport) -> dict[str, Any]:
    return {
        "level": "document",
        "overall": report.overall.to_dict(),
        "relations": {
            name: c.to_dict() for name, c in report.relations.items() if c.tp or c.fp or c.fn
        },
        "claims_read": report.claims_read,
        "gold_items": {"required": report.required, "optional": report.optional},
        "unknown_gold_names": [{"name": n, "line": line} for n, line in report.unknown_names],
        "documents": [
            {
                "document": doc.document,
                "in_graph": doc.in_graph,
                **doc.counts.to_dict(),
                "false_positives": [
                    {
                        "subject": fp.subject,
                        "relation": fp.relation,
                        "object": fp.object,
                        "modalities": list(fp.modalities),
                    }
                    for fp in doc.false_positives
                ],
                "misses": [_gold_dict(item) for item in doc.misses],
                "modality_mismatches": [
                    {**_gold_dict(m.gold), "found": list(m.found)} for m in doc.modality_mismatches
                ],
            }
            for doc in report.documents
        ],
    }


def _mention_json(report: MentionReport) -> dict[str, Any]:
    def gold(miss: MentionMiss) -> dict[str, Any]:
        return {
            "document": miss.document,
            "line": miss.gold.line,
            "source": miss.gold.source,
            "relation": miss.gold.relation,
            "target": miss.gold.target,
        }

    return {
        "level": "mention",
        "scored": list(report.scored),
        "overall": report.overall.to_dict(),
        "relations": {name: c.to_dict() for name, c in report.relations.items()},
        "documents": report.documents,
        "documents_with_claims": report.documents_with_claims,
        "same_as": {
            "pairs": report.same_as_total,
            "on_one_node": report.same_as_resolved,
            "share": round(report.same_as_share, 4),
        },
        "misses": [gold(miss) for miss in report.misses],
        "unmatched_claims": [
            {
                "document": c.document,
                "subject": c.subject,
                "relation": c.relation,
                "object": c.object,
                "modality": c.modality,
            }
            for c in report.unmatched_claims
        ],
        "unresolved_synonyms": [gold(miss) for miss in report.unresolved_synonyms],
    }


def format_report(
    report: EvaluationReport | MentionReport, fmt: str = "table", verbose: bool = False
) -> str:
    """``table``: counts and figures per relation and overall, and with ``verbose`` the
    false positives and misses per document; ``json``: everything, always."""
    if fmt not in REPORT_FORMATS:
        raise EvaluationError(
            "E910", f"unknown report format {fmt!r}; use one of {', '.join(REPORT_FORMATS)}"
        )
    if fmt == "json":
        data = (
            _document_json(report)
            if isinstance(report, EvaluationReport)
            else _mention_json(report)
        )
        return json.dumps(data, indent=2, ensure_ascii=False)
    if isinstance(report, EvaluationReport):
        return _document_table(report, verbose)
    return _mention_table(report, verbose)
