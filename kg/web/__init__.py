"""Layer 9: ``kg serve``: the read-only local web app and SPARQL endpoint over a graph file or
a store. Takes an rdflib graph (or a :mod:`kg.store` store) and settings; gives an ASGI app
and a server running it. The modules, in the order they build on each other:

- :mod:`~kg.web.protocol`: the SPARQL 1.1 Protocol: request parsing, content negotiation,
  result bodies, error answers;
- :mod:`~kg.web.config`: the settings, their defaults and :class:`ServeConfig`;
- :mod:`~kg.web.pages`: the ``/queries`` page and the static files;
- :mod:`~kg.web.app`: the Starlette app, its routes and middleware;
- :mod:`~kg.web.server`: the socket, uvicorn, :class:`BackgroundServer`, signals.

The names below are the library API (``from kg.web import create_app, BackgroundServer``).
"""

from kg.web.app import create_app
from kg.web.config import (
    DEFAULT_HOST,
    DEFAULT_MAX_ROWS,
    DEFAULT_PORT,
    DEFAULT_TIMEOUT,
    SETTINGS,
    ServeConfig,
    Setting,
)
from kg.web.server import BackgroundServer, listen, run_server, serve

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_MAX_ROWS",
    "DEFAULT_PORT",
    "DEFAULT_TIMEOUT",
    "SETTINGS",
    "BackgroundServer",
    "ServeConfig",
    "Setting",
    "create_app",
    "listen",
    "run_server",
    "serve",
]
