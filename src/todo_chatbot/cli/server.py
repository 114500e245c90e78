"""The HTTP server every command serves with: uvicorn, with limits on what a client may hold.

uvicorn times out only a connection left idle after a response
(``timeout_keep_alive``): a client that connects and sends nothing, or sends its
headers or its body a few bytes at a time, is held for ever. :class:`GuardedProtocol`
is uvicorn's own HTTP/1.1 protocol (httptools) with three timers added:

- the request's headers must all arrive within ``header_timeout`` of its first
  byte (of the connection's opening, for its first request);
- its body must all arrive within ``body_timeout`` of the end of the headers;
- a connection open beyond ``max_connections`` is answered 503 and closed at once
  (uvicorn's ``limit_concurrency``, the same number, answers 503 to a request
  while that many connections are open or requests in progress).

A client that runs out of time is answered 408 and the connection closed. The
answers are JSON in the contract's shape (``{"detail": ...}``). A connection
upgraded to a WebSocket leaves this protocol, its deadlines with it (the
WebSocket's pings time it out instead).

Why not another server: hypercorn's ``read_timeout`` bounds each read, so a client
sending a byte a second is never cut, and its HTTP/1.1 parser (h11) is pure
Python; granian would replace the server every figure of ``docs/benchmarks.md``
was measured on, with its own process model. Keeping uvicorn (uvloop, httptools)
and adding deadlines costs nothing measurable: server CPU per keep-alive
``GET /healthz`` was 104 to 122 µs without them and 103 to 118 µs with them on a
shared machine (four interleaved runs each; a timer per request instead of the
sweep cost about 8 µs more).
"""

from __future__ import annotations

import asyncio
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import orjson
import uvicorn
from uvicorn._types import ASGI3Application, ASGIReceiveCallable, ASGISendCallable, Scope
from uvicorn.protocols.http.flow_control import service_unavailable
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol, RequestResponseCycle
from uvicorn.server import ServerState
from uvicorn.supervisors import Multiprocess

if TYPE_CHECKING:
    from todo_chatbot.config import Settings

STARTUP_FAILURE: Final = 3
"""The exit status of a server that could not start (uvicorn's)."""
RETRY_AFTER_SECONDS: Final = 5
"""What a client refused for lack of room is told to wait (``Retry-After``)."""


@dataclass(frozen=True)
class ConnectionLimits:
    """How long a client may take to send a request, and how many connections it may hold."""

    header_timeout: float = 10.0
    body_timeout: float = 60.0
    keep_alive_timeout: float = 120.0
    max_connections: int = 4096

    @classmethod
    def from_settings(cls, settings: Settings) -> ConnectionLimits:
        return cls(
            header_timeout=settings.header_timeout_seconds,
            body_timeout=settings.body_timeout_seconds,
            keep_alive_timeout=settings.keep_alive_timeout_seconds,
            max_connections=settings.max_connections,
        )


class LimitedConfig(uvicorn.Config):
    """uvicorn's configuration, carrying the :class:`ConnectionLimits` its protocol
    enforces (so worker processes, which receive the configuration, enforce them too)."""

    def __init__(self, app: Any, *, limits: ConnectionLimits, **options: Any) -> None:
        super().__init__(
            app,
            http=GuardedProtocol,
            # uvicorn counts the connection a request came on: one more, so that
            # ``max_connections`` connections are all served.
            limit_concurrency=limits.max_connections + 1,
            timeout_keep_alive=limits.keep_alive_timeout,  # type: ignore[arg-type]
            **options,
        )
        self.limits = limits


def run_server(app: Any, *, limits: ConnectionLimits, workers: int = 1, **options: Any) -> None:
    """Serve ``app`` (an app, or with ``workers`` > 1 a factory's import string) until
    interrupted, as ``uvicorn.run`` does, with ``limits`` enforced."""
    config = LimitedConfig(app, limits=limits, workers=workers, **options)
    server = uvicorn.Server(config)
    if workers > 1:
        Multiprocess(config, sockets=[config.bind_socket()]).run()
        return
    server.run()
    if not server.started:
        raise SystemExit(STARTUP_FAILURE)


_SECURED: Final[tuple[tuple[bytes, bytes], ...]] = (
    (b"x-content-type-options", b"nosniff"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
    (b"cache-control", b"no-store"),
)
"""What every answer of the HTTP layer carries (``http/security_headers.py``), on these too."""


def _answer(status: int, reason: str, detail: str, *extra: bytes) -> bytes:
    """A whole HTTP/1.1 answer that closes the connection, its body JSON."""
    body = orjson.dumps({"detail": detail})
    head = [
        f"HTTP/1.1 {status} {reason}".encode(),
        b"content-type: application/json",
        b"content-length: " + str(len(body)).encode(),
        b"connection: close",
        *(name + b": " + value for name, value in _SECURED),
        *extra,
    ]
    return b"\r\n".join(head) + b"\r\n\r\n" + body


TOO_SLOW: Final = _answer(408, "Request Timeout", "The request took too long to arrive")
FULL: Final = _answer(
    503,
    "Service Unavailable",
    "The server has too many connections open; try again later",
    f"retry-after: {RETRY_AFTER_SECONDS}".encode(),
)


async def _json_service_unavailable(
    scope: Scope, receive: ASGIReceiveCallable, send: ASGISendCallable
) -> None:
    """uvicorn's answer over ``limit_concurrency``, in the contract's shape."""
    payload = FULL.partition(b"\r\n\r\n")[2]
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                (b"retry-after", str(RETRY_AFTER_SECONDS).encode()),
                (b"connection", b"close"),
                *_SECURED,
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload, "more_body": False})


class _Sweeper:
    """One per server: every ``interval`` seconds, the connections whose deadline has
    passed are timed out. A deadline is a number a request sets and clears (a timer
    per request would cost more: uvicorn arms one per answer already), so a timeout
    fires up to ``interval`` late."""

    def __init__(self, loop: asyncio.AbstractEventLoop, interval: float) -> None:
        self.loop = loop
        self.interval = interval
        self.watched: set[GuardedProtocol] = set()
        self._next: asyncio.TimerHandle | None = None

    def watch(self, connection: GuardedProtocol) -> None:
        self.watched.add(connection)
        if self._next is None:
            self._next = self.loop.call_later(self.interval, self.sweep)

    def forget(self, connection: GuardedProtocol) -> None:
        self.watched.discard(connection)

    def sweep(self) -> None:
        self._next = None
        now = self.loop.time()
        for late in [c for c in self.watched if c.deadline is not None and c.deadline <= now]:
            late.too_slow()
        if self.watched:
            self._next = self.loop.call_later(self.interval, self.sweep)


_sweepers: weakref.WeakKeyDictionary[ServerState, _Sweeper] = weakref.WeakKeyDictionary()


def _sweeper_of(
    server_state: ServerState, loop: asyncio.AbstractEventLoop, limits: ConnectionLimits
) -> _Sweeper:
    sweeper = _sweepers.get(server_state)
    if sweeper is None:
        interval = min(1.0, limits.header_timeout / 4, limits.body_timeout / 4)
        sweeper = _sweepers[server_state] = _Sweeper(loop, interval)
    return sweeper


class GuardedProtocol(HttpToolsProtocol):
    """uvicorn's HTTP/1.1 protocol with header and body read timeouts and a hard cap
    on open connections (see the module's docstring)."""

    def __init__(
        self, config: uvicorn.Config, server_state: ServerState, *args: Any, **kwargs: Any
    ) -> None:
        if not isinstance(config, LimitedConfig):
            raise TypeError("GuardedProtocol serves with a LimitedConfig (see run_server)")
        super().__init__(config, server_state, *args, **kwargs)
        self.limits = config.limits
        self.deadline: float | None = None
        """When the request being read must have arrived whole (None: none is being read)."""
        self._sweeper = _sweeper_of(server_state, self.loop, self.limits)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        if len(self.connections) >= self.limits.max_connections:
            self.transport = transport  # not counted among the connections: refused
            transport.write(FULL)
            transport.close()
            return
        super().connection_made(transport)
        self.deadline = self.loop.time() + self.limits.header_timeout
        self._sweeper.watch(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self._sweeper.forget(self)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        # uvicorn stops its keep-alive timer on any byte; bytes that begin no request
        # (a blank line, which the parser skips) must not leave the connection untimed.
        if self.deadline is None and (self.cycle is None or self.cycle.response_complete):
            self.deadline = self.loop.time() + self.limits.header_timeout
        super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self.deadline is None:
            self.deadline = self.loop.time() + self.limits.header_timeout

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        self.deadline = self.loop.time() + self.limits.body_timeout

    def on_message_complete(self) -> None:
        self.deadline = None
        super().on_message_complete()

    def handle_websocket_upgrade(self) -> None:
        self._sweeper.forget(self)
        super().handle_websocket_upgrade()

    def _start_asgi_task(self, cycle: RequestResponseCycle, app: ASGI3Application) -> None:
        if app is service_unavailable:
            app = _json_service_unavailable
        super()._start_asgi_task(cycle, app)

    def too_slow(self) -> None:
        """The client took too long over its request: 408 (unless an answer was begun),
        and the connection closed."""
        self.deadline = None
        self._sweeper.forget(self)
        if self.transport.is_closing():
            return
        if self.cycle is None or not self.cycle.response_started:
            self.transport.write(TOO_SLOW)
        if self.cycle is not None:
            self.cycle.disconnected = True
            self.cycle.message_event.set()
        self.transport.close()
