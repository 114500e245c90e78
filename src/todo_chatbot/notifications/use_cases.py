"""Notification use cases: snoozing one (reading and marking are the store's own)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from todo_chatbot.core.clock import Clock
from todo_chatbot.core.errors import NotFound, ValidationFailed
from todo_chatbot.notifications.notification import Notification, Notifications
from todo_chatbot.tasks.ports import Scheduler
from todo_chatbot.tasks.reminders import snooze_job

DEFAULT_SNOOZE_MINUTES: Final = 10
MAX_SNOOZE: Final = timedelta(days=366)
RECENT: Final = timedelta(days=1)
"""How long ago the latest reminder may have come to be "the reminder that just rang"."""


class NoRecentReminder(NotFound):
    def __init__(self) -> None:
        super().__init__("No reminder came in the last day")


async def latest_reminder(
    *, notifications: Notifications, user_id: str, now: datetime
) -> Notification:
    """The reminder the user got last, if it came within :data:`RECENT`; raises
    NoRecentReminder."""
    page = await notifications.list_notifications(user_id, unread_only=False, limit=1, cursor=None)
    if not page.items or now - page.items[0].created_at > RECENT:
        raise NoRecentReminder()
    return page.items[0]


def snooze_until(
    *, now: datetime, minutes: int | None = None, until: datetime | None = None
) -> datetime:
    """When a snoozed reminder comes back: ``minutes`` from now, or ``until`` (ahead of
    now), or :data:`DEFAULT_SNOOZE_MINUTES` from now when neither is given."""
    if minutes is not None and until is not None:
        raise ValidationFailed.single("minutes", "give minutes or until, not both")
    if until is not None:
        if until <= now:
            raise ValidationFailed.single("until", "must be ahead of now")
        if until - now > MAX_SNOOZE:
            raise ValidationFailed.single("until", "must be within a year")
        return until
    minutes = DEFAULT_SNOOZE_MINUTES if minutes is None else minutes
    if not 1 <= minutes <= MAX_SNOOZE // timedelta(minutes=1):
        raise ValidationFailed.single("minutes", "must be from 1 to 527040")
    return now + timedelta(minutes=minutes)


async def snooze(
    *,
    notifications: Notifications,
    scheduler: Scheduler,
    clock: Clock,
    user_id: str,
    notification_id: str,
    minutes: int | None = None,
    until: datetime | None = None,
) -> Notification:
    """Bring a reminder back later: its job is scheduled, and the notification is read
    and says until when it is snoozed. Raises NotificationNotFound, ValidationFailed."""
    now = clock.now()
    notification = await notifications.get(user_id, notification_id)
    if notification.task_id is None:
        raise ValidationFailed.single("notification", "only a reminder can be snoozed")
    at = snooze_until(now=now, minutes=minutes, until=until)
    name, data = snooze_job(
        notification.id, user_id=user_id, task_id=notification.task_id, until=at
    )
    await scheduler.schedule(name, at, data)
    return await notifications.mark_snoozed(user_id, notification.id, until=at, at=now)
