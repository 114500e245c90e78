"""Questions about a user's reminders, answered from the tasks and the notifications kept:
which reminders ring in a span of time, why a task's reminder did not come, and which
reminders a "snooze them all" quiets.

The tasks are read as the lists read them (pending ones, at most
:data:`SCAN_LIMIT` of the most recent); the notifications newest first, as far back
as the question needs. Nothing here changes anything: the tools snooze and move what
:func:`reminders_to_quiet` finds through the snooze and update use cases.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo

from todo_chatbot.core.errors import TaskNotFound
from todo_chatbot.notifications.notification import Notification, Notifications
from todo_chatbot.notifications.use_cases import RECENT
from todo_chatbot.tasks.ports import TaskViews
from todo_chatbot.tasks.queries import ListQuery, SortKey, StatusFilter, TaskFilter
from todo_chatbot.tasks.reminders import LATE_AFTER
from todo_chatbot.tasks.task import Status, Task

SCAN_LIMIT: Final = 1000
"""Pending tasks read for their reminders (the most recently created first)."""
_PAGE: Final = 200
NOTIFICATION_SCAN: Final = 1000
"""Notifications read, newest first, looking for a task's reminder."""


@dataclass(frozen=True)
class ComingReminder:
    """A reminder that rings at ``at`` for a pending task: its own reminder, or (when
    ``snoozed``) one that rang and was snoozed until then."""

    task: Task
    at: datetime
    snoozed: bool = False


async def reminders_between(
    *,
    views: TaskViews,
    notifications: Notifications,
    user_id: str,
    tz: ZoneInfo,
    now: datetime,
    start: datetime,
    end: datetime | None,
) -> list[ComingReminder]:
    """The reminders of pending tasks that ring from ``start`` until before ``end`` (no
    end: every later one), snoozed ones included, in the order they ring."""
    found: list[ComingReminder] = []
    pending: dict[str, Task] = {}
    async for task in pending_tasks(views, user_id, now=now, tz=tz):
        pending[task.id] = task
        if task.remind_at is not None and _within(task.remind_at, start, end):
            found.append(ComingReminder(task, task.remind_at))
    for notification in await _recent(notifications, user_id, now):
        until = notification.snoozed_until
        snoozed = pending.get(notification.task_id or "")
        if until is not None and snoozed is not None and until > now and _within(until, start, end):
            found.append(ComingReminder(snoozed, until, snoozed=True))
    return sorted(found, key=lambda reminder: (reminder.at, reminder.task.title))


def _within(moment: datetime, start: datetime, end: datetime | None) -> bool:
    return moment >= start and (end is None or moment < end)


async def pending_tasks(
    views: TaskViews, user_id: str, *, now: datetime, tz: ZoneInfo
) -> AsyncIterator[Task]:
    """The user's pending tasks, the most recently created first, up to :data:`SCAN_LIMIT`."""
    cursor: str | None = None
    read = 0
    while read < SCAN_LIMIT:
        query = ListQuery(
            filter=TaskFilter(status=StatusFilter.PENDING),
            sort=SortKey.CREATED,
            descending=True,
            limit=_PAGE,
            cursor=cursor,
        )
        page = await views.list_tasks(user_id, query, now=now, tz=tz)
        for task in page.items:
            yield task
        read += len(page.items)
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


async def _recent(notifications: Notifications, user_id: str, now: datetime) -> list[Notification]:
    """The notifications of the last :data:`RECENT`, newest first."""
    kept: list[Notification] = []
    async for notification in _newest_first(notifications, user_id):
        if now - notification.created_at > RECENT:
            break
        kept.append(notification)
    return kept


async def _newest_first(notifications: Notifications, user_id: str) -> AsyncIterator[Notification]:
    cursor: str | None = None
    read = 0
    while read < NOTIFICATION_SCAN:
        page = await notifications.list_notifications(
            user_id, unread_only=False, limit=_PAGE, cursor=cursor
        )
        for notification in page.items:
            yield notification
        read += len(page.items)
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


class Story(StrEnum):
    """What became of a task's reminder."""

    NONE_SET = "none_set"
    """The task has no reminder."""
    AHEAD = "ahead"
    """Its time has not come yet."""
    SENT = "sent"
    """It rang: a notification was kept for it."""
    DONE_FIRST = "done_first"
    """The task was done before the reminder's time: a done task's reminder does not ring."""
    ON_ITS_WAY = "on_its_way"
    """Its time passed a moment ago: it is being delivered."""
    NOT_SENT = "not_sent"
    """Its time passed, the task is pending, and no notification came of it."""


@dataclass(frozen=True)
class ReminderReport:
    """Why a task's reminder came or did not: the ``story``, the reminder's time, and the
    notification it became (for :attr:`Story.SENT`)."""

    story: Story
    task: Task
    remind_at: datetime | None
    notification: Notification | None = None


async def explain_reminder(
    *, notifications: Notifications, task: Task, user_id: str, now: datetime
) -> ReminderReport:
    """What the task's reminder did, from its schedule and the notifications kept."""
    remind_at = task.remind_at
    if remind_at is None:
        return ReminderReport(Story.NONE_SET, task, None)
    sent = await _notification_for(notifications, user_id, task.id, remind_at)
    if sent is not None:
        return ReminderReport(Story.SENT, task, remind_at, sent)
    done = task.status is Status.COMPLETED
    if done and (task.completed_at is None or task.completed_at <= remind_at):
        return ReminderReport(Story.DONE_FIRST, task, remind_at)
    if remind_at > now:
        return ReminderReport(Story.AHEAD, task, remind_at)
    if now - remind_at <= LATE_AFTER and not done:
        return ReminderReport(Story.ON_ITS_WAY, task, remind_at)
    return ReminderReport(Story.NOT_SENT, task, remind_at)


async def _notification_for(
    notifications: Notifications, user_id: str, task_id: str, remind_at: datetime
) -> Notification | None:
    """The first notification the task's reminder at ``remind_at`` became (a snoozed one
    brings more, later), if any: notifications are read back to that time."""
    first = None
    async for notification in _newest_first(notifications, user_id):
        if notification.created_at < remind_at:
            break
        if notification.task_id == task_id:
            first = notification
    return first


@dataclass(frozen=True)
class ToQuiet:
    """What "snooze all my reminders until ``until``" touches: reminders that rang and
    still wait for the user (``rung``, one per task), and reminders of pending tasks
    that would ring before then (``coming``)."""

    rung: list[Notification]
    coming: list[Task]


async def reminders_to_quiet(
    *,
    views: TaskViews,
    notifications: Notifications,
    user_id: str,
    tz: ZoneInfo,
    now: datetime,
    until: datetime,
) -> ToQuiet:
    """The reminders a snooze of them all until ``until`` quiets: each task's latest
    reminder of the last :data:`RECENT` that is unread, or snoozed to come back before
    ``until``, while its task is pending; and pending tasks whose reminder rings from
    now until before ``until``."""
    rung: dict[str, Notification] = {}
    for notification in await _recent(notifications, user_id, now):
        task_id = notification.task_id
        if task_id is None or task_id in rung or not _waiting(notification, now, until):
            continue
        if await _is_pending(views, user_id, task_id):
            rung[task_id] = notification
    coming = [
        task
        async for task in pending_tasks(views, user_id, now=now, tz=tz)
        if task.remind_at is not None and now <= task.remind_at < until and task.id not in rung
    ]
    coming.sort(key=lambda task: (task.remind_at, task.title))
    return ToQuiet(rung=list(rung.values()), coming=coming)


def _waiting(notification: Notification, now: datetime, until: datetime) -> bool:
    """Unread, or snoozed to come back between now and ``until``."""
    snoozed = notification.snoozed_until
    if snoozed is not None:
        return now < snoozed < until
    return notification.read_at is None


async def _is_pending(views: TaskViews, user_id: str, task_id: str) -> bool:
    try:
        task = await views.get(user_id, task_id)
    except TaskNotFound:
        return False
    return task.status is Status.PENDING
