"""Which consumer handles which topic, and how: the one table both runtimes read.

The embedded runtime runs every consumer in its one process; each service of
the distributed runtime runs the consumers whose ``service`` it is (its Dapr app
id is its Kafka consumer group).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial

from todo_chatbot.audit.trail import AUDIT_CONSUMER, record_audit_entries, record_audit_entry
from todo_chatbot.core.unit_of_work import UnitOfWorkFactory
from todo_chatbot.live.hub import LIVE_CONSUMER, LiveHub
from todo_chatbot.notifications.notification import NOTIFICATION_CONSUMER, record_notification
from todo_chatbot.runtimes.runtime import StoreUnitOfWork
from todo_chatbot.tasks.events import Event, EventData, EventType, Topic
from todo_chatbot.tasks.ports import Scheduler
from todo_chatbot.tasks.recurring import (
    RECURRING_CONSUMER,
    NextOccurrences,
    schedule_next_occurrence,
)
from todo_chatbot.tasks.reminders import REMINDERS_CONSUMER, keep_reminder_scheduled

Handler = Callable[[Event, EventData], Awaitable[None]]
BatchHandler = Callable[[list[tuple[Event, EventData]]], Awaitable[None]]


@dataclass(frozen=True)
class Subscription:
    """``consumer`` is the consumer group: each one receives every event of ``topic``
    (of the given ``types`` only, when they are named: the others pass it by).

    A ``batch_handler`` takes many events at once (as Dapr's bulk subscribe
    delivers them); ``handler`` then serves for retrying them one by one.
    """

    consumer: str
    topic: str
    service: str
    """The distributed runtime's service that runs this consumer."""
    handler: Handler
    types: frozenset[str] | None = None
    batch_handler: BatchHandler | None = None

    def wants(self, event_type: str) -> bool:
        return self.types is None or event_type in self.types


def subscriptions(
    *,
    uow_factory: UnitOfWorkFactory[StoreUnitOfWork],
    next_occurrences: NextOccurrences,
    scheduler: Scheduler,
) -> list[Subscription]:
    """Every consumer with its handler: each receives every event of its topic once."""
    return [
        Subscription(
            consumer=AUDIT_CONSUMER,
            topic=Topic.TASK_EVENTS,
            service="audit",
            handler=partial(record_audit_entry, uow_factory=uow_factory),
            batch_handler=partial(record_audit_entries, uow_factory=uow_factory),
        ),
        Subscription(
            consumer=RECURRING_CONSUMER,
            topic=Topic.TASK_EVENTS,
            service="recurring",
            handler=partial(schedule_next_occurrence, occurrences=next_occurrences),
            types=frozenset({EventType.TASK_COMPLETED.value}),
        ),
        Subscription(
            consumer=NOTIFICATION_CONSUMER,
            topic=Topic.REMINDERS,
            service="notification",
            handler=partial(record_notification, uow_factory=uow_factory),
        ),
        Subscription(
            consumer=REMINDERS_CONSUMER,
            topic=Topic.TASK_EVENTS,
            service="backend",
            handler=partial(keep_reminder_scheduled, scheduler=scheduler),
        ),
    ]


def live_subscriptions(hub: LiveHub) -> list[Subscription]:
    """What live clients are pushed: every process (embedded) or replica (the websocket
    service) receives all of it, for the connections it holds."""
    return [
        Subscription(
            consumer=LIVE_CONSUMER,
            topic=Topic.TASK_UPDATES,
            service="websocket",
            handler=hub.push_task_change,
        ),
        Subscription(
            consumer=LIVE_CONSUMER,
            topic=Topic.REMINDERS,
            service="websocket",
            handler=hub.push_reminder,
        ),
    ]
