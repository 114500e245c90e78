"""The in-process event bus of the embedded runtime, fed by the outbox.

Each subscription is a consumer group with its own position in the outbox
(``consumer_offsets``), so every consumer receives every event of its topic,
in commit order, and a restart resumes where each one stopped. A handler that
fails is retried with growing pauses; after the last attempt, or at once for an
event that cannot be read, the event goes to ``dead_letters`` and the consumer
moves on. Delivery is at least once; handlers are idempotent on the event id.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, replace
from typing import Any, Final

import orjson
import structlog

from todo_chatbot.core.clock import Clock
from todo_chatbot.core.timekeeping import to_millis
from todo_chatbot.observability import metrics, tracing
from todo_chatbot.runtimes.embedded.sqlite.database import Database
from todo_chatbot.runtimes.subscriptions import Subscription
from todo_chatbot.tasks.events import Event, EventData, PoisonEvent, decode_event

log = structlog.get_logger(__name__)

BATCH: Final = 200

OFFSET_SAVE_INTERVAL: Final = 1.0
"""Seconds a consumer may run ahead of its saved position while events keep
coming. Saved after every batch, positions were a commit of their own each
time, most of the commits under load; every handler is idempotent, so the
events since the last save that a crash makes the consumer receive again have
no second effect. A consumer also saves its position once a quiet poll
interval passes, and when the bus stops."""


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    first_pause: float = 0.05
    max_pause: float = 2.0

    def pause(self, attempt: int) -> float:
        return float(min(self.first_pause * 2 ** (attempt - 1), self.max_pause))


class EmbeddedEventBus:
    """Delivers outbox rows to in-process subscribers."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        subscriptions: list[Subscription],
        *,
        retry: RetryPolicy | None = None,
        poll_interval: float = 1.0,
    ) -> None:
        self._db = db
        self._clock = clock
        self._subscriptions = subscriptions
        self._retry = retry or RetryPolicy()
        self._poll_interval = poll_interval
        self._wakeups = {sub.consumer: asyncio.Event() for sub in subscriptions}
        self._tasks: list[asyncio.Task[None]] = []
        self._positions: dict[str, int] = {}
        """Where each consumer running here has got to."""
        self._saved: dict[str, int] = {}

    def notify(self) -> None:
        """Something was committed to the outbox: wake every consumer."""
        for wakeup in self._wakeups.values():
            wakeup.set()

    async def start(self) -> None:
        for sub in self._subscriptions:
            await self._ensure_offset(sub)
            self._tasks.append(asyncio.create_task(self._consume(sub), name=f"bus:{sub.consumer}"))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        for sub in self._subscriptions:
            await self._save_offset_if_moved(sub)
        self._positions.clear()  # lag() reads the saved positions again
        self._saved.clear()

    @property
    def running(self) -> bool:
        return bool(self._tasks) and not any(task.done() for task in self._tasks)

    def lag(self) -> dict[str, int]:
        """How many events each consumer has yet to receive."""
        conn = self._db.reader
        lags = {}
        for sub in self._subscriptions:
            position = self._positions.get(sub.consumer)
            if position is None:
                position = self._saved_position(sub)
            (count,) = conn.execute(
                "SELECT count(*) FROM outbox WHERE topic = ? AND seq > ?", (sub.topic, position)
            ).fetchone()
            lags[sub.consumer] = count
        return lags

    async def _ensure_offset(self, sub: Subscription) -> None:
        async with self._db.transaction(durable=False) as transaction:
            conn = transaction.conn
            conn.execute(
                "INSERT OR IGNORE INTO consumer_offsets (consumer, topic, position)"
                " VALUES (?, ?, 0)",
                (sub.consumer, sub.topic),
            )
            transaction.commit()

    async def _consume(self, sub: Subscription) -> None:
        wakeup = self._wakeups[sub.consumer]
        position = self._positions[sub.consumer] = self._saved[sub.consumer] = self._saved_position(
            sub
        )
        saved_at = time.monotonic()
        while True:
            wakeup.clear()
            rows = self._db.reader.execute(
                "SELECT seq, event_id, type, body, traceparent FROM outbox"
                " WHERE topic = ? AND seq > ?"
                " ORDER BY seq LIMIT ?",
                (sub.topic, position, BATCH),
            ).fetchall()
            if not rows:
                if not await self._woken(wakeup) and await self._save_offset_if_moved(sub):
                    saved_at = time.monotonic()
                continue
            wanted = [
                (seq, event_id, body, traceparent)
                for seq, event_id, event_type, body, traceparent in rows
                if sub.wants(event_type)
            ]
            if sub.batch_handler is not None and await self._deliver_batch(sub, wanted):
                wanted = []
            for seq, event_id, body, traceparent in wanted:
                with tracing.continuing(f"{sub.topic} process", traceparent):
                    await self._deliver(sub, seq, event_id, body)
            position = self._positions[sub.consumer] = rows[-1][0]
            if time.monotonic() - saved_at >= OFFSET_SAVE_INTERVAL:
                await self._save_offset_if_moved(sub)
                saved_at = time.monotonic()

    async def _woken(self, wakeup: asyncio.Event) -> bool:
        """Wait for events to be committed; False if a poll interval passed quietly."""
        try:
            await asyncio.wait_for(wakeup.wait(), self._poll_interval)
        except TimeoutError:
            return False
        return True

    async def _deliver_batch(
        self, sub: Subscription, wanted: list[tuple[int, str, bytes, str | None]]
    ) -> bool:
        """Hand the readable events to the batch handler in one call; True if it took them.

        Unreadable events go to the dead letters first. If the batch fails, the
        caller delivers its events one by one, with retries, so that one bad
        event cannot hold back the others.
        """
        assert sub.batch_handler is not None
        started = time.perf_counter()
        batch = []
        for seq, event_id, body, _ in wanted:
            try:
                batch.append(decoded_row(sub.topic, seq, body))
            except (PoisonEvent, orjson.JSONDecodeError) as exc:
                await self._dead_letter(sub, event_id, body, f"unreadable: {exc}", 1)
        if not batch:
            return True
        try:
            await sub.batch_handler(batch)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("bus.batch_failed", consumer=sub.consumer, size=len(batch), error=repr(exc))
            return False
        metrics.EVENTS_DELIVERED.labels(sub.consumer).inc(len(batch))
        metrics.EVENT_HANDLING_SECONDS.labels(sub.consumer).observe(time.perf_counter() - started)
        return True

    async def _deliver(self, sub: Subscription, seq: int, event_id: str, body: bytes) -> None:
        started = time.perf_counter()
        attempt = 0
        while True:
            attempt += 1
            try:
                event, data = decoded_row(sub.topic, seq, body)
                await sub.handler(event, data)
            except (PoisonEvent, orjson.JSONDecodeError) as exc:
                await self._dead_letter(sub, event_id, body, f"unreadable: {exc}", attempt)
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if attempt >= self._retry.max_attempts:
                    log.exception("bus.handler_failed", consumer=sub.consumer, event_id=event_id)
                    await self._dead_letter(sub, event_id, body, repr(exc), attempt)
                    return
                log.warning(
                    "bus.retry",
                    consumer=sub.consumer,
                    event_id=event_id,
                    attempt=attempt,
                    error=repr(exc),
                )
                metrics.EVENTS_RETRIED.labels(sub.consumer).inc()
                await asyncio.sleep(self._retry.pause(attempt))
                continue
            metrics.EVENTS_DELIVERED.labels(sub.consumer).inc()
            metrics.EVENT_HANDLING_SECONDS.labels(sub.consumer).observe(
                time.perf_counter() - started
            )
            return

    async def _dead_letter(
        self, sub: Subscription, event_id: str, body: bytes, error: str, attempts: int
    ) -> None:
        metrics.EVENTS_DEAD_LETTERED.labels(sub.consumer).inc()
        log.error("bus.dead_letter", consumer=sub.consumer, event_id=event_id, error=error)
        async with self._db.transaction(durable=False) as transaction:
            conn = transaction.conn
            conn.execute(
                "INSERT INTO dead_letters"
                " (consumer, topic, event_id, body, error, attempts, failed_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    sub.consumer,
                    sub.topic,
                    event_id,
                    body,
                    error,
                    attempts,
                    to_millis(self._clock.now()),
                ),
            )
            transaction.commit()

    def _saved_position(self, sub: Subscription) -> int:
        (position,) = self._db.reader.execute(
            "SELECT position FROM consumer_offsets WHERE consumer = ?", (sub.consumer,)
        ).fetchone()
        return int(position)

    async def _save_offset_if_moved(self, sub: Subscription) -> bool:
        """Save where the consumer has got to, if it moved since the last save."""
        position = self._positions.get(sub.consumer)
        if position is None or position == self._saved.get(sub.consumer):
            return False
        async with self._db.transaction(durable=False) as transaction:
            conn = transaction.conn
            conn.execute(
                "UPDATE consumer_offsets SET position = ? WHERE consumer = ?",
                (position, sub.consumer),
            )
            transaction.commit()
        self._saved[sub.consumer] = position
        return True


def decoded_row(topic: str, seq: int, body: bytes) -> tuple[Event, EventData]:
    """An outbox row's event, with its place in commit order as its ``sequence``."""
    event, data = decode_event(topic, orjson.loads(body))
    return replace(event, sequence=seq), data


def dead_letters(db: Database, consumer: str | None = None) -> list[dict[str, Any]]:
    """The events that could not be handled, newest first."""
    where, params = ("WHERE consumer = ?", (consumer,)) if consumer else ("", ())
    rows = db.reader.execute(
        "SELECT id, consumer, topic, event_id, error, attempts, failed_at"
        f" FROM dead_letters {where} ORDER BY id DESC",
        params,
    ).fetchall()
    keys = ("id", "consumer", "topic", "event_id", "error", "attempts", "failed_at")
    return [dict(zip(keys, row, strict=True)) for row in rows]
