"""Notifications: what a person is told (a reminder whose time has come), where they
are kept, and the handler that keeps one per ``reminder.due`` event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final, Protocol

from todo_chatbot.core.ids import new_id
from todo_chatbot.core.unit_of_work import UnitOfWork, UnitOfWorkFactory
from todo_chatbot.tasks.events import Event, EventData, ReminderDueData


class NotificationKind(StrEnum):
    REMINDER = "reminder"


@dataclass(frozen=True)
class Notification:
    """One notification; ``event_id`` is the event it came from (at most one each)."""

    id: str
    user_id: str
    kind: NotificationKind
    task_id: str | None
    title: str
    message: str
    created_at: datetime
    event_id: str
    read_at: datetime | None = None


def reminder_notification(
    data: ReminderDueData, *, notification_id: str, event_id: str, now: datetime
) -> Notification:
    """The notification a ``reminder.due`` event becomes."""
    message = f"Reminder: {data.title}" + (f" (due {data.due})" if data.due else "")
    return Notification(
        id=notification_id,
        user_id=data.user_id,
        kind=NotificationKind.REMINDER,
        task_id=data.task_id,
        title=data.title,
        message=message,
        created_at=now,
        event_id=event_id,
    )


NOTIFICATION_CONSUMER: Final = "notification"


class NotificationLog(Protocol):
    async def record(self, notification: Notification) -> None:
        """Keep ``notification``; one for an event id already kept is ignored."""
        ...


class NotificationsUnitOfWork(UnitOfWork, Protocol):
    @property
    def notifications(self) -> NotificationLog: ...


async def record_notification(
    event: Event, data: EventData, *, uow_factory: UnitOfWorkFactory[NotificationsUnitOfWork]
) -> None:
    """A reminder's time has come (``reminders``, consumer ``notification``): keep its
    notification for the user, once."""
    if not isinstance(data, ReminderDueData):
        return
    notification = reminder_notification(
        data, notification_id=new_id(), event_id=event.id, now=event.time
    )
    async with uow_factory(durable=False) as uow:
        await uow.notifications.record(notification)
        await uow.commit()
