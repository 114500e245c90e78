"""Live updates: the WebSocket at ``/ws`` and the hub that pushes to it.

A client connects with ``/ws?token=<access_token>`` and is pushed each
``task.changed`` of its user as it happens. Every message has an ``id`` that
grows per user; a client that reconnects with ``after=<last id>`` is first
told to reload (``{"type": "resync"}``), since task changes are not replayed.
A missing or bad token is refused at the handshake (HTTP 403).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import defaultdict
from typing import Any

import orjson
import structlog
from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from todo_chatbot.accounts.ports import TokenIssuer
from todo_chatbot.core.errors import NotAuthenticated
from todo_chatbot.tasks.events import Event, EventData, TaskChangedData

log = structlog.get_logger(__name__)


class LiveHub:
    """The open connections of this replica, by user."""

    def __init__(self) -> None:
        self._sockets: dict[str, set[WebSocket]] = defaultdict(set)
        self._last_id: dict[str, int] = {}

    def next_id(self, user_id: str) -> int:
        """Grows per user, across restarts too (it starts from the clock in microseconds)."""
        following = max(self._last_id.get(user_id, 0) + 1, time.time_ns() // 1000)
        self._last_id[user_id] = following
        return following

    def join(self, user_id: str, socket: WebSocket) -> None:
        self._sockets[user_id].add(socket)

    def leave(self, user_id: str, socket: WebSocket) -> None:
        sockets = self._sockets.get(user_id)
        if sockets is not None:
            sockets.discard(socket)
            if not sockets:
                del self._sockets[user_id]

    def connections(self) -> int:
        return sum(len(sockets) for sockets in self._sockets.values())

    async def push(self, user_id: str, message: dict[str, Any]) -> int:
        """Send ``message`` (given the next id) to every connection of the user."""
        sockets = list(self._sockets.get(user_id, ()))
        if not sockets:
            return 0
        text = orjson.dumps({"id": self.next_id(user_id), **message}).decode()
        sent = await asyncio.gather(*(_send(socket, text) for socket in sockets))
        return sum(sent)

    async def push_task_change(self, event: Event, data: EventData) -> None:
        """A ``task-updates`` handler: what changed goes to the owner's open clients."""
        if not isinstance(data, TaskChangedData):
            return
        await self.push(
            data.user_id,
            {
                "type": "task.changed",
                "task_id": data.task_id,
                "change": data.change,
                "task": event.data.get("task"),
            },
        )


async def _send(socket: WebSocket, text: str) -> bool:
    try:
        await socket.send_text(text)
    except (WebSocketDisconnect, RuntimeError, ConnectionError):
        return False
    return True


def live_router() -> APIRouter:
    """``/ws``, served from the runtime's ``hub`` and ``tokens``."""
    router = APIRouter(tags=["live"])

    @router.websocket("/ws")
    async def live(socket: WebSocket, token: str = "", after: str | None = None) -> None:
        hub: LiveHub = socket.app.state.runtime.hub
        tokens: TokenIssuer = socket.app.state.runtime.tokens
        try:
            user_id = tokens.subject(token)
        except NotAuthenticated:
            await socket.close(code=1008)
            return
        await socket.accept()
        hub.join(user_id, socket)
        try:
            if after is not None:
                await socket.send_text(
                    orjson.dumps({"id": hub.next_id(user_id), "type": "resync"}).decode()
                )
            while True:
                await socket.receive_text()
        except WebSocketDisconnect:
            pass
        finally:
            hub.leave(user_id, socket)
            with contextlib.suppress(RuntimeError):
                await socket.close()

    return router
