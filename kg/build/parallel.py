"""Parallel and distributed extraction: the same claims as a serial build, on more cores.

Extraction (parse → actors → claims) is independent per document, so it is split into
*batches* of documents, never into sentences: a task costs milliseconds of scheduling, a batch
of 32 articles seconds of parsing. Each worker process loads the spaCy pipeline (with the
catalog's entity ruler) **once** and keeps it in a module-level cache keyed by a fingerprint of
the model name, catalog and lexicon; every batch after the first reuses it.

Two back ends share one worker function, :func:`extract_batch`:

- :func:`pool_extract`: a local :class:`~concurrent.futures.ProcessPoolExecutor` of ``workers``
  processes (``kg build --workers N``);
- :func:`dask_extract`: a Dask distributed cluster (``kg build --dask tcp://host:8786``); the
  catalog and lexicon are scattered to the workers once, one task per batch.

Both keep a bounded window of batches in flight (memory does not grow with the corpus) and
yield results in document order, so the graph, and the Turtle file, are byte-identical to a
serial build's.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Any

from kg.build.heap import frozen_heap, keep_freed_memory
from kg.catalog.actor_catalog import ActorCatalog
from kg.catalog.lexicon import Lexicon
from kg.corpus.reader import Document
from kg.errors import Errors
from kg.model import Claim, Entity

#: (claims, names) of one document, as :func:`kg.build.pipeline.extract` yields them
DocumentResult = tuple[list[Claim], list[tuple[Entity, str]]]
Extracted = tuple[Document, list[Claim], list[tuple[Entity, str]]]
DASK_CONNECT_TIMEOUT = "10s"


@dataclass(frozen=True)
class BatchResult:
    """What a worker sends back for one batch: per document, in order, its claims and names;
    and the pipeline's (name, version) for provenance."""

    results: list[DocumentResult]
    pipeline: tuple[str, str]


# -- the worker side ----------------------------------------------------------------------------

# fingerprint → (nlp, catalog, lexicon); one entry per worker process in practice
_PIPELINES: dict[str, tuple[Any, ActorCatalog, Lexicon]] = {}
# set in a pool worker by its initializer
_POOL_CONFIG: tuple[str, str | None, ActorCatalog, Lexicon] | None = None
_LOCK = threading.Lock()  # a Dask worker may run several tasks in threads


def fingerprint(model: str | None, catalog: ActorCatalog, lexicon: Lexicon) -> str:
    """A key for one pipeline configuration: the same model, catalog and lexicon share it."""
    digest = hashlib.sha1(repr(model).encode())
    digest.update(pickle.dumps(catalog.actors, protocol=5))
    digest.update(pickle.dumps(lexicon, protocol=5))
    return digest.hexdigest()


def _pipeline(key: str, model: str | None, catalog: ActorCatalog, lexicon: Lexicon):
    """The worker's pipeline for ``key``, loaded on first use and kept for the process."""
    with _LOCK:
        cached = _PIPELINES.get(key)
        if cached is None:
            from kg.extract.nlp import load_pipeline

            cached = (load_pipeline(model, catalog), catalog, lexicon)
            _PIPELINES.clear()  # a new configuration replaces the old one: bounded memory
            _PIPELINES[key] = cached
        return cached


def extract_batch(
    key: str,
    model: str | None,
    catalog: ActorCatalog,
    lexicon: Lexicon,
    documents: list[Document],
    spacy_batch: int,
) -> BatchResult:
    """Extract claims and names from one batch of documents (runs in a worker)."""
    from kg.extract.assemble import extract_parsed
    from kg.extract.nlp import parse_documents, pipeline_id

    nlp, catalog, lexicon = _pipeline(key, model, catalog, lexicon)
    results = [
        extract_parsed(parsed, catalog, lexicon)
        for parsed in parse_documents(nlp, documents, batch_size=spacy_batch)
    ]
    return BatchResult(results, pipeline_id(nlp))


def _pool_init(key: str, model: str | None, catalog: ActorCatalog, lexicon: Lexicon) -> None:
    global _POOL_CONFIG
    _POOL_CONFIG = (key, model, catalog, lexicon)
    keep_freed_memory()
    _pipeline(key, model, catalog, lexicon)  # load now, while the parent reads the corpus


def _pool_batch(documents: list[Document], spacy_batch: int) -> BatchResult:
    assert _POOL_CONFIG is not None, "pool worker without initializer"
    return extract_batch(*_POOL_CONFIG, documents, spacy_batch)


# -- the client side ----------------------------------------------------------------------------


def batches(documents: Iterable[Document], size: int, parts: int = 1) -> Iterator[list[Document]]:
    """Consecutive lists of ``size`` documents (the last may be shorter). With ``parts`` > 1
    (workers), the last ``parts`` × ``size`` documents or fewer come in shrinking lists,
    each a ``2 × parts``-th of what is left (OpenMP's *guided* schedule), down to single
    documents: whichever worker is free takes the next one, so the workers finish within a
    document of each other instead of one parsing a whole last batch while the others wait."""
    iterator = iter(documents)
    if parts <= 1:
        while batch := list(islice(iterator, size)):
            yield batch
        return
    ahead: deque[Document] = deque()
    while True:
        ahead.extend(islice(iterator, (parts + 1) * size - len(ahead)))
        if len(ahead) <= parts * size:  # the stream has ended: the tail, in shrinking lists
            break
        yield [ahead.popleft() for _ in range(size)]
    while ahead:
        share = min(size, -(-len(ahead) // (2 * parts)))  # ceiling division
        yield [ahead.popleft() for _ in range(share)]


def _in_order(
    submit: Callable[[list[Document]], Any],
    result_of: Callable[[Any], BatchResult],
    documents: Iterable[Document],
    task_size: int,
    parts: int,
    on_pipeline: Callable[[tuple[str, str]], None],
) -> Iterator[Extracted]:
    """Submit batches to ``parts`` workers with a bounded number in flight; yield results in
    document order."""
    # results come out in order, so a slow batch at the head holds back the batches behind
    # it: four per worker keep every worker busy behind a head twice as slow as the rest,
    # while memory stays bounded by 4 × parts × task_size documents
    window = 4 * parts
    pending: deque[tuple[list[Document], Any]] = deque()
    stream = batches(documents, task_size, parts=parts)
    exhausted = False
    while True:
        while not exhausted and len(pending) < window:
            batch = next(stream, None)
            if batch is None:
                exhausted = True
            else:
                pending.append((batch, submit(batch)))
        if not pending:
            return
        batch, handle = pending.popleft()
        result = result_of(handle)
        on_pipeline(result.pipeline)
        for document, (claims, names) in zip(batch, result.results, strict=True):
            yield document, claims, names


def _mp_context() -> multiprocessing.context.BaseContext:
    # fork shares the imported spaCy and the loaded pipeline with the workers, as spaCy's own
    # n_process does; spawn (where there is no fork) loads it in each worker
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def pool_extract(
    documents: Iterable[Document],
    *,
    workers: int,
    catalog: ActorCatalog,
    lexicon: Lexicon,
    model: str | None = None,
    spacy_batch: int,
    task_size: int,
    on_pipeline: Callable[[tuple[str, str]], None] = lambda _p: None,
) -> Iterator[Extracted]:
    """Extract with ``workers`` local processes, each loading the pipeline once; each task
    is ``task_size`` documents, parsed ``spacy_batch`` at a time."""
    if workers < 1:
        raise Errors.E1102(workers=workers)
    key = fingerprint(model, catalog, lexicon)
    context = _mp_context()
    if context.get_start_method() == "fork":
        # load once here: the forked workers inherit the loaded pipeline (copy-on-write)
        # instead of each loading it again, ~1.5 s per worker on a busy machine
        from kg.extract.nlp import pipeline_id

        nlp, _catalog, _lexicon = _pipeline(key, model, catalog, lexicon)
        on_pipeline(pipeline_id(nlp))
    # the forked workers share the parent's objects (spaCy, the pipeline, the catalog) page
    # by page until a page is written; the garbage collector writes to every object it
    # visits, so the parent's objects are moved out of its sight before the fork
    with (
        frozen_heap(),
        ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_pool_init,
            initargs=(key, model, catalog, lexicon),
        ) as pool,
    ):
        try:
            yield from _in_order(
                lambda batch: pool.submit(_pool_batch, batch, spacy_batch),
                _pool_result,
                documents,
                task_size,
                parts=workers,
                on_pipeline=on_pipeline,
            )
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            _PIPELINES.pop(key, None)  # the parent's copy was only for the workers to inherit


def _pool_result(future: Future) -> BatchResult:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise Errors.E1104(reason=exc) from None


def connect(address: str, timeout: str | None = None) -> Any:
    """A :class:`distributed.Client` for the scheduler at ``address``, or a clear error."""
    try:
        from distributed import Client
    except ImportError:
        raise Errors.E1100() from None
    try:
        return Client(address, timeout=timeout or DASK_CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise Errors.E1101(address=address, detail=detail) from None


def dask_extract(
    documents: Iterable[Document],
    *,
    address: str,
    catalog: ActorCatalog,
    lexicon: Lexicon,
    model: str | None = None,
    spacy_batch: int,
    task_size: int,
    on_pipeline: Callable[[tuple[str, str]], None] = lambda _p: None,
) -> Iterator[Extracted]:
    """Extract on the Dask cluster at ``address``: one task per ``task_size`` documents, in
    document order."""
    client = connect(address)
    try:
        key = fingerprint(model, catalog, lexicon)
        # sent once to every worker, not once per task
        catalog_f = client.scatter(catalog, broadcast=True, hash=False)
        lexicon_f = client.scatter(lexicon, broadcast=True, hash=False)
        threads = sum(client.nthreads().values()) or 1
        yield from _in_order(
            lambda batch: client.submit(
                extract_batch, key, model, catalog_f, lexicon_f, batch, spacy_batch, pure=False
            ),
            _dask_result,
            documents,
            task_size,
            parts=threads,
            on_pipeline=on_pipeline,
        )
    finally:
        client.close()


def _dask_result(future: Any) -> BatchResult:
    try:
        return future.result()
    except ImportError as exc:
        raise Errors.E1103(reason=exc) from None


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
