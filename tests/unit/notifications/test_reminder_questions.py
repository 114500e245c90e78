"""Unit tests of ``explain_reminder``: each story it tells of a task's reminder, from the
task and the notifications kept (a small log in memory stands in for a store; the
stores themselves are tested by the e2e tests in both runtimes)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from todo_chatbot.core.timekeeping import zone
from todo_chatbot.notifications.notification import (
    Notification,
    NotificationKind,
    NotificationPage,
)
from todo_chatbot.notifications.reminder_questions import Story, explain_reminder
from todo_chatbot.tasks.task import Status, Task, read_task_input

NY = zone("America/New_York")
NOW = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)


class Log:
    """Notifications newest first, a page of ``limit`` at a time (the cursor: an index)."""

    def __init__(self, *items: Notification) -> None:
        self.items = sorted(items, key=lambda n: n.created_at, reverse=True)

    async def list_notifications(
        self, user_id: str, *, unread_only: bool, limit: int, cursor: str | None
    ) -> NotificationPage:
        start = int(cursor or 0)
        page = self.items[start : start + limit]
        more = start + limit < len(self.items)
        return NotificationPage(page, str(start + limit) if more else None)

    async def get(self, user_id: str, notification_id: str) -> Notification:
        raise AssertionError("not read")

    async def since(self, user_id: str, sequence: int, *, limit: int) -> list[Notification]:
        raise AssertionError("not read")

    async def mark_read(self, user_id: str, notification_id: str, *, at: datetime) -> Notification:
        raise AssertionError("not changed")

    async def mark_all_read(self, user_id: str, *, at: datetime) -> int:
        raise AssertionError("not changed")

    async def mark_snoozed(
        self, user_id: str, notification_id: str, *, until: datetime, at: datetime
    ) -> Notification:
        raise AssertionError("not changed")


def task(**raw: Any) -> Task:
    return Task.create(
        task_id="t1",
        user_id="u1",
        fields=read_task_input({"title": "Dentist", **raw}, NY, require_title=True),
        now=NOW - timedelta(days=2),
        tz=NY,
        new_series_id="s1",
    )


def rang(task_id: str, at: datetime, number: int = 1) -> Notification:
    return Notification(
        id=f"n{number}",
        user_id="u1",
        kind=NotificationKind.REMINDER,
        task_id=task_id,
        title="Dentist",
        message="Reminder: Dentist",
        created_at=at,
        event_id=f"e{number}",
    )


async def story(of: Task, log: Log | None = None) -> Story:
    report = await explain_reminder(notifications=log or Log(), task=of, user_id="u1", now=NOW)
    return report.story


async def test_a_task_without_a_reminder_has_none_set() -> None:
    assert await story(task()) is Story.NONE_SET


async def test_a_reminder_ahead_has_not_come() -> None:
    assert await story(task(remind_at=(NOW + timedelta(hours=2)).isoformat())) is Story.AHEAD


async def test_a_reminder_that_rang_is_sent_with_its_first_notification() -> None:
    at = NOW - timedelta(hours=3)
    first = rang("t1", at + timedelta(seconds=1), 1)
    snoozed_back = rang("t1", at + timedelta(minutes=10), 2)
    others = [rang("t2", at + timedelta(minutes=n), 10 + n) for n in range(250)]
    log = Log(first, snoozed_back, *others)

    report = await explain_reminder(
        notifications=log, task=task(remind_at=at.isoformat()), user_id="u1", now=NOW
    )

    assert (report.story, report.notification) == (Story.SENT, first)


async def test_a_notification_from_before_the_reminders_time_is_not_its_own() -> None:
    at = NOW - timedelta(hours=3)
    earlier = rang("t1", at - timedelta(hours=1))  # the reminder's time before it moved
    assert await story(task(remind_at=at.isoformat()), Log(earlier)) is Story.NOT_SENT


async def test_a_task_done_before_its_reminder_gets_none() -> None:
    done = replace(
        task(remind_at=(NOW - timedelta(hours=1)).isoformat()),
        status=Status.COMPLETED,
        completed_at=NOW - timedelta(hours=2),
    )
    assert await story(done) is Story.DONE_FIRST
    ahead = replace(task(remind_at=(NOW + timedelta(hours=1)).isoformat()), status=Status.COMPLETED)
    assert await story(ahead) is Story.DONE_FIRST


async def test_a_reminder_just_past_is_on_its_way_and_later_not_sent() -> None:
    just = task(remind_at=(NOW - timedelta(seconds=20)).isoformat())
    long_ago = task(remind_at=(NOW - timedelta(minutes=5)).isoformat())

    assert await story(just) is Story.ON_ITS_WAY
    assert await story(long_ago) is Story.NOT_SENT
