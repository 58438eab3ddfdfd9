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
from kg.errors import EvaluationError, KgError

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
