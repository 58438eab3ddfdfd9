"""The in-memory build: paths of articles and :class:`~kg.build.options.BuildOptions` →
corpus → nlp → actors → claims → graph → RDF, plus the HTML view, written to a folder.

``build()`` is what ``kg build`` runs without ``--store``, and what a notebook calls::

    from kg.build.pipeline import build
    result = build(["articles/"], output_dir="out", workers=2)
    result.summary.claims_by_relation

A build into a store is :func:`kg.build.incremental.build_into_store`; the command line
chooses between the two.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg import __version__
from kg.build.heap import frozen_heap
from kg.build.options import BuildOptions, build_options
from kg.catalog.actor_catalog import ActorCatalog, load_catalog
from kg.catalog.lexicon import Lexicon, load_lexicon
from kg.catalog.vocab import MODALITIES, RELATIONS
from kg.corpus.reader import Document, Skipped, iter_corpus, sample_corpus_path
from kg.errors import Errors, InputError
from kg.extract.assemble import extract_parsed
from kg.extract.nlp import load_pipeline, parse_documents, pipeline_id
from kg.graph.knowledge_graph import DocumentInfo, KnowledgeGraph, RunInfo, build_graph
from kg.io import atomic_write_bytes
from kg.model import Claim, Entity
from kg.rdf.convert import Triple, graph_of, rdf_triples, turtle_of

TURTLE_NAME = "graph.ttl"
HTML_NAME = "graph.html"


@dataclass
class BuildSummary:
    documents: int = 0
    words: int = 0
    actors: int = 0
    places: int = 0
    claims: int = 0
    edges: int = 0
    claims_by_relation: dict[str, Counter] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)
    inferred: int | None = None  # triples inferred, with build(infer=True)

    def render(self) -> str:
        """A short human-readable report for the terminal."""
        lines = [
            f"documents: {self.documents} ({self.words:,} words)",
            f"actors: {self.actors}   places: {self.places}   "
            f"claims: {self.claims}   edges: {self.edges}",
        ]
        width = max(len(r) for r in RELATIONS)
        lines.append(f"  {'relation':<{width}}  " + "  ".join(f"{m:>12}" for m in MODALITIES))
        for relation in RELATIONS:
            counts = self.claims_by_relation.get(relation, Counter())
            lines.append(
                f"  {relation:<{width}}  "
                + "  ".join(f"{counts.get(m, 0):>12}" for m in MODALITIES)
            )
        if self.skipped:
            lines.append(f"skipped: {len(self.skipped)}")
            lines.extend(f"  {s.source}: {s.reason}" for s in self.skipped)
        if self.inferred is not None:
            lines.append(f"inferred: {self.inferred} triples (symmetric and super-properties)")
        lines.extend(f"wrote {path}" for path in self.outputs)
        lines.append(f"seconds: {self.seconds:.1f}")
        return "\n".join(lines)


@dataclass
class BuildResult:
    knowledge_graph: KnowledgeGraph
    # the RDF graph (``rdf``), or the triples it is made of on first use: ``kg build`` writes
    # the Turtle from the triples and never needs rdflib's graph, whose construction took
    # longer than making the triples (1.2 of 2.0 s for 36k triples)
    _rdf: Graph | Mapping[Triple, None]
    summary: BuildSummary
    inferred: Graph | None = None  # with build(infer=True): the triples kg.rdf.infer adds

    @property
    def rdf(self) -> Graph:
        if not isinstance(self._rdf, Graph):
            self._rdf = graph_of(self._rdf)
        return self._rdf


def extract(
    documents: Iterable[Document],
    *,
    catalog: ActorCatalog,
    lexicon: Lexicon,
    options: BuildOptions | None = None,
    on_document: Callable[[Document], None] | None = None,
    on_pipeline: Callable[[tuple[str, str]], None] | None = None,
) -> Iterator[tuple[Document, list[Claim], list[tuple[Entity, str]]]]:
    """Parse documents and yield each one's claims and the names it gives each entity,
    streaming, in document order (the model is loaded once per process).

    ``options.workers`` > 1 extracts in that many local processes; ``options.dask`` (a
    scheduler address such as ``tcp://host:8786``) on a Dask cluster. Either way the results,
    and their order, are those of a serial run (:mod:`kg.build.parallel`). ``on_pipeline``
    hears the (name, version) of the spaCy pipeline used, for provenance, before the first
    document comes out.
    """
    options = options or BuildOptions()
    model, workers, dask = options.model, options.workers, options.dask
    record = on_pipeline or (lambda _found: None)
    if workers < 1:
        raise Errors.E1102(workers=workers)
    if dask is not None or workers > 1:
        from kg.build import parallel

        shared = dict(
            catalog=catalog,
            lexicon=lexicon,
            model=model,
            spacy_batch=options.spacy_batch,
            task_size=options.task_size,
            on_pipeline=record,
        )
        if dask is not None:
            stream = parallel.dask_extract(documents, address=dask, **shared)
        else:
            stream = parallel.pool_extract(documents, workers=workers, **shared)
        seen = False
        for item in stream:
            seen = True
            if on_document is not None:
                on_document(item[0])
            yield item
        if not seen:  # no documents: provenance still names the pipeline
            record(pipeline_id(load_pipeline(model, catalog)))
        return
    nlp = load_pipeline(model, catalog)
    record(pipeline_id(nlp))
    for parsed in parse_documents(nlp, documents, batch_size=options.spacy_batch):
        if on_document is not None:
            on_document(parsed.document)
        claims, names = extract_parsed(parsed, catalog, lexicon)
        yield parsed.document, claims, names


def _progress(total: int | None, quiet: bool):
    if quiet or total is None or total < 2:
        return None
    from tqdm import tqdm

    return tqdm(
        total=total, unit="doc", desc="kg build", file=sys.stderr, leave=False, disable=None
    )


def build(
    paths: Sequence[str | Path] = (),
    options: BuildOptions | None = None,
    *,
    output_dir: str | Path | None = "out",
    **changes: Any,
) -> BuildResult:
    """Build the knowledge graph of ``paths`` (default: the bundled sample corpus) in memory.

    ``options`` (:class:`~kg.build.options.BuildOptions`) says how; keyword arguments change
    single fields of it, so ``build(paths, workers=2)`` and
    ``build(paths, options=BuildOptions(workers=2))`` are the same build.

    Writes ``graph.ttl`` and ``graph.html`` (``options.html``) into ``output_dir``
    (atomically) unless it is ``None``. Bad inputs are skipped and listed in the summary; a
    build in which no document could be read raises :class:`InputError`.

    ``infer``: also materialise the relations the ontology entails (:mod:`kg.rdf.infer`) into
    ``result.inferred`` and ``inferred.ttl``; ``graph.ttl`` stays the asserted graph.
    ``timestamp``: record the run's wall-clock start and end (``prov:startedAtTime``,
    ``prov:endedAtTime``); off by default so that the same input gives byte-identical Turtle.
    ``lexicon_files``: your own trigger vocabulary, events.toml-style ``[[events]]`` blocks
    (:mod:`kg.catalog.lexicon`), added to the bundled lexicon; where a word is in both, yours wins.
    ``workers``: extract in that many local processes; ``dask``: on the Dask cluster whose
    scheduler is at this address (:mod:`kg.build.parallel`). The graph is the same either way.
    Options naming a store are refused (``E1008``): that build is
    :func:`kg.build.incremental.build_into_store`.
    """
    options = build_options(options, changes)
    if options.into_store:
        raise Errors.E1008_store_in_memory_build()
    if output_dir is not None:
        _check_writable(Path(output_dir))  # now, not after all the extraction
    started = time.perf_counter()
    started_at = _now() if options.timestamp else None
    catalog = load_catalog(options.actor_files)
    lexicon = load_lexicon(options.lexicon_files)
    sources = list(paths) or [sample_corpus_path()]
    summary = BuildSummary()
    documents: list[Document] = []
    for item in iter_corpus(sources):
        if isinstance(item, Skipped):
            summary.skipped.append(item)
        else:
            documents.append(item)
    if not documents:
        raise _no_documents(sources, summary.skipped)
    bar = _progress(len(documents), options.quiet)
    claims: list[Claim] = []
    mentions: list[tuple[str, Entity, str]] = []
    pipelines: list[tuple[str, str]] = []  # the spaCy pipeline, as extract() reports it
    infos: list[DocumentInfo] = []
    try:
        for document, found, names in extract(
            documents,
            catalog=catalog,
            lexicon=lexicon,
            options=options,
            on_document=(lambda _d: bar.update(1)) if bar is not None else None,
            on_pipeline=pipelines.append,
        ):
            infos.append(DocumentInfo.of(document))
            summary.words += len(document.text.split())
            claims.extend(found)
            mentions.extend((document.doc_id, entity, text) for entity, text in names)
    finally:
        if bar is not None:
            bar.close()
    name, version = pipelines[-1]
    run = RunInfo(__version__, name, version, started_at, _now() if options.timestamp else None)
    with frozen_heap():  # what extraction left lives on; only the new terms need collecting
        kg = build_graph(infos, claims, run, mentions)
        triples = rdf_triples(kg)
        turtle = turtle_of(triples) if output_dir is not None else None
    result = BuildResult(kg, triples, summary)
    if options.infer:
        from kg.rdf.infer import infer as infer_relations

        result.inferred = infer_relations(result.rdf)
        summary.inferred = len(result.inferred)
    summary.documents = len(infos)
    summary.claims = len(claims)
    summary.edges = kg.graph.number_of_edges()
    kinds = Counter(data["kind"] for _, data in kg.graph.nodes(data=True))
    summary.places = kinds.get("Place", 0)
    summary.actors = sum(kinds.values()) - summary.places
    for claim in claims:
        summary.claims_by_relation.setdefault(claim.relation, Counter())[claim.modality] += 1
    if output_dir is not None:
        out = Path(output_dir)
        assert turtle is not None
        atomic_write_bytes(out / TURTLE_NAME, turtle)
        summary.outputs.append(out / TURTLE_NAME)
        if result.inferred is not None:
            from kg.rdf.infer import INFERRED_NAME, serialize_inferred

            atomic_write_bytes(out / INFERRED_NAME, serialize_inferred(result.inferred))
            summary.outputs.append(out / INFERRED_NAME)
        if options.html:
            from kg.viz.graph_page import write_html

            summary.outputs.append(write_html(kg, out / HTML_NAME))
    summary.seconds = time.perf_counter() - started
    return result


def _no_documents(sources: Sequence[str | Path], skipped: Sequence[Skipped]) -> InputError:
    """E002: none of ``sources`` held a readable document; the first reasons why."""
    reasons = "; ".join(f"{s.source}: {s.reason}" for s in skipped[:3])
    return Errors.E002(
        sources=", ".join(map(str, sources)), reasons=f" ({reasons})" if reasons else ""
    )


def _check_writable(folder: Path) -> None:
    """Make ``folder`` if need be and check that a file can be written there (E007)."""
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise Errors.E007(folder=folder, strerror=exc.strerror or exc) from None


def _now() -> str:
    """The wall-clock time, UTC, to the second (an ``xsd:dateTime``)."""
    return datetime.now(UTC).isoformat(timespec="seconds")
