"""Notifications: what a person is told (a reminder whose time has come), where they
are kept and read, and the handler that keeps one per ``reminder.due`` event.

A notification's id is derived from the event it came from, so every service
that sees the event (the one that keeps it, and the live service that pushes it)
names it alike, and an event delivered twice makes one notification.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Final, Protocol

from todo_chatbot.core.errors import NotFound
from todo_chatbot.core.timekeeping import format_timestamp
from todo_chatbot.core.unit_of_work import UnitOfWork, UnitOfWorkFactory
from todo_chatbot.tasks.events import Event, EventData, ReminderDueData

NOTIFICATION_CONSUMER: Final = "notification"
_IDS: Final = uuid.UUID("0b6a4c1e-9d2f-4c57-8e3a-7f1d2b5c9e40")


class NotificationKind(StrEnum):
    REMINDER = "reminder"


@dataclass(frozen=True)
class Notification:
    """One notification; ``event_id`` is the event it came from (at most one each).

    ``sequence`` is that event's place in commit order: the id live clients see
    it under, and what a client reconnecting after a message asks for the
    notifications since."""

    id: str
    user_id: str
    kind: NotificationKind
    task_id: str | None
    title: str
    message: str
    created_at: datetime
    event_id: str
    late: bool = False
    sequence: int | None = None
    read_at: datetime | None = None
    snoozed_until: datetime | None = None


class NotificationNotFound(NotFound):
    def __init__(self, notification_id: str) -> None:
        super().__init__(f"Notification {notification_id} not found")


@dataclass(frozen=True)
class NotificationPage:
    items: list[Notification]
    next_cursor: str | None


def notification_id(event_id: str) -> str:
    """The id of the notification an event becomes."""
    return str(uuid.uuid5(_IDS, event_id))


def due_in_words(due: str) -> str:
    """A task's due as a person reads it in a notification, on the task's own wall
    clock: ``Sat 5 Dec 2026`` for a date, ``Sat 5 Dec 2026 at 17:00`` with a time."""
    if "T" not in due:
        return _day(date.fromisoformat(due))
    moment = datetime.fromisoformat(due)
    return f"{_day(moment.date())} at {moment:%H:%M}"


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def reminder_notification(event: Event, data: ReminderDueData) -> Notification:
    """The notification a ``reminder.due`` event becomes."""
    message = f"Reminder: {data.title}" + (f", due {due_in_words(data.due)}" if data.due else "")
    return Notification(
        id=notification_id(event.id),
        user_id=data.user_id,
        kind=NotificationKind.REMINDER,
        task_id=data.task_id,
        title=data.title,
        message=message,
        created_at=event.time,
        event_id=event.id,
        late=data.late,
        sequence=event.sequence,
    )


def notification_view(notification: Notification) -> dict[str, Any]:
    """A notification as the API shows it and live clients receive it."""
    return {
        "id": notification.id,
        "kind": notification.kind.value,
        "task_id": notification.task_id,
        "title": notification.title,
        "message": notification.message,
        "created_at": format_timestamp(notification.created_at),
        "read_at": _timestamp(notification.read_at),
        "late": notification.late,
        "snoozed_until": _timestamp(notification.snoozed_until),
    }


def _timestamp(moment: datetime | None) -> str | None:
    return format_timestamp(moment) if moment is not None else None


class NotificationLog(Protocol):
    async def record(self, notification: Notification) -> None:
        """Keep ``notification``; one for an event id already kept is ignored."""
        ...


class NotificationsUnitOfWork(UnitOfWork, Protocol):
    @property
    def notifications(self) -> NotificationLog: ...


class Notifications(Protocol):
    """A user's notifications: read, and marked as the user handles them. Another
    user's notification is not found, as an unknown one is."""

    async def list_notifications(
        self, user_id: str, *, unread_only: bool, limit: int, cursor: str | None
    ) -> NotificationPage:
        """Newest first."""
        ...

    async def get(self, user_id: str, notification_id: str) -> Notification:
        """Raises NotificationNotFound."""
        ...

    async def since(self, user_id: str, sequence: int, *, limit: int) -> list[Notification]:
        """The notifications of events after ``sequence``, oldest first."""
        ...

    async def mark_read(self, user_id: str, notification_id: str, *, at: datetime) -> Notification:
        """Read at ``at`` (a notification read already keeps its time); raises
        NotificationNotFound."""
        ...

    async def mark_all_read(self, user_id: str, *, at: datetime) -> int:
        """Every unread one read at ``at``; how many."""
        ...

    async def mark_snoozed(
        self, user_id: str, notification_id: str, *, until: datetime, at: datetime
    ) -> Notification:
        """Read, and to come again at ``until``; raises NotificationNotFound."""
        ...


async def record_notification(
    event: Event, data: EventData, *, uow_factory: UnitOfWorkFactory[NotificationsUnitOfWork]
) -> None:
    """A reminder's time has come (``reminders``, consumer ``notification``): keep its
    notification for the user, once."""
    if not isinstance(data, ReminderDueData):
        return
    async with uow_factory(durable=False) as uow:
        await uow.notifications.record(reminder_notification(event, data))
        await uow.commit()
