"""Notifications: what a person is told, such as a reminder whose time has come."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from todo_chatbot.tasks.events import ReminderDueData


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
