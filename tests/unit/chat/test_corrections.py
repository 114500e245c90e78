"""Reading a one-reply correction of the task the chat just added or changed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from todo_chatbot.chat.corrections import read_correction
from todo_chatbot.chat.tools import TaskChange
from todo_chatbot.tasks.task import Priority

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 4, 10, tzinfo=NEW_YORK)
TASK: dict[str, Any] = {
    "title": "call mom",
    "due": "2026-03-05T18:00:00-05:00",
    "recurrence": "FREQ=WEEKLY;BYDAY=TH",
}


def correction(message: str, said: str = "add call mom tomorrow at 6pm") -> TaskChange | None:
    return read_correction(message, TASK, said, now=NOW, tz=NEW_YORK)


def wall(change: TaskChange | None) -> datetime:
    assert change is not None
    due = change.fields["due"]
    assert isinstance(due, datetime)
    return due.astimezone(NEW_YORK).replace(tzinfo=None)


@pytest.mark.parametrize("message", ["no, Friday", "actually friday", "make it Friday"])
def test_a_new_day_keeps_the_time(message: str) -> None:
    assert wall(correction(message)) == datetime(2026, 3, 6, 18)


@pytest.mark.parametrize("message", ["make it 8pm", "no, at 8pm", "8pm"])
def test_a_new_time_keeps_the_day(message: str) -> None:
    assert wall(correction(message)) == datetime(2026, 3, 5, 20)


def test_a_day_and_a_time_replace_both() -> None:
    assert wall(correction("no, friday at 9am")) == datetime(2026, 3, 6, 9)


def test_a_new_repeat_keeps_the_due_unless_it_names_a_day() -> None:
    monthly = correction("not weekly, monthly")
    assert monthly is not None
    assert dict(monthly.fields) == {"recurrence": "FREQ=MONTHLY"}
    tuesdays = correction("every tuesday")
    assert tuesdays is not None
    assert tuesdays.fields["recurrence"] == "FREQ=WEEKLY;BYDAY=TU"
    assert wall(tuesdays).date() == date(2026, 3, 10)


@pytest.mark.parametrize(
    ("message", "fields"),
    [
        ("high priority", {"priority": Priority.HIGH}),
        ("no reminder", {"remind_at": None}),
        ("no due date", {"due": None, "recurrence": None, "remind_at": None}),
        ("don't repeat", {"recurrence": None}),
        ("call it ring mum", {"title": "ring mum"}),
        ("remind me 1 hour before", {"remind_before_minutes": 60}),
    ],
)
def test_one_field(message: str, fields: dict[str, Any]) -> None:
    change = correction(message)

    assert change is not None
    assert dict(change.fields) == fields


def test_a_tag_is_added() -> None:
    change = correction("#family")

    assert change is not None
    assert change.tags_add == ("family",)


@pytest.mark.parametrize(
    "message", ["that's not a date, it's the title", "it's part of the title", "not a date"]
)
def test_the_date_words_go_back_into_the_title(message: str) -> None:
    change = correction(message, said="add read The 5th Wave p1 #books")

    assert change is not None
    assert dict(change.fields) == {
        "title": "read The 5th Wave",
        "due": None,
        "recurrence": None,
        "remind_at": None,
    }


def test_without_the_adding_message_the_title_cannot_take_the_date_words_back() -> None:
    assert correction("that's not a date, it's the title", said="") is None


@pytest.mark.parametrize("message", ["buy bread", "what's pending?", "delete call mom", "no"])
def test_a_new_command_is_no_correction(message: str) -> None:
    assert correction(message) is None
