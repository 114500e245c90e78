"""No NUL character (U+0000) enters through a URL.

PostgreSQL's text cannot hold one, and C strings end at one: a path or query
string holding ``%00`` is answered here, a path with 404 (nothing is named so)
and a query with 422, before any route hands the value to a store.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from todo_chatbot.http.json_bodies import NUL_MESSAGE
from todo_chatbot.http.responses import send_json

_NUL = "\x00"
_ENCODED_NUL = b"%00"


class NulInUrlMiddleware:
    """Refuses a request whose path or query string holds a NUL character."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if _NUL in scope["path"]:
            await _refuse(scope, send, 404, {"detail": "Not Found"})
            return
        if _ENCODED_NUL in scope["query_string"]:
            where = ["query", *_parameters_with_nul(scope["query_string"])[:1]]
            detail = [{"type": "value_error", "loc": where, "msg": NUL_MESSAGE}]
            await _refuse(scope, send, 422, {"detail": detail})
            return
        await self.app(scope, receive, send)


def _parameters_with_nul(query_string: bytes) -> list[str]:
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    return [name for name, value in pairs if _NUL in name or _NUL in value]


async def _refuse(scope: Scope, send: Send, status: int, content: object) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008})
        return
    await send_json(send, status, content)
