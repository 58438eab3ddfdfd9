"""A cache of what kg compiles from its data files, so that start-up does not redo it.

Reading the bundled actor catalog means parsing ``ontology/actors.ttl`` with rdflib, a
quarter of a second on every ``kg build``; the entity ruler's ~3,450 catalog phrases took a
third of a second to tokenize; the relation signatures (``ontology/kg.ttl``) and the lexicon
(TOML) cost a little more. Each result is pickled into the user cache
directory (``$XDG_CACHE_HOME/kg``, by default ``~/.cache/kg``; ``KG_CACHE_DIR`` overrides
it) under a key made of the hashes of the data files it was compiled from (and of the
module that compiles it), kg's version and Python's version, plus whatever else it depends
on (``extra``: the ruler's key holds the catalog's names, spaCy's version and the model's
tokenizer rules). A changed data file gives a new key, so the cache rebuilds itself;
an unreadable, corrupt or stale entry is rebuilt too, and a cache directory that cannot be
written only costs the time the cache would have saved (nothing fails).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TypeVar

from kg import __version__

T = TypeVar("T")
CACHE_ENV = "KG_CACHE_DIR"
# bump when the layout of a cached object changes without any data file changing
FORMAT = 1


def cache_dir() -> Path:
    """Where kg keeps its cache: ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else
    ``~/.cache/kg``."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kg"


def cache_key(name: str, sources: Iterable[Traversable | Path], extra: bytes = b"") -> str:
    """A file name for ``name`` compiled from ``sources`` (and ``extra``, what else it was
    compiled from): changes when any of them does."""
    digest = hashlib.sha256(f"{name}\0{__version__}\0{sys.version_info[:2]}\0{FORMAT}".encode())
    for source in sources:
        digest.update(b"\0" + source.read_bytes())
    digest.update(b"\0" + extra)
    return f"{name}-{digest.hexdigest()[:32]}.pickle"


def cached(
    name: str,
    sources: Iterable[Traversable | Path],
    compile_: Callable[[], T],
    extra: bytes = b"",
) -> T:
    """``compile_()``, or what it returned last time for the same ``sources`` and ``extra``."""
    try:
        path = cache_dir() / cache_key(name, sources, extra)
    except OSError:  # a source cannot be read (e.g. a module shipped without its source)
        return compile_()
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # absent, unreadable, truncated or from an incompatible kg: rebuild
        pass
    value = compile_()
    _store(path, value)
    return value


def _store(path: Path, value: object) -> None:
    """Write the entry atomically (a reader never sees half a pickle); give up silently
    when the directory cannot be written, and drop older entries of the same name."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        prefix = path.name.rsplit("-", 1)[0] + "-"
        for old in path.parent.glob(prefix + "*.pickle"):
            if old != path and len(old.name) == len(path.name):
                old.unlink(missing_ok=True)
    except OSError:
        pass
