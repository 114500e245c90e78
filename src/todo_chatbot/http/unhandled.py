"""The last word on any exception no handler took: a JSON 500, one log line.

Without it Starlette answers ``Internal Server Error`` as text, uvicorn logs a
traceback and the connection is closed. Here the answer is the contract's
``{"detail": ...}`` with an error id, the log is one line carrying the same id
(and where the exception was raised), and the connection stays open for the
client's next request.
"""

from __future__ import annotations

import traceback
import uuid

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from todo_chatbot.http.responses import send_json

log = structlog.get_logger(__name__)

_MAX_ERROR_TEXT = 500


class UnhandledErrorMiddleware:
    """Turns an exception raised before the answer started into a JSON 500."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_noting_start(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, send_noting_start)
        except Exception as exc:
            if started:
                raise
            error_id = uuid.uuid4().hex
            log.error(
                "http.unhandled_error",
                error_id=error_id,
                method=scope["method"],
                path=scope["path"],
                error=f"{type(exc).__name__}: {exc}"[:_MAX_ERROR_TEXT],
                raised_at=_where_raised(exc),
            )
            await send_json(
                send,
                500,
                {"detail": f"Internal server error (error id {error_id})", "error_id": error_id},
            )


def _where_raised(exc: BaseException) -> str:
    """``file:line in function`` of the frame that raised ``exc``."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "unknown"
    last = frames[-1]
    return f"{last.filename}:{last.lineno} in {last.name}"
