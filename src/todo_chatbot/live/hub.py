"""The live-update hub: this process's open client connections, by user, and the
pushing of each change to its owner's connections.

Every message has an ``id`` that grows per user. The connections themselves
(WebSockets at ``/ws``) are the HTTP layer's; the hub only needs to send text
to them.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from typing import Any, Final, Protocol

import orjson

from todo_chatbot.tasks.events import Event, EventData, TaskChangedData

LIVE_CONSUMER: Final = "websocket"


class LiveSocket(Protocol):
    """An open connection to a client."""

    async def send(self, text: str) -> bool:
        """Send one message; False when the connection is gone."""
        ...


class LiveHub:
    """The open connections of this replica, by user."""

    def __init__(self) -> None:
        self._sockets: dict[str, set[LiveSocket]] = defaultdict(set)
        self._last_id: dict[str, int] = {}

    def next_id(self, user_id: str) -> int:
        """Grows per user, across restarts too (it starts from the clock in microseconds)."""
        following = max(self._last_id.get(user_id, 0) + 1, time.time_ns() // 1000)
        self._last_id[user_id] = following
        return following

    def join(self, user_id: str, socket: LiveSocket) -> None:
        self._sockets[user_id].add(socket)

    def leave(self, user_id: str, socket: LiveSocket) -> None:
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
        sent = await asyncio.gather(*(socket.send(text) for socket in sockets))
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
