"""The checks every query passes before it runs: text → a parsed, checked rdflib ``Query``.

:func:`prepare_query` refuses what must not run on a user's machine from a query file: updates
(``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR`` …), ``SERVICE`` (rdflib would send HTTP requests),
``FROM`` / ``FROM NAMED`` (rdflib would load URLs or files), and ``\\u`` escapes that would let
rdflib and Oxigraph read one text as two different queries. Ad-hoc queries may use the
prefixes of :data:`DEFAULT_PREFIXES` without declaring them. Nothing is evaluated here.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Identifier

from kg.catalog.vocab import (
    KGO_IRI,
    KGR_IRI,
    PLOVER_IRI,
    WD_IRI,
)
from kg.errors import Errors, QueryError

if TYPE_CHECKING:  # rdflib's SPARQL parser is imported when a query is first checked
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.plugins.sparql.sparql import Query

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
_QUERY_FORMS = frozenset({"SelectQuery", "AskQuery", "ConstructQuery", "DescribeQuery"})
_UPDATE_KEYWORDS = frozenset(
    {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"}
)
# The first keyword after comments and PREFIX / BASE declarations.
_FIRST_KEYWORD = re.compile(
    r"\A(?:\s+|#[^\n]*(?:\n|\Z)|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*([A-Za-z]+)",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- safety


def prepare_query(text: str) -> Query:
    """Parse and check a query; refuse anything but a read-only, local query.

    Raises :class:`QueryError` ``E203`` for a syntax error and ``E204`` for an update,
    ``SERVICE`` or ``FROM`` / ``FROM NAMED``. Nothing is evaluated.
    """
    if not re.sub(r"(?m)^\s*#.*$", "", text).strip():
        raise Errors.E203_empty()
    _check_escapes(text)
    first = _FIRST_KEYWORD.match(text)
    if first and first.group(1).lower() in _UPDATE_KEYWORDS:
        raise _refuse_update(first.group(1).upper())
    with _PARSER_LOCK:
        _skip_unbound_in_distinct_aggregates()  # before rdflib evaluates anything
        return _parse_and_check(text)


#: what a store's result is, by the query's form
_RESULT_KINDS = {"SelectQuery": "select", "AskQuery": "ask"}
# texts that passed the checks in this process, and the kind of their result
_KINDS: dict[str, str] = {}


def query_kind(text: str, *, cache_as: str | None = None) -> str:
    """Check a query as :func:`prepare_query` does and say what it gives: ``select``,
    ``ask`` or ``graph`` (CONSTRUCT, DESCRIBE). For a store, which needs no rdflib algebra.

    rdflib's parser takes a tenth of a second for a named query, the most of a ``kg query``
    after start-up: a text's verdict is remembered for the process, and with ``cache_as``
    (a query read from a file) also in kg's cache (:mod:`kg.cache`), keyed by the text,
    this module and rdflib's version, so a changed query or checker is checked again.
    """
    kind = _KINDS.get(text)
    if kind is None:

        def check() -> str:
            return _RESULT_KINDS.get(prepare_query(text).algebra.name, "graph")

        if cache_as is None:
            kind = check()
        else:
            import rdflib

            from kg.cache import cached

            extra = f"{rdflib.__version__}\0{text}".encode()
            kind = cached(cache_as, [Path(__file__)], check, extra=extra)
        if len(_KINDS) >= 256:
            _KINDS.clear()
        _KINDS[text] = kind
    return kind


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


def _parse_and_check(text: str) -> Query:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql import parser as sparql_parser
    from rdflib.plugins.sparql.algebra import translateQuery

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
        raise Errors.E203_invalid(message=message) from None
    _check_tree(prepared.algebra)
    if prepared.algebra.name == "SelectQuery" and not dict.get(tree[1], "projection"):
        _order_star_variables(prepared.algebra, text)
    if prepared.algebra.name not in _QUERY_FORMS:
        raise Errors.E204_not_a_query_form()
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
            raise Errors.E204_escape_outside_string(escape=escape.group())
        try:
            decoded = {chr(int(digits, 16)), chr(int(digits[:4], 16))}
        except (ValueError, OverflowError):
            raise Errors.E203_not_a_character(escape=escape.group()) from None
        if decoded & _BOUNDARY_CHARACTERS:
            raise Errors.E204_escape_ends_string(escape=escape.group())


def _too_deep() -> QueryError:
    return Errors.E203_too_deep()


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
    return Errors.E204_update(operation=operation)


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
    return Errors.E203_syntax_error(line=line, column=column, message=message, near=near)


def _walk(root: object) -> Iterator[CompValue]:
    """Every :class:`CompValue` in a parse tree or algebra, depth first."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

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
            raise Errors.E204_service(shown=shown)
        if dict.get(node, "datasetClause"):
            raise Errors.E204_from()
