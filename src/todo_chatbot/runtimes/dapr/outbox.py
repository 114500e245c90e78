"""The outbox relay: publishes committed events through Dapr pub/sub, in order.

Events are rows of ``outbox``, written in the same statement as the change
that made them. One replica at a time (the holder of a lease in the state
store) reads the oldest rows, publishes them as CloudEvents with the task id
as Kafka's partition key, and deletes what it published. A task's events go
out in ``seq`` order (which, for one task, is commit order: its writes are
serialized by its version), each batch as one bulk publish per topic, and each
event carries its ``seq`` as the CloudEvents ``sequence`` extension. A task's
events after one that failed wait for the next pass, so Kafka being away
delays events and never loses them. Before a batch goes out, each consumer of
its topics gets a row per event in ``unhandled_events``
(:mod:`todo_chatbot.runtimes.dapr.progress`): what it has yet to handle.

Each event goes out in the trace of the request or event that caused it (its
row's ``traceparent``): the envelope carries it as CloudEvents' ``traceparent``
(and Dapr's ``traceid``, which daprd then keeps), so the consumers handle it in
that trace whether or not daprd traces; and the events of a sampled trace go in
a bulk call of their own with that ``traceparent`` header, so daprd's publish
spans join the trace too. Unsampled events share one call per topic.

A commit in this process wakes the relay at once; it also polls, so events
committed by other replicas, or left by a crash, go out within a poll
interval (and the cron binding's housekeeping calls :meth:`run_once` too).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import Mapping, Sequence
from typing import Any, Final

import orjson
import structlog

from todo_chatbot.core.background import cancel_and_wait
from todo_chatbot.observability import metrics
from todo_chatbot.observability.tracing import TRACEPARENT, TraceContext
from todo_chatbot.runtimes.dapr.client import DaprClient, DaprError
from todo_chatbot.runtimes.dapr.lease import LEASE_SECONDS, StateLease
from todo_chatbot.runtimes.dapr.progress import record_published
from todo_chatbot.runtimes.dapr.sql import SqlBinding, SqlError

log = structlog.get_logger(__name__)

BATCH: Final = 500
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
        consumers: Mapping[str, Sequence[str]] | None = None,
        poll_interval: float = 0.5,
        max_backoff: float = 5.0,
    ) -> None:
        self._sql = sql
        self._client = client
        self._pubsub = pubsub
        self._lease = lease
        self._consumers = dict(consumers or {})
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
            await cancel_and_wait(task)
        self._task = self._lease_task = None
        with contextlib.suppress(DaprError):
            await self._lease.release()

    async def run_once(self) -> int:
        """Publish what is pending (if this replica holds the lease); how many went out."""
        if not self._lease.held:
            return 0
        async with self._pass_lock:
            rows = await self._sql.rows(
                "SELECT seq, topic, partition_key, body, traceparent FROM outbox"
                " ORDER BY seq LIMIT $1::int",
                [BATCH],
            )
            self.pending = len(rows)
            if not rows:
                return 0
            await record_published(self._sql, [row["seq"] for row in rows], self._consumers)
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
        """Publish the rows, the topics side by side; the seqs that went out. For each
        task, only the events before its first failure count as published, so that a
        retry never puts a task's later event before an earlier one."""
        by_topic: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            by_topic.setdefault(row["topic"], []).append(row)
        failures = await asyncio.gather(
            *(self._publish_in_order(topic, events) for topic, events in by_topic.items())
        )
        failed = set().union(*failures)
        stopped: set[str] = set()
        published = []
        for row in rows:
            if row["seq"] in failed:
                stopped.add(row["partition_key"])
            elif row["partition_key"] not in stopped:
                published.append(row["seq"])
        return published

    async def _publish_in_order(self, topic: str, events: list[dict[str, Any]]) -> set[int]:
        """The seqs of one topic's ``events`` that did not go out: a bulk call per run of
        events of one sampled trace (or none), one after another in seq order, so a
        task's events keep their order across calls; after a call fails, the runs after
        it wait for the next pass."""
        failed: set[int] = set()
        for _, run in itertools.groupby(events, key=lambda event: _sampled(event["traceparent"])):
            batch = list(run)
            if failed:
                failed.update(event["seq"] for event in batch)
            else:
                failed |= await self._publish_topic(topic, batch)
        return failed

    async def _publish_topic(self, topic: str, events: list[dict[str, Any]]) -> set[int]:
        """The seqs of ``events`` (one topic, in seq order, of one sampled trace or
        none) that failed."""
        entries = [
            (
                str(event["seq"]),
                with_extensions(event["body"], event["seq"], event["traceparent"]),
                event["partition_key"],
            )
            for event in events
        ]
        traceparent = next((e["traceparent"] for e in events if e["traceparent"]), None)
        started = time.perf_counter()
        try:
            failed_ids = await self._client.bulk_publish_cloudevents(
                self._pubsub, topic, entries, wait=PUBLISH_WAIT, traceparent=traceparent
            )
        except DaprError as exc:
            log.warning("outbox.publish_failed", topic=topic, events=len(events), error=str(exc))
            return {event["seq"] for event in events}
        metrics.EVENT_PUBLISH_SECONDS.observe(time.perf_counter() - started)
        metrics.EVENTS_PUBLISHED.labels(topic).inc(len(events) - len(failed_ids))
        if failed_ids:
            log.warning("outbox.publish_partly_failed", topic=topic, failed=len(failed_ids))
        return {int(entry_id) for entry_id in failed_ids}

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


def with_extensions(body: str, seq: int, traceparent: str | None) -> bytes:
    """The envelope with CloudEvents' ``sequence`` extension (the outbox position, which
    orders events as their changes were committed: the audit trail sorts by it) and,
    for a traced event, its ``traceparent`` (distributed tracing extension) and Dapr's
    ``traceid`` (the same; with it daprd keeps both as they are)."""
    extensions = b',"sequence":"' + str(seq).encode() + b'"'
    if traceparent is not None:
        quoted = orjson.dumps(traceparent)
        extensions += b',"' + TRACEPARENT.encode() + b'":' + quoted + b',"traceid":' + quoted
    return body[:-1].encode() + extensions + b"}"


def _sampled(traceparent: str | None) -> str | None:
    """The trace an event's publish call must be in: its own when sampled (daprd
    records that call), else none in particular."""
    context = TraceContext.parse(traceparent)
    return traceparent if context is not None and context.sampled else None


class PublishFailed(Exception):
    def __init__(self, left: int) -> None:
        super().__init__(f"{left} events not published yet")
