"""Incremental, streaming builds into a store (``kg build --store DIR`` / ``--endpoint URL``).

Documents stream from the corpus reader through extraction into the store, a batch at a
time: nothing holds the corpus, its claims or its graph. Each document is stored under its
id with a content hash (its id, title, date, source and text, the kg version, the model
asked for and the user's actor catalogs): a document whose hash is already in the store is
skipped before it is parsed, one whose hash differs has its graph replaced, a new one is
added. The graph of one document is what :func:`kg.rdf.convert.to_rdf` gives for that document
alone, so actors, places and direct relations merge with what the store holds (their IRIs
are deterministic) and the store's default graph equals a full build of its documents.

A batch is committed in one transaction once extracted; an interrupted build loses at most
the batch in progress, and the next run skips what was committed and carries on.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from kg import __version__
from kg.build.options import BuildOptions, build_options
from kg.build.pipeline import (
    BuildResult,
    BuildSummary,
    _check_writable,
    _no_documents,
    _now,
    _progress,
    extract,
)
from kg.catalog.actor_catalog import load_catalog
from kg.catalog.lexicon import load_lexicon
from kg.corpus.reader import Document, Skipped, iter_corpus, sample_corpus_path
from kg.errors import Errors
from kg.graph.knowledge_graph import DocumentInfo, KnowledgeGraph, RunInfo, build_graph
from kg.model import Claim, Entity
from kg.rdf.aggregates import counts_in_triples
from kg.rdf.convert import rdf_triples
from kg.store import aggregates
from kg.store.backends import DocumentTriples, Store, content_hash, open_store

LOOKUP_BATCH = 256  # documents whose hashes are looked up in one go


@dataclass
class StoreBuildSummary(BuildSummary):
    """A build into a store: this run's counts, and what the store holds after it."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    store: str = ""
    store_triples: int = 0
    entity_iris: set[str] = field(default_factory=set, repr=False)
    edge_keys: set[tuple[str, str, str, str]] = field(default_factory=set, repr=False)

    #: what the store holds after the build: documents, actors, places, claims
    store_totals: dict[str, int] = field(default_factory=dict)

    def render(self) -> str:
        if self.added == 0 and self.replaced == 0:
            # a table of zeros says nothing: say that nothing changed and what the store holds
            unchanged = f"{self.unchanged} document{'s' if self.unchanged != 1 else ''}"
            lines = [f"nothing changed: {unchanged} unchanged"]
            if self.skipped:
                lines.append(f"skipped: {len(self.skipped)}")
                lines.extend(f"  {s.source}: {s.reason}" for s in self.skipped)
            lines.append(self._store_line())
            lines.extend(f"wrote {path}" for path in self.outputs)
            lines.append(f"seconds: {self.seconds:.1f}")
            return "\n".join(lines)
        lines = super().render().splitlines()
        lines.insert(
            1,
            f"  added {self.added}, replaced {self.replaced}, unchanged (skipped) {self.unchanged}",
        )
        lines.insert(-1 - len(self.outputs), self._store_line())
        return "\n".join(lines)

    def _store_line(self) -> str:
        line = f"store: {self.store} ({self.store_triples:,} triples)"
        if self.store_totals:
            line += ": " + ", ".join(f"{n:,} {name}" for name, n in self.store_totals.items())
        return line


#: the store's totals, in the order the summary prints them (each count a lookup by type)
_TOTALS_QUERY = """
SELECT ?documents ?actors ?places ?claims WHERE {
  { SELECT (COUNT(?d) AS ?documents) WHERE { ?d a kgo:Document } }
  { SELECT (COUNT(DISTINCT ?a) AS ?actors) WHERE {
      ?a a ?class FILTER(?class IN (%s)) } }
  { SELECT (COUNT(?p) AS ?places) WHERE { ?p a kgo:Place } }
  { SELECT (COUNT(?c) AS ?claims) WHERE { ?c a kgo:Claim } }
}
"""


def store_totals(target: Store) -> dict[str, int]:
    """How many documents, actors, places and claims ``target`` holds."""
    from kg.catalog.vocab import ACTOR_CLASSES

    classes = ", ".join(f"kgo:{name}" for name in ACTOR_CLASSES)
    result = target.query(_TOTALS_QUERY % classes, timeout=None)
    row = result.rows[0] if result.rows else ()
    return {
        name: int(term.toPython()) if isinstance(term, Literal) else 0
        for name, term in zip(result.variables, row, strict=True)
    }


@dataclass
class StoreBuildResult(BuildResult):
    """With a store the graph lives there: ``knowledge_graph`` and ``rdf`` are empty and
    ``store`` is the (open) store."""

    store: Store | None = None


def fingerprint(
    model: str | None, actor_files: Sequence[str | Path], lexicon_files: Sequence[str | Path] = ()
) -> list[str]:
    """What besides the text decides a document's graph."""
    import hashlib

    parts = [f"kg {__version__}", f"model {model or ''}"]
    for path in actor_files:
        parts.append(hashlib.sha256(Path(path).read_bytes()).hexdigest())
    for path in lexicon_files:  # a lexicon file changes claims, not actors: marked apart
        parts.append("lexicon " + hashlib.sha256(Path(path).read_bytes()).hexdigest())
    return parts


def document_hash(document: Document, extra: Sequence[str]) -> str:
    return content_hash(
        [
            document.doc_id,
            document.title,
            document.date or "",
            document.source,
            document.text,
            *extra,
        ]
    )


def build_into_store(
    paths: Sequence[str | Path] = (),
    options: BuildOptions | None = None,
    *,
    export_dir: str | Path | None = None,
    close: bool = True,
    **changes: Any,
) -> StoreBuildResult:
    """Add the documents of ``paths`` (default: the bundled sample corpus) to the store or
    endpoint ``options`` names; see the module docstring. Keyword arguments change single
    fields of ``options``, as for :func:`kg.build.pipeline.build`:
    ``build_into_store(paths, store="kgdb")``. ``export_dir``: also write the store's graph
    there as ``graph.ttl``. ``close``: close the store at the end (else the result holds it
    open). Refuses (``E1008``) ``infer``, which works on an in-memory build only.
    """
    options = build_options(options, changes)
    if options.infer:
        raise Errors.E1008_infer_with_store()
    if export_dir is not None:
        _check_writable(Path(export_dir))  # now, not after all the extraction
    started = time.perf_counter()
    started_at = _now() if options.timestamp else None
    target = open_store(options.store, options.endpoint)
    try:
        catalog = load_catalog(options.actor_files)
        lexicon = load_lexicon(options.lexicon_files)
        extra = fingerprint(options.model, options.actor_files, options.lexicon_files)
        sources = list(paths) or [sample_corpus_path()]
        summary = StoreBuildSummary(store=target.description)
        hashes: dict[str, str] = {}  # of the documents on their way through extraction
        seen = [0]

        def todo() -> Iterator[Document]:
            pending: list[Document] = []
            for item in iter_corpus(sources):
                if isinstance(item, Skipped):
                    summary.skipped.append(item)
                    continue
                seen[0] += 1
                pending.append(item)
                if len(pending) >= LOOKUP_BATCH:
                    yield from _changed(target, pending, extra, hashes, summary)
                    pending = []
            yield from _changed(target, pending, extra, hashes, summary)

        # a build stopped between committing a batch and moving its edges left them short
        aggregates.repair(target)
        bar = _progress(None, options.quiet)
        batch: list[DocumentTriples] = []
        labels: dict[URIRef, Literal] = {}  # the label each actor was first stored under
        run: RunInfo | None = None
        pipelines: list[tuple[str, str]] = []
        for document, claims, names in extract(
            todo(),
            catalog=catalog,
            lexicon=lexicon,
            options=options,
            on_pipeline=pipelines.append,
        ):
            if run is None:
                name, version = pipelines[-1]
                run = RunInfo(__version__, name, version, started_at, None)
            batch.append(_document_triples(document, claims, names, run, hashes, summary))
            if len(batch) >= options.flush_size:
                _commit(target, _one_label_each(target, batch, labels))
                batch = []
        _commit(target, _one_label_each(target, batch, labels))
        if bar is not None:
            bar.close()
        if seen[0] == 0:
            raise _no_documents(sources, summary.skipped)
        summary.documents = summary.added + summary.replaced
        summary.edges = len(summary.edge_keys)
        summary.store_triples = len(target)
        summary.store_totals = store_totals(target)
        if export_dir is not None:
            from kg.build.pipeline import TURTLE_NAME
            from kg.io import atomic_write_bytes

            out = Path(export_dir) / TURTLE_NAME
            atomic_write_bytes(out, plain_turtle(target.export("ntriples")))
            summary.outputs.append(out)
        summary.seconds = time.perf_counter() - started
        return StoreBuildResult(KnowledgeGraph(), Graph(), summary, None, store=target)
    finally:
        if close:
            target.close()


_CONFIDENCE = re.compile(
    rb'(<https://w3id\.org/kg-news/ontology#confidence> )"([0-9.]+)"'
    rb"(\^\^<http://www\.w3\.org/2001/XMLSchema#decimal>)"
)


def plain_turtle(ntriples: bytes) -> bytes:
    """The Turtle a plain ``kg build`` writes for the same triples, from a store's N-Triples:
    the same prefixes, the same sorted order and the same literal forms. Oxigraph keeps
    decimals in canonical form ("0.9"); kg writes a confidence with two decimals ("0.90").

    The lines are sorted in memory, as :func:`kg.rdf.convert.turtle` does for a plain build.
    """
    import pyoxigraph as ox

    from kg.rdf.convert import new_graph

    def two_decimals(match: re.Match[bytes]) -> bytes:
        value = f"{Decimal(match.group(2).decode()):.2f}".encode()
        return match.group(1) + b'"' + value + b'"' + match.group(3)

    lines = sorted(_CONFIDENCE.sub(two_decimals, line) for line in ntriples.splitlines() if line)
    triples = ox.parse(b"\n".join(lines) + b"\n", format=ox.RdfFormat.N_TRIPLES)
    prefixes = {prefix: str(namespace) for prefix, namespace in sorted(new_graph().namespaces())}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def _commit(target: Store, batch: list[DocumentTriples]) -> None:
    """Add a batch, then move the edge aggregates by the claims it adds and those of the
    documents it replaces (:mod:`kg.rdf.aggregates`)."""
    if not batch:
        return
    removed = aggregates.document_counts(target, [d.doc_id for d in batch])
    target.add_documents(batch)
    added = counts_in_triples(t for d in batch for t in d.triples)
    aggregates.apply_changes(target, added, removed)


def _one_label_each(
    target: Store, batch: list[DocumentTriples], labels: dict[URIRef, Literal]
) -> list[DocumentTriples]:
    """One ``rdfs:label`` per actor across builds, as in a one-shot build: the first one
    stored; a document that spells the name otherwise ("KANDOR", "Kandor") keeps its
    spelling as a ``skos:altLabel``."""
    documents = [(d, list(d.triples)) for d in batch]
    named = {s for _, triples in documents for s, p, _ in triples if p == RDFS.label}
    unknown = sorted(s for s in named - set(labels) if isinstance(s, URIRef))
    if unknown:
        labels.update(target.labels(unknown))
    out = []
    for document, triples in documents:
        kept = []
        for s, p, o in triples:
            if p == RDFS.label and labels.setdefault(s, o) != o:
                kept += [(s, RDFS.label, labels[s]), (s, SKOS.altLabel, o)]
            else:
                kept.append((s, p, o))
        out.append(DocumentTriples(document.doc_id, document.content_hash, kept))
    return out


def _changed(
    target: Store,
    documents: list[Document],
    extra: Sequence[str],
    hashes: dict[str, str],
    summary: StoreBuildSummary,
) -> Iterable[Document]:
    """The documents whose content the store does not hold yet."""
    if not documents:
        return []
    stored = target.document_hashes([d.doc_id for d in documents])
    out = []
    for document in documents:
        digest = document_hash(document, extra)
        if stored.get(document.doc_id) == digest:
            summary.unchanged += 1
            continue
        if document.doc_id in stored:
            summary.replaced += 1
        else:
            summary.added += 1
        hashes[document.doc_id] = digest
        out.append(document)
    return out


def _document_triples(
    document: Document,
    claims: list[Claim],
    names: list[tuple[Entity, str]],
    run: RunInfo,
    hashes: dict[str, str],
    summary: StoreBuildSummary,
) -> DocumentTriples:
    info = DocumentInfo.of(document)
    kg = build_graph([info], claims, run, [(document.doc_id, e, t) for e, t in names])
    summary.words += len(document.text.split())
    summary.claims += len(claims)
    for claim in claims:
        summary.claims_by_relation.setdefault(claim.relation, Counter())[claim.modality] += 1
        summary.edge_keys.add((claim.subject.iri, claim.relation, claim.object.iri, claim.modality))
    for iri, data in kg.graph.nodes(data=True):
        if iri not in summary.entity_iris:
            summary.entity_iris.add(iri)
            if data["kind"] == "Place":
                summary.places += 1
            else:
                summary.actors += 1
    digest = hashes.pop(document.doc_id)
    return DocumentTriples(document.doc_id, digest, list(rdf_triples(kg, aggregates=False)))
