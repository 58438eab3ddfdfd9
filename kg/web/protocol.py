"""The SPARQL 1.1 Protocol of ``/sparql``: a request → the query text and its parameters
(:func:`sparql_request`), the result kind and ``Accept`` → a media type (:func:`negotiate`), a
result → the response body (:func:`render`), an error → a ``text/plain`` answer with its HTTP
status. ``GET ?query=``, ``POST`` a form with ``query=``, or ``POST``
the query itself as ``application/sparql-query``. The response format follows the
``Accept`` header, or a ``format=`` parameter that overrides it (a ``format=`` that does
not fit the kind of result, such as the ``format=xml`` SPARQLWrapper adds to every
request, leaves the choice to ``Accept``; ``xml``, ``json``, ``ttl``, ``nt`` are
understood for CONSTRUCT / DESCRIBE too):

==========================  ===================================  ===============
result                      media type                           ``format=``
==========================  ===================================  ===============
SELECT, ASK (default)       ``application/sparql-results+json``  ``json``
SELECT, ASK                 ``application/sparql-results+xml``   ``xml``
SELECT                      ``text/csv``                         ``csv``
SELECT                      ``text/tab-separated-values``        ``tsv``
CONSTRUCT, DESCRIBE (dflt)  ``text/turtle``                      ``turtle``
CONSTRUCT, DESCRIBE         ``application/n-triples``            ``ntriples``
CONSTRUCT, DESCRIBE         ``application/rdf+xml``              ``rdfxml``
CONSTRUCT, DESCRIBE         ``application/ld+json``              ``jsonld``
==========================  ===================================  ===============

The endpoint is read-only. What :func:`kg.sparql.safety.prepare_query` refuses (updates,
``SERVICE``, ``LOAD``, ``FROM`` / ``FROM NAMED``) is answered ``403`` before anything runs,
and so are an ``update=`` parameter, an ``application/sparql-update`` body and the dataset
parameters ``default-graph-uri`` / ``named-graph-uri`` (one graph is served). A syntax error
is ``400``, an unsupported ``Accept`` ``406``, a query over the time limit ``503``.

Each query may run ``timeout`` seconds. A result longer than ``max_rows`` rows (triples, for
CONSTRUCT / DESCRIBE) is cut to that many; every ``/sparql`` answer carries
``X-KG-Truncated: true`` or ``false``, and a SELECT answer in JSON also has a top-level
``"truncated": true`` / ``false`` beside ``head`` and ``results`` (clients that follow the
SPARQL JSON format ignore it). Errors are ``text/plain``: ``[E204] …`` with the code also in
``X-KG-Error``.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from starlette.requests import Request
from starlette.responses import PlainTextResponse

from kg.errors import Errors, KgError, ServeError
from kg.sparql import (
    DEFAULT_PREFIXES,
    NamedQuery,
    QueryResult,
    format_result,
)
from kg.sparql.formats import json_term

MAX_BODY_BYTES = 1_000_000
TRUNCATED_HEADER = "X-KG-Truncated"
ERROR_HEADER = "X-KG-Error"


# --------------------------------------------------------------------------- formats

_RESULT_FORMATS: dict[str, str] = {  # format= name → media type, for SELECT / ASK
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
_GRAPH_FORMATS: dict[str, str] = {  # format= name → media type, for CONSTRUCT / DESCRIBE
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
_ALIASES: dict[str, str] = {  # other media types clients send → ours
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "application/x-turtle": "text/turtle",
    "text/n3": "text/turtle",
    "text/plain": "application/n-triples",
    "application/json+ld": "application/ld+json",
}
_RDFLIB_FORMATS = {
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


def _accepted(header: str) -> list[str]:
    """Media ranges of an ``Accept`` header, best first (``q=0`` dropped)."""
    ranges: list[tuple[float, int, int, str]] = []
    for position, part in enumerate(header.split(",")):
        fields = [field.strip() for field in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        quality = 1.0
        for field in fields[1:]:
            key, _, value = field.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality <= 0:
            continue
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        ranges.append((-quality, -specificity, position, media))
    return [media for *_, media in sorted(ranges)]


_FORMAT_SYNONYMS: dict[str, dict[str, str]] = {  # more format= names clients send
    "results": {"srj": "json", "srx": "xml", "text/csv": "csv"},
    "graph": {
        "ttl": "turtle",
        "nt": "ntriples",
        "n-triples": "ntriples",
        "xml": "rdfxml",
        "rdf": "rdfxml",
        "json": "jsonld",
        "json-ld": "jsonld",
    },
}


def _format_parameter(kind: str, fmt: str) -> str | None:
    """The media type a ``format=`` value names for ``kind``; None: let Accept decide.

    A name that fits the other kind of result (``csv`` for CONSTRUCT, say, as SPARQLWrapper
    sends ``format=`` with whatever it asked for) defers to ``Accept``; an unknown one is E704.
    """
    group = "graph" if kind == "graph" else "results"
    offered = _GRAPH_FORMATS if group == "graph" else _RESULT_FORMATS
    name = fmt.strip().lower()
    if "/" in name:  # a media type
        media = _ALIASES.get(name, name)
        if media in offered.values():
            return media
    else:
        name = _FORMAT_SYNONYMS[group].get(name, name)
        if name in offered:
            return offered[name]
    known = {
        *_RESULT_FORMATS,
        *_GRAPH_FORMATS,
        *_FORMAT_SYNONYMS["results"],
        *_FORMAT_SYNONYMS["graph"],
        *_RESULT_FORMATS.values(),
        *_GRAPH_FORMATS.values(),
        *_ALIASES,
    }
    if fmt.strip().lower() in known:
        return None
    raise Errors.E704_unknown_format(
        fmt=fmt, formats=", ".join([*_RESULT_FORMATS, *_GRAPH_FORMATS])
    )


def negotiate(kind: str, accept: str | None, fmt: str | None = None) -> str:
    """The media type to answer a ``kind`` (``select``, ``ask`` or ``graph``) result with.

    >>> negotiate("select", "text/csv;q=0.5, application/sparql-results+json")
    'application/sparql-results+json'
    >>> negotiate("graph", "application/sparql-results+xml, application/rdf+xml")
    'application/rdf+xml'
    >>> negotiate("select", None)
    'application/sparql-results+json'
    """
    offered = _GRAPH_FORMATS if kind == "graph" else _RESULT_FORMATS
    if fmt:
        chosen = _format_parameter(kind, fmt)
        if chosen is not None:
            return chosen
    types = list(offered.values())
    if kind == "ask":
        types = types[:2]  # CSV and TSV define no boolean form
    if not accept or not accept.strip():
        return types[0]
    for media in _accepted(accept):
        if media == "*/*":
            return types[0]
        if media.endswith("/*"):
            major = media[: -len("*")]
            match = next((t for t in types if t.startswith(major)), None)
            if match:
                return match
            continue
        media = _ALIASES.get(media, media)
        if media in types:
            return media
    raise Errors.E704_not_acceptable(kind=kind.upper(), accept=accept, types=", ".join(types))


def _xml_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{xml_escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{xml_escape(str(term))}</bnode>"
    attributes = ""
    if isinstance(term, Literal):
        if term.language:
            attributes = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype is not None:
            attributes = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attributes}>{xml_escape(str(term))}</literal>"


def render(result: QueryResult, media: str, *, truncated: bool = False) -> bytes:
    """A result in one of the endpoint's media types."""
    if result.kind == "graph":
        graph = result.graph if result.graph is not None else Graph()
        if media == "text/turtle":
            return format_result(result, "table").encode("utf-8")  # Turtle, prefixes bound
        for prefix, namespace in DEFAULT_PREFIXES.items():
            graph.bind(prefix, namespace, override=True, replace=True)
        return graph.serialize(format=_RDFLIB_FORMATS[media], encoding="utf-8")
    if media == "application/sparql-results+json":
        if result.kind == "ask":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}).encode("utf-8")
        document = {
            "head": {"vars": result.variables},
            "results": {
                "bindings": [
                    {
                        name: json_term(term)
                        for name, term in zip(result.variables, row, strict=True)
                        if term is not None
                    }
                    for row in result.rows
                ]
            },
            "truncated": truncated,
        }
        return json.dumps(document, ensure_ascii=False).encode("utf-8")
    if media == "application/sparql-results+xml":
        parts = ['<?xml version="1.0" encoding="utf-8"?>\n']
        parts.append('<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>')
        parts += [f"<variable name={quoteattr(name)}/>" for name in result.variables]
        parts.append("</head>\n")
        if result.kind == "ask":
            parts.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>\n")
        else:
            parts.append("<results>\n")
            for row in result.rows:
                cells = "".join(
                    f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
                    for name, term in zip(result.variables, row, strict=True)
                    if term is not None
                )
                parts.append(f"<result>{cells}</result>\n")
            parts.append("</results>\n")
        parts.append("</sparql>\n")
        return "".join(parts).encode("utf-8")
    fmt = "csv" if media == "text/csv" else "tsv"
    # SPARQL clients read the standard CSV values (full IRIs), not kg's short names
    return format_result(result, fmt, short_names=False).encode("utf-8")


def cut_to(result: QueryResult, limit: int) -> bool:
    """Cut ``result`` to ``limit`` rows (or triples) in place; True when it was longer."""
    if result.kind == "select" and len(result.rows) > limit:
        result.rows = result.rows[:limit]
        return True
    if result.kind == "graph" and result.graph is not None and len(result.graph) > limit:
        kept = Graph()
        for triple in sorted(result.graph)[:limit]:
            kept.add(triple)
        result.graph = kept
        return True
    return False


# --------------------------------------------------------------------------- the app

_STATUS = {
    "E201": 404,
    "E202": 400,
    "E203": 400,
    "E204": 403,
    "E205": 503,
    "E206": 400,
    "E207": 500,
    "E208": 500,
    "E209": 406,
    "E703": 400,
    "E704": 406,
    "E705": 403,
    "E706": 403,
    "E707": 403,
}


def http_status(error: KgError) -> int:
    if isinstance(error, ServeError) and error.status is not None:
        return error.status
    return _STATUS.get(error.code, 500)


def error_response(error: KgError, status: int | None = None) -> PlainTextResponse:
    return PlainTextResponse(
        f"{error}\n", status_code=status or http_status(error), headers={ERROR_HEADER: error.code}
    )


def adhoc_query(text: str) -> NamedQuery:
    """The text as a query with no header: a ``# param:`` comment declares nothing here."""
    return NamedQuery("sparql", "SPARQL", "", (), text, None)


async def _read_body(request: Request) -> bytes:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise Errors.E703_body_too_large(max_body_bytes=MAX_BODY_BYTES, status=413)
    return bytes(body)


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise Errors.E703_body_not_utf8() from None


async def form_pairs(request: Request) -> list[tuple[str, str]]:
    """The parameters of a GET query string or a POSTed form, in order."""
    pairs = list(request.query_params.multi_items())
    if request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == "application/x-www-form-urlencoded":
            text = _decode(await _read_body(request))
            pairs += parse_qsl(text, keep_blank_values=True)
    return pairs


async def sparql_request(request: Request) -> tuple[str, dict[str, list[str]]]:
    """The query text and the other parameters of a SPARQL Protocol request."""
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    queries = params.pop("query", [])
    if request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == "application/x-www-form-urlencoded":
            for key, value in parse_qsl(_decode(await _read_body(request)), keep_blank_values=True):
                if key == "query":
                    queries.append(value)
                else:
                    params.setdefault(key, []).append(value)
        elif media == "application/sparql-query":
            queries.append(_decode(await _read_body(request)))
        elif media == "application/sparql-update":
            raise Errors.E705()
        else:
            raise Errors.E703_content_type(media=media or "(none)", status=415)
    if "update" in params:
        raise Errors.E705()
    dataset = [key for key in ("default-graph-uri", "named-graph-uri") if key in params]
    if dataset:
        raise Errors.E706(dataset=dataset[0])
    if not queries:
        raise Errors.E703_no_query()
    if len(queries) > 1:
        raise Errors.E703_two_queries()
    return queries[0], params
