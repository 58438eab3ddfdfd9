"""Gold annotations: JSON Lines files with one object per document (``"document"`` is the
document id, i.e. the input file's stem) → typed gold values. Two kinds are read:

* **document level** (:func:`read_document_gold` → :class:`GoldDocument`): each
  ``relations`` item names a subject, a relation and an object by canonical actor name (from
  an ``ACTORS.json`` catalog of canonical name → ``{"type", "aliases"}``, compared by
  :func:`name_key`) and the modality it was stated with. An item may list acceptable
  alternatives for any of subject, relation and object and may be ``optional``.
* **mention level** (:func:`read_mention_gold` → :class:`MentionDocument`), as in re3d: each
  item gives the source and target *mention* text, and optionally their character spans.

Malformed gold is an :class:`~kg.errors.EvaluationError` (``E9xx``) naming the file and line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from kg.catalog.actor_catalog import normalise_name
from kg.catalog.vocab import RELATIONS, SYMMETRIC_RELATIONS
from kg.errors import Errors, KgError

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


# --------------------------------------------------------------------------- gold files


def _read_lines(path: Path, what: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for every non-blank line of a JSON Lines file."""
    if not path.is_file():
        raise Errors.E901_no_such_gold(path=path, what=what)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise Errors.E902(path=path) from None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise Errors.E903_not_json(
                path=path, number=number, msg=exc.msg, colno=exc.colno
            ) from None
        if not isinstance(value, dict):
            raise Errors.E903_not_an_object(path=path, number=number)
        yield number, value


def _document_items(
    path: Path, number: int, line: dict[str, Any], seen: dict[str, int], what: str
) -> tuple[str, list[dict[str, Any]]]:
    doc_id = line.get("document", line.get("id"))
    if not isinstance(doc_id, str) or not doc_id.strip():
        raise Errors.E904_no_document(path=path, number=number)
    if doc_id in seen:
        raise Errors.E908(path=path, number=number, doc_id=doc_id, seen=seen[doc_id])
    seen[doc_id] = number
    items = line.get("relations")
    if not isinstance(items, list):
        raise Errors.E904_relations_not_list(path=path, number=number, what=what)
    for item in items:
        if not isinstance(item, dict):
            raise Errors.E904_item_not_object(path=path, number=number)
    return doc_id, items


def _choices(path: Path, number: int, item: Mapping[str, Any], key: str) -> tuple[str, ...] | None:
    """A string or a non-empty list of strings; ``None`` when the key is absent."""
    if key not in item:
        return None
    value = item[key]
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, str) and v.strip() for v in values):
        raise Errors.E904_not_names(path=path, number=number, key=key, value=json.dumps(value))
    return tuple(values)


def _unknown_relation(path: Path, number: int, name: str, allowed: Sequence[str]) -> KgError:
    return Errors.E905_unknown_gold_relation(
        path=path, number=number, name=name, allowed=", ".join(allowed)
    )


class Found(NamedTuple):
    """A claim of the graph in canonical names (``?label`` for actors the catalog lacks)."""

    subject: str
    relation: str
    object: str
    modality: str


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
            raise Errors.E901_no_such_actors(path=path)
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except UnicodeDecodeError:
            raise Errors.E902(path=path) from None
        except json.JSONDecodeError as exc:
            raise Errors.E907_not_json(
                path=path, lineno=exc.lineno, msg=exc.msg, colno=exc.colno
            ) from None
        if not isinstance(data, dict):
            raise Errors.E907_not_an_object(path=path)
        canonical: dict[str, str] = {}
        for name, info in data.items():
            if name.startswith("_"):  # "_comment" and the like
                continue
            aliases = info.get("aliases", []) if isinstance(info, dict) else None
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                raise Errors.E907_bad_entry(path=path, name=name)
            for alias in (name, *aliases):
                key = name_key(alias)
                if key:
                    canonical.setdefault(key, name)  # the first actor to claim a name keeps it
        return cls(canonical)

    def lookup(self, name: str) -> str | None:
        return self.canonical.get(name_key(name))


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
                raise Errors.E909_mention_gold(path=path, number=number)
            fields: dict[str, tuple[str, ...]] = {}
            for key in ("subject", "relation", "object", "modality"):
                value = _choices(path, number, item, key)
                if value is None:
                    raise Errors.E904_document_item_incomplete(path=path, number=number, key=key)
                fields[key] = value
            for name in fields["relation"]:
                if name not in RELATIONS:
                    raise _unknown_relation(path, number, name, RELATIONS)
            if len(fields["modality"]) != 1 or fields["modality"][0] not in MODALITIES:
                raise Errors.E906(
                    path=path,
                    number=number,
                    value=json.dumps(item["modality"]),
                    modalities=", ".join(MODALITIES),
                )
            optional = item.get("optional", False)
            if not isinstance(optional, bool):
                raise Errors.E904_optional_not_boolean(path=path, number=number)
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
        raise Errors.E911(path=path)
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
        raise Errors.E904_not_offsets(path=path, number=number, key=key)
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
                raise Errors.E909_document_gold(path=path, number=number)
            texts: dict[str, str] = {}
            for key in ("source", "relation", "target"):
                value = item.get(key)
                if not isinstance(value, str) or not value.strip():
                    raise Errors.E904_mention_item_incomplete(path=path, number=number, key=key)
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
        raise Errors.E911(path=path)
    return documents
