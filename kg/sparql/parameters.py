"""Query parameters: a parameter's declaration (:class:`QueryParameter`, its kinds) and its
value as text → an RDF term to bind (an actor's label or alias → its IRI with
:func:`resolve_actor`, ``asserted`` → ``kgo:Asserted``, ``2014-06-10`` → an ``xsd:date``).
Values are bound, never pasted into the query text; ``any`` (and an optional parameter
without a value) leaves the variable unbound.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Identifier, Node

from kg.catalog.actor_catalog import normalise_name
from kg.catalog.vocab import (
    ACTOR_CLASSES,
    KGO,
    KGO_IRI,
    MODALITIES,
    RELATIONS,
    modality_iri,
    plover_iri,
    relation_iri,
)
from kg.errors import Errors, QueryError
from kg.sparql.formats import shorten
from kg.sparql.safety import DEFAULT_PREFIXES

PARAMETER_KINDS: tuple[str, ...] = (
    "actor",
    "modality",
    "relation",
    "event",
    "date",
    "string",
    "integer",
)

_ANY = frozenset({"any", "all", "*"})


# --------------------------------------------------------------------------- data classes


@dataclass(frozen=True)
class QueryParameter:
    """One ``# param:`` line of a query header."""

    name: str
    kind: str  # one of PARAMETER_KINDS
    required: bool
    default: str | None
    description: str


# --------------------------------------------------------------------------- parameters


def _actor_classes() -> list[URIRef]:
    return [KGO.Actor, *(KGO[name] for name in ACTOR_CLASSES)]


def _describe(graph: Graph, node: URIRef) -> str:
    label = graph.value(node, RDFS.label)
    return f"{shorten(node)} ({label})" if label is not None else shorten(node)


def resolve_actor(graph: Graph, text: str) -> URIRef:
    """The actor a label, alias or IRI names.

    Matches ``rdfs:label`` first, then ``skos:altLabel``, case-insensitively, ignoring
    extra whitespace and a leading "the". Accepts a full IRI (``https://…`` or ``<…>``), a
    prefixed name (``kgr:actor-isis``, ``wd:Q2429253`` via ``owl:sameAs``). Places are
    matched too, after actors (so ``evidence-for`` works for ``controls`` claims).
    Raises :class:`QueryError` ``E206`` when nothing or several actors match.
    """
    raw = text.strip()
    if not raw:
        raise Errors.E206_empty()
    iri = _as_iri(raw)
    if iri is not None:
        return _resolve_iri(graph, raw, iri)
    wanted = normalise_name(raw)
    actors: set[Node] = set()
    for cls in _actor_classes():
        actors.update(graph.subjects(RDF.type, cls))
    places: set[Node] = set(graph.subjects(RDF.type, KGO.Place))
    tiers: list[tuple[set[Node], URIRef]] = [
        (actors, RDFS.label),
        (actors, SKOS.altLabel),
        (places - actors, RDFS.label),
        (places - actors, SKOS.altLabel),
    ]
    for pool, predicate in tiers:
        found = sorted(
            {
                s
                for s, label in graph.subject_objects(predicate)
                if s in pool and isinstance(s, URIRef) and normalise_name(str(label)) == wanted
            }
        )
        if len(found) == 1:
            return found[0]
        if found:
            listed = ", ".join(_describe(graph, node) for node in found[:10])
            raise Errors.E206_ambiguous_name(raw=raw, count=len(found), listed=listed)
    labels: dict[str, str] = {}
    for pool, predicate in tiers:
        for s, label in graph.subject_objects(predicate):
            if s in pool:
                labels.setdefault(normalise_name(str(label)), str(label))
    if not labels:
        raise Errors.E206_no_labelled_actors(raw=raw)
    close = difflib.get_close_matches(wanted, sorted(labels), n=5, cutoff=0.6)
    hint = f" Closest: {', '.join(labels[key] for key in close)}" if close else ""
    raise Errors.E206_no_such_actor(raw=raw, hint=hint)


def _as_iri(text: str) -> URIRef | None:
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1].strip())
    if re.match(r"(?:https?|urn|file):\S+\Z", text):
        return URIRef(text)
    prefixed = re.fullmatch(r"(kgr|kgo|wd):(\S+)", text)
    if prefixed:
        return URIRef(DEFAULT_PREFIXES[prefixed.group(1)] + prefixed.group(2))
    return None


def _resolve_iri(graph: Graph, raw: str, iri: URIRef) -> URIRef:
    same = sorted({s for s in graph.subjects(OWL.sameAs, iri) if isinstance(s, URIRef)})
    if len(same) == 1:
        return same[0]
    if len(same) > 1:
        listed = ", ".join(_describe(graph, node) for node in same[:10])
        raise Errors.E206_ambiguous_iri(raw=raw, listed=listed)
    if (iri, None, None) in graph or (None, None, iri) in graph:
        return iri
    raise Errors.E206_no_such_iri(iri=shorten(iri))


def convert_value(kind: str, name: str, value: str) -> Identifier | None:
    """A parameter value as an RDF term (kinds other than ``actor``); None = unbound."""
    text = value.strip()
    if kind == "modality":
        key = _strip_kgo(text).lower()
        if key in _ANY:
            return None
        if key in MODALITIES:
            return modality_iri(key)
        raise _bad_value(name, value, "asserted, hypothetical, negated or any")
    if kind == "relation":
        key = re.sub(r"[\s_-]", "", _strip_kgo(text)).lower()
        if key in _ANY:
            return None
        by_key = {relation.lower(): relation for relation in RELATIONS}
        if key in by_key:
            return relation_iri(by_key[key])
        close = difflib.get_close_matches(key, list(by_key), n=1)
        hint = f" (did you mean {by_key[close[0]]}?)" if close else ""
        raise _bad_value(name, value, f"one of {', '.join(RELATIONS)} or any{hint}")
    if kind == "event":
        key = text.rsplit("/", 1)[-1].removeprefix("plover:").rstrip(">").upper()
        if key.lower() in _ANY:
            return None
        from kg.catalog.lexicon import load_lexicon

        types = sorted(load_lexicon().plover_relations)
        if key in types:
            return plover_iri(key)
        close = difflib.get_close_matches(key, types, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise _bad_value(name, value, f"a PLOVER event type ({', '.join(types)}) or any{hint}")
    if kind == "date":
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError
            date.fromisoformat(text)
        except ValueError:
            raise _bad_value(name, value, "an ISO date YYYY-MM-DD, e.g. 2014-06-10") from None
        return Literal(text, datatype=XSD.date)
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", text):
            raise _bad_value(name, value, "an integer")
        return Literal(int(text))
    if kind == "string":
        return Literal(value)
    raise Errors.E202_unknown_kind(name=name, kind=kind)


def _strip_kgo(text: str) -> str:
    for prefix in ("kgo:", KGO_IRI, f"<{KGO_IRI}"):
        if text.startswith(prefix):
            return text[len(prefix) :].rstrip(">")
    return text


def _bad_value(name: str, value: str, expected: str) -> QueryError:
    return Errors.E202_invalid_value(value=value, name=name, expected=expected)
