"""Each consumer's progress: what was published to it and what it has handled.

The outbox relay records, before it publishes a batch, one row of
``unhandled_events`` per event and per consumer of the event's topic (the
subscriptions table names them). A consumer deletes its row once it has
answered the delivery (handled, unreadable, or kept as a dead letter), before
it answers daprd, so a crash in between only brings the event back. What is
left is what the consumer has yet to handle: its lag, and the age of the
oldest (by the database's clock, as the rows are stamped).

:class:`ConsumerWatch` reads that every few seconds for one service, feeds
``events_pending`` and ``events_oldest_pending_seconds`` and the ``receiving``
check of ``/readyz``. A consumer is stalled when events have waited longer than
``stall_after`` while nothing was delivered to it for as long. A stalled
consumer asks its sidecar to subscribe again: ``/healthz`` answers 503 for
``resubscribe_for`` seconds, daprd's app health check (``--app-health-check-path
/healthz``) then closes the app's subscriptions, and opens them again once the
app is healthy; a Kafka consumer that came back from an app restart with part
of its topics only starts afresh.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import structlog

from todo_chatbot.core.background import cancel_and_wait
from todo_chatbot.observability import metrics
from todo_chatbot.runtimes.dapr.client import DaprError
from todo_chatbot.runtimes.dapr.sql import SqlBinding, SqlError

log = structlog.get_logger(__name__)

NOW_MILLIS: Final = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint"
STALL_AFTER: Final = 30.0
"""Seconds events may wait, with nothing delivered, before a consumer counts as stalled."""
CHECK_EVERY: Final = 5.0
RESUBSCRIBE_FOR: Final = 6.0
"""Seconds ``/healthz`` fails for: past daprd's app health threshold (2 probes, 1 s apart)."""


async def record_published(
    sql: SqlBinding, seqs: Sequence[int], consumers: Mapping[str, Sequence[str]]
) -> None:
    """Before the outbox rows ``seqs`` are published: each consumer of their topic has
    them to handle (``consumers``: topic -> consumers)."""
    pairs = [(topic, consumer) for topic, names in consumers.items() for consumer in names]
    if not seqs or not pairs:
        return
    await sql.execute(
        "INSERT INTO unhandled_events (consumer, seq, event_id, published_at)"
        f" SELECT c.consumer, o.seq, o.event_id, {NOW_MILLIS} FROM outbox o"
        " JOIN unnest($2::text[], $3::text[]) AS c(topic, consumer) ON c.topic = o.topic"
        " WHERE o.seq = ANY($1::bigint[]) ON CONFLICT DO NOTHING",
        [list(seqs), [topic for topic, _ in pairs], [consumer for _, consumer in pairs]],
    )


@dataclass(frozen=True)
class Progress:
    pending: int
    oldest_seconds: float


class HandledEvents:
    """Deletes a consumer's rows as it handles events, the deliveries answered at the
    same moment sharing one statement (as a group commit)."""

    def __init__(self, sql: SqlBinding, consumer: str) -> None:
        self._sql = sql
        self._consumer = consumer
        self._waiting: list[tuple[int, asyncio.Future[None]]] = []
        self._flushing: asyncio.Task[None] | None = None

    async def handled(self, seq: int) -> None:
        """Raises :class:`SqlError` or :class:`DaprError` when it could not be recorded."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((seq, done))
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.create_task(self._flush())
        await done

    async def dead_lettered(self, seq: int | None, event_id: str | None) -> None:
        """An event kept as a dead letter (by its outbox position, or by its id when the
        dead-letter topic's copy lost the position) no longer waits."""
        await self._sql.execute(
            "DELETE FROM unhandled_events WHERE consumer = $1"
            " AND (seq = $2::bigint OR event_id = $3::text)",
            [self._consumer, seq, event_id],
        )

    async def _flush(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            try:
                await self._sql.execute(
                    "DELETE FROM unhandled_events WHERE consumer = $1 AND seq = ANY($2::bigint[])",
                    [self._consumer, [seq for seq, _ in batch]],
                )
            except (SqlError, DaprError) as exc:
                for _, done in batch:
                    done.set_exception(exc)
            else:
                for _, done in batch:
                    done.set_result(None)


class ConsumerWatch:
    """One service's consumer: its progress, whether it stalled, and its recovery."""

    def __init__(
        self,
        sql: SqlBinding,
        consumer: str,
        *,
        stall_after: float = STALL_AFTER,
        check_every: float = CHECK_EVERY,
        resubscribe_for: float = RESUBSCRIBE_FOR,
    ) -> None:
        self.consumer = consumer
        self.handled_events = HandledEvents(sql, consumer)
        self._sql = sql
        self._stall_after = stall_after
        self._check_every = check_every
        self._resubscribe_for = resubscribe_for
        self._last_delivery = time.monotonic()
        self._resubscribing_until = 0.0
        self._resubscribed_at = float("-inf")
        self.progress: Progress | None = None
        self.stalled = False
        self._task: asyncio.Task[None] | None = None

    def delivered(self) -> None:
        """daprd delivered something (a first attempt or a retry)."""
        self._last_delivery = time.monotonic()

    @property
    def resubscribing(self) -> bool:
        """Whether ``/healthz`` should fail now, for daprd to subscribe again."""
        return time.monotonic() < self._resubscribing_until

    def start(self) -> None:
        self._task = asyncio.create_task(self._watch(), name=f"progress:{self.consumer}")

    async def stop(self) -> None:
        await cancel_and_wait(self._task)
        self._task = None

    async def read(self) -> Progress:
        row: dict[str, Any] | None = await self._sql.first(
            f"SELECT count(*) AS pending, coalesce({NOW_MILLIS} - min(published_at), 0) AS age"
            " FROM unhandled_events WHERE consumer = $1",
            [self.consumer],
        )
        if row is None:
            return Progress(0, 0.0)
        return Progress(int(row["pending"]), max(0.0, int(row["age"]) / 1000))

    async def check(self) -> None:
        """Read the progress once; mark the consumer stalled (and recover) or not."""
        self.progress = await self.read()
        now = time.monotonic()
        stalled = (
            self.progress.pending > 0
            and self.progress.oldest_seconds > self._stall_after
            and now - self._last_delivery > self._stall_after
        )
        if stalled and not self.stalled:
            log.error(
                "consumer.stalled",
                consumer=self.consumer,
                pending=self.progress.pending,
                oldest_seconds=round(self.progress.oldest_seconds),
                action="asking the sidecar to subscribe again",
            )
        elif self.stalled and not stalled:
            log.info("consumer.receiving_again", consumer=self.consumer)
        self.stalled = stalled
        if stalled and now - self._resubscribed_at > self._stall_after:
            self._resubscribed_at = now
            self._resubscribing_until = now + self._resubscribe_for

    def refresh_gauges(self) -> None:
        if self.progress is not None:
            metrics.EVENTS_PENDING.labels(self.consumer).set(self.progress.pending)
            metrics.EVENTS_OLDEST_PENDING_SECONDS.labels(self.consumer).set(
                self.progress.oldest_seconds
            )
        metrics.CONSUMER_STALLED.labels(self.consumer).set(1 if self.stalled else 0)

    async def _watch(self) -> None:
        failing = False
        while True:
            try:
                await self.check()
                failing = False
            except (SqlError, DaprError) as exc:
                if not failing:
                    log.warning("consumer.progress_unknown", consumer=self.consumer, error=str(exc))
                failing = True
            await asyncio.sleep(self._check_every)
