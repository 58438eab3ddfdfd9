"""Named queries: the ``*.rq`` files of the bundled ``queries/`` folder (see
:mod:`kg.resources`), a ``.rq`` file or SPARQL text → a :class:`NamedQuery` (its text and
what its comment header says), and the listing ``kg query --list`` prints. Each file starts
with a header that documents it and declares its parameters::

    # title: Allies of an actor
    # description: Actors stated to be allied with the given actor, …
    #   (a comment line indented by two or more spaces continues the previous entry)
    # param: actor (actor, required) — the actor; any label or alias
    # param: modality (modality, default asserted) — asserted, hypothetical, negated or any
    # top: 10 unless actor   (optional: without ?actor, a terminal table shows 10 rows)
    PREFIX kgo: <https://w3id.org/kg-news/ontology#>
    SELECT …

A parameter ``NAME`` is the query variable ``?NAME`` (see :mod:`kg.sparql.parameters`).
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from kg.errors import Errors, QueryError
from kg.resources import data_path
from kg.sparql.formats import QueryResult, text_table
from kg.sparql.parameters import PARAMETER_KINDS, QueryParameter, convert_value

LIST_FORMATS: tuple[str, ...] = ("table", "json")
QUERY_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class NamedQuery:
    """A query and what its header says about it."""

    name: str
    title: str
    description: str
    parameters: tuple[QueryParameter, ...]
    text: str
    path: str | None  # where it was read from; None for stdin or a string
    #: ``# top: N unless PARAM``: without PARAM, the terminal table shows only the first N
    #: rows (the query orders the strongest first); CSV, JSON and the library get them all
    top: tuple[int, str] | None = None

    def parameter(self, name: str) -> QueryParameter | None:
        return next((p for p in self.parameters if p.name == name), None)


# --------------------------------------------------------------------------- loading


def queries_dir() -> Traversable:
    """The folder of bundled named queries (``kg/_data/queries`` or ``queries/``)."""
    return data_path("queries")


def list_queries() -> list[NamedQuery]:
    """Every bundled named query, sorted by name."""
    folder = queries_dir()
    if not folder.is_dir():
        return []
    entries = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".rq") and entry.is_file()),
        key=lambda entry: entry.name,
    )
    return [_from_file(entry, entry.name[: -len(".rq")]) for entry in entries]


def load_query(spec: str) -> NamedQuery:
    """A named query (``allies-of``), a ``.rq`` file path, or ``-`` for standard input."""
    spec = spec.strip()
    if spec == "-":
        return parse_query_text(sys.stdin.read(), name="-", path=None)
    if spec.endswith(".rq") or "/" in spec or "\\" in spec:
        path = Path(spec).expanduser()
        stem = spec[: -len(".rq")] if spec.endswith(".rq") else ""
        if not path.is_file() and QUERY_NAME.fullmatch(stem) and (queries_dir() / spec).is_file():
            return _from_file(queries_dir() / spec, stem)  # "allies-of.rq": the named query
        if not path.is_file():
            raise Errors.E201_no_query_file(spec=spec)
        return _from_file(path, path.stem)
    entry = queries_dir() / f"{spec}.rq"
    if not QUERY_NAME.fullmatch(spec) or not entry.is_file():
        names = [q.name for q in list_queries()]
        close = difflib.get_close_matches(spec, names, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        available = ", ".join(names) if names else "none (the queries folder is missing)"
        raise Errors.E201_unknown_query(spec=spec, hint=hint, available=available)
    return _from_file(entry, spec)


def _from_file(entry: Traversable | Path, name: str) -> NamedQuery:
    try:
        text = entry.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise Errors.E207_unreadable(entry=entry, reason=exc) from None
    return parse_query_text(text, name=name, path=str(entry))


_HEADER_ENTRY = re.compile(r"#\s*(title|description|param|top)\s*:\s*(.*?)\s*", re.IGNORECASE)
_TOP = re.compile(r"(?P<rows>[0-9]+)\s+unless\s+(?P<parameter>[A-Za-z_][A-Za-z0-9_]*)")
_CONTINUATION = re.compile(r"#\s{2,}(\S.*?)\s*")
_PARAM = re.compile(
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*"
    r"\(\s*(?P<kind>[A-Za-z]+)\s*"
    r"(?:,\s*(?:(?P<required>required)|default\s+(?P<default>[^)]*?)))?\s*\)"
    r"\s*(?:(?:—|–|--|-)\s*(?P<description>.*?))?\s*"
)


def parse_query_text(text: str, *, name: str = "query", path: str | None = None) -> NamedQuery:
    """A :class:`NamedQuery` from SPARQL text, reading its comment header (if any)."""
    entries: list[list[Any]] = []  # [key, text, line number]
    continuing = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continuing = False
            continue
        if not stripped.startswith("#"):
            break
        entry = _HEADER_ENTRY.fullmatch(stripped)
        if entry:
            entries.append([entry.group(1).lower(), entry.group(2), number])
            continuing = True
        elif continuing and entries and _CONTINUATION.fullmatch(line.rstrip()):
            more = _CONTINUATION.fullmatch(line.rstrip())
            assert more is not None
            entries[-1][1] = f"{entries[-1][1]} {more.group(1)}".strip()
        else:
            continuing = False
    title = next((value for key, value, _ in entries if key == "title"), "") or name
    description = next((value for key, value, _ in entries if key == "description"), "")
    where = path or name
    parameters: list[QueryParameter] = []
    for key, value, number in entries:
        if key != "param":
            continue
        parameter = _parse_parameter(value, f"{where}, line {number}")
        if any(p.name == parameter.name for p in parameters):
            raise Errors.E207_parameter_twice(where=where, number=number, parameter=parameter.name)
        if not re.search(rf"[?$]{re.escape(parameter.name)}\b", text):
            raise Errors.E207_parameter_unused(where=where, number=number, parameter=parameter.name)
        parameters.append(parameter)
    top = None
    for key, value, number in entries:
        if key != "top":
            continue
        match = _TOP.fullmatch(value)
        if not match or not any(p.name == match.group("parameter") for p in parameters):
            raise Errors.E207_malformed_top(where=where, number=number, value=value)
        top = (int(match.group("rows")), match.group("parameter"))
    return NamedQuery(name, title, description, tuple(parameters), text, path, top)


def brief_rows(
    query: NamedQuery, params: Mapping[str, str] | None, result: QueryResult
) -> tuple[QueryResult, int]:
    """The first rows a terminal table shows of ``result`` (see :attr:`NamedQuery.top`), and
    how many rows it had: an overview of a long whole-graph answer instead of every row."""
    total = len(result.rows)
    if query.top is None or result.kind != "select":
        return result, total
    rows, parameter = query.top
    if (params or {}).get(parameter, "").strip() or total <= rows:
        return result, total
    return QueryResult("select", result.variables, result.rows[:rows]), total


def _parse_parameter(value: str, where: str) -> QueryParameter:
    match = _PARAM.fullmatch(value)
    if not match:
        raise Errors.E207_malformed_parameter(where=where, value=value)
    kind = match.group("kind").lower()
    if kind not in PARAMETER_KINDS:
        raise Errors.E207_unknown_kind(where=where, kind=kind, kinds=", ".join(PARAMETER_KINDS))
    default = match.group("default")
    default = default.strip() if default is not None else None
    parameter = QueryParameter(
        name=match.group("name"),
        kind=kind,
        required=match.group("required") is not None,
        default=default,
        description=(match.group("description") or "").strip(),
    )
    if default is not None and kind != "actor":
        try:
            convert_value(kind, parameter.name, default)
        except QueryError as exc:
            raise Errors.E207_bad_default(where=where, reason=exc.message) from None
    return parameter


def _signature(parameter: QueryParameter) -> str:
    if parameter.required:
        return parameter.name
    if parameter.default is not None:
        return f"[{parameter.name}={parameter.default}]"
    return f"[{parameter.name}]"


def format_query_list(queries: Sequence[NamedQuery], fmt: str = "table") -> str:
    """The named queries for ``kg query --list``: a ``table`` or ``json``.

    ``json`` is an array of ``{"name", "title", "description", "parameters": [{"name",
    "kind", "required", "default", "description"}]}``. In the table, required parameters
    are bare, optional ones bracketed with their default: ``actor [modality=asserted]``.
    """
    if fmt == "json":
        listing = [
            {
                "name": query.name,
                "title": query.title,
                "description": query.description,
                "parameters": [
                    {
                        "name": parameter.name,
                        "kind": parameter.kind,
                        "required": parameter.required,
                        "default": parameter.default,
                        "description": parameter.description,
                    }
                    for parameter in query.parameters
                ],
            }
            for query in queries
        ]
        return json.dumps(listing, indent=2, ensure_ascii=False) + "\n"
    if fmt != "table":
        raise Errors.E209_unknown_list_format(fmt=fmt, formats=", ".join(LIST_FORMATS))
    rows = [
        [query.name, query.title, " ".join(_signature(p) for p in query.parameters)]
        for query in queries
    ]
    if not rows:
        return "(no queries)\n"
    return text_table(["name", "title", "parameters"], rows)
