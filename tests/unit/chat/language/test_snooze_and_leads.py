"""Snoozes and reminder leads on the typed commands (docs/parser.md, "Choices").

The contract's JSON shows neither a lead (``remind_before``) nor the types, so
these tests read the commands ``parse`` returns. ``now`` is Wednesday
2026-03-04 10:00 in New York.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.unit.chat.language.support import NOW, TZ, read
from todo_chatbot.chat.language import (
    AddTask,
    Command,
    NewTask,
    Snooze,
    TaskChanges,
    UpdateTask,
    parse,
)
from todo_chatbot.core.timekeeping import zone


def typed(text: str) -> Command:
    return parse(text, now=datetime.fromisoformat(NOW), tz=zone(TZ))


def new_task(text: str) -> NewTask:
    command = typed(text)
    assert isinstance(command, AddTask), command
    return command.task


def changes(text: str) -> TaskChanges:
    command = typed(text)
    assert isinstance(command, UpdateTask), command
    return command.changes


def at(wall: str) -> datetime:
    return datetime.fromisoformat(f"2026-{wall}").replace(tzinfo=zone(TZ))


def test_a_lead_keeps_the_reminder_it_gives_and_itself() -> None:
    task = new_task("buy milk tomorrow at 5pm, remind me 1 hour before")
    assert task.remind_at == at("03-05T16:00")
    assert task.remind_before == timedelta(hours=1)


def test_a_lead_is_in_whole_minutes_at_least_one() -> None:
    assert new_task("call bob at 5pm, remind me 1.5 hours before").remind_before == timedelta(
        minutes=90
    )
    assert new_task("gym at 5pm, remind me 0.3 minutes before").remind_before == timedelta(
        minutes=1
    )


def test_a_lead_without_a_due_is_kept_with_no_reminder_instant() -> None:
    task = new_task("read a book, remind me 1 hour before")
    assert (task.remind_at, task.remind_before) == (None, timedelta(hours=1))


def test_a_reminder_at_a_moment_of_its_own_has_no_lead() -> None:
    assert new_task("submit the report friday, remind me at 8am").remind_before is None
    assert new_task("remind me to call mom on friday").remind_before is None


def test_the_lead_is_not_written_in_the_contract() -> None:
    assert "remind_before" not in read("buy milk tomorrow at 5pm, remind me 1 hour before")["task"]
    assert read("remind me 2 hours before the dentist")["changes"] == {}


def test_a_lead_on_a_task_the_user_has_changes_only_the_lead() -> None:
    assert changes("remind me 2 hours before the dentist") == TaskChanges(
        remind_before=timedelta(hours=2)
    )


def test_a_lead_before_an_event_named_by_a_possessive_adds_a_task() -> None:
    assert isinstance(typed("remind me two days before my wife birthday"), AddTask)
    assert isinstance(typed("please alert me a day before jeff's birthday"), AddTask)


def test_a_lead_before_a_task_with_a_date_or_a_task_of_its_own_adds_a_task() -> None:
    assert isinstance(typed("remind me 1 hour before the flight on friday at 7am"), AddTask)
    assert isinstance(typed("remind me 2 hours before the meeting to print slides"), AddTask)


def test_clearing_the_reminder_clears_its_lead_too() -> None:
    assert changes("remove the reminder from the dentist") == TaskChanges(
        remind_at=None, remind_before=None
    )


def test_a_snooze_is_typed_with_minutes_or_an_instant() -> None:
    assert typed("snooze 5 min") == Snooze(minutes=5)
    assert typed("snooze until 3pm") == Snooze(until=at("03-04T15:00"))
    assert typed("snooze it") == Snooze()


def test_a_snooze_duration_is_whole_minutes_at_least_one() -> None:
    assert typed("snooze 90 seconds") == Snooze(minutes=2)
    assert typed("snooze 20 secs") == Snooze(minutes=1)


def test_days_in_a_snooze_duration_are_minutes_too() -> None:
    assert typed("snooze for 2 days") == Snooze(minutes=2 * 24 * 60)


def test_a_snooze_until_a_moment_already_past_is_the_default() -> None:
    assert typed("remind me again later today") == Snooze()


def test_not_now_alone_is_a_snooze() -> None:
    assert typed("not now") == Snooze()


def test_a_snooze_that_names_a_task_or_adds_one_is_not_a_snooze() -> None:
    assert read("snooze the report to friday") == {
        "intent": "update_task",
        "target": "report",
        "changes": {"due": "2026-03-06"},
    }
    assert read("remind me later to call bob")["intent"] == "add_task"
    assert read("snooze button is broken")["intent"] == "add_task"
