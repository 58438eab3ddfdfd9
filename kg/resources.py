"""Where kg's bundled data files live: the ontology and the named SPARQL queries.

A wheel packages the top-level ``ontology/`` and ``queries/`` folders as ``kg/_data/…``
(see ``[tool.hatch.build.targets.wheel.force-include]`` in ``pyproject.toml``); a source
checkout or an editable install has no ``kg/_data`` and reads the folders next to ``kg/``.
:func:`data_path` hides the difference::

    data_path("queries")                 # the folder of *.rq files
    data_path("ontology", "kg.ttl")      # one file

The result is a :class:`~importlib.resources.abc.Traversable`: use ``.iterdir()``,
``.read_text()``, ``.is_file()``; ``importlib.resources.as_file`` gives a real path when a
tool needs one.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

_PACKAGE = "kg"
_DATA = "_data"


def data_root() -> Traversable:
    """The folder holding ``ontology/`` and ``queries/``: ``kg/_data`` or the source tree."""
    packaged = files(_PACKAGE) / _DATA
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent


def data_path(*parts: str) -> Traversable:
    """A bundled data file or folder, e.g. ``data_path("queries")``.

    The path need not exist; check with ``.is_file()`` / ``.is_dir()``.
    """
    path = data_root()
    for part in parts:
        path = path / part
    return path
