"""Stage 6: the knowledge graph ↔ RDF under the kg ontology (the output contract).

``to_rdf`` writes every claim as its own node (``rdf:Statement`` and ``kgo:Claim``) with
modality, evidence, offsets and provenance, and a direct ``S kgo:rel O`` triple only when at
least one claim for it is asserted. ``from_rdf`` reads such a graph back, so every command
that takes ``--graph FILE`` works on what ``kg build`` wrote.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.catalog.vocab import (
    ACTOR_CLASSES,
    KGO,
    KGR,
    PLOVER,
    PLOVER_IRI,
    RELATIONS,
    WD,
    claim_iri,
    document_iri,
    plover_iri,
)
from kg.errors import Errors
from kg.io import atomic_write_bytes
from kg.model import Claim, Entity

if TYPE_CHECKING:  # kg.graph.knowledge_graph imports networkx, which reading a graph does not need
    from kg.graph.knowledge_graph import KnowledgeGraph, RunInfo

Triple = tuple[Node, URIRef, Node]

PREFIXES = {
    "kgo": KGO._NS,
    "kgr": KGR,
    "wd": WD,
    "plover": PLOVER,
    "prov": PROV,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "owl": OWL,
    "rdfs": RDFS,
    "xsd": XSD,
}


def new_graph() -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("rdf", RDF)
    return graph


def run_iri(run: RunInfo) -> URIRef:
    key = f"{run.kg_version}|{run.pipeline_name}|{run.pipeline_version}"
    if run.started_at:  # a timestamped run is one particular run
        key += f"|{run.started_at}"
    digest = hashlib.sha1(key.encode()).hexdigest()[:12]
    return KGR[f"run-{digest}"]


_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$", re.IGNORECASE)


def source_iri(source: str) -> URIRef | None:
    """The source as an IRI when it is an http(s) URL, else ``None`` (a path stays a literal).

    >>> source_iri("https://example.org/a?b=1")
    rdflib.term.URIRef('https://example.org/a?b=1')
    >>> source_iri("articles/a.txt") is None
    True
    """
    return URIRef(source) if _URL.match(source) else None


@lru_cache(maxsize=4096)
def _partial_date(value: str) -> Literal:
    """ "2014-06-08" → xsd:date, "2014-06" → xsd:gYearMonth, "2006" → xsd:gYear."""
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(value), XSD.string)
    return Literal(value, datatype=datatype)


@lru_cache(maxsize=4096)
def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD.date)


def to_rdf(kg: KnowledgeGraph, *, aggregates: bool = True) -> Graph:
    """The RDF graph of a knowledge graph, exactly per the output contract.

    ``aggregates``: also the ``kgo:Edge`` claim counts (:mod:`kg.rdf.aggregates`); a store
    build leaves them out of each document's triples and counts them in the store."""
    return graph_of(rdf_triples(kg, aggregates=aggregates))


def graph_of(triples: Iterable[Triple]) -> Graph:
    """A graph (:func:`new_graph`) holding ``triples``."""
    g = new_graph()
    # addN skips Graph.add's per-triple checks and events; the store is the same
    g.addN((s, p, o, g) for s, p, o in triples)
    return g


class _Terms:
    """A namespace whose terms are each made once: rdflib makes a new, validated URIRef on
    every attribute or item access, which was a fifth of the time of :func:`rdf_triples`
    (136k accesses for 400 articles, measured)."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace
        self._items: dict[str, URIRef] = {}

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):  # copy, pickle and friends look for dunder methods
            raise AttributeError(name)
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        term = self._items.get(name)
        if term is None:
            term = self._items[name] = self._namespace[name]
        return term


_RDF, _RDFS, _KGO, _PROV, _DCTERMS, _SKOS, _OWL, _XSD, _WD = map(
    _Terms, (RDF, RDFS, KGO, PROV, DCTERMS, SKOS, OWL, XSD, WD)
)


# a claim's offsets, texts and actors recur across claims and documents, and rdflib
# validates and normalises every term it makes: the same value gives the same (immutable)
# term from these caches (rdf_triples 0.60 → 0.34 s for 400 articles). ``typed``: True and 1
# are equal keys but different literals.
_value = lru_cache(maxsize=1 << 14, typed=True)(Literal)
_iri = lru_cache(maxsize=1 << 14)(URIRef)


def rdf_triples(kg: KnowledgeGraph, *, aggregates: bool = True) -> dict[Triple, None]:
    """The triples of :func:`to_rdf`, each once, in the order ``to_rdf`` adds them (a dict
    used as an ordered set). Building rdflib's in-memory graph costs more than making the
    triples (1.2 of 2.0 s for 36k triples, measured), and writing the Turtle does not need
    it (:func:`turtle_of`)."""
    return dict.fromkeys(_triples(kg, aggregates))


def _triples(kg: KnowledgeGraph, aggregates: bool) -> Iterator[Triple]:
    labelled: set[URIRef] = set()  # subjects with an rdfs:label, for _entity_triples
    for iri, data in kg.graph.nodes(data=True):
        node = URIRef(iri)
        yield node, _RDF.type, _KGO[data["kind"]]
        yield node, _RDFS.label, Literal(data["label"])
        labelled.add(node)
        for alias in data.get("aliases", []):
            yield node, _SKOS.altLabel, Literal(alias)
        if data.get("wikidata"):
            yield node, _OWL.sameAs, _WD[data["wikidata"]]
    for info in kg.documents.values():
        doc = document_iri(info.doc_id)
        yield doc, _RDF.type, _KGO.Document
        yield doc, _RDF.type, _PROV.Entity
        yield doc, _DCTERMS.identifier, Literal(info.doc_id)
        yield doc, _DCTERMS.title, Literal(info.title)
        yield doc, _DCTERMS.source, Literal(info.source)
        primary = source_iri(info.source)
        if primary is not None:
            yield doc, _PROV.hadPrimarySource, primary
        yield doc, _KGO.charCount, Literal(info.char_count)
        if info.date:
            yield doc, _DCTERMS.date, _date(info.date)
        for iri in sorted(kg.references.get(info.doc_id, ())):
            yield doc, _DCTERMS.references, URIRef(iri)
    run = None
    if kg.run is not None:
        run = run_iri(kg.run)
        yield run, _RDF.type, _KGO.ExtractionActivity
        yield run, _RDF.type, _PROV.Activity
        yield run, _KGO.softwareVersion, Literal(kg.run.kg_version)
        yield run, _KGO.pipelineName, Literal(kg.run.pipeline_name)
        yield run, _KGO.pipelineVersion, Literal(kg.run.pipeline_version)
        if kg.run.started_at:
            yield run, _PROV.startedAtTime, Literal(kg.run.started_at, datatype=_XSD.dateTime)
        if kg.run.ended_at:
            yield run, _PROV.endedAtTime, Literal(kg.run.ended_at, datatype=_XSD.dateTime)
        label = f"kg {kg.run.kg_version} with {kg.run.pipeline_name} {kg.run.pipeline_version}"
        yield run, _RDFS.label, Literal(label)
        labelled.add(run)
    for claim in kg.claims:
        node = claim_iri(claim.key)
        subject, obj = _iri(claim.subject.iri), _iri(claim.object.iri)
        predicate = _KGO[claim.relation]
        yield node, _RDF.type, _RDF.Statement
        yield node, _RDF.type, _KGO.Claim
        yield node, _RDF.subject, subject
        yield node, _RDF.predicate, predicate
        yield node, _RDF.object, obj
        yield node, _KGO.modality, _KGO[claim.modality.capitalize()]
        yield node, _PROV.wasDerivedFrom, document_iri(claim.doc_id)
        if run is not None:
            yield node, _PROV.wasGeneratedBy, run
        yield node, _KGO.evidence, _value(claim.sentence)
        yield node, _KGO.sentenceStart, _value(claim.sentence_start)
        yield node, _KGO.sentenceEnd, _value(claim.sentence_end)
        yield node, _KGO.subjectStart, _value(claim.subject_start)
        yield node, _KGO.subjectEnd, _value(claim.subject_end)
        yield node, _KGO.subjectText, _value(claim.subject_text)
        yield node, _KGO.objectStart, _value(claim.object_start)
        yield node, _KGO.objectEnd, _value(claim.object_end)
        yield node, _KGO.objectText, _value(claim.object_text)
        yield node, _KGO.trigger, _value(claim.trigger)
        if claim.plover:
            yield node, _KGO.ploverType, plover_iri(claim.plover)
        yield node, _KGO.confidence, _value(f"{claim.confidence:.2f}", datatype=_XSD.decimal)
        info = kg.documents.get(claim.doc_id)
        if info is not None and info.date:
            yield node, _DCTERMS.date, _date(info.date)
        if claim.event_date:
            yield node, _KGO.eventDate, _partial_date(claim.event_date)
        if claim.reported_by is not None:
            yield node, _KGO.reportedBy, URIRef(claim.reported_by.iri)
            yield from _entity_triples(labelled, claim.reported_by)
        if claim.modality == "asserted":
            yield subject, predicate, obj
    if aggregates:
        from kg.rdf.aggregates import edge_triples

        yield from edge_triples(kg.claims)


def _entity_triples(labelled: set[URIRef], entity: Entity) -> Iterator[Triple]:
    """The type and label of an entity not otherwise in the graph (one with no label yet)."""
    node = URIRef(entity.iri)
    if node not in labelled:
        labelled.add(node)
        yield node, _RDF.type, _KGO[entity.kind]
        yield node, _RDFS.label, Literal(entity.label)
        if entity.wikidata:
            yield node, _OWL.sameAs, _WD[entity.wikidata]


def serialize(graph: Graph, fmt: str = "turtle") -> bytes:
    if fmt == "turtle":
        return turtle(graph)
    return graph.serialize(format=fmt, encoding="utf-8")


def turtle(graph: Graph) -> bytes:
    """``graph`` as Turtle, written by Oxigraph: about four times faster than rdflib's writer
    (0.5 s against 2.1 s for 100k triples, measured), which matters next to parsing.
    Triples are sorted, so one graph always gives the same bytes, each subject's together.
    """
    lines = graph.serialize(format="nt", encoding="utf-8").splitlines()
    return _sorted_turtle(lines, graph.namespaces())


def turtle_of(triples: Iterable[Triple]) -> bytes:
    """The bytes of ``turtle(graph_of(triples))`` without building the graph: the lines of
    :func:`ntriples_lines` are those rdflib's N-Triples writer makes, so the sorted lines,
    and with them the Turtle, are the same."""
    return _sorted_turtle(ntriples_lines(triples), new_graph().namespaces())


def ntriples_lines(triples: Iterable[Triple]) -> list[bytes]:
    """One N-Triples line (UTF-8, no line break) per distinct triple, in no set order, each
    what rdflib's N-Triples writer makes of it (``_nt_row``: ``n3()`` of each term, rdflib's
    own quoting of a literal)."""
    from rdflib.plugins.serializers.nt import _quoteLiteral

    # IRIs recur (predicates, classes, actors, documents) and rdflib validates an IRI again
    # each time it writes one: each is written once here (0.46 → 0.33 s for 113k triples)
    written: dict[Node, str] = {}

    def n3(term: Node) -> str:
        text = written.get(term)
        if text is None:
            text = written[term] = term.n3()
        return text

    # a set, as a graph holds each triple once
    return [
        f"{n3(s)} {n3(p)} {_quoteLiteral(o) if isinstance(o, Literal) else n3(o)} .".encode()
        for s, p, o in set(triples)
    ]


def _sorted_turtle(lines: list[bytes], namespaces: Iterable[tuple[str, URIRef]]) -> bytes:
    import pyoxigraph as ox

    lines.sort()
    triples = ox.parse(b"\n".join(lines) + b"\n", format=ox.RdfFormat.N_TRIPLES)
    prefixes = {prefix: str(namespace) for prefix, namespace in sorted(namespaces)}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def write_graph(graph: Graph, path: str | Path, fmt: str = "turtle") -> Path:
    """Serialise atomically: a reader never sees a half-written file."""
    atomic_write_bytes(path, serialize(graph, fmt))
    return Path(path)


#: the format of a graph file, by its suffix (rdflib's names); anything else is Turtle
GRAPH_FILE_FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
    ".trig": "trig",
    ".nq": "nquads",
}


def graph_file_format(path: Path) -> str:
    """The format :func:`read_graph` reads ``path`` in (rdflib's name for it)."""
    return GRAPH_FILE_FORMATS.get(path.suffix.lower(), "turtle")


def read_graph(path: str | Path) -> Graph:
    """Parse a graph file that kg (or anyone) wrote; the format follows the file suffix."""
    path = Path(path)
    if not path.is_file():
        raise Errors.E301(path=path)
    fmt = graph_file_format(path)
    graph = new_graph()
    try:
        graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib's parsers raise many exception types
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise Errors.E302(path=path, fmt=fmt, reason=first) from None
    return graph


def _entity(g: Graph, node: URIRef) -> Entity:
    kind = "Actor"
    for cls in g.objects(node, RDF.type):
        local = str(cls).removeprefix(str(KGO._NS))
        if local in ACTOR_CLASSES or local == "Place":
            kind = local
            break
    label = g.value(node, RDFS.label)
    wikidata = None
    for same in g.objects(node, OWL.sameAs):
        if str(same).startswith(str(WD)):
            wikidata = str(same)[len(str(WD)) :]
    return Entity(
        str(node), str(label) if label is not None else str(node).rsplit("-", 1)[-1], kind, wikidata
    )


def from_rdf(g: Graph) -> KnowledgeGraph:
    """Rebuild the knowledge graph (nodes, aggregated edges, claims) from its RDF."""
    from kg.graph.knowledge_graph import DocumentInfo, RunInfo, build_graph

    documents: dict[URIRef, DocumentInfo] = {}
    for doc in g.subjects(RDF.type, KGO.Document):
        doc_id = g.value(doc, DCTERMS.identifier)
        if doc_id is None:
            continue
        date = g.value(doc, DCTERMS.date)
        count = g.value(doc, KGO.charCount)
        documents[doc] = DocumentInfo(
            doc_id=str(doc_id),
            title=str(g.value(doc, DCTERMS.title) or doc_id),
            date=str(date) if date is not None else None,
            source=str(g.value(doc, DCTERMS.source) or ""),
            char_count=int(count.toPython()) if count is not None else 0,
        )
    relations = {KGO[r]: r for r in RELATIONS}
    claims: list[Claim] = []
    entities: dict[URIRef, Entity] = {}

    def entity(node: URIRef) -> Entity:
        if node not in entities:
            entities[node] = _entity(g, node)
        return entities[node]

    def number(node: URIRef, prop: URIRef) -> int:
        value = g.value(node, prop)
        return int(value.toPython()) if value is not None else 0

    def text(node: URIRef, prop: URIRef) -> str:
        value = g.value(node, prop)
        return str(value) if value is not None else ""

    for node in g.subjects(RDF.type, RDF.Statement):
        predicate = g.value(node, RDF.predicate)
        if predicate not in relations:
            continue
        subject, obj = g.value(node, RDF.subject), g.value(node, RDF.object)
        source = g.value(node, PROV.wasDerivedFrom)
        if subject is None or obj is None or source not in documents:
            continue
        modality = g.value(node, KGO.modality)
        reporter = g.value(node, KGO.reportedBy)
        event_type = g.value(node, KGO.ploverType)
        confidence = g.value(node, KGO.confidence)
        claims.append(
            Claim(
                doc_id=documents[source].doc_id,
                subject=entity(subject),
                relation=relations[predicate],
                object=entity(obj),
                modality=str(modality).removeprefix(str(KGO._NS)).lower()
                if modality
                else "asserted",
                sentence=text(node, KGO.evidence),
                sentence_start=number(node, KGO.sentenceStart),
                sentence_end=number(node, KGO.sentenceEnd),
                subject_start=number(node, KGO.subjectStart),
                subject_end=number(node, KGO.subjectEnd),
                subject_text=text(node, KGO.subjectText),
                object_start=number(node, KGO.objectStart),
                object_end=number(node, KGO.objectEnd),
                object_text=text(node, KGO.objectText),
                trigger=text(node, KGO.trigger),
                confidence=float(confidence.toPython()) if confidence is not None else 1.0,
                reported_by=entity(reporter) if reporter is not None else None,
                event_date=text(node, KGO.eventDate) or None,
                plover=str(event_type).removeprefix(PLOVER_IRI) if event_type else None,
            )
        )
    run = None
    for activity in sorted(g.subjects(RDF.type, KGO.ExtractionActivity)):
        started, ended = g.value(activity, PROV.startedAtTime), g.value(activity, PROV.endedAtTime)
        run = RunInfo(
            text(activity, KGO.softwareVersion),
            text(activity, KGO.pipelineName),
            text(activity, KGO.pipelineVersion),
            str(started) if started is not None else None,
            str(ended) if ended is not None else None,
        )
    mentions = [
        (info.doc_id, entity(actor), "")
        for doc, info in documents.items()
        for actor in g.objects(doc, DCTERMS.references)
        if isinstance(actor, URIRef)
    ]
    kg = build_graph(sorted(documents.values(), key=lambda d: d.doc_id), claims, run, mentions)
    # keep every alias the file records, not only the surface forms of its claims
    for node_iri, data in kg.graph.nodes(data=True):
        data["aliases"] = sorted(
            {*data["aliases"], *(str(a) for a in g.objects(URIRef(node_iri), SKOS.altLabel))}
        )
    return kg
