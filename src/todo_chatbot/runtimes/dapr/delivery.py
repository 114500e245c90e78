"""Subscriptions on Dapr pub/sub: what the app answers each delivery.

daprd (its Kafka consumer group is the app id) posts each event of a
subscribed topic to ``/events/{topic}``, in order per partition, and reads the
answer: ``SUCCESS`` (handled), ``RETRY`` (failed: tried again under the
resiliency policy, then sent to the subscription's dead-letter topic) or
``DROP`` (unreadable: straight to the dead-letter topic). Nothing else is ever
answered. Each app also subscribes to its own dead-letter topic, at
``/dead-letters/{topic}``, and keeps what arrives there in ``dead_letters``,
where people can see it. Once an event is answered for good (handled,
unreadable, or kept as a dead letter), it no longer waits for this consumer
(:mod:`todo_chatbot.runtimes.dapr.progress`), before daprd hears the answer.
An event is handled in the trace it was published in (its ``traceparent``), so
what the handler logs and publishes in turn stays in that trace.
"""

from __future__ import annotations

import time
from enum import StrEnum
from typing import Any

import orjson
import structlog

from todo_chatbot.core.clock import Clock
from todo_chatbot.core.timekeeping import to_millis
from todo_chatbot.observability import metrics, tracing
from todo_chatbot.runtimes.dapr.client import DaprError
from todo_chatbot.runtimes.dapr.progress import ConsumerWatch
from todo_chatbot.runtimes.dapr.sql import SqlBinding, SqlError
from todo_chatbot.runtimes.subscriptions import Subscription
from todo_chatbot.tasks.events import PoisonEvent, decode_event

log = structlog.get_logger(__name__)

EVENTS_ROUTE = "/events/{topic}"
DEAD_LETTERS_ROUTE = "/dead-letters/{topic}"


class Status(StrEnum):
    """The only answers daprd understands from a subscriber."""

    SUCCESS = "SUCCESS"
    RETRY = "RETRY"
    DROP = "DROP"


class DaprDelivery:
    """Hands delivered events to one app's subscriptions, and keeps its dead letters."""

    def __init__(
        self,
        *,
        consumer: str,
        subscriptions: list[Subscription],
        sql: SqlBinding,
        clock: Clock,
        watch: ConsumerWatch | None = None,
    ) -> None:
        self.consumer = consumer
        self.watch = watch
        """The consumer's progress, kept as it handles events (None: not tracked)."""
        self._by_topic = {sub.topic: sub for sub in subscriptions}
        self._sql = sql
        self._clock = clock

    @property
    def topics(self) -> list[str]:
        return list(self._by_topic)

    async def deliver(self, topic: str, envelope: Any) -> Status:
        if self.watch is not None:
            self.watch.delivered()
        traceparent = envelope.get(tracing.TRACEPARENT) if isinstance(envelope, dict) else None
        with tracing.continuing(f"{topic} process", traceparent):
            status = await self._handle(topic, envelope)
        if status is Status.RETRY:
            return status
        return await self._mark_handled(envelope, status)

    async def _handle(self, topic: str, envelope: Any) -> Status:
        subscription = self._by_topic.get(topic)
        if subscription is None:
            log.error("delivery.unknown_topic", consumer=self.consumer, topic=topic)
            return Status.DROP
        try:
            event, data = decode_event(topic, envelope)
        except PoisonEvent as exc:
            log.error("delivery.poison", consumer=self.consumer, topic=topic, error=str(exc))
            return Status.DROP
        if not subscription.wants(event.type):
            return Status.SUCCESS
        started = time.perf_counter()
        try:
            await subscription.handler(event, data)
        except Exception as exc:
            log.warning(
                "delivery.failed", consumer=self.consumer, event_id=event.id, error=repr(exc)
            )
            metrics.EVENTS_RETRIED.labels(self.consumer).inc()
            return Status.RETRY
        metrics.EVENTS_DELIVERED.labels(self.consumer).inc()
        metrics.EVENT_HANDLING_SECONDS.labels(self.consumer).observe(time.perf_counter() - started)
        return Status.SUCCESS

    async def _mark_handled(self, envelope: Any, status: Status) -> Status:
        """The event no longer waits for this consumer; RETRY if that could not be
        recorded (handling again has no second effect)."""
        seq = _sequence_of(envelope)
        if self.watch is None or seq is None:
            return status
        try:
            await self.watch.handled_events.handled(seq)
        except (SqlError, DaprError) as exc:
            log.warning("delivery.progress_not_recorded", consumer=self.consumer, error=str(exc))
            return Status.RETRY
        return status

    async def keep_dead_letter(self, topic: str, envelope: Any) -> Status:
        """An event of ours that Dapr gave up on: keep it once (by its id)."""
        event_id = envelope.get("id") if isinstance(envelope, dict) else None
        body = orjson.dumps(envelope).decode()
        await self._sql.execute(
            "INSERT INTO dead_letters (consumer, topic, event_id, body, error, failed_at)"
            " VALUES ($1, $2, $3, $4, $5, $6::bigint) ON CONFLICT (consumer, event_id) DO NOTHING",
            [
                self.consumer,
                str(envelope.get("topic", topic)) if isinstance(envelope, dict) else topic,
                str(event_id or f"unreadable-{time.time_ns()}"),
                body,
                "dead-lettered by Dapr after the subscriber answered DROP or kept failing",
                to_millis(self._clock.now()),
            ],
        )
        metrics.EVENTS_DEAD_LETTERED.labels(self.consumer).inc()
        log.error("delivery.dead_letter", consumer=self.consumer, event_id=event_id)
        if self.watch is not None:
            await self.watch.handled_events.dead_lettered(
                _sequence_of(envelope), None if event_id is None else str(event_id)
            )
        return Status.SUCCESS


def _sequence_of(envelope: Any) -> int | None:
    """The outbox position the relay put in the envelope (None in events it did not send)."""
    value = envelope.get("sequence") if isinstance(envelope, dict) else None
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None
