"""The settings of ``kg serve``: their defaults, the table the README documents
(:data:`SETTINGS`), and :class:`ServeConfig`, the limits and names the app answers with
(checked when made: a bad setting is ``E702``).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.errors import Errors
from kg.web.protocol import TRUNCATED_HEADER

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 10_000


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
            raise Errors.E702_timeout(timeout=self.timeout)
        if self.max_rows < 1:
            raise Errors.E702_max_rows(max_rows=self.max_rows)
