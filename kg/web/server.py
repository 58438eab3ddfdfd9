"""Serving the app: a host and port → a listening socket (:func:`listen`, ``E701`` when it
cannot) → uvicorn running the app until Ctrl-C or SIGTERM (:func:`run_server`), or in a
thread for tests and notebooks (:class:`BackgroundServer`); :func:`serve` is what
``kg serve`` runs: a graph file or a store in, a served app out. A client has
:data:`HEADER_TIMEOUT` seconds to send a request's headers before the connection is closed.
"""

from __future__ import annotations

import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rdflib import Graph
from starlette.types import ASGIApp

from kg.errors import Errors
from kg.web.app import create_app, is_loopback_name
from kg.web.config import DEFAULT_HOST, DEFAULT_MAX_ROWS, DEFAULT_PORT, DEFAULT_TIMEOUT, ServeConfig

# --------------------------------------------------------------------------- serving


def listen(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` (``port`` 0: a free one), or E701."""
    if not 0 <= port <= 65535:
        raise Errors.E702_port(port=port)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise Errors.E701_bad_host(host=host, strerror=exc.strerror) from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        hint = "; pick another with --port" if exc.errno == 98 else ""
        raise Errors.E701_cannot_listen(
            url=_url(host, port), strerror=exc.strerror or exc, hint=hint
        ) from None
    sock.set_inheritable(True)
    return sock


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) is this machine only."""
    return is_loopback_name(host)


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
                raise Errors.E701_not_started(url=self.url)
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
