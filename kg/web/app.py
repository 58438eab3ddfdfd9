"""The ``kg serve`` web app (Starlette): a graph or a store and a
:class:`~kg.web.config.ServeConfig` → an ASGI app (:func:`create_app`) with its routes and
middleware. Pages:

``/``
    the interactive graph of the served data (:func:`kg.viz.graph_page.to_html`);
``/queries``
    the named queries, each a form with its parameters, and a box for your own SPARQL
    (:mod:`kg.web.pages`);
``/sparql``
    the SPARQL 1.1 Protocol (:mod:`kg.web.protocol`).

CORS headers are sent only when ``cors=True`` (``--cors``). While listening on a loopback
address, requests whose ``Host`` header names another host are refused (``421``), so a web
page cannot reach the server through DNS rebinding.

Every answer carries ``Content-Security-Policy`` (inline scripts and styles of the page
itself, nothing from elsewhere) and ``X-Content-Type-Options: nosniff``.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import threading
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from rdflib import Graph
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.errors import Errors, KgError
from kg.sparql import (
    prepare_query,
)
from kg.web.config import ServeConfig
from kg.web.pages import Outcome, State, attempt, download, queries_page, static_files
from kg.web.protocol import (
    ERROR_HEADER,
    TRUNCATED_HEADER,
    adhoc_query,
    error_response,
    form_pairs,
    negotiate,
    render,
    sparql_request,
)

if TYPE_CHECKING:  # kg.graph.knowledge_graph pulls in spaCy, which serving does not need
    from kg.graph.knowledge_graph import KnowledgeGraph
    from kg.store.backends import Store


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
            raise Errors.E703_no_graph()
        graph = store.graph() if kg is None else Graph()
    state = State(graph, kg if kg is not None else from_rdf(graph), config, store)

    async def index(request: Request) -> Response:
        return HTMLResponse(state.graph_page)

    async def sparql(request: Request) -> Response:
        try:
            text, params = await sparql_request(request)
            fmt = (params.get("format") or [None])[-1]
            accept = request.headers.get("accept")

            def work() -> tuple[bytes, str, bool]:
                prepared = prepare_query(text)  # refuses before anything runs
                name = prepared.algebra.name
                kind = {"SelectQuery": "select", "AskQuery": "ask"}.get(name, "graph")
                media = negotiate(kind, accept, fmt)
                result, truncated = state.run(adhoc_query(text))
                return render(result, media, truncated=truncated), media, truncated

            body, media, truncated = await _off_loop(work)
        except KgError as error:
            return error_response(error)
        return Response(
            body,
            media_type=media,
            headers={TRUNCATED_HEADER: "true" if truncated else "false", "Vary": "Accept"},
        )

    async def queries(request: Request) -> Response:
        try:
            form = await form_pairs(request)
        except KgError as error:
            return error_response(error)
        values = dict(form)
        outcome: Outcome | None = None
        fmt = values.get("format", "")
        if request.method == "POST" or "query" in values:
            text = values.get("query", "")
            outcome = await _off_loop(attempt, state, None, text, {})
        elif values.get("run"):
            name = values["run"]
            params = {k: v for k, v in values.items() if k not in ("run", "format") and v.strip()}
            outcome = await _off_loop(attempt, state, name, None, params)
        if outcome is not None and fmt in ("csv", "json", "turtle"):  # a download link
            return download(outcome, fmt, values.get("run") or "query")
        page = queries_page(state, values, outcome)
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
        found = static_files().get(request.path_params["name"])
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


def is_loopback_name(host: str) -> bool:
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
            origin = _cross_origin(dict(scope.get("headers") or []))
            if origin is not None:
                refused = Errors.E707(origin=origin, status=403)
                await error_response(refused)(scope, receive, send)
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
    """The other site a POST with these headers comes from (its first 80 characters), or
    None if it comes from this one."""
    host = headers.get(b"host", b"").decode("latin-1").strip().lower()
    origin = headers.get(b"origin", b"").decode("latin-1").strip()
    referer = headers.get(b"referer", b"").decode("latin-1").strip()
    claimed = origin or referer
    if not claimed:
        return None
    netloc = urlsplit(claimed).netloc.lower() if claimed != "null" else "null"
    if netloc == host:
        return None
    return claimed[:80]


class _LoopbackHostOnly:
    """Refuse requests whose ``Host`` is not a loopback name (against DNS rebinding)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = dict(scope.get("headers") or [])
            host = headers.get(b"host", b"").decode("latin-1")
            if host and not is_loopback_name(host):
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
