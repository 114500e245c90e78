"""The live updates of one process of the embedded runtime: its own tail of the outbox.

Every worker process holds its own clients' connections, so each one reads the
live topics (``task-updates``, ``reminders``) for itself, from where the outbox
stood when it started: a broadcast, as the distributed runtime's websocket
service has a consumer group per replica. (A client that reconnects catches up
through the notifications kept and a resync.) A commit of this process wakes
the feed at once; commits of other worker processes are seen within
``poll_interval``, looked for only while this process has clients. Live updates
are best effort: a handler that fails is logged and passed by.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Final

import structlog

from todo_chatbot.core.background import cancel_and_wait
from todo_chatbot.runtimes.embedded.bus import decoded_row
from todo_chatbot.runtimes.embedded.sqlite.database import Database
from todo_chatbot.runtimes.subscriptions import Subscription

log = structlog.get_logger(__name__)

BATCH: Final = 500
IDLE_POLL: Final = 1.0
"""Seconds between looks while nobody is connected, or when only this process commits."""


class LiveFeed:
    def __init__(
        self,
        db: Database,
        subscriptions: list[Subscription],
        *,
        poll_interval: float,
        has_clients: Callable[[], bool],
    ) -> None:
        self._db = db
        self._by_topic = {sub.topic: sub for sub in subscriptions}
        self._poll_interval = poll_interval
        self._has_clients = has_clients
        self._wakeup = asyncio.Event()
        self._position = 0
        self._task: asyncio.Task[None] | None = None

    def notify(self) -> None:
        """This process committed events: look now."""
        self._wakeup.set()

    def start(self) -> None:
        (self._position,) = self._db.reader.execute(
            "SELECT coalesce(max(seq), 0) FROM outbox"
        ).fetchone()
        self._task = asyncio.create_task(self._run(), name="live-feed")

    async def stop(self) -> None:
        await cancel_and_wait(self._task)
        self._task = None

    async def _run(self) -> None:
        topics = list(self._by_topic)
        marks = ", ".join("?" * len(topics))
        while True:
            self._wakeup.clear()
            rows = self._db.reader.execute(
                f"SELECT seq, topic, body FROM outbox WHERE seq > ? AND topic IN ({marks})"
                " ORDER BY seq LIMIT ?",
                (self._position, *topics, BATCH),
            ).fetchall()
            for seq, topic, body in rows:
                await self._hand_over(self._by_topic[topic], seq, body)
                self._position = seq
            if rows:
                continue
            pause = self._poll_interval if self._has_clients() else IDLE_POLL
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), pause)

    async def _hand_over(self, subscription: Subscription, seq: int, body: bytes) -> None:
        try:
            event, data = decoded_row(subscription.topic, seq, body)
            if subscription.wants(event.type):
                await subscription.handler(event, data)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("live.feed_failed", seq=seq, error=repr(exc))
