"""Event handlers: the audit trail, the recurring-task service and notifications.

Each is idempotent on the event id: the audit trail keeps one entry per event
id, and the next occurrence is created in the same commit that claims the
completion's event id, so a redelivered event changes nothing.
"""

from __future__ import annotations

from typing import Final, Protocol

from todo_chatbot.core.ids import new_id
from todo_chatbot.notifications.notification import reminder_notification
from todo_chatbot.tasks.events import (
    Event,
    EventData,
    EventType,
    ReminderDueData,
    TaskEventData,
)
from todo_chatbot.tasks.ports import AuditEntry, UnitOfWorkFactory

AUDIT_CONSUMER: Final = "audit"
NOTIFICATION_CONSUMER: Final = "notification"


async def record_audit_entry(
    event: Event, data: EventData, *, uow_factory: UnitOfWorkFactory
) -> None:
    """Keep a task event once in its owner's audit trail."""
    await record_audit_entries([(event, data)], uow_factory=uow_factory)


async def record_audit_entries(
    events: list[tuple[Event, EventData]], *, uow_factory: UnitOfWorkFactory
) -> None:
    """Keep task events once each in their owners' audit trails, in one commit."""
    entries = [
        AuditEntry(
            event_id=event.id,
            user_id=data.user_id,
            task_id=data.task_id,
            event_type=event.type,
            occurred_at=event.time,
            actor=data.actor.value,
            data=event.data,
            sequence=event.sequence,
        )
        for event, data in events
        if isinstance(data, TaskEventData)
    ]
    if not entries:
        return
    async with uow_factory(durable=False) as uow:
        for entry in entries:
            await uow.audit.record(entry)
        await uow.commit()


class NextOccurrences(Protocol):
    """How the recurring service asks the backend for a series' next task."""

    async def create_after(
        self, *, user_id: str, task_id: str, event_id: str, snapshot: dict[str, object] | None
    ) -> None: ...


async def schedule_next_occurrence(
    event: Event, data: EventData, *, occurrences: NextOccurrences
) -> None:
    """When a recurring task is completed, have its next occurrence created."""
    if event.type != EventType.TASK_COMPLETED or not isinstance(data, TaskEventData):
        return
    if data.task is None or data.task.recurrence is None:
        return
    await occurrences.create_after(
        user_id=data.user_id,
        task_id=data.task_id,
        event_id=event.id,
        snapshot=data.task.model_dump(),
    )


async def record_notification(
    event: Event, data: EventData, *, uow_factory: UnitOfWorkFactory
) -> None:
    """A reminder's time has come: keep its notification for the user, once."""
    if not isinstance(data, ReminderDueData):
        return
    notification = reminder_notification(
        data, notification_id=new_id(), event_id=event.id, now=event.time
    )
    async with uow_factory(durable=False) as uow:
        await uow.notifications.record(notification)
        await uow.commit()
