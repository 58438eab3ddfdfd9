"""What a build is asked to do: :class:`BuildOptions`, one value the command line (or a
notebook) makes once and passes down to :func:`kg.build.pipeline.build` (in memory) or
:func:`kg.build.incremental.build_into_store` (into a store), and from there to extraction,
the worker processes and the store. Every default of a build lives here, once.

Three sizes that are easy to confuse each have their own name:

- ``spacy_batch``: documents (or parts of long ones) per ``nlp.pipe`` batch: how many texts
  spaCy parses together;
- ``task_size``: documents per task sent to a worker process or a Dask worker
  (``workers`` > 1 or ``dask``): how work is shared out;
- ``flush_size``: documents per store transaction: how much an interrupted store build can
  lose.

``kg build --batch-size N`` sets all three to N. Light to import: no spaCy, no rdflib.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.store.backends import Store


@dataclass(frozen=True)
class BuildOptions:
    """How to build a graph: the model and vocabulary, how to spread the work, where to
    store it. The output folder is not an option: it is where a build writes."""

    #: spaCy pipeline package or path (None: en_core_web_sm or its re-upload)
    model: str | None = None
    #: your own actor catalogs (Turtle or CSV), merged over the bundled one
    actor_files: Sequence[str | Path] = ()
    #: your own trigger vocabulary (events.toml-style), added to the bundled lexicon
    lexicon_files: Sequence[str | Path] = ()
    #: documents (or parts) per spaCy ``nlp.pipe`` batch
    spacy_batch: int = 32
    #: local extraction processes; 1 extracts in this process
    workers: int = 1
    #: the address of a Dask scheduler (``tcp://host:8786``) to extract on, or None
    dask: str | None = None
    #: documents per task sent to a worker process or a Dask worker
    task_size: int = 32
    #: the persistent store to build into (an Oxigraph folder or a Store), or None
    store: Store | str | Path | None = None
    #: a SPARQL 1.1 endpoint to build into, or None
    endpoint: str | None = None
    #: documents per store transaction (a store build)
    flush_size: int = 32
    #: also write the graph as an interactive HTML page (an in-memory build)
    html: bool = True
    #: also materialise what the ontology entails into ``inferred.ttl`` (an in-memory build)
    infer: bool = False
    #: record the run's wall-clock start and end (off: the same input gives the same bytes)
    timestamp: bool = False
    #: no progress bar
    quiet: bool = True

    @property
    def into_store(self) -> bool:
        """Whether these options name a store or an endpoint to build into."""
        return self.store is not None or self.endpoint is not None

    def with_fields(self, **changes: Any) -> BuildOptions:
        """These options with some fields changed; an unknown name is a ``TypeError``."""
        unknown = sorted(set(changes) - {f.name for f in fields(self)})
        if unknown:
            raise TypeError(f"BuildOptions has no field {unknown[0]!r}")
        return replace(self, **changes) if changes else self


def build_options(options: BuildOptions | None, changes: dict[str, Any]) -> BuildOptions:
    """``options`` (default: the defaults) with the keyword arguments a caller gave changed:
    what lets a notebook write ``build(paths, workers=2)`` as well as
    ``build(paths, options=BuildOptions(workers=2))``."""
    return (options or BuildOptions()).with_fields(**changes)
