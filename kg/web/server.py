"""``kg serve``: a local web app over one graph, with a read-only SPARQL endpoint.

Built on Starlette (the app) and uvicorn (the server). Pages:

``/``
    the interactive graph of the served data (:func:`kg.viz.graph_page.to_html`);
``/queries``
    the named queries, each a form with its parameters, and a box for your own SPARQL;
    results as an HTML table (every value escaped);
``/sparql``
    the SPARQL 1.1 Protocol: ``GET ?query=``, ``POST`` a form with ``query=``, or ``POST``
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

CORS headers are sent only when ``cors=True`` (``--cors``). While listening on a loopback
address, requests whose ``Host`` header names another host are refused (``421``), so a web
page cannot reach the server through DNS rebinding.

Error codes (:class:`ServeError`): ``E701`` cannot listen on the address; ``E702`` a setting
is out of range; ``E703`` a malformed request (no query, two queries, undecodable or too
large a body, unsupported content type); ``E704`` no acceptable response format; ``E705`` an
update sent to this read-only endpoint; ``E706`` dataset parameters refused; ``E707`` a
``POST`` from a page of another site (allowed with ``--cors``).

Every answer carries ``Content-Security-Policy`` (inline scripts and styles of the page
itself, nothing from elsewhere) and ``X-Content-Type-Options: nosniff``. A client has
:data:`HEADER_TIMEOUT` seconds to send a request's headers before the connection is closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import re
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.catalog.vocab import KGR_IRI, MODALITIES, RELATIONS
from kg.errors import KgError, QueryError, ServeError
from kg.sparql import (
    DEFAULT_PREFIXES,
    NamedQuery,
    QueryResult,
    format_result,
    list_queries,
    load_query,
    prepare_query,
    run_query,
    short_value,
)

if TYPE_CHECKING:  # kg.graph.knowledge_graph pulls in spaCy, which serving does not need
    from kg.graph.knowledge_graph import KnowledgeGraph
    from kg.store.backends import Store

__all__ = [
    "SETTINGS",
    "BackgroundServer",
    "ServeConfig",
    "ServeError",
    "Setting",
    "create_app",
    "listen",
    "run_server",
]

E_LISTEN = "E701"
E_SETTING = "E702"
E_REQUEST = "E703"
E_NOT_ACCEPTABLE = "E704"
E_UPDATE = "E705"
E_DATASET = "E706"
E_ORIGIN = "E707"

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 10_000
MAX_BODY_BYTES = 1_000_000
TRUNCATED_HEADER = "X-KG-Truncated"
ERROR_HEADER = "X-KG-Error"


@dataclass(frozen=True)
class Setting:
    """One ``kg serve`` option, as the README's settings table lists it."""

    name: str
    default: str
    description: str


#: Every ``kg serve`` option; the README documents each (a test checks).
SETTINGS: tuple[Setting, ...] = (
    Setting(
        "--graph",
        "out/graph.ttl",
        "the graph file to serve, as written by `kg build` (Turtle; also .nt, .jsonld, .rdf, "
        ".trig, .nq)",
    ),
    Setting(
        "--host",
        DEFAULT_HOST,
        "the address to listen on; loopback, so only this machine can connect. On a loopback "
        "address, requests for any other Host name are refused (DNS rebinding)",
    ),
    Setting("--port", str(DEFAULT_PORT), "the TCP port; 0 picks a free one"),
    Setting(
        "--timeout",
        f"{DEFAULT_TIMEOUT:g}",
        "seconds one query may run; a slower one is answered 503 (E205)",
    ),
    Setting(
        "--max-rows",
        str(DEFAULT_MAX_ROWS),
        "the most rows (triples for CONSTRUCT/DESCRIBE) one answer holds; a longer result is "
        f'cut, with `{TRUNCATED_HEADER}: true` and, in SELECT JSON, `"truncated": true`',
    ),
    Setting(
        "--cors",
        "off",
        "send CORS headers that let pages from any origin query /sparql (YASGUI and other "
        "browser tools); without it, a POST from another site's page is refused (E707)",
    ),
)


@dataclass(frozen=True)
class ServeConfig:
    """How the app answers: limits, CORS, and what the pages are called."""

    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    cors: bool = False
    title: str = "kg graph"
    loopback_only: bool = True  # refuse requests for non-loopback Host names

    def __post_init__(self) -> None:
        if not self.timeout > 0:
            raise ServeError(
                E_SETTING, f"--timeout must be more than 0 seconds, not {self.timeout}"
            )
        if self.max_rows < 1:
            raise ServeError(E_SETTING, f"--max-rows must be at least 1, not {self.max_rows}")


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
    raise ServeError(
        E_NOT_ACCEPTABLE,
        f"unknown format={fmt!r}; use one of {', '.join([*_RESULT_FORMATS, *_GRAPH_FORMATS])}",
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
    raise ServeError(
        E_NOT_ACCEPTABLE,
        f"cannot answer a {kind.upper()} query as {accept!r}; accept one of {', '.join(types)}",
    )


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal):
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
    return out


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
                        name: _json_term(term)
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


def _cut(result: QueryResult, limit: int) -> bool:
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
    E_REQUEST: 400,
    E_NOT_ACCEPTABLE: 406,
    E_UPDATE: 403,
    E_DATASET: 403,
    E_ORIGIN: 403,
}


def _status(error: KgError) -> int:
    if isinstance(error, ServeError) and error.status is not None:
        return error.status
    return _STATUS.get(error.code, 500)


def _error_response(error: KgError, status: int | None = None) -> PlainTextResponse:
    return PlainTextResponse(
        f"{error}\n", status_code=status or _status(error), headers={ERROR_HEADER: error.code}
    )


class _State:
    """What the handlers share: the graph, the limits and the pages made at start."""

    def __init__(
        self, graph: Graph, kg: KnowledgeGraph, config: ServeConfig, store: Store | None = None
    ) -> None:
        from kg.viz import graph_page as viz

        self.graph = graph
        self.store = store
        self.config = config
        self.queries = list_queries()
        self.names = sorted(
            {
                str(name)
                for _, attrs in kg.graph.nodes(data=True)
                for name in (attrs.get("label"), *(attrs.get("aliases") or ()))
                if name
            },
            key=lambda name: (name.casefold(), name),
        )
        self.graph_page = viz.to_html(kg, title=config.title, links=[("Queries", "queries")])

    def run(
        self, query: NamedQuery, params: Mapping[str, str] | None = None
    ) -> tuple[QueryResult, bool]:
        limit = self.config.max_rows + 1  # one more than is shown: tells that it was cut
        if self.store is not None:
            from kg.store.backends import run_store_query

            result = run_store_query(
                self.store, query, params, timeout=self.config.timeout, row_limit=limit
            )
        else:
            result = run_query(
                self.graph, query, params, timeout=self.config.timeout, row_limit=limit
            )
        return result, _cut(result, self.config.max_rows)


def _adhoc(text: str) -> NamedQuery:
    """The text as a query with no header: a ``# param:`` comment declares nothing here."""
    return NamedQuery("sparql", "SPARQL", "", (), text, None)


async def _read_body(request: Request) -> bytes:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise ServeError(
                E_REQUEST,
                f"the request body is over {MAX_BODY_BYTES:,} bytes; send a shorter query",
                status=413,
            )
    return bytes(body)


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ServeError(E_REQUEST, "the request body is not UTF-8") from None


async def _form(request: Request) -> list[tuple[str, str]]:
    """The parameters of a GET query string or a POSTed form, in order."""
    pairs = list(request.query_params.multi_items())
    if request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == "application/x-www-form-urlencoded":
            text = _decode(await _read_body(request))
            pairs += parse_qsl(text, keep_blank_values=True)
    return pairs


async def _sparql_request(request: Request) -> tuple[str, dict[str, list[str]]]:
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
            raise ServeError(E_UPDATE, _UPDATE_MESSAGE)
        else:
            raise ServeError(
                E_REQUEST,
                f"unsupported content type {media or '(none)'!r}; POST a form with query=… "
                "(application/x-www-form-urlencoded) or the query as application/sparql-query",
                status=415,
            )
    if "update" in params:
        raise ServeError(E_UPDATE, _UPDATE_MESSAGE)
    dataset = [key for key in ("default-graph-uri", "named-graph-uri") if key in params]
    if dataset:
        raise ServeError(
            E_DATASET,
            f"{dataset[0]} is refused: this endpoint serves one graph and reads no other; "
            "drop the dataset parameters",
        )
    if not queries:
        raise ServeError(
            E_REQUEST, "no query: send ?query=… (GET), query=… (POST form) or the query itself"
        )
    if len(queries) > 1:
        raise ServeError(E_REQUEST, "more than one query in the request; send one")
    return queries[0], params


_UPDATE_MESSAGE = (
    "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR …) is refused; "
    "kg serve never changes the graph"
)


def create_app(
    graph: Graph | None = None,
    *,
    kg: KnowledgeGraph | None = None,
    config: ServeConfig | None = None,
    store: Store | None = None,
    request_log: Callable[[str], None] | None = None,
) -> Starlette:
    """The web app over ``graph`` (``kg``, for the picture, is rebuilt from it if not given).

    With ``store`` (:mod:`kg.store.backends`) queries run on the store instead; the picture is drawn
    from ``graph`` if given, else from the store's whole graph, read once at start.
    ``request_log`` gets one line per answered request (``GET /queries 200 14 ms``).
    """
    from kg.rdf.convert import from_rdf

    config = config or ServeConfig()
    if graph is None:
        if store is None:
            raise ServeError(E_REQUEST, "create_app needs a graph or a store")
        graph = store.graph() if kg is None else Graph()
    state = _State(graph, kg if kg is not None else from_rdf(graph), config, store)

    async def index(request: Request) -> Response:
        return HTMLResponse(state.graph_page)

    async def sparql(request: Request) -> Response:
        try:
            text, params = await _sparql_request(request)
            fmt = (params.get("format") or [None])[-1]
            accept = request.headers.get("accept")

            def work() -> tuple[bytes, str, bool]:
                prepared = prepare_query(text)  # refuses before anything runs
                name = prepared.algebra.name
                kind = {"SelectQuery": "select", "AskQuery": "ask"}.get(name, "graph")
                media = negotiate(kind, accept, fmt)
                result, truncated = state.run(_adhoc(text))
                return render(result, media, truncated=truncated), media, truncated

            body, media, truncated = await _off_loop(work)
        except KgError as error:
            return _error_response(error)
        return Response(
            body,
            media_type=media,
            headers={TRUNCATED_HEADER: "true" if truncated else "false", "Vary": "Accept"},
        )

    async def queries(request: Request) -> Response:
        try:
            form = await _form(request)
        except KgError as error:
            return _error_response(error)
        values = dict(form)
        outcome: _Outcome | None = None
        fmt = values.get("format", "")
        if request.method == "POST" or "query" in values:
            text = values.get("query", "")
            outcome = await _off_loop(_attempt, state, None, text, {})
        elif values.get("run"):
            name = values["run"]
            params = {k: v for k, v in values.items() if k not in ("run", "format") and v.strip()}
            outcome = await _off_loop(_attempt, state, name, None, params)
        if outcome is not None and fmt in ("csv", "json", "turtle"):  # a download link
            return _download(outcome, fmt, values.get("run") or "query")
        page = _queries_page(state, values, outcome)
        status = outcome.status if outcome is not None else 200
        return HTMLResponse(page, status_code=status)

    middleware = []
    if request_log is not None:  # outermost: it times and logs refusals too
        middleware.append(Middleware(_RequestLog, log=request_log))
    middleware.append(Middleware(_SecurityHeaders, check_origin=not config.cors))
    if config.loopback_only:
        middleware.append(Middleware(_LoopbackHostOnly))
    if config.cors:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Content-Type"],
                expose_headers=[TRUNCATED_HEADER, ERROR_HEADER],
            )
        )

    async def static(request: Request) -> Response:
        found = _static_files().get(request.path_params["name"])
        if found is None:
            return PlainTextResponse("not found\n", status_code=404)
        body, media = found
        return Response(body, media_type=media, headers={"Cache-Control": "max-age=3600"})

    routes = [
        Route("/", index, methods=["GET"]),
        Route("/static/{name:path}", static, methods=["GET"]),
        Route("/queries", queries, methods=["GET", "POST"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
    ]
    return Starlette(routes=routes, middleware=middleware)


_LOOPBACK_NAMES = frozenset({"localhost", "localhost.", "127.0.0.1", "::1"})


def _is_loopback_name(host: str) -> bool:
    """Whether a ``Host`` header (port and IPv6 brackets allowed) names this machine."""
    name = host.strip().lower()
    if name.startswith("["):
        name = name[1 : name.find("]")] if "]" in name else name[1:]
    elif name.count(":") == 1:
        name = name.split(":")[0]
    if name in _LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


#: what the pages may load: their own inline scripts and styles, nothing from elsewhere
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


class _SecurityHeaders:
    """Add ``Content-Security-Policy`` and ``X-Content-Type-Options: nosniff`` to every
    answer, and refuse a cross-origin ``POST`` (``E707``) unless CORS is on: a page on
    another site could otherwise make a visitor's browser run queries here with a plain
    form. Browsers send ``Origin`` (or at least ``Referer``) with a cross-site POST; a
    client that sends neither (curl, SPARQLWrapper) is no browser page and is let through."""

    def __init__(self, app: ASGIApp, *, check_origin: bool) -> None:
        self.app = app
        self.check_origin = check_origin

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.check_origin and scope.get("method") == "POST":
            refused = _cross_origin(dict(scope.get("headers") or []))
            if refused is not None:
                await _error_response(ServeError(E_ORIGIN, refused, status=403))(
                    scope, receive, send
                )
                return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"content-security-policy", CONTENT_SECURITY_POLICY.encode()))
                headers.append((b"x-content-type-options", b"nosniff"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _cross_origin(headers: Mapping[bytes, bytes]) -> str | None:
    """Why a POST with these headers comes from another site, or None if it does not."""
    host = headers.get(b"host", b"").decode("latin-1").strip().lower()
    origin = headers.get(b"origin", b"").decode("latin-1").strip()
    referer = headers.get(b"referer", b"").decode("latin-1").strip()
    claimed = origin or referer
    if not claimed:
        return None
    netloc = urlsplit(claimed).netloc.lower() if claimed != "null" else "null"
    if netloc == host:
        return None
    return (
        f"a POST from {claimed[:80]!r} is refused: this server runs queries posted by its "
        "own pages only; start it with --cors to let other sites query it"
    )


class _LoopbackHostOnly:
    """Refuse requests whose ``Host`` is not a loopback name (against DNS rebinding)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = dict(scope.get("headers") or [])
            host = headers.get(b"host", b"").decode("latin-1")
            if host and not _is_loopback_name(host):
                response = PlainTextResponse(
                    f"host {host!r} refused: kg serve answers only for localhost while it "
                    "listens on a loopback address\n",
                    status_code=421,
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


_R = TypeVar("_R")


async def _off_loop(work: Callable[..., _R], *args: Any) -> _R:
    """``work(*args)`` in a daemon thread of its own, awaited without blocking the loop.

    Not Starlette's thread pool: its threads are not daemons and a cancelled wait still
    waits for the thread, so a stop (SIGTERM, Ctrl-C) during a slow query would wait for the
    query (up to ``--timeout``). A daemon thread is left behind and does not hold the exit.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[_R] = loop.create_future()

    def settle(result: Any, error: BaseException | None) -> None:
        if future.done():  # the request was cancelled meanwhile
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)

    def target() -> None:
        try:
            result, error = work(*args), None
        except BaseException as exc:
            result, error = None, exc
        with contextlib.suppress(RuntimeError):  # the loop closed: nobody is waiting
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=target, name="kg-serve-request", daemon=True).start()
    return await future


class _RequestLog:
    """One line per request once it is answered: method, path, status and milliseconds
    (``GET /queries 200 14 ms``). The query string is left out: it can hold a whole query."""

    def __init__(self, app: ASGIApp, *, log: Callable[[str], None]) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        began = time.perf_counter()
        status = [500]  # what a request that fails before answering is logged as

        started = [False]

        async def logged_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
                started[0] = True
            await send(message)

        try:
            await self.app(scope, receive, logged_send)
        except asyncio.CancelledError:
            # the server is stopping and gave up on this request (a slow query): answer 503
            # if nothing was sent yet, log it, and end quietly instead of with a traceback
            if not started[0]:
                status[0] = 503
                with contextlib.suppress(Exception):
                    await PlainTextResponse("kg serve is stopping\n", status_code=503)(
                        scope, receive, send
                    )
        finally:
            took = (time.perf_counter() - began) * 1000
            path = scope.get("path") or "/"
            self.log(f"{scope.get('method', '?')} {path} {status[0]} {took:.0f} ms")


# --------------------------------------------------------------------------- the query page


@dataclass
class _Outcome:
    """What running one query from the query page gave."""

    heading: str
    result: QueryResult | None = None
    truncated: bool = False
    error: KgError | None = None
    seconds: float = 0.0

    @property
    def status(self) -> int:
        return _status(self.error) if self.error is not None else 200


def _attempt(
    state: _State, name: str | None, text: str | None, params: Mapping[str, str]
) -> _Outcome:
    started = time.perf_counter()
    heading = "Your query"
    try:
        if name is not None:
            query = load_query(name) if _is_listed(state, name) else _unknown(state, name)
            heading = query.title
        else:
            query = _adhoc(text or "")
        result, truncated = state.run(query, params)
    except KgError as error:
        return _Outcome(heading, error=error, seconds=time.perf_counter() - started)
    return _Outcome(heading, result, truncated, seconds=time.perf_counter() - started)


def _is_listed(state: _State, name: str) -> bool:
    return any(query.name == name for query in state.queries)


def _unknown(state: _State, name: str) -> NamedQuery:
    listed = ", ".join(query.name for query in state.queries)
    raise QueryError("E201", f"unknown query '{name}'; the named queries are: {listed}")


CODEMIRROR = "codemirror-5.65.18"  # the vendored editor's folder in kg/static
PAGE_SIZE = 50  # result rows per page of the query page's table

_SHORTEN = sorted(DEFAULT_PREFIXES.items(), key=lambda item: -len(item[1]))
_SAFE_IRI = re.compile(r"[^<>\"{}|^`\\\s]+")
_ACTOR = f"{KGR_IRI}actor-"
_CLAIM = f"{KGR_IRI}claim-"
_DOCUMENT = f"{KGR_IRI}doc-"

#: what the query page shows for a claim: its statement, sentence and document
CLAIM_QUERY = """\
SELECT ?subject ?subjectLabel ?relation ?object ?objectLabel ?modality ?evidence ?document
       ?title ?date ?source
WHERE {{
  BIND(<{iri}> AS ?claim)
  ?claim rdf:subject ?subject ; rdf:predicate ?relation ; rdf:object ?object ;
         kgo:modality ?modality .
  OPTIONAL {{ ?subject rdfs:label ?subjectLabel }}
  OPTIONAL {{ ?object rdfs:label ?objectLabel }}
  OPTIONAL {{ ?claim kgo:evidence ?evidence }}
  OPTIONAL {{
    ?claim prov:wasDerivedFrom ?doc .
    OPTIONAL {{ ?doc dcterms:identifier ?document }}
    OPTIONAL {{ ?doc dcterms:title ?title }}
    OPTIONAL {{ ?doc dcterms:date ?date }}
    OPTIONAL {{ ?doc dcterms:source ?source }}
  }}
}}
"""

#: what the query page shows for a document: its claims in text order, with their sentences
DOCUMENT_QUERY = """\
SELECT ?title ?date ?claim ?subjectLabel ?relation ?objectLabel ?modality ?evidence
WHERE {{
  BIND(<{iri}> AS ?doc)
  OPTIONAL {{ ?doc dcterms:title ?title }}
  OPTIONAL {{ ?doc dcterms:date ?date }}
  OPTIONAL {{
    ?claim prov:wasDerivedFrom ?doc ; rdf:subject ?subject ; rdf:predicate ?relation ;
           rdf:object ?object ; kgo:modality ?modality .
    OPTIONAL {{ ?claim kgo:sentenceStart ?start }}
    OPTIONAL {{ ?claim kgo:evidence ?evidence }}
    OPTIONAL {{ ?subject rdfs:label ?subjectLabel }}
    OPTIONAL {{ ?object rdfs:label ?objectLabel }}
  }}
}}
ORDER BY ?start ?claim
"""

#: the SPARQL box's examples: (title, query)
EXAMPLES: tuple[tuple[str, str], ...] = (
    (
        "Asserted claims per pair and relation",
        """\
SELECT ?subject ?relation ?object (COUNT(?claim) AS ?claims)
WHERE {
  ?claim rdf:subject ?s ; rdf:predicate ?relation ; rdf:object ?o ;
         kgo:modality kgo:Asserted .
  ?s rdfs:label ?subject .
  ?o rdfs:label ?object .
}
GROUP BY ?subject ?relation ?object
ORDER BY DESC(?claims) ?subject
""",
    ),
    (
        "Every actor with its class and aliases",
        """\
SELECT ?actor ?label ?class (GROUP_CONCAT(DISTINCT ?alias; separator=" | ") AS ?aliases)
WHERE {
  ?actor a ?class ; rdfs:label ?label .
  FILTER(?class IN (kgo:State, kgo:Government, kgo:ArmedGroup, kgo:Militia,
                    kgo:InsurgentGroup, kgo:Organization, kgo:Person))
  OPTIONAL { ?actor skos:altLabel ?alias }
}
GROUP BY ?actor ?label ?class
ORDER BY ?label
""",
    ),
    (
        "Hostile claims with their sentences, oldest first",
        """\
SELECT ?date ?subject ?relation ?object ?modality ?evidence ?claim
WHERE {
  ?claim rdf:subject ?s ; rdf:predicate ?relation ; rdf:object ?o ; kgo:modality ?modality .
  FILTER(?relation IN (kgo:fights, kgo:threatens, kgo:opposes))
  ?s rdfs:label ?subject .
  ?o rdfs:label ?object .
  OPTIONAL { ?claim kgo:evidence ?evidence }
  OPTIONAL { ?claim dcterms:date ?date }
}
ORDER BY (!BOUND(?date)) ?date ?subject
""",
    ),
    (
        "Documents with their number of claims",
        """\
SELECT ?doc ?title ?date (COUNT(?claim) AS ?claims)
WHERE {
  ?doc a kgo:Document ; dcterms:title ?title .
  OPTIONAL { ?doc dcterms:date ?date }
  OPTIONAL { ?claim prov:wasDerivedFrom ?doc }
}
GROUP BY ?doc ?title ?date
ORDER BY DESC(?claims)
""",
    ),
    (
        "Is anyone stated to fight Iran? (ASK)",
        "ASK { ?someone kgo:fights kgr:actor-iran }\n",
    ),
    (
        "Everything said about Iran (CONSTRUCT)",
        """\
CONSTRUCT { kgr:actor-iran ?relation ?other }
WHERE {
  kgr:actor-iran ?relation ?other .
  FILTER(STRSTARTS(STR(?relation), STR(kgo:)))
}
""",
    ),
)


def _short(iri: str) -> str:
    for prefix, namespace in _SHORTEN:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _profile_link(iri: str) -> str:
    return "queries?" + urlencode({"run": "actor-profile", "actor": iri})


def _iri_link(iri: str) -> str | None:
    """Where a cell holding ``iri`` links to on the query page: an actor's profile, a
    claim's sentence and document, a document's claims; None for anything else."""
    if not _SAFE_IRI.fullmatch(iri):  # never pasted into a query unless it is a clean IRI
        return None
    if iri.startswith(_ACTOR):
        return _profile_link(iri)
    if iri.startswith(_CLAIM):
        return "queries?" + urlencode({"query": CLAIM_QUERY.format(iri=iri)})
    if iri.startswith(_DOCUMENT):
        return "queries?" + urlencode({"query": DOCUMENT_QUERY.format(iri=iri)})
    return None


def _table_cells(result: QueryResult) -> list[list[dict[str, Any]]]:
    """The result's rows as cells for the template: text, a link, a sort key, a tooltip.

    Relations, modalities and classes show by their short names (as ``kg query -f csv``);
    an actor's label links to its profile as the actor's IRI does (``ally`` / ``allyLabel``).
    """
    index = {name: position for position, name in enumerate(result.variables)}
    rows = []
    for row in result.rows:
        cells = []
        for name, term in zip(result.variables, row, strict=True):
            cell: dict[str, Any] = {"text": "", "href": None, "sort": None, "title": None}
            cell["cls"] = None
            if isinstance(term, URIRef):
                iri = str(term)
                named = short_value(term)
                cell["text"] = named if named != iri else _short(iri)
                cell["title"] = iri
                cell["href"] = _iri_link(iri)
                cell["cls"] = "kg-iri" if named == iri else None
            elif isinstance(term, BNode):
                cell["text"], cell["cls"] = f"_:{term}", "kg-iri"
            elif isinstance(term, Literal):
                cell["text"] = short_value(term)
                value = term.toPython()
                if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                    cell["sort"], cell["cls"] = str(value), "kg-num"
                owner = index.get(name[: -len("Label")]) if name.endswith("Label") else None
                if owner is not None and str(row[owner] or "").startswith(_ACTOR):
                    cell["href"] = _iri_link(str(row[owner]))
            cells.append(cell)
        rows.append(cells)
    return rows


def _downloads(values: Mapping[str, str]) -> dict[str, str]:
    """Links that give the same result as a file (``format=csv``, ``json``, ``turtle``)."""
    asked = {key: value for key, value in values.items() if key != "format"}
    return {
        fmt: "queries?" + urlencode({**asked, "format": fmt}) for fmt in ("csv", "json", "turtle")
    }


def _outcome_view(outcome: _Outcome, values: Mapping[str, str]) -> dict[str, Any]:
    view: dict[str, Any] = {
        "heading": outcome.heading,
        "error": str(outcome.error) if outcome.error is not None else None,
        "took": f"{outcome.seconds:.2f} s",
        "truncated": outcome.truncated,
        "downloads": _downloads(values),
        "kind": None,
    }
    result = outcome.result
    if outcome.error is None and result is not None:
        view["kind"] = result.kind
        view["rows"] = len(result)
        if result.kind == "ask":
            view["boolean"] = "true" if result.boolean else "false"
        elif result.kind == "graph":
            view["turtle"] = format_result(result, "table")
        else:
            view["variables"] = result.variables
            view["table"] = _table_cells(result)
    return view


def _form_fields(query: NamedQuery, values: Mapping[str, str]) -> list[dict[str, Any]]:
    fields = []
    for parameter in query.parameters:
        mine = values.get("run") == query.name
        value = values.get(parameter.name, "") if mine else ""
        if not value and parameter.default is not None:
            value = parameter.default
        choices = None
        if parameter.kind in ("modality", "relation"):
            choices = ["any", *(MODALITIES if parameter.kind == "modality" else RELATIONS)]
            value = value or "any"
        fields.append(
            {
                "id": f"{query.name}-{parameter.name}",
                "name": parameter.name,
                "required": parameter.required,
                "hint": parameter.description,
                "value": value,
                "choices": choices,
                "type": {"date": "date", "integer": "number"}.get(parameter.kind, "text"),
                "actor": parameter.kind == "actor",
            }
        )
    return fields


def _completions() -> list[str]:
    """What Ctrl-Space offers in the editor: kg's terms as prefixed names, and keywords."""
    from kg.catalog.vocab import ACTOR_CLASSES

    words = [f"kgo:{name}" for name in (*RELATIONS, *ACTOR_CLASSES, "Actor", "Place")]
    words += [f"kgo:{name.capitalize()}" for name in MODALITIES]
    words += [
        f"kgo:{name}"
        for name in (
            *("Claim", "Document", "modality", "evidence", "trigger", "confidence"),
            *("sentenceStart", "sentenceEnd", "reportedBy", "eventDate", "hostileTo"),
            *("cooperatesWith", "bloc", "degreeCentrality", "betweennessCentrality"),
        )
    ]
    words += ["rdf:subject", "rdf:predicate", "rdf:object", "rdfs:label", "skos:altLabel"]
    words += ["owl:sameAs", "prov:wasDerivedFrom", "dcterms:title", "dcterms:date"]
    words += ["dcterms:identifier", "dcterms:source", "dcterms:references"]
    words += [f"{prefix}:" for prefix in DEFAULT_PREFIXES]
    keywords = "SELECT DISTINCT WHERE OPTIONAL FILTER BIND GROUP BY ORDER DESC ASC LIMIT"
    keywords += " COUNT GROUP_CONCAT SAMPLE UNION MINUS EXISTS NOT VALUES ASK CONSTRUCT DESCRIBE"
    return sorted(set(words)) + keywords.split()


def _queries_page(state: _State, values: Mapping[str, str], outcome: _Outcome | None) -> str:
    from kg.viz.graph_page import json_for_script, template_environment

    forms = [
        {
            "name": query.name,
            "title": query.title,
            "description": query.description,
            "text": query.text,
            "fields": _form_fields(query, values),
        }
        for query in state.queries
    ]
    free = values.get("query", "") if "query" in values else EXAMPLES[0][1]
    page_data = {
        "pageSize": PAGE_SIZE,
        "examples": [{"title": title, "text": text} for title, text in EXAMPLES],
        "completions": _completions(),
    }
    return (
        template_environment()
        .get_template("queries.html.j2")
        .render(
            title=state.config.title,
            codemirror=CODEMIRROR,
            outcome=_outcome_view(outcome, values) if outcome is not None else None,
            max_rows=state.config.max_rows,
            timeout=f"{state.config.timeout:g}",
            forms=forms,
            names=state.names,
            examples=[{"title": title} for title, _ in EXAMPLES],
            prefixes=list(DEFAULT_PREFIXES.items()),
            free=free,
            page_data=json_for_script(page_data),
        )
    )


def _download(outcome: _Outcome, fmt: str, name: str) -> Response:
    """A result as a file: CSV (short names, as ``kg query -f csv``), SPARQL JSON, Turtle."""
    if outcome.error is not None:
        return _error_response(outcome.error)
    result = outcome.result
    assert result is not None
    if result.kind == "graph":
        fmt = "turtle"
    elif fmt == "turtle":
        fmt = "json"  # a table has no Turtle form
    text = format_result(result, "table" if fmt == "turtle" else fmt)
    media = {
        "csv": "text/csv; charset=utf-8",
        "json": "application/sparql-results+json",
        "turtle": "text/turtle; charset=utf-8",
    }[fmt]
    suffix = {"csv": "csv", "json": "json", "turtle": "ttl"}[fmt]
    headers = {
        "Content-Disposition": f'attachment; filename="{name}.{suffix}"',
        TRUNCATED_HEADER: "true" if outcome.truncated else "false",
    }
    return Response(text.encode("utf-8"), media_type=media, headers=headers)


@cache
def _static_files() -> dict[str, tuple[bytes, str]]:
    """Every file of ``kg/static`` by its path under ``/static/``, with its media type: read
    once; nothing outside this list is ever served."""
    media = {".js": "text/javascript", ".css": "text/css", ".md": "text/markdown"}
    found: dict[str, tuple[bytes, str]] = {}

    def walk(folder: Traversable, prefix: str) -> None:
        for entry in folder.iterdir():
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.is_file():
                suffix = Path(entry.name).suffix
                kind = media.get(suffix, "text/plain")
                found[f"{prefix}{entry.name}"] = (entry.read_bytes(), kind)

    walk(files("kg") / "static", "")
    return found


# --------------------------------------------------------------------------- serving


def listen(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` (``port`` 0: a free one), or E701."""
    if not 0 <= port <= 65535:
        raise ServeError(E_SETTING, f"--port must be between 0 and 65535, not {port}")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ServeError(E_LISTEN, f"cannot listen on {host!r}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        hint = "; pick another with --port" if exc.errno == 98 else ""
        raise ServeError(
            E_LISTEN, f"cannot listen on {_url(host, port)}: {exc.strerror or exc}{hint}"
        ) from None
    sock.set_inheritable(True)
    return sock


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) is this machine only."""
    return _is_loopback_name(host)


#: seconds a client may take to send a request's headers (a half-sent request would
#: otherwise hold its connection open for ever)
HEADER_TIMEOUT = 10.0


def _protocol() -> type:
    """uvicorn's h11 protocol, closing connections whose request headers do not arrive
    within :data:`HEADER_TIMEOUT` seconds."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class HeaderTimeoutProtocol(H11Protocol):
        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._arm_header_timer()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm_header_timer()  # the next request on this connection

        def _arm_header_timer(self) -> None:
            timer = getattr(self, "_header_timer", None)
            if timer is not None:
                timer.cancel()
            self._header_timer = self.loop.call_later(HEADER_TIMEOUT, self._headers_late)

        def _headers_late(self) -> None:
            # IDLE: no complete request line and headers yet
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                self.transport.close()

        def connection_lost(self, exc: Exception | None) -> None:
            timer = getattr(self, "_header_timer", None)
            if timer is not None:
                timer.cancel()
            super().connection_lost(exc)

    return HeaderTimeoutProtocol


def _server(app: ASGIApp) -> Any:
    import uvicorn

    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,  # kg's own request log (_RequestLog) says what matters, on one line
        lifespan="off",
        server_header=False,
        # a stop waits this long for requests in progress (a slow query), then closes them
        timeout_graceful_shutdown=1,
        http=_protocol(),
    )
    return uvicorn.Server(config)


def run_server(
    app: ASGIApp,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    announce: Callable[[str], None] | None = None,
) -> None:
    """Serve ``app`` until interrupted (Ctrl-C); ``announce`` gets the URL once listening."""
    sock = listen(host, port)
    url = _url(host, sock.getsockname()[1])
    if announce is not None:
        announce(url)
    # uvicorn stops on SIGTERM as on Ctrl-C, then restores the handler it found and raises the
    # signal again: with Python's default handler that kills the process (status 143, no
    # goodbye). Our handler turns it into a normal return instead.
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _raise_stopped)
    try:
        _server(app).run(sockets=[sock])
    except _Stopped:
        pass
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        sock.close()


class _Stopped(Exception):
    """SIGTERM arrived: stop serving and return."""


def _raise_stopped(signum: int, frame: object) -> None:
    raise _Stopped


class BackgroundServer:
    """The app served from a thread, on a free loopback port by default: for tests and
    notebooks. ``url`` ends with ``/``::

        with BackgroundServer(create_app(read_graph("out/graph.ttl"))) as server:
            httpx.get(server.url + "sparql", params={"query": "ASK {}"})
    """

    def __init__(self, app: ASGIApp, *, host: str = DEFAULT_HOST, port: int = 0) -> None:
        self._socket = listen(host, port)
        self.url = _url(host, self._socket.getsockname()[1])
        self._server = _server(app)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    def start(self, timeout: float = 10.0) -> BackgroundServer:
        if self._thread.is_alive():
            return self
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise ServeError(E_LISTEN, f"the server at {self.url} did not start")
            time.sleep(0.02)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._server.should_exit = True
        self._thread.join(timeout)
        self._socket.close()

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _warn(text: str) -> None:
    print(text, file=sys.stderr)


#: a store larger than this (triples) is served without the picture on ``/``: drawing it
#: would read the whole graph into memory
PICTURE_LIMIT = 200_000


def serve(
    graph_path: str | Path,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    cors: bool = False,
    announce: Callable[[str], None] = _warn,
    store: str | Path | None = None,
    endpoint: str | None = None,
) -> None:
    """Read a graph file and serve it until interrupted: what ``kg serve`` runs.

    ``store`` (an Oxigraph folder) or ``endpoint`` (a SPARQL endpoint URL): answer queries
    from there instead; the picture is drawn for stores of up to :data:`PICTURE_LIMIT`
    triples.
    """
    from kg.rdf.convert import read_graph

    opened = None
    if store is not None or endpoint is not None:
        from kg.store.backends import open_store

        # two query processes: a timed-out query is killed with its process
        opened = open_store(store, endpoint, read_only=True, query_processes=2)
        path = Path(str(store if store is not None else endpoint))
    else:
        path = Path(graph_path)
    config = ServeConfig(
        timeout=timeout,
        max_rows=max_rows,
        cors=cors,
        title=f"kg graph — {path.name}",
        loopback_only=is_loopback(host),
    )
    if opened is not None:
        size = len(opened)
        graph = opened.graph() if size <= PICTURE_LIMIT else Graph()
        app = create_app(graph, config=config, store=opened, request_log=announce)
    else:
        graph = read_graph(path)
        size = len(graph)
        app = create_app(graph, config=config, request_log=announce)
    shown = opened.description if opened is not None else str(path)

    def ready(url: str) -> None:
        if not config.loopback_only:
            announce(
                f"warning: listening on {host}, not loopback: anyone who can reach this "
                "machine can read the graph"
            )
        announce(
            f"serving {shown} ({size:,} triples) at {url} — the graph; {url}queries; "
            f"SPARQL at {url}sparql. Ctrl-C stops."
        )

    try:
        run_server(app, host=host, port=port, announce=ready)
    finally:
        if opened is not None:
            opened.close()
