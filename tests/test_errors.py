"""The error catalogue: every code kg raises is listed once in ``kg.errors.CATALOGUE``, every
message is a template of ``kg.errors.Errors`` raised by name, every listed code is raised
somewhere, and the README's error table says the same."""

from __future__ import annotations

import ast
import pickle
import re
import string
from pathlib import Path

import pytest

import kg
from kg import errors
from kg.cli import main
from kg.errors import CATALOGUE, Errors, KgError, Message

PACKAGE = Path(kg.__file__).resolve().parent
README = PACKAGE.parent / "README.md"
CODE = re.compile(r"E\d{3,4}")


def messages() -> dict[str, Message]:
    """Every message of the catalogue, by name."""
    return {name: value for name, value in vars(Errors).items() if isinstance(value, Message)}


def kg_modules() -> list[Path]:
    """The modules under kg/, the catalogue's own module left out."""
    own = Path(errors.__file__).resolve()
    return [path for path in sorted(PACKAGE.rglob("*.py")) if path != own]


def names_raised_in_kg() -> dict[str, list[str]]:
    """Message name → the modules under kg/ that use ``Errors.<name>``."""
    used: dict[str, list[str]] = {}
    for path in kg_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "Errors"
            ):
                used.setdefault(node.attr, []).append(str(path.relative_to(PACKAGE)))
    return used


def fields_of(template: str) -> dict[str, object]:
    """A value for each placeholder of a template: a number where a format spec asks."""
    return {
        field: 1 if spec else f"<{field}>"
        for _, field, spec, _ in string.Formatter().parse(template)
        if field is not None
    }


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


def test_every_message_has_a_catalogued_code_and_formats() -> None:
    for name, message in messages().items():
        assert message.code in CATALOGUE, name
        assert name == message.code or name.startswith(f"{message.code}_"), name
        assert issubclass(message.error, KgError), name
        fields = fields_of(message.template)
        error = message(**fields)
        assert type(error) is message.error and error.code == message.code, name
        assert error.message == message.template.format(**fields), name
        for field in fields:  # every placeholder is named, and needed
            with pytest.raises(KeyError):
                message(**{key: value for key, value in fields.items() if key != field})


def test_every_catalogued_code_has_a_message_and_every_message_is_raised() -> None:
    codes = {message.code for message in messages().values()}
    assert sorted(set(CATALOGUE) - codes) == [], "catalogued codes without a message"
    used = names_raised_in_kg()
    assert sorted(set(messages()) - set(used)) == [], "messages kg never raises"
    assert sorted(set(used) - set(messages())) == [], "Errors.<name> that is not catalogued"


def test_errors_are_raised_by_name_not_by_string_code() -> None:
    """No module but the catalogue makes an error from a code written out."""
    made_by_code = []
    for path in kg_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                first = node.args[0]
                by_code = (
                    isinstance(first, ast.Constant) and CODE.fullmatch(str(first.value))
                ) or (isinstance(first, ast.Name) and first.id.startswith("E_"))
                if name.endswith("Error") and by_code:
                    made_by_code.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert made_by_code == []


def test_an_error_made_by_name_crosses_process_boundaries_whole() -> None:
    error = pickle.loads(pickle.dumps(Errors.E001_no_such_path(path="/no/such")))
    assert type(error) is errors.InputError
    assert str(error) == "[E001] /no/such: no such file or folder"
    served = pickle.loads(pickle.dumps(Errors.E703_body_too_large(max_body_bytes=10, status=413)))
    assert type(served) is errors.ServeError and served.status == 413
    assert served.message == "the request body is over 10 bytes; send a shorter query"


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


def test_evaluation_and_serve_errors_are_catalogue_errors() -> None:
    assert issubclass(errors.ServeError, KgError) and issubclass(errors.EvaluationError, KgError)


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
    from kg.errors import InputError, ServeError

    error = pickle.loads(pickle.dumps(InputError("E002", "no readable documents")))
    assert type(error) is InputError and (error.code, error.message) == (
        "E002",
        "no readable documents",
    )
    served = pickle.loads(pickle.dumps(ServeError("E707", "cross-site", status=403)))
    assert served.status == 403 and str(served) == "[E707] cross-site"
