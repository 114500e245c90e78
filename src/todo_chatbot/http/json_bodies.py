"""JSON request bodies are read as RFC 8259 JSON, or refused with 422.

Python's ``json`` module, which FastAPI reads bodies with, accepts ``NaN``,
``Infinity`` and unpaired surrogate escapes (``"\\ud800"``): none of them is
JSON, and each later failed somewhere as a 500 (rendering the error, or
storing the text). orjson reads strictly, so this middleware reads each JSON
body with it first and answers 422 ``json_invalid`` to one it refuses, before
any route sees it. A string holding NUL (``"\\u0000"``, which PostgreSQL's text
cannot store) is refused here too, naming where it is.
"""

from __future__ import annotations

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from todo_chatbot.http.responses import send_json

_BODILESS_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE"})


class StrictJsonMiddleware:
    """Answers 422 to a request whose JSON body is not strict JSON in UTF-8."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in _BODILESS_METHODS:
            await self.app(scope, receive, send)
            return
        if not _declares_json(scope):
            await self.app(scope, receive, send)
            return
        first, body = await _read_body(receive)
        if first["type"] != "http.request":
            await self.app(scope, _replay(first, receive), send)
            return
        if body and (problem := _json_problem(body)) is not None:
            await send_json(send, 422, {"detail": [problem]})
            return
        await self.app(scope, _replay({"type": "http.request", "body": body}, receive), send)


def _declares_json(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"content-type":
            media_type: bytes = value.split(b";", 1)[0].strip().lower()
            return media_type == b"application/json" or (
                media_type.startswith(b"application/") and media_type.endswith(b"+json")
            )
    return False


async def _read_body(receive: Receive) -> tuple[Message, bytes]:
    """The whole body, and the message that ended it (a disconnect ends it early)."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return message, b""
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return message, b"".join(chunks)


def _json_problem(body: bytes) -> dict[str, object] | None:
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        return {
            "type": "json_invalid",
            "loc": ["body", exc.pos],
            "msg": f"The body is not JSON (RFC 8259) in UTF-8: {exc.msg}",
        }
    if _ESCAPED_NUL in body and (where := _nul_location(document)) is not None:
        return {"type": "value_error", "loc": ["body", *where], "msg": NUL_MESSAGE}
    return None


_ESCAPED_NUL = b"\\u0000"
NUL_MESSAGE = "must not contain NUL characters (U+0000)"


def _nul_location(value: object) -> list[str | int] | None:
    """Where the first string holding NUL is (keys included), or None."""
    if isinstance(value, str):
        return [] if "\x00" in value else None
    items: list[tuple[str | int, object]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in key:
                return [key]
            items.append((key, item))
    elif isinstance(value, list):
        items = list(enumerate(value))
    for place, item in items:
        if (inner := _nul_location(item)) is not None:
            return [place, *inner]
    return None


def _replay(first: Message, receive: Receive) -> Receive:
    """``first``, then whatever the client sends next (a disconnect, at most)."""
    pending: list[Message] = [first]

    async def replayed() -> Message:
        if pending:
            return pending.pop()
        return await receive()

    return replayed
