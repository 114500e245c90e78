"""The live-update hub: this process's open client connections, by user, and the
pushing of each change and each reminder to its owner's connections.

Every pushed message has an ``id``: the place in commit order of the event it
reports, which grows for every user. Each connection has a bounded queue that a
sender of its own drains, so a client that does not read holds up nobody: when
its queue is full it is dropped from the hub (nothing more is queued for it)
and asked to close (code 1013, "try again later"; a client that reads nothing
does not see that either, and the server's pings then time its connection
out). It catches up when it reconnects (``after=<last id>``). The connections
themselves (WebSockets at ``/ws``) are the HTTP layer's; the hub only needs to
send text to them and close them.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from typing import Any, Final, Protocol

import orjson
import structlog

from todo_chatbot.notifications.notification import notification_view, reminder_notification
from todo_chatbot.observability import metrics
from todo_chatbot.tasks.events import Event, EventData, ReminderDueData, TaskChangedData

log = structlog.get_logger(__name__)

LIVE_CONSUMER: Final = "websocket"
QUEUE_LIMIT: Final = 256
"""Messages a connection may have waiting before it counts as too slow."""
CLOSE_WAIT: Final = 1.0
TOO_SLOW: Final = 1013
"""The close code of a connection whose client did not keep up (Try Again Later)."""


class LiveSocket(Protocol):
    """An open connection to a client."""

    async def send(self, text: str) -> bool:
        """Send one message; False when the connection is gone."""
        ...

    async def close(self, code: int) -> None: ...


class LiveConnection:
    """One client's connection: what it has yet to be sent, and its sender."""

    def __init__(self, user_id: str, socket: LiveSocket, limit: int = QUEUE_LIMIT) -> None:
        self.user_id = user_id
        self.socket = socket
        self._queue: asyncio.Queue[tuple[int, str]] = asyncio.Queue(maxsize=limit)
        self.too_slow = False

    def offer(self, message_id: int, text: str) -> bool:
        """Queue a message; False (and nothing queued) when the queue is full."""
        try:
            self._queue.put_nowait((message_id, text))
        except asyncio.QueueFull:
            return False
        return True

    async def send_queued(self, *, sent_through: int = 0) -> None:
        """Send what is queued, in order, until the connection is gone; messages with an
        id up to ``sent_through`` were sent already (while catching up) and are skipped."""
        while True:
            message_id, text = await self._queue.get()
            if message_id and message_id <= sent_through:
                continue
            if not await self.socket.send(text):
                return
            metrics.LIVE_MESSAGES_PUSHED.inc()


class LiveHub:
    """The open connections of this process, by user."""

    def __init__(self, *, queue_limit: int = QUEUE_LIMIT) -> None:
        self._connections: dict[str, set[LiveConnection]] = defaultdict(set)
        self._queue_limit = queue_limit
        self._closing: set[asyncio.Task[None]] = set()

    def join(self, user_id: str, socket: LiveSocket) -> LiveConnection:
        connection = LiveConnection(user_id, socket, self._queue_limit)
        self._connections[user_id].add(connection)
        return connection

    def leave(self, connection: LiveConnection) -> None:
        connections = self._connections.get(connection.user_id)
        if connections is not None:
            connections.discard(connection)
            if not connections:
                del self._connections[connection.user_id]

    def connections(self) -> int:
        return sum(len(connections) for connections in self._connections.values())

    def push(self, user_id: str, message_id: int, message: dict[str, Any]) -> int:
        """Queue ``message`` (with its id) for every connection of the user; how many
        took it. A connection whose queue is full is closed as too slow."""
        connections = self._connections.get(user_id)
        if not connections:
            return 0
        text = orjson.dumps({"id": message_id, **message}).decode()
        taken = 0
        for connection in list(connections):
            if connection.offer(message_id, text):
                taken += 1
            else:
                self._drop(connection)
        return taken

    async def push_task_change(self, event: Event, data: EventData) -> None:
        """A ``task-updates`` handler: what changed goes to the owner's open clients."""
        if not isinstance(data, TaskChangedData):
            return
        message = {
            "type": "task.changed",
            "task_id": data.task_id,
            "change": data.change,
            "task": event.data.get("task"),
        }
        self.push(data.user_id, event.sequence or 0, message)

    async def push_reminder(self, event: Event, data: EventData) -> None:
        """A ``reminders`` handler: the notification the reminder becomes goes to the
        owner's open clients (under the id the notification service keeps it by)."""
        if not isinstance(data, ReminderDueData):
            return
        notification = reminder_notification(event, data)
        message = {"type": "notification", "notification": notification_view(notification)}
        self.push(data.user_id, event.sequence or 0, message)

    def _drop(self, connection: LiveConnection) -> None:
        if connection.too_slow:
            return
        connection.too_slow = True
        self.leave(connection)
        metrics.LIVE_CLIENTS_TOO_SLOW.inc()
        log.warning("live.too_slow", user_id=connection.user_id)
        closing = asyncio.get_running_loop().create_task(self._close_soon(connection))
        self._closing.add(closing)
        closing.add_done_callback(self._closing.discard)

    async def _close_soon(self, connection: LiveConnection) -> None:
        """Ask the client to close; a close that cannot get out (its client reads
        nothing) is given up after a second."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(connection.socket.close(TOO_SLOW), CLOSE_WAIT)

    async def close_all(self) -> None:
        """Close every connection (the process is stopping)."""
        for connections in list(self._connections.values()):
            for connection in list(connections):
                with contextlib.suppress(Exception):
                    await connection.socket.close(1001)
        self._connections.clear()
