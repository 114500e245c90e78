"""JSON answers rendered with orjson, and the error answers of the API."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from fastapi import Response
from starlette.types import Send

from todo_chatbot.core.errors import FieldError
from todo_chatbot.tasks.representation import task_view
from todo_chatbot.tasks.task import Task


def json_response(
    content: Any, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        content=orjson.dumps(content),
        status_code=status_code,
        media_type="application/json",
        headers=headers,
    )


def task_response(task: Task, tz: ZoneInfo, status_code: int = 200) -> Response:
    """A task, with its version as the ETag (for If-Match)."""
    headers = {"ETag": f'"{task.version}"'}
    if status_code == 201:
        headers["Location"] = f"/api/tasks/{task.id}"
    return json_response(task_view(task, tz), status_code, headers)


def validation_detail(errors: list[FieldError], location: str) -> list[dict[str, Any]]:
    """Errors in FastAPI's own shape: ``{"type", "loc", "msg"}``."""
    return [
        {"type": error.kind, "loc": [location, error.field], "msg": error.message}
        for error in errors
    ]


async def send_json(
    send: Send, status_code: int, content: Any, headers: Sequence[tuple[bytes, bytes]] = ()
) -> None:
    """A whole JSON answer sent straight through ASGI (for middleware, where no
    route's Response exists)."""
    body = orjson.dumps(content)
    await send(
        {
            "type": "http.response.start",
            "status": status_code,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
