"""The error catalogue: every code kg raises is listed once in ``kg.errors.CATALOGUE``, every
listed code is raised somewhere, and the README's error table says the same."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import kg
from kg import errors
from kg.cli import main
from kg.errors import CATALOGUE, KgError

PACKAGE = Path(kg.__file__).resolve().parent
README = PACKAGE.parent / "README.md"
CODE = re.compile(r"E\d{3,4}")


def code_literals(path: Path) -> set[str]:
    """Every string constant in a module that is an error code, e.g. ``"E204"``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and CODE.fullmatch(node.value)
    }


def codes_used_in_kg() -> dict[str, list[str]]:
    """Code → the modules under kg/ (the catalogue's own module left out) that name it."""
    used: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == Path(errors.__file__).resolve():
            continue
        for code in code_literals(path):
            used.setdefault(code, []).append(str(path.relative_to(PACKAGE)))
    return used


def readme_error_rows() -> list[tuple[str, str]]:
    """The ``(code, meaning)`` rows of the table in the README's "## Errors" section."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Errors\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(E\d{3,4})` \| (.*) \|$", section, flags=re.MULTILINE)
    return [(code, meaning) for code, meaning in rows]


def test_catalogue_codes_are_unique_and_well_formed() -> None:
    # a dict literal keeps the last of two equal keys silently, so read the source
    tree = ast.parse(Path(errors.__file__).read_text(encoding="utf-8"))
    (catalogue,) = (
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and node.target.id == "CATALOGUE"
    )
    assert isinstance(catalogue, ast.Dict)
    keys = [key.value for key in catalogue.keys if isinstance(key, ast.Constant)]
    assert len(keys) == len(catalogue.keys) == len(CATALOGUE)
    duplicates = sorted({code for code in keys if keys.count(code) > 1})
    assert not duplicates, f"codes listed twice: {duplicates}"
    malformed = [code for code in keys if not CODE.fullmatch(code)]
    assert not malformed
    empty = [code for code, meaning in CATALOGUE.items() if not meaning.strip()]
    assert not empty, f"codes without a meaning: {empty}"


def test_every_code_used_in_kg_is_catalogued() -> None:
    used = codes_used_in_kg()
    missing = {code: where for code, where in used.items() if code not in CATALOGUE}
    assert not missing, f"codes raised but not in kg.errors.CATALOGUE: {missing}"


def test_every_catalogued_code_is_used_in_kg() -> None:
    unused = sorted(set(CATALOGUE) - set(codes_used_in_kg()))
    assert not unused, f"catalogued codes that kg never raises: {unused}"


def test_the_readme_table_is_the_catalogue() -> None:
    rows = readme_error_rows()
    assert rows == list(CATALOGUE.items())
    assert errors.catalogue_table() in README.read_text(encoding="utf-8")


def test_an_unknown_code_is_refused() -> None:
    with pytest.raises(ValueError, match="E999"):
        KgError("E999", "a code nobody catalogued")
    with pytest.raises(ValueError, match="E0204"):
        errors.ServeError("E0204", "a mistyped code", status=400)


def test_a_catalogued_code_carries_its_message() -> None:
    error = errors.StoreError("E1002", "no store at kgdb")
    assert (error.code, error.message, str(error)) == (
        "E1002",
        "no store at kgdb",
        "[E1002] no store at kgdb",
    )
    served = errors.ServeError("E707", "refused", status=403)
    assert (served.code, served.status) == ("E707", 403)


def test_moved_errors_stay_importable_from_their_modules() -> None:
    from kg.errors import EvaluationError, ServeError

    assert EvaluationError is errors.EvaluationError
    assert ServeError is errors.ServeError
    assert issubclass(ServeError, KgError) and issubclass(EvaluationError, KgError)


def test_the_cli_reports_a_catalogued_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query"]) != 0
    line = capsys.readouterr().err.strip()
    assert line.startswith("kg query: error: [E200] ")
    assert "E200" in CATALOGUE


def test_an_evaluation_error_from_a_missing_gold_file(tmp_path: Path) -> None:
    from kg.evaluate import read_mention_gold

    with pytest.raises(errors.EvaluationError) as caught:
        read_mention_gold(tmp_path / "missing.jsonl")
    assert caught.value.code == "E901"


def test_errors_cross_process_boundaries_whole():
    import pickle

    from kg.errors import InputError, ServeError

    error = pickle.loads(pickle.dumps(InputError("E002", "no readable documents")))
    assert type(error) is InputError and (error.code, error.message) == (
        "E002",
        "no readable documents",
    )
    served = pickle.loads(pickle.dumps(ServeError("E707", "cross-site", status=403)))
    assert served.status == 403 and str(served) == "[E707] cross-site"
