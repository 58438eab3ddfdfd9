"""Stage 8: SPARQL over the graph — named queries, safe execution, result formats.

Named queries are the ``*.rq`` files of the bundled ``queries/`` folder (see
:mod:`kg.resources`). Each starts with a comment header that documents it and declares its
parameters::

    # title: Allies of an actor
    # description: Actors stated to be allied with the given actor, …
    #   (a comment line indented by two or more spaces continues the previous entry)
    # param: actor (actor, required) — the actor; any label or alias
    # param: modality (modality, default asserted) — asserted, hypothetical, negated or any
    # top: 10 unless actor   (optional: without ?actor, a terminal table shows 10 rows)
    PREFIX kgo: <https://w3id.org/kg-news/ontology#>
    SELECT …

A parameter ``NAME`` is the query variable ``?NAME``. Values are *bound*, never pasted into
the query text: :func:`run_query` converts each value to an RDF term (an actor label to its
IRI, ``asserted`` to ``kgo:Asserted``, …) and hands it to rdflib as ``initBindings``. An
optional parameter without a default (and the value ``any`` for a modality or relation)
leaves its variable unbound, so the query matches every value.

Before anything runs, :func:`prepare_query` refuses what must not run on a user's machine
from a query file: updates (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR`` …), ``SERVICE``
(rdflib would send HTTP requests) and ``FROM`` / ``FROM NAMED`` (rdflib would load URLs or
files). Ad-hoc queries may use the prefixes of :data:`DEFAULT_PREFIXES` without declaring
them.

Error codes (all :class:`~kg.errors.QueryError`):

======  ===============================================================================
E201    unknown named query, or no such ``.rq`` file
E202    bad parameter: unknown name, missing required value, invalid value
E203    SPARQL syntax error (with line and column) or unknown prefix
E204    refused: update, ``SERVICE``, ``FROM`` / ``FROM NAMED``, not a query form
E205    timeout
E206    actor not found, or ambiguous
E207    malformed query header, or unreadable query file
E208    the query failed while running
E209    unknown output format
E210    pandas is not installed (:func:`query_dataframe`)
======  ===============================================================================
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import difflib
import io
import itertools
import json
import re
import sys
import threading
import traceback
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

from pyparsing import ParseBaseException, ParseResults
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.plugins.sparql import parser as sparql_parser
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Identifier, Node

from kg.catalog.vocab import (
    ACTOR_CLASSES,
    KGO,
    KGO_IRI,
    KGR_IRI,
    MODALITIES,
    PLOVER_IRI,
    RELATIONS,
    WD_IRI,
    modality_iri,
    plover_iri,
    relation_iri,
)
from kg.errors import KgError, QueryError
from kg.resources import data_path

__all__ = [
    "DEFAULT_PREFIXES",
    "FORMATS",
    "LIST_FORMATS",
    "PARAMETER_KINDS",
    "NamedQuery",
    "QueryParameter",
    "QueryResult",
    "bind_parameters",
    "brief_rows",
    "format_query_list",
    "format_result",
    "list_queries",
    "load_query",
    "parse_query_text",
    "prepare_query",
    "queries_dir",
    "query_dataframe",
    "resolve_actor",
    "run_query",
    "short_value",
]

E_UNKNOWN_QUERY = "E201"
E_PARAMETER = "E202"
E_SYNTAX = "E203"
E_REFUSED = "E204"
E_TIMEOUT = "E205"
E_ACTOR = "E206"
E_HEADER = "E207"
E_FAILED = "E208"
E_FORMAT = "E209"
E_PANDAS = "E210"

PARAMETER_KINDS: tuple[str, ...] = (
    "actor",
    "modality",
    "relation",
    "event",
    "date",
    "string",
    "integer",
)
FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json", "ndjson")
LIST_FORMATS: tuple[str, ...] = ("table", "json")

#: Prefixes an ad-hoc query may use without a PREFIX line (also used to shorten IRIs in
#: the ``table`` format). Named queries declare theirs, so they run unchanged elsewhere.
DEFAULT_PREFIXES: dict[str, str] = {
    "kgo": KGO_IRI,
    "kgr": KGR_IRI,
    "wd": WD_IRI,
    "plover": PLOVER_IRI,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "skos": str(SKOS),
    "xsd": str(XSD),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
}

_ANY = frozenset({"any", "all", "*"})
_QUERY_FORMS = frozenset({"SelectQuery", "AskQuery", "ConstructQuery", "DescribeQuery"})
_UPDATE_KEYWORDS = frozenset(
    {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"}
)
# The first keyword after comments and PREFIX / BASE declarations.
_FIRST_KEYWORD = re.compile(
    r"\A(?:\s+|#[^\n]*(?:\n|\Z)|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*([A-Za-z]+)",
    re.IGNORECASE,
)
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def _skip_unbound_in_distinct_aggregates() -> None:
    """Make rdflib's ``GROUP_CONCAT(DISTINCT ?x)`` (and ``SUM``/``AVG`` ``DISTINCT``) skip
    rows where ``?x`` is unbound, as SPARQL 1.1 says and Oxigraph does.

    rdflib 7's distinct check evaluates the expression before the aggregate's own
    "skip UNDEF" handling, so an ``OPTIONAL`` variable that is unbound in some row fails the
    whole query with ``NotBoundError`` (E208). ``COUNT`` has its own, correct check.
    """
    from rdflib.plugins.sparql.aggregates import Accumulator
    from rdflib.plugins.sparql.evalutils import _eval
    from rdflib.plugins.sparql.sparql import NotBoundError

    if getattr(Accumulator.use_row, "_kg_skips_unbound", False):
        return

    def use_row(self: Any, row: Any) -> bool:
        try:
            value = _eval(self.expr, row)
        except NotBoundError:
            return False  # an unbound value is left out of the aggregate
        return not isinstance(value, NotBoundError) and value not in self.seen

    use_row._kg_skips_unbound = True  # type: ignore[attr-defined]
    Accumulator.use_row = use_row  # type: ignore[method-assign]


_skip_unbound_in_distinct_aggregates()


# --------------------------------------------------------------------------- data classes


@dataclass(frozen=True)
class QueryParameter:
    """One ``# param:`` line of a query header."""

    name: str
    kind: str  # one of PARAMETER_KINDS
    required: bool
    default: str | None
    description: str


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


@dataclass
class QueryResult:
    """A materialised result: rows for SELECT, a boolean for ASK, a graph otherwise."""

    kind: str  # "select" | "ask" | "graph"
    variables: list[str]
    rows: list[tuple[Node | None, ...]]
    boolean: bool | None = None
    graph: Graph | None = None

    def __len__(self) -> int:
        if self.kind == "graph" and self.graph is not None:
            return len(self.graph)
        return len(self.rows)


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
        if not path.is_file() and _NAME.fullmatch(stem) and (queries_dir() / spec).is_file():
            return _from_file(queries_dir() / spec, stem)  # "allies-of.rq": the named query
        if not path.is_file():
            raise QueryError(
                E_UNKNOWN_QUERY,
                f"no query file '{spec}'; give an existing .rq file, '-' for standard input "
                "or a named query (list them with `kg query --list`)",
            )
        return _from_file(path, path.stem)
    entry = queries_dir() / f"{spec}.rq"
    if not _NAME.fullmatch(spec) or not entry.is_file():
        names = [q.name for q in list_queries()]
        close = difflib.get_close_matches(spec, names, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        available = ", ".join(names) if names else "none (the queries folder is missing)"
        raise QueryError(E_UNKNOWN_QUERY, f"unknown query '{spec}'.{hint} Available: {available}")
    return _from_file(entry, spec)


def _from_file(entry: Traversable | Path, name: str) -> NamedQuery:
    try:
        text = entry.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(E_HEADER, f"cannot read query file {entry}: {exc}") from None
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
            raise QueryError(
                E_HEADER, f"{where}, line {number}: parameter '{parameter.name}' declared twice"
            )
        if not re.search(rf"[?$]{re.escape(parameter.name)}\b", text):
            raise QueryError(
                E_HEADER,
                f"{where}, line {number}: parameter '{parameter.name}' is not used: the query "
                f"has no variable ?{parameter.name}",
            )
        parameters.append(parameter)
    top = None
    for key, value, number in entries:
        if key != "top":
            continue
        match = _TOP.fullmatch(value)
        if not match or not any(p.name == match.group("parameter") for p in parameters):
            raise QueryError(
                E_HEADER,
                f"{where}, line {number}: malformed top '{value}'; expected '# top: N unless "
                "PARAM' naming a declared parameter",
            )
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
        raise QueryError(
            E_HEADER,
            f"{where}: malformed parameter '{value}'; expected "
            "'# param: NAME (KIND[, required | , default VALUE]) — DESCRIPTION'",
        )
    kind = match.group("kind").lower()
    if kind not in PARAMETER_KINDS:
        raise QueryError(
            E_HEADER,
            f"{where}: unknown parameter kind '{kind}'; use one of {', '.join(PARAMETER_KINDS)}",
        )
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
            _convert_value(kind, parameter.name, default)
        except QueryError as exc:
            raise QueryError(E_HEADER, f"{where}: bad default: {exc.message}") from None
    return parameter


# --------------------------------------------------------------------------- safety


def prepare_query(text: str) -> Query:
    """Parse and check a query; refuse anything but a read-only, local query.

    Raises :class:`QueryError` ``E203`` for a syntax error and ``E204`` for an update,
    ``SERVICE`` or ``FROM`` / ``FROM NAMED``. Nothing is evaluated.
    """
    if not re.sub(r"(?m)^\s*#.*$", "", text).strip():
        raise QueryError(E_SYNTAX, "the query is empty: write a SELECT, ASK, CONSTRUCT or DESCRIBE")
    _check_escapes(text)
    first = _FIRST_KEYWORD.match(text)
    if first and first.group(1).lower() in _UPDATE_KEYWORDS:
        raise _refuse_update(first.group(1).upper())
    with _PARSER_LOCK:
        return _parse_and_check(text)


def _parse_and_check(text: str) -> Query:
    try:
        tree = sparql_parser.parseQuery(text)
    except RecursionError:
        raise _too_deep() from None
    except ParseBaseException as exc:
        try:
            update = sparql_parser.parseUpdate(text)
        except Exception:  # not an update either: report the query syntax error
            pass
        else:
            requests = dict.get(update, "request") or []
            if requests:
                raise _refuse_update(_words(requests[0].name)) from None
        raise _syntax_error(exc) from None
    _check_tree(tree)
    try:
        prepared = translateQuery(tree, initNs=DEFAULT_PREFIXES)
    except RecursionError:
        raise _too_deep() from None
    except ParseBaseException as exc:
        raise _syntax_error(exc) from None
    except Exception as exc:  # rdflib raises plain Exception for an unknown prefix
        message = str(exc)
        unknown = re.match(r"Unknown namespace prefix\s*:\s*(\S+)", message)
        if unknown:
            prefix = unknown.group(1)
            message = f"unknown prefix '{prefix}:'; declare it: PREFIX {prefix}: <…>"
        raise QueryError(E_SYNTAX, f"invalid query: {message}") from None
    _check_tree(prepared.algebra)
    if prepared.algebra.name == "SelectQuery" and not dict.get(tree[1], "projection"):
        _order_star_variables(prepared.algebra, text)
    if prepared.algebra.name not in _QUERY_FORMS:
        raise QueryError(E_REFUSED, "only SELECT, ASK, CONSTRUCT and DESCRIBE queries can be run")
    return prepared


# What the two engines agree on. rdflib decodes every \uXXXX / \UXXXXXXXX escape in the
# whole text before parsing (as the SPARQL grammar says), Oxigraph only inside string
# literals: an escaped quote inside a string ends the string for rdflib but not for Oxigraph,
# so text rdflib checks as a harmless string could be a SERVICE call for Oxigraph. Refusing
# escapes outside strings, and escapes inside strings that decode to a quote, a backslash or
# a line break, leaves one reading of the query for both.
_ESCAPE = re.compile(r"\\u([0-9a-f]{4}(?:[0-9a-f]{4})?)", re.IGNORECASE)  # rdflib's pattern
_LEXEME = re.compile(
    r"""
    (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<comment>\#[^\n\r]*)
  | (?P<other>[^"'<\#]+|.)
    """,
    re.VERBOSE | re.DOTALL,
)
# rdflib's SPARQL grammar (pyparsing) keeps parse state in shared objects: two threads
# parsing at once fail with TypeErrors (20 of 20 threads started together, measured)
_PARSER_LOCK = threading.Lock()
_BOUNDARY_CHARACTERS = frozenset("\"'\\\n\r")


def _check_escapes(text: str) -> None:
    """Refuse ``\\u`` / ``\\U`` escapes that rdflib and Oxigraph would read differently (E204)."""
    if "\\" not in text:
        return
    strings = [match.span() for match in _LEXEME.finditer(text) if match.lastgroup == "string"]
    for escape in _ESCAPE.finditer(text):
        inside = any(start < escape.start() and escape.end() < end for start, end in strings)
        digits = escape.group(1)
        if not inside:
            raise QueryError(
                E_REFUSED,
                f"the escape '{escape.group()}' is outside a string literal; kg refuses "
                "\\u and \\U escapes in keywords, names, IRIs and comments (its safety check "
                "and the query engine would read them differently): write the character itself",
            )
        try:
            decoded = {chr(int(digits, 16)), chr(int(digits[:4], 16))}
        except (ValueError, OverflowError):
            raise QueryError(
                E_SYNTAX, f"the escape '{escape.group()}' is not a Unicode character"
            ) from None
        if decoded & _BOUNDARY_CHARACTERS:
            raise QueryError(
                E_REFUSED,
                f"the escape '{escape.group()}' in a string literal stands for a quote, a "
                "backslash or a line break, which could end the string for one engine and "
                "not the other; write \\\", \\', \\\\ or \\n instead",
            )


def _too_deep() -> QueryError:
    return QueryError(
        E_SYNTAX,
        "the query is nested too deeply to parse (thousands of brackets or groups); "
        "write it with less nesting",
    )


def _order_star_variables(algebra: CompValue, text: str) -> None:
    """``SELECT *``: columns in order of first mention, not rdflib's set order."""
    variables = dict.get(algebra, "PV")
    if not isinstance(variables, list):
        return

    def first_mention(variable: object) -> tuple[int, str]:
        found = re.search(rf"[?$]{re.escape(str(variable))}\b", text)
        return (found.start() if found else len(text), str(variable))

    variables.sort(key=first_mention)  # the Project node shares this list


def _refuse_update(operation: str) -> QueryError:
    return QueryError(
        E_REFUSED,
        f"{operation} is an update; kg runs read-only queries only "
        "(SELECT, ASK, CONSTRUCT, DESCRIBE) and never changes the graph",
    )


def _words(name: str) -> str:
    """``InsertData`` → ``INSERT DATA``."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).upper()


def _syntax_error(exc: ParseBaseException) -> QueryError:
    line, column = exc.lineno, exc.col
    message = exc.msg or "invalid syntax"
    if message == "Expected end of text":
        message = "unexpected text after the end of the query"
    elif message.startswith("Expected {SelectQuery | ConstructQuery"):
        message = "expected a SELECT, CONSTRUCT, DESCRIBE or ASK query"
    elif re.fullmatch(r"Expected \{?[A-Z][A-Za-z]+(?: \| [A-Z][A-Za-z]+)*\}?", message):
        message = "cannot parse the query from here"  # pyparsing names a grammar rule
    found = exc.line[max(column - 1, 0) :].strip()
    near = f" (at {found[:40]!r})" if found else " (at the end of the line)"
    return QueryError(E_SYNTAX, f"syntax error at line {line}, column {column}: {message}{near}")


def _walk(root: object) -> Iterator[CompValue]:
    """Every :class:`CompValue` in a parse tree or algebra, depth first."""
    stack: list[object] = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, ParseResults | list | tuple):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())


def _check_tree(root: object) -> None:
    for node in _walk(root):
        if node.name == "ServiceGraphPattern":
            endpoint = dict.get(node, "term")
            shown = endpoint.n3() if isinstance(endpoint, Identifier) else str(endpoint)
            raise QueryError(
                E_REFUSED,
                f"SERVICE {shown} is not allowed: kg queries only the local "
                "graph and never contacts other endpoints; remove the SERVICE block",
            )
        if dict.get(node, "datasetClause"):
            raise QueryError(
                E_REFUSED,
                "FROM / FROM NAMED is not allowed: kg queries the graph it loaded and never "
                "reads other files or URLs; remove the FROM clause",
            )


# --------------------------------------------------------------------------- parameters


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").casefold()
    text = " ".join(text.split())
    return text[4:] if text.startswith("the ") else text


def _actor_classes() -> list[URIRef]:
    return [KGO.Actor, *(KGO[name] for name in ACTOR_CLASSES)]


def _describe(graph: Graph, node: URIRef) -> str:
    label = graph.value(node, RDFS.label)
    return f"{_shorten(node)} ({label})" if label is not None else _shorten(node)


def resolve_actor(graph: Graph, text: str) -> URIRef:
    """The actor a label, alias or IRI names.

    Matches ``rdfs:label`` first, then ``skos:altLabel``, case-insensitively, ignoring
    extra whitespace and a leading "the". Accepts a full IRI (``https://…`` or ``<…>``), a
    prefixed name (``kgr:actor-isis``, ``wd:Q2429253`` via ``owl:sameAs``). Places are
    matched too, after actors (so ``evidence-for`` works for ``controls`` claims).
    Raises :class:`QueryError` ``E206`` when nothing or several actors match.
    """
    raw = text.strip()
    if not raw:
        raise QueryError(E_ACTOR, "empty actor name; give a label, an alias or an IRI")
    iri = _as_iri(raw)
    if iri is not None:
        return _resolve_iri(graph, raw, iri)
    wanted = _normalise(raw)
    actors: set[Node] = set()
    for cls in _actor_classes():
        actors.update(graph.subjects(RDF.type, cls))
    places: set[Node] = set(graph.subjects(RDF.type, KGO.Place))
    tiers: list[tuple[set[Node], URIRef]] = [
        (actors, RDFS.label),
        (actors, SKOS.altLabel),
        (places - actors, RDFS.label),
        (places - actors, SKOS.altLabel),
    ]
    for pool, predicate in tiers:
        found = sorted(
            {
                s
                for s, label in graph.subject_objects(predicate)
                if s in pool and isinstance(s, URIRef) and _normalise(str(label)) == wanted
            }
        )
        if len(found) == 1:
            return found[0]
        if found:
            listed = ", ".join(_describe(graph, node) for node in found[:10])
            raise QueryError(
                E_ACTOR,
                f"'{raw}' is ambiguous: it names {len(found)} actors: {listed}. "
                "Use the full label or the IRI",
            )
    labels: dict[str, str] = {}
    for pool, predicate in tiers:
        for s, label in graph.subject_objects(predicate):
            if s in pool:
                labels.setdefault(_normalise(str(label)), str(label))
    if not labels:
        raise QueryError(E_ACTOR, f"no actor called '{raw}': the graph has no labelled actors")
    close = difflib.get_close_matches(wanted, sorted(labels), n=5, cutoff=0.6)
    hint = f" Closest: {', '.join(labels[key] for key in close)}" if close else ""
    raise QueryError(E_ACTOR, f"no actor called '{raw}' in the graph.{hint}")


def _as_iri(text: str) -> URIRef | None:
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1].strip())
    if re.match(r"(?:https?|urn|file):\S+\Z", text):
        return URIRef(text)
    prefixed = re.fullmatch(r"(kgr|kgo|wd):(\S+)", text)
    if prefixed:
        return URIRef(DEFAULT_PREFIXES[prefixed.group(1)] + prefixed.group(2))
    return None


def _resolve_iri(graph: Graph, raw: str, iri: URIRef) -> URIRef:
    same = sorted({s for s in graph.subjects(OWL.sameAs, iri) if isinstance(s, URIRef)})
    if len(same) == 1:
        return same[0]
    if len(same) > 1:
        listed = ", ".join(_describe(graph, node) for node in same[:10])
        raise QueryError(E_ACTOR, f"'{raw}' is ambiguous: it is the same as {listed}")
    if (iri, None, None) in graph or (None, None, iri) in graph:
        return iri
    raise QueryError(E_ACTOR, f"no actor {_shorten(iri)} in the graph; check the IRI")


def _convert_value(kind: str, name: str, value: str) -> Identifier | None:
    """A parameter value as an RDF term (kinds other than ``actor``); None = unbound."""
    text = value.strip()
    if kind == "modality":
        key = _strip_kgo(text).lower()
        if key in _ANY:
            return None
        if key in MODALITIES:
            return modality_iri(key)
        raise _bad_value(name, value, "asserted, hypothetical, negated or any")
    if kind == "relation":
        key = re.sub(r"[\s_-]", "", _strip_kgo(text)).lower()
        if key in _ANY:
            return None
        by_key = {relation.lower(): relation for relation in RELATIONS}
        if key in by_key:
            return relation_iri(by_key[key])
        close = difflib.get_close_matches(key, list(by_key), n=1)
        hint = f" (did you mean {by_key[close[0]]}?)" if close else ""
        raise _bad_value(name, value, f"one of {', '.join(RELATIONS)} or any{hint}")
    if kind == "event":
        key = text.rsplit("/", 1)[-1].removeprefix("plover:").rstrip(">").upper()
        if key.lower() in _ANY:
            return None
        from kg.catalog.lexicon import load_lexicon

        types = sorted(load_lexicon().plover_relations)
        if key in types:
            return plover_iri(key)
        close = difflib.get_close_matches(key, types, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise _bad_value(name, value, f"a PLOVER event type ({', '.join(types)}) or any{hint}")
    if kind == "date":
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError
            date.fromisoformat(text)
        except ValueError:
            raise _bad_value(name, value, "an ISO date YYYY-MM-DD, e.g. 2014-06-10") from None
        return Literal(text, datatype=XSD.date)
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", text):
            raise _bad_value(name, value, "an integer")
        return Literal(int(text))
    if kind == "string":
        return Literal(value)
    raise QueryError(E_PARAMETER, f"parameter '{name}' has unknown kind '{kind}'")


def _strip_kgo(text: str) -> str:
    for prefix in ("kgo:", KGO_IRI, f"<{KGO_IRI}"):
        if text.startswith(prefix):
            return text[len(prefix) :].rstrip(">")
    return text


def _bad_value(name: str, value: str, expected: str) -> QueryError:
    return QueryError(
        E_PARAMETER, f"invalid value '{value}' for parameter '{name}': expected {expected}"
    )


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
            raise QueryError(
                E_PARAMETER,
                f"unknown parameter '{unknown[0]}' for query '{query.name}'; it takes: {allowed}",
            )
        raise QueryError(
            E_PARAMETER,
            f"query '{query.name}' takes no parameters (got '{unknown[0]}'); declare one "
            "in its header: # param: NAME (KIND) — DESCRIPTION",
        )
    bindings: dict[str, Identifier] = {}
    for parameter in query.parameters:
        value = params.get(parameter.name)
        raw = str(value) if value is not None else parameter.default
        if raw is None:
            if parameter.required:
                about = f" ({parameter.description})" if parameter.description else ""
                raise QueryError(
                    E_PARAMETER,
                    f"query '{query.name}' needs parameter '{parameter.name}'{about}; "
                    f"give it as {parameter.name}=VALUE",
                )
            continue
        if parameter.kind == "actor":
            term: Identifier | None = resolve_actor(graph, raw)
        else:
            term = _convert_value(parameter.kind, parameter.name, raw)
        if term is not None:
            bindings[parameter.name] = term
    return bindings


# --------------------------------------------------------------------------- running


def _as_named_query(query: NamedQuery | str) -> NamedQuery:
    if isinstance(query, NamedQuery):
        return query
    if _NAME.fullmatch(query.strip()):
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
    named = _as_named_query(query)
    prepared = prepare_query(named.text)
    bindings = bind_parameters(graph, named, params)

    def work() -> QueryResult:
        return _materialise(graph.query(prepared, initBindings=bindings), row_limit)

    return _with_timeout(work, timeout)


def _materialise(result: Result, row_limit: int | None = None) -> QueryResult:
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


def _release_memory() -> None:
    """Hand the memory a stopped query freed back to the system. glibc keeps what a thread
    frees in that thread's arena; without this, the server's RSS grew with every timed-out
    query (measured with benchmarks/load.py)."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _with_timeout(work: Callable[[], _T], timeout: float | None) -> _T:
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
        raise QueryError(
            E_TIMEOUT,
            f"the query did not finish within {timeout:g} seconds and was stopped; raise the "
            "limit with --timeout SECONDS (timeout= in Python) or make the query more selective",
        )
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
    failure = QueryError(E_FAILED, f"the query failed: {type(exc).__name__}: {exc}")
    failure.__cause__ = exc
    return failure


# --------------------------------------------------------------------------- formatting


_SHORTEN = sorted(DEFAULT_PREFIXES.items(), key=lambda item: -len(item[1]))


def _shorten(iri: Node) -> str:
    text = str(iri)
    for prefix, namespace in _SHORTEN:
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return f"<{text}>"


def _plain(term: Node | None) -> str:
    """The SPARQL CSV form: IRIs and literal values as is, blank nodes as ``_:id``."""
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


#: kg's own terms by the name an analyst knows them by: ``kgo:fights`` is "fights" and
#: ``kgo:Asserted`` "asserted", as ``kg export --format csv`` writes them.
_TERM_NAMES: dict[str, str] = {
    **{str(relation_iri(relation)): relation for relation in RELATIONS},
    **{str(modality_iri(modality)): modality for modality in MODALITIES},
    **{str(KGO[name]): name for name in (*ACTOR_CLASSES, "Actor", "Place")},
}


def short_value(term: Node | None) -> str:
    """A cell for analysts: relation, modality and class IRIs by their short names, literal
    text without leading or trailing blank lines, anything else as in SPARQL CSV.

    >>> short_value(KGO.fights), short_value(KGO.Negated), short_value(Literal("A war.\\n\\n"))
    ('fights', 'negated', 'A war.')
    """
    if isinstance(term, URIRef):
        return _TERM_NAMES.get(str(term), str(term))
    if isinstance(term, Literal) and isinstance(term.value, str | None):
        return str(term).strip()
    return _plain(term)


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )


def _ntriples(term: Node | None) -> str:
    """The SPARQL TSV form: an N-Triples term; empty for unbound."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = f'"{_escape(str(term))}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^<{term.datatype}>"
        return text
    return str(term)


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "literal", "value": str(term)}


def _cell(term: Node | None, width: int = 60) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = _TERM_NAMES.get(str(term)) or _shorten(term)
    elif isinstance(term, BNode):
        text = f"_:{term}"
    else:
        text = " ".join(str(term).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    rows = [list(row) for row in rows]
    if not rows:
        return "(no results)\n"
    widths = [max(len(header[i]), *(len(row[i]) for row in rows)) for i in range(len(header))]
    lines = [
        "  ".join(name.ljust(width) for name, width in zip(header, widths, strict=True)),
        "  ".join("-" * width for width in widths),
    ]
    for row in rows:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _bind_prefixes(graph: Graph) -> Graph:
    for prefix, namespace in DEFAULT_PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def _sorted_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted_json(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        items = [_sorted_json(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return value


def format_result(result: QueryResult, fmt: str, *, short_names: bool = True) -> str:
    """The result as text, ending with a newline.

    ``table``: fixed-width text for a terminal (relations, modalities and classes by their
    short names — ``fights``, ``asserted``, ``State`` —, other IRIs shortened to ``kgr:``,
    ``wd:`` … prefixed names, cells cut at 60 characters with "…", "(no results)" when
    empty). ``csv`` / ``tsv``: SPARQL 1.1 CSV (CRLF line ends, as RFC 4180 says) and TSV; in
    ``csv`` (and ``ndjson``) relations, modalities and classes are short names too and text
    is trimmed of blank lines (:func:`short_value`), unless ``short_names=False``, which
    gives the SPARQL 1.1 CSV values exactly (full IRIs), as the ``/sparql`` endpoint must.
    ``json``: SPARQL 1.1 Query Results JSON. ``ndjson``: one JSON object per row, each
    variable mapped to its plain value as a string (as in ``csv``; ``null`` when unbound),
    for ``jq`` and line-oriented tools. ASK gives ``true`` / ``false``, except in ``json``
    and ``ndjson`` (``{"boolean": true}``). CONSTRUCT / DESCRIBE give Turtle, except
    ``json`` which gives JSON-LD (expanded form, nodes sorted) and ``ndjson`` which gives
    one ``{"subject", "predicate", "object"}`` object per triple, sorted.
    """
    if fmt not in FORMATS:
        raise QueryError(E_FORMAT, f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}, indent=2) + "\n"
        if fmt == "ndjson":
            return json.dumps({"boolean": bool(result.boolean)}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if result.kind == "graph":
        graph = _bind_prefixes(result.graph if result.graph is not None else Graph())
        if fmt == "json":
            data = json.loads(graph.serialize(format="json-ld"))
            return json.dumps(_sorted_json(data), indent=2, ensure_ascii=False) + "\n"
        if fmt == "ndjson":
            triples = sorted(graph, key=lambda triple: tuple(_ntriples(t) for t in triple))
            return "".join(
                json.dumps(
                    {"subject": _plain(s), "predicate": _plain(p), "object": _plain(o)},
                    ensure_ascii=False,
                )
                + "\n"
                for s, p, o in triples
            )
        return graph.serialize(format="turtle")
    value = short_value if short_names else _plain
    if fmt == "ndjson":
        return "".join(
            json.dumps(
                {
                    name: None if term is None else value(term)
                    for name, term in zip(result.variables, row, strict=True)
                },
                ensure_ascii=False,
            )
            + "\n"
            for row in result.rows
        )
    if fmt == "json":
        bindings = [
            {
                name: _json_term(term)
                for name, term in zip(result.variables, row, strict=True)
                if term is not None
            }
            for row in result.rows
        ]
        document = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(result.variables)
        writer.writerows([value(term) for term in row] for row in result.rows)
        return buffer.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{name}" for name in result.variables)]
        lines += ["\t".join(_ntriples(term) for term in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    return _table(result.variables, ([_cell(term) for term in row] for row in result.rows))


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
        raise QueryError(
            E_PANDAS,
            "query_dataframe needs pandas, which is not installed; install it with "
            "'pip install pandas' (or use run_query and format_result without it)",
        ) from None
    result = run_query(graph, query, params, timeout=timeout)
    if result.kind == "ask":
        return pandas.DataFrame({"boolean": [bool(result.boolean)]})
    if result.kind == "graph":
        triples = sorted(
            result.graph if result.graph is not None else Graph(),
            key=lambda triple: tuple(_ntriples(t) for t in triple),
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
        raise QueryError(
            E_FORMAT, f"unknown list format '{fmt}'; use one of {', '.join(LIST_FORMATS)}"
        )
    rows = [
        [query.name, query.title, " ".join(_signature(p) for p in query.parameters)]
        for query in queries
    ]
    if not rows:
        return "(no queries)\n"
    return _table(["name", "title", "parameters"], rows)
