"""Errors a user can act on.

Every error kg raises on purpose is a :class:`KgError` with a stable code (``E001`` …) and a
message that says what went wrong *and* what to do next. The CLI prints it as one line on
stderr and exits non-zero; library callers catch it like any exception.
"""

from __future__ import annotations


class KgError(Exception):
    """An error with a code and a one-line, actionable message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message


class InputError(KgError):
    """Bad input: a missing path, an unreadable file, a malformed line."""


class ModelError(KgError):
    """The spaCy pipeline cannot be loaded."""


class QueryError(KgError):
    """A query that cannot run: unknown name, syntax error, refused operation, bad parameter."""


class GraphError(KgError):
    """A graph file that cannot be read."""


class ValidationError(KgError):
    """The shapes cannot be loaded or applied (``E5xx``); a graph that violates them is a
    :class:`kg.validate.ValidationReport`, not an error."""


class InferenceError(KgError):
    """Inference cannot run or finds the graph inconsistent with the ontology (``E8xx``)."""


class AnalyzeError(KgError):
    """Graph analytics cannot answer: unknown actor or family, no path (``E6xx``)."""


class ParallelError(KgError):
    """Parallel or distributed extraction cannot run: bad --workers, no Dask, an unreachable
    scheduler, a worker that died (``E11xx``)."""


class StoreError(KgError):
    """A triple store cannot be opened, read or written: a locked or foreign folder, an
    unreachable endpoint, a failed write (``E10xx``, see :mod:`kg.store`)."""
