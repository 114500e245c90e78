"""The outbox relay: publishes committed events through Dapr pub/sub, in order.

Events are rows of ``outbox``, written in the same statement as the change
that made them. One replica at a time (the holder of a lease in the state
store) reads the oldest rows, publishes them as CloudEvents with the task id
as Kafka's partition key, and deletes what it published. A task's events go
out one after the other in ``seq`` order (which, for one task, is commit
order: its writes are serialized by its version); different tasks' events go
out side by side. A publish that fails stops its task's events until the next
pass, so Kafka being away delays events and never reorders or loses them.

A commit in this process wakes the relay at once; it also polls, so events
committed by other replicas, or left by a crash, go out within a poll
interval (and the cron binding's housekeeping calls :meth:`run_once` too).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any, Final

import structlog

from todo_chatbot.adapters.dapr.client import DaprClient, DaprError
from todo_chatbot.adapters.dapr.lease import LEASE_SECONDS, StateLease
from todo_chatbot.adapters.dapr.sql import SqlBinding, SqlError
from todo_chatbot.observability import metrics

log = structlog.get_logger(__name__)

BATCH: Final = 500
PARALLEL_TASKS: Final = 32
"""Tasks whose events are published at the same time (each task's in order)."""
PUBLISH_WAIT: Final = 5.0
"""Seconds one publish may take before it counts as failed (and is tried again)."""


class OutboxRelay:
    def __init__(
        self,
        *,
        sql: SqlBinding,
        client: DaprClient,
        pubsub: str,
        lease: StateLease,
        poll_interval: float = 0.5,
        max_backoff: float = 5.0,
    ) -> None:
        self._sql = sql
        self._client = client
        self._pubsub = pubsub
        self._lease = lease
        self._poll_interval = poll_interval
        self._max_backoff = max_backoff
        self._wakeup = asyncio.Event()
        self._pass_lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._lease_task: asyncio.Task[None] | None = None
        self.pending = 0

    def notify(self) -> None:
        """Events were committed: publish them now."""
        self._wakeup.set()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        await self._lease.refresh()
        self._lease_task = asyncio.create_task(self._keep_lease(), name="outbox:lease")
        self._task = asyncio.create_task(self._run(), name="outbox:relay")

    async def stop(self) -> None:
        for task in (self._task, self._lease_task):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._task = self._lease_task = None
        with contextlib.suppress(DaprError):
            await self._lease.release()

    async def run_once(self) -> int:
        """Publish what is pending (if this replica holds the lease); how many went out."""
        if not self._lease.held:
            return 0
        async with self._pass_lock:
            rows = await self._sql.rows(
                "SELECT seq, topic, partition_key, body FROM outbox ORDER BY seq LIMIT $1::int",
                [BATCH],
            )
            self.pending = len(rows)
            if not rows:
                return 0
            published = await self._publish_in_task_order(rows)
            if published:
                await self._sql.execute(
                    "DELETE FROM outbox WHERE seq = ANY($1::bigint[])", [published]
                )
            self.pending = len(rows) - len(published)
            if len(published) < len(rows):
                raise PublishFailed(len(rows) - len(published))
            return len(published)

    async def _publish_in_task_order(self, rows: list[dict[str, Any]]) -> list[int]:
        by_task: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            by_task.setdefault(row["partition_key"], []).append(row)
        gate = asyncio.Semaphore(PARALLEL_TASKS)
        results = await asyncio.gather(
            *(self._publish_one_task(events, gate) for events in by_task.values())
        )
        return [seq for seqs in results for seq in seqs]

    async def _publish_one_task(
        self, events: list[dict[str, Any]], gate: asyncio.Semaphore
    ) -> list[int]:
        published: list[int] = []
        async with gate:
            for event in events:
                started = time.perf_counter()
                try:
                    await self._client.publish_cloudevent(
                        self._pubsub,
                        event["topic"],
                        event["body"].encode(),
                        partition_key=event["partition_key"],
                        wait=PUBLISH_WAIT,
                    )
                except DaprError as exc:
                    log.warning("outbox.publish_failed", seq=event["seq"], error=str(exc))
                    break
                metrics.EVENTS_PUBLISHED.labels(event["topic"]).inc()
                metrics.EVENT_PUBLISH_SECONDS.observe(time.perf_counter() - started)
                published.append(event["seq"])
        return published

    async def _run(self) -> None:
        backoff = 0.0
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), backoff or self._poll_interval)
            self._wakeup.clear()
            try:
                while await self.run_once() >= BATCH:
                    pass
                backoff = 0.0
            except (PublishFailed, SqlError, DaprError) as exc:
                backoff = min(max(backoff * 2, 0.1), self._max_backoff)
                log.warning("outbox.retry_later", seconds=backoff, error=str(exc))

    async def _keep_lease(self) -> None:
        while True:
            await asyncio.sleep(LEASE_SECONDS / 3)
            was_held = self._lease.held
            if await self._lease.refresh() and not was_held:
                log.info("outbox.leading")
                self.notify()


class PublishFailed(Exception):
    def __init__(self, left: int) -> None:
        super().__init__(f"{left} events not published yet")
