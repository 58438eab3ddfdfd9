"""The actor catalog: who the known actors are and every name they go by.

The bundled catalog is ``ontology/actors.ttl``; a user's own catalog (``--actors FILE``,
Turtle in the same vocabulary, or CSV) is merged over it. CSV columns::

    label,type,aliases,wikidata
    Wagner Group,ArmedGroup,Wagner|PMC Wagner,Q...

``type`` is one of the actor classes (``State``, ``Government``, ``ArmedGroup``, ``Militia``,
``InsurgentGroup``, ``Organization``, ``Person``); ``aliases`` are separated by ``|``;
``wikidata`` is optional. A row whose label or alias matches a bundled actor adds to that
actor instead of creating a second one.

Model of states, governments and armies (applied by the catalog, documented in README):
a ``State`` stands for the polity acting through its government ("Washington said" → the
United States). A separate ``Government`` exists only where news distinguishes it from the
state (Government of Iraq, Government of Syria, Kurdistan Regional Government …); it
``kgo:governs`` the state and carries the capital-city metonym. National armies are
``ArmedGroup`` actors ``kgo:memberOf`` their government (or state).
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.catalog.vocab import ACTOR_CLASSES, KGO, WD_IRI, actor_iri
from kg.errors import Errors
from kg.resources import data_path


@functools.lru_cache(maxsize=1 << 14)  # extraction asks for the same few names again and again
def normalise_name(text: str) -> str:
    """The key names are compared by: case, quotes, dashes, a leading "the" and
    whitespace do not matter.

    >>> normalise_name("The  Islamic State of Iraq and al‑Sham")
    'islamic state of iraq and al-sham'
    >>> normalise_name("Iran’s")
    "iran's"
    """
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"\s+", " ", text).strip().lower()
    return re.sub(r"^the ", "", text)


@dataclass(frozen=True)
class CatalogActor:
    iri: str
    label: str
    kind: str  # an actor class local name, e.g. "State"
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    wikidata: str | None = None
    governs: str | None = None  # IRI of the state a government governs
    member_of: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass
class ActorCatalog:
    """Known actors, indexed by every name, demonym and metonym."""

    actors: dict[str, CatalogActor] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._reindex()

    def _reindex(self) -> None:
        self._names: dict[str, str] = {}
        self._demonyms: dict[str, str] = {}
        self._metonyms: dict[str, str] = {}
        self._governments: dict[str, str] = {}
        for iri in sorted(self.actors):
            actor = self.actors[iri]
            for name in actor.names:
                self._names.setdefault(normalise_name(name), iri)
            for name in actor.demonyms:
                self._demonyms.setdefault(normalise_name(name), iri)
            for name in actor.metonyms:
                self._metonyms.setdefault(normalise_name(name), iri)
            if actor.governs:
                self._governments.setdefault(actor.governs, iri)

    def __len__(self) -> int:
        return len(self.actors)

    def __contains__(self, iri: object) -> bool:
        return iri in self.actors

    def __getitem__(self, iri: str) -> CatalogActor:
        return self.actors[iri]

    def lookup(self, name: str) -> CatalogActor | None:
        """The actor a name or alias stands for (not demonyms or metonyms)."""
        iri = self._names.get(normalise_name(name))
        return self.actors[iri] if iri else None

    def by_demonym(self, word: str) -> CatalogActor | None:
        iri = self._demonyms.get(normalise_name(word))
        return self.actors[iri] if iri else None

    def by_metonym(self, word: str) -> CatalogActor | None:
        iri = self._metonyms.get(normalise_name(word))
        return self.actors[iri] if iri else None

    def government_of(self, state_iri: str) -> CatalogActor | None:
        iri = self._governments.get(state_iri)
        return self.actors[iri] if iri else None

    def merge(self, other: ActorCatalog) -> ActorCatalog:
        """A new catalog: ``other``'s actors added, or folded into a bundled actor that one of
        their names already denotes."""
        merged = dict(self.actors)
        for actor in other.actors.values():
            target = actor.iri if actor.iri in merged else None
            if target is None:
                for name in actor.names:
                    hit = self._names.get(normalise_name(name))
                    if hit:
                        target = hit
                        break
            if target is None:
                merged[actor.iri] = actor
                continue
            base = merged[target]
            extra = tuple(n for n in actor.names if n not in base.names)
            merged[target] = replace(
                base,
                aliases=base.aliases + extra,
                demonyms=base.demonyms + tuple(d for d in actor.demonyms if d not in base.demonyms),
                metonyms=base.metonyms + tuple(m for m in actor.metonyms if m not in base.metonyms),
                wikidata=base.wikidata or actor.wikidata,
            )
        return ActorCatalog(merged)


def _catalog_from_graph(graph: Graph, where: str) -> ActorCatalog:
    classes = {KGO[name]: name for name in ACTOR_CLASSES}
    actors: dict[str, CatalogActor] = {}
    for subject, cls in sorted(graph.subject_objects(RDF.type)):
        if cls not in classes or not isinstance(subject, URIRef):
            continue
        label = graph.value(subject, RDFS.label) or graph.value(subject, SKOS.prefLabel)
        if label is None:
            raise Errors.E011(where=where, subject=subject)
        wikidata = None
        for same in graph.objects(subject, OWL.sameAs):
            if str(same).startswith(WD_IRI):
                wikidata = str(same)[len(WD_IRI) :]
        governs = graph.value(subject, KGO.governs)
        actors[str(subject)] = CatalogActor(
            iri=str(subject),
            label=str(label),
            kind=classes[cls],
            aliases=tuple(sorted(str(a) for a in graph.objects(subject, SKOS.altLabel))),
            demonyms=tuple(sorted(str(a) for a in graph.objects(subject, KGO.demonym))),
            metonyms=tuple(sorted(str(a) for a in graph.objects(subject, KGO.metonym))),
            wikidata=wikidata,
            governs=str(governs) if governs is not None else None,
            member_of=tuple(sorted(str(m) for m in graph.objects(subject, KGO.memberOf))),
        )
    return ActorCatalog(actors)


def _catalog_from_csv(path: Path) -> ActorCatalog:
    actors: dict[str, CatalogActor] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"label", "type"} - set(reader.fieldnames or [])
            if missing:
                raise Errors.E012_columns(path=path)
            for line, row in enumerate(reader, start=2):
                label = (row.get("label") or "").strip()
                kind = (row.get("type") or "").strip()
                if not label:
                    raise Errors.E012_empty_label(path=path, line=line)
                if kind not in ACTOR_CLASSES:
                    raise Errors.E012_unknown_type(
                        path=path, line=line, kind=kind, kinds=", ".join(ACTOR_CLASSES)
                    )
                aliases = tuple(
                    a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()
                )
                wikidata = (row.get("wikidata") or "").strip() or None
                if wikidata and not re.fullmatch(r"Q\d+", wikidata):
                    raise Errors.E012_bad_wikidata(path=path, line=line)
                iri = str(actor_iri(label))
                actors[iri] = CatalogActor(iri, label, kind, aliases, wikidata=wikidata)
    except UnicodeDecodeError:
        raise Errors.E006_not_utf8(path=path) from None
    return ActorCatalog(actors)


def read_catalog_file(path: str | Path) -> ActorCatalog:
    """Read a user catalog, Turtle (``.ttl``) or CSV (``.csv``)."""
    path = Path(path)
    if not path.is_file():
        raise Errors.E001_no_actor_catalog(path=path)
    if path.suffix.lower() == ".csv":
        return _catalog_from_csv(path)
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many parser exception types
        raise Errors.E013(path=path, reason=str(exc).splitlines()[0]) from None
    return _catalog_from_graph(graph, str(path))


def _read_bundled_catalog() -> ActorCatalog:
    graph = Graph()
    graph.parse(
        data=data_path("ontology", "actors.ttl").read_text(encoding="utf-8"), format="turtle"
    )
    return _catalog_from_graph(graph, "ontology/actors.ttl")


@cache
def bundled_catalog() -> ActorCatalog:
    """The catalog shipped with kg (``ontology/actors.ttl``), read once per process and
    parsed once per version of the file (:mod:`kg.cache`)."""
    from kg.cache import cached

    sources = [data_path("ontology", "actors.ttl"), Path(__file__)]  # the file and its reader
    return cached("catalog", sources, _read_bundled_catalog)


def load_catalog(extra: Iterable[str | Path] = ()) -> ActorCatalog:
    catalog = bundled_catalog()
    for path in extra:
        catalog = catalog.merge(read_catalog_file(path))
    return catalog
