"""A reminder's notification: its words, and its id fixed by the event it came from."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from todo_chatbot.notifications.notification import due_in_words, reminder_notification
from todo_chatbot.tasks.events import Event, ReminderDueData


@pytest.mark.parametrize(
    ("due", "words"),
    [
        ("2026-12-05", "Sat 5 Dec 2026"),
        ("2026-12-05T17:00:00+11:00", "Sat 5 Dec 2026 at 17:00"),
        ("2027-03-28T01:30:00-04:00", "Sun 28 Mar 2027 at 01:30"),
    ],
)
def test_a_due_reads_on_its_own_wall_clock(due: str, words: str) -> None:
    assert due_in_words(due) == words


def reminder(due: str | None) -> tuple[Event, ReminderDueData]:
    data = ReminderDueData(
        user_id="u1",
        task_id="t1",
        title="Stretch",
        due=due,
        remind_at="2026-12-05T16:00:00+11:00",
        schema_version=1,
    )
    event = Event(
        topic="reminders",
        id="e1",
        type="reminder.due",
        source="test",
        subject="t1",
        time=datetime(2026, 12, 5, 5, tzinfo=UTC),
        data=data.model_dump(),
    )
    return event, data


def test_a_reminder_says_its_task_and_when_it_is_due() -> None:
    assert reminder_notification(*reminder("2026-12-05T17:00:00+11:00")).message == (
        "Reminder: Stretch, due Sat 5 Dec 2026 at 17:00"
    )
    assert reminder_notification(*reminder(None)).message == "Reminder: Stretch"


def test_a_reminder_told_twice_is_one_notification() -> None:
    first = reminder_notification(*reminder(None))
    again = reminder_notification(*reminder(None))

    assert first.id == again.id
