"""One set of build options, chosen by the command line and passed down."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build.options import BuildOptions, build_options
from kg.cli import build as build_command
from kg.cli import make_parser
from kg.errors import StoreError

PACKAGE = Path(__file__).resolve().parent.parent / "kg"


def test_keywords_change_single_fields_and_a_typo_fails_loudly() -> None:
    chosen = build_options(BuildOptions(workers=2), {"task_size": 4})
    assert (chosen.workers, chosen.task_size, chosen.spacy_batch) == (2, 4, 32)
    assert build_options(None, {}) == BuildOptions()
    with pytest.raises(TypeError, match="batch_size"):
        build_options(None, {"batch_size": 8})


def test_the_command_line_sets_the_three_sizes_from_batch_size() -> None:
    args = make_parser().parse_args(["build", "--batch-size", "8", "--store", "kgdb"])
    chosen = build_command.options(args)
    assert (chosen.spacy_batch, chosen.task_size, chosen.flush_size) == (8, 8, 8)
    assert chosen.into_store and chosen.store == Path("kgdb")
    defaults = build_command.options(make_parser().parse_args(["build"]))
    assert defaults == BuildOptions(html=True, quiet=False)


def test_the_in_memory_build_refuses_a_store() -> None:
    from kg.build.pipeline import build

    with pytest.raises(StoreError, match="build_into_store"):
        build([], store="kgdb", output_dir=None)


def test_the_default_sizes_live_in_one_place() -> None:
    """No function below the options repeats a default size: they are passed down."""
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "options.py":
            continue
        text = path.read_text(encoding="utf-8")
        for name in ("batch_size", "spacy_batch", "task_size", "flush_size"):
            assert f"{name}: int = " not in text, f"{path}: a default {name}"
