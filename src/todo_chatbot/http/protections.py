"""What an app is told to protect: who may read ``/metrics``, whether ``/docs`` is
served, whether answers claim HTTPS, and how many ``/ws`` connections a user may hold.

``/metrics`` tells how the system is used (routes, volumes, consumers' progress):
it is an operator's. With a token set (``TODO_METRICS_TOKEN``) it is answered to a
request bearing it, from anywhere; without one, only to a client on the loopback
interface (a scraper or a person on the same host or pod; behind a proxy on the
same host, uvicorn takes the client from ``X-Forwarded-For``, so the proxy's
clients are not on the loopback).
"""

from __future__ import annotations

import hmac
import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from starlette.requests import HTTPConnection

if TYPE_CHECKING:
    from todo_chatbot.config import Settings


@dataclass(frozen=True)
class Protections:
    metrics_token: str | None = None
    docs: bool = True
    https: bool = False
    ws_connections_per_user: int = 16

    @classmethod
    def from_settings(cls, settings: Settings) -> Protections:
        token = settings.metrics_token
        return cls(
            metrics_token=token.get_secret_value() if token is not None else None,
            docs=settings.docs,
            https=settings.https,
            ws_connections_per_user=settings.ws_connections_per_user,
        )


DEFAULT_PROTECTIONS: Final = Protections()
"""Docs served, no HTTPS claimed, /metrics for the loopback only, 16 /ws per user."""


def protections_of(connection: HTTPConnection) -> Protections:
    """The protections of the app serving ``connection`` (the defaults if none were set)."""
    found = getattr(connection.app.state, "protections", None)
    return found if isinstance(found, Protections) else DEFAULT_PROTECTIONS


def may_read_metrics(connection: HTTPConnection) -> bool:
    """Whether the client may read ``/metrics`` (see the module's docstring)."""
    token = protections_of(connection).metrics_token
    if token is None:
        return _on_loopback(connection)
    scheme, _, given = connection.headers.get("authorization", "").partition(" ")
    given_bytes = given.strip().encode()
    return scheme.lower() == "bearer" and hmac.compare_digest(given_bytes, token.encode())


def _on_loopback(connection: HTTPConnection) -> bool:
    if connection.client is None:
        return False
    try:
        return ipaddress.ip_address(connection.client.host).is_loopback
    except ValueError:
        return False
