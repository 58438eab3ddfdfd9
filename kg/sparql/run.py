"""Running a query: a :class:`~kg.sparql.named.NamedQuery` (or SPARQL text) and parameter
values → checked (:mod:`~kg.sparql.safety`), bound (:func:`bind_parameters`) and evaluated
on an rdflib graph → a :class:`~kg.sparql.formats.QueryResult`, within a time limit: a query
that runs past it is cancelled in its thread and reported as ``E205``. Also
:func:`query_dataframe`, the same as a pandas ``DataFrame`` for notebooks.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import sys
import threading
import traceback
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from rdflib import BNode, Graph, Literal
from rdflib.query import Result
from rdflib.term import Identifier, Node

from kg.errors import Errors, KgError
from kg.sparql.formats import QueryResult, ntriples
from kg.sparql.named import QUERY_NAME, NamedQuery, load_query, parse_query_text
from kg.sparql.parameters import convert_value, resolve_actor
from kg.sparql.safety import prepare_query


def bind_parameters(
    graph: Graph, query: NamedQuery, params: Mapping[str, object] | None = None
) -> dict[str, Identifier]:
    """Check ``params`` against the query header and convert them to RDF terms.

    Unknown names and missing required values raise ``E202``; defaults are applied; an
    optional parameter without a value (or the value ``any``) is left out, i.e. unbound.
    """
    params = dict(params or {})
    declared = {parameter.name: parameter for parameter in query.parameters}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        if declared:
            allowed = ", ".join(declared)
            raise Errors.E202_unknown_parameter(
                unknown=unknown[0], query=query.name, allowed=allowed
            )
        raise Errors.E202_takes_no_parameters(query=query.name, unknown=unknown[0])
    bindings: dict[str, Identifier] = {}
    for parameter in query.parameters:
        value = params.get(parameter.name)
        raw = str(value) if value is not None else parameter.default
        if raw is None:
            if parameter.required:
                about = f" ({parameter.description})" if parameter.description else ""
                raise Errors.E202_missing_parameter(
                    query=query.name, parameter=parameter.name, about=about
                )
            continue
        if parameter.kind == "actor":
            term: Identifier | None = resolve_actor(graph, raw)
        else:
            term = convert_value(parameter.kind, parameter.name, raw)
        if term is not None:
            bindings[parameter.name] = term
    return bindings


# --------------------------------------------------------------------------- running


def as_named_query(query: NamedQuery | str) -> NamedQuery:
    if isinstance(query, NamedQuery):
        return query
    if QUERY_NAME.fullmatch(query.strip()):
        return load_query(query.strip())
    return parse_query_text(query)


def run_query(
    graph: Graph,
    query: NamedQuery | str,
    params: Mapping[str, str] | None = None,
    *,
    timeout: float | None = 30.0,
    row_limit: int | None = None,
) -> QueryResult:
    """Run a query on ``graph`` and return its materialised result.

    ``query`` is a :class:`NamedQuery`, the name of a bundled query (``"allies-of"``) or
    SPARQL text (its ``# param:`` header is honoured). ``params`` maps parameter names to
    values, as text (see :func:`bind_parameters`). The query is checked first
    (:func:`prepare_query`); nothing runs if it is refused. ``timeout`` is in seconds;
    ``None`` or ``<= 0`` waits forever. ``row_limit``: collect at most this many rows
    (triples for CONSTRUCT / DESCRIBE) and stop evaluating there.
    """
    named = as_named_query(query)
    prepared = prepare_query(named.text)
    bindings = bind_parameters(graph, named, params)

    def work() -> QueryResult:
        return materialise(graph.query(prepared, initBindings=bindings), row_limit)

    return with_timeout(work, timeout)


def materialise(result: Result, row_limit: int | None = None) -> QueryResult:
    if result.type == "ASK":
        return QueryResult("ask", [], [], boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = Graph()
        if result.graph is not None:
            for triple in itertools.islice(result.graph, row_limit):
                graph.add(triple)
        return QueryResult("graph", [], [], graph=graph)
    variables = [str(variable) for variable in result.vars or []]
    # rdflib yields SELECT solutions lazily: stopping at the limit stops the evaluation
    rows = [tuple(row) for row in itertools.islice(result, row_limit)]  # type: ignore[arg-type]
    return QueryResult("select", variables, rows)


_T = TypeVar("_T")


class QueryCancelled(BaseException):
    """Raised inside a query's worker thread when its time is up, to stop it.

    A ``BaseException``, so that no ``except Exception`` in rdflib swallows it.
    """


def _raise_in(thread_id: int, exception: type[BaseException] | None) -> None:
    """Raise ``exception`` in the thread at its next Python instruction (None: withdraw a
    pending one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None
    )


def _ignore_cancellations_in_finalizers() -> None:
    """A cancellation that lands in a finalizer (a generator closed by the collector while
    the query unwinds) cannot propagate: Python hands it to ``sys.unraisablehook``, which
    by default prints "Exception ignored" and, under pytest, fails the test. It is ours and
    already handled (the stopper sends another until the worker has left), so it is
    dropped here; any other unraisable exception goes on to the hook that was there."""
    previous = sys.unraisablehook
    if getattr(previous, "kg_ignores_cancellations", False):
        return

    def hook(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, QueryCancelled):
            previous(unraisable)

    hook.kg_ignores_cancellations = True  # type: ignore[attr-defined]
    sys.unraisablehook = hook


def _release_memory() -> None:
    """Hand the memory a stopped query freed back to the system. glibc keeps what a thread
    frees in that thread's arena; without this, the server's RSS grew with every timed-out
    query (measured with benchmarks/load.py)."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def with_timeout(work: Callable[[], _T], timeout: float | None) -> _T:
    """Run ``work`` in a worker thread; stop it after ``timeout`` seconds (``E205``).

    Neither rdflib's evaluator nor Oxigraph's iterator can be interrupted from outside, but
    both hand control back to Python between solutions: on timeout :class:`QueryCancelled`
    is raised in the worker there, and raised again every :data:`_CANCEL_EVERY` seconds
    until the worker has stopped (rdflib has bare ``except:`` clauses that swallow one
    that lands inside them). What the worker built is freed with it, in its own thread
    (Oxigraph results must be dropped on the thread that made them).
    """
    if timeout is None or timeout <= 0:
        return _guarded(work)
    _ignore_cancellations_in_finalizers()
    box: dict[str, Any] = {}
    lock = threading.Lock()
    running = [True]  # worker still inside work(): cancelling it is safe

    def finish() -> None:
        with lock:
            running[0] = False
            _raise_in(threading.get_ident(), None)  # one sent meanwhile: withdrawn

    def target() -> None:
        try:
            try:
                box["result"] = work()
            except QueryCancelled:
                box["cancelled"] = True
            except BaseException as exc:
                # the traceback's frames hold the query's partial results: free them here
                traceback.clear_frames(exc.__traceback__)
                box["error"] = exc.with_traceback(None)
            finally:
                finish()
        except QueryCancelled:  # landed in the handlers above
            finish()
        if box.get("cancelled"):
            _release_memory()

    worker = threading.Thread(target=target, name="kg-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        threading.Thread(
            target=_stop, args=(worker, lock, running), name="kg-query-stop", daemon=True
        ).start()
        raise Errors.E205_timeout(timeout=timeout)
    if "error" in box:
        raise _failure(box["error"])
    return box["result"]


_CANCEL_EVERY = 0.05  # seconds between two cancellations of a query that goes on


def _stop(worker: threading.Thread, lock: threading.Lock, running: list[bool]) -> None:
    """Cancel ``worker`` until it has left the query."""
    while worker.is_alive():
        with lock:
            if not running[0] or worker.ident is None:
                return
            _raise_in(worker.ident, QueryCancelled)
        worker.join(_CANCEL_EVERY)


def _guarded(work: Callable[[], _T]) -> _T:
    try:
        return work()
    except Exception as exc:
        raise _failure(exc) from exc


def _failure(exc: BaseException) -> BaseException:
    if isinstance(exc, KgError) or not isinstance(exc, Exception):
        return exc
    failure = Errors.E208_failed(error_type=type(exc).__name__, reason=exc)
    failure.__cause__ = exc
    return failure


def query_dataframe(
    graph: Graph,
    query: NamedQuery | str,
    params: Mapping[str, str] | None = None,
    *,
    timeout: float | None = 30.0,
) -> Any:
    """Run a query (as :func:`run_query`) and return a :class:`pandas.DataFrame`, for notebooks.

    SELECT: one column per variable, in the query's order; IRIs as strings, literals as
    Python values (``int``, ``float``, ``Decimal``, ``datetime.date``, ``bool``, ``str``),
    unbound as ``None``. ASK: one column ``boolean``, one row. CONSTRUCT / DESCRIBE: columns
    ``subject``, ``predicate``, ``object``, one row per triple, sorted. Needs pandas
    (``pip install pandas``); without it raises :class:`QueryError` ``E210``.
    """
    try:
        import pandas
    except ImportError:
        raise Errors.E210() from None
    result = run_query(graph, query, params, timeout=timeout)
    if result.kind == "ask":
        return pandas.DataFrame({"boolean": [bool(result.boolean)]})
    if result.kind == "graph":
        triples = sorted(
            result.graph if result.graph is not None else Graph(),
            key=lambda triple: tuple(ntriples(t) for t in triple),
        )
        return pandas.DataFrame(
            [[_python(term) for term in triple] for triple in triples],
            columns=["subject", "predicate", "object"],
        )
    return pandas.DataFrame(
        [[_python(term) for term in row] for row in result.rows],
        columns=list(result.variables),
    )


def _python(term: Node | None) -> Any:
    """A term as a plain Python value: IRIs and blank nodes as strings, literals converted."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)
