"""Housekeeping of the embedded runtime: prune what has been delivered.

Outbox rows every consumer of their topic has received, and the record of
handled event ids, are kept for ``retention`` and then deleted; the query
planner's statistics are refreshed on the way.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta

import structlog

from todo_chatbot.adapters.embedded.database import Database
from todo_chatbot.domain.timekeeping import to_millis
from todo_chatbot.ports.clock import Clock

log = structlog.get_logger(__name__)


class Housekeeper:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        retention: timedelta = timedelta(days=7),
        interval: timedelta = timedelta(minutes=10),
    ) -> None:
        self._db = db
        self._clock = clock
        self._retention = retention
        self._interval = interval
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="housekeeping")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval.total_seconds())
            try:
                await self.prune()
            except Exception:
                log.exception("housekeeping.failed")

    async def prune(self) -> dict[str, int]:
        """Delete delivered outbox rows and handled-event records past retention."""
        cutoff = to_millis(self._clock.now() - self._retention)
        async with self._db.transaction(durable=False) as transaction:
            conn = transaction.conn
            outbox = conn.execute(
                "DELETE FROM outbox WHERE created_at < ? AND seq <= coalesce("
                " (SELECT min(position) FROM consumer_offsets c WHERE c.topic = outbox.topic),"
                " seq)",
                (cutoff,),
            ).rowcount
            processed = conn.execute(
                "DELETE FROM processed_events WHERE processed_at < ?", (cutoff,)
            ).rowcount
            transaction.commit()
        self._db.optimize()
        log.info("housekeeping.pruned", outbox=outbox, processed_events=processed)
        return {"outbox": outbox, "processed_events": processed}
