"""Unit tests of ``todo_chatbot.tasks.reminders``: which task events schedule, move or
cancel a reminder's job (the schedulers themselves are tested on their real stores)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from todo_chatbot.core.timekeeping import zone
from todo_chatbot.tasks.events import Actor, EventType, decode_event, task_events
from todo_chatbot.tasks.reminders import keep_reminder_scheduled
from todo_chatbot.tasks.task import Task, read_task_input

NY = zone("America/New_York")
NOW = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)


class Jobs:
    """A scheduler that records what it was asked."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, ...]] = []

    async def schedule(self, name: str, at: datetime, data: dict[str, Any]) -> None:
        self.calls.append(("schedule", name, at.astimezone(UTC).isoformat()))

    async def cancel(self, name: str) -> None:
        self.calls.append(("cancel", name))


def task(**raw: Any) -> Task:
    return Task.create(
        task_id="t1",
        user_id="u1",
        fields=read_task_input({"title": "Dentist", **raw}, NY, require_title=True),
        now=NOW,
        tz=NY,
        new_series_id="s1",
    )


async def handle(event_type: EventType, changed: Task, changes: dict[str, Any]) -> Jobs:
    fact, _ = task_events(
        event_type, task=changed, changes=changes, actor=Actor.USER, tz=NY, now=NOW, source="t"
    )
    jobs = Jobs()
    await keep_reminder_scheduled(*decode_event(fact.topic, fact.envelope()), scheduler=jobs)
    return jobs


REMIND_AT = "2026-03-05T16:00:00-05:00"
SCHEDULED = ("schedule", "reminder-t1", "2026-03-05T21:00:00+00:00")


async def test_a_task_created_with_a_reminder_schedules_it() -> None:
    jobs = await handle(EventType.TASK_CREATED, task(remind_at=REMIND_AT), {})
    assert jobs.calls == [SCHEDULED]


async def test_a_task_created_with_a_past_reminder_schedules_it_to_fire_at_once() -> None:
    jobs = await handle(EventType.TASK_CREATED, task(remind_at="2026-03-01T09:00:00"), {})
    assert jobs.calls == [("schedule", "reminder-t1", "2026-03-01T14:00:00+00:00")]


async def test_a_task_without_a_reminder_schedules_nothing() -> None:
    assert (await handle(EventType.TASK_CREATED, task(), {})).calls == []


async def test_a_moved_reminder_is_scheduled_again_and_a_cleared_one_cancelled() -> None:
    moved = await handle(
        EventType.TASK_UPDATED, task(remind_at=REMIND_AT), {"remind_at": (None, None)}
    )
    cleared = await handle(EventType.TASK_UPDATED, task(), {"remind_at": (None, None)})
    assert moved.calls == [SCHEDULED]
    assert cleared.calls == [("cancel", "reminder-t1")]


async def test_other_changes_leave_the_job_alone() -> None:
    jobs = await handle(EventType.TASK_UPDATED, task(remind_at=REMIND_AT), {"title": ("A", "B")})
    assert jobs.calls == []


@pytest.mark.parametrize("event_type", [EventType.TASK_COMPLETED, EventType.TASK_DELETED])
async def test_completing_or_deleting_cancels(event_type: EventType) -> None:
    jobs = await handle(event_type, task(remind_at=REMIND_AT), {})
    assert jobs.calls == [("cancel", "reminder-t1")]


async def test_reopening_restores_a_reminder_still_ahead_only() -> None:
    ahead = await handle(EventType.TASK_REOPENED, task(remind_at=REMIND_AT), {})
    past = await handle(EventType.TASK_REOPENED, task(remind_at="2026-03-01T09:00:00"), {})
    assert ahead.calls == [SCHEDULED]
    assert past.calls == []
