"""Moves that keep what was not said, pages, counts, and title words that look like commands.

Read as typed commands (the contract's JSON has no ``later``) and as the contract's
JSON. ``now`` is Wednesday 2026-03-04 10:00 in New York.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from tests.unit.chat.language.support import NOW, TZ, read
from todo_chatbot.chat.language import Command, ListTasks, TaskChanges, UpdateTask, parse
from todo_chatbot.core.timekeeping import zone


def typed(text: str) -> Command:
    return parse(text, now=datetime.fromisoformat(NOW), tz=zone(TZ))


def update(text: str) -> UpdateTask:
    command = typed(text)
    assert isinstance(command, UpdateTask), command
    return command


def changes(text: str) -> TaskChanges:
    return update(text).changes


@pytest.mark.parametrize(
    ("text", "target", "clock"),
    [
        ("move call mom to 7pm", "call mom", time(19)),
        ("push gym to 6:30pm", "gym", time(18, 30)),
        ("reschedule the dentist to 4:15pm", "dentist", time(16, 15)),
        ("move standup to the evening", "standup", time(18)),
        ("set the due time of X to 5pm", "X", time(17)),
    ],
)
def test_a_time_alone_moves_the_time_and_keeps_the_day(text: str, target: str, clock: time) -> None:
    command = update(text)
    assert (command.target, command.changes.due_time) == (target, clock)
    assert command.changes.due is None or command.changes.due_time is not None


def test_a_time_with_a_day_is_a_due_as_before() -> None:
    assert read("move the report to next friday at 3pm")["changes"] == {
        "due": "2026-03-13T15:00:00-04:00"
    }


@pytest.mark.parametrize(
    ("text", "target", "shift"),
    [
        ("postpone email bob by 2 days", "email bob", timedelta(days=2)),
        ("push email bob back 3 hours", "email bob", timedelta(hours=3)),
        ("delay taxes by a week", "taxes", timedelta(weeks=1)),
        ("move the report 2 days later", "report", timedelta(days=2)),
        ("bump gym a day", "gym", timedelta(days=1)),
        ("put off laundry by a couple of days", "laundry", timedelta(days=2)),
        ("bring the report forward a day", "report", -timedelta(days=1)),
        ("move the dentist 30 minutes earlier", "dentist", -timedelta(minutes=30)),
    ],
)
def test_a_move_by_an_amount_is_a_shift(text: str, target: str, shift: timedelta) -> None:
    command = update(text)
    assert (command.target, command.changes.due_shift) == (target, shift)
    assert command.changes.later == (shift > timedelta(0))


def test_a_shift_and_a_time_are_in_the_contract() -> None:
    assert read("postpone email bob by 2 days")["changes"] == {"due_shift": "P2D"}
    assert read("move the dentist 90 minutes earlier")["changes"] == {"due_shift": "-PT90M"}
    assert read("move call mom to 7pm")["changes"] == {"due_time": "19:00"}


@pytest.mark.parametrize(
    ("text", "later"),
    [
        ("push buy milk to next week", True),
        ("postpone taxes until friday", True),
        ("delay the report to monday", True),
        ("move buy milk to next week", False),
        ("reschedule taxes to friday", False),
    ],
)
def test_only_a_later_verb_asks_for_later(text: str, later: bool) -> None:
    assert changes(text).later is later


@pytest.mark.parametrize(
    "text",
    [
        "how many tasks do I have left?",
        "how many are overdue?",
        "what's the number of tasks due this week",
    ],
)
def test_how_many_counts(text: str) -> None:
    command = typed(text)
    assert isinstance(command, ListTasks), command
    assert command.count


def test_a_count_keeps_its_filter() -> None:
    assert read("how many are overdue?") == {**read("what's overdue?"), "count": True}


@pytest.mark.parametrize(
    "text",
    ["show more", "more", "next page", "show me more tasks", "more?", "continue", "the next 10"],
)
def test_more_asks_for_the_next_page(text: str) -> None:
    command = typed(text)
    assert isinstance(command, ListTasks), command
    assert command.next_page
    assert read(text)["page"] == "next"


@pytest.mark.parametrize("text", ["show more work tasks", "buy more milk", "more coffee"])
def test_more_with_other_words_is_no_page(text: str) -> None:
    command = typed(text)
    assert not (isinstance(command, ListTasks) and command.next_page), command


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("email bob the quarterly numbers tomorrow at 3pm", "email bob the quarterly numbers"),
        ("print my weekly report", "print my weekly report"),
        ("read the daily news", "read the daily news"),
    ],
)
def test_a_repeat_word_after_a_determiner_is_part_of_the_title(text: str, title: str) -> None:
    result = read(text)
    assert (result["task"]["title"], result["task"]["recurrence"]) == (title, None)


def test_a_repeat_word_alone_still_repeats() -> None:
    assert read("pay rent monthly")["task"]["recurrence"] == "FREQ=MONTHLY"
    assert read("water the plants weekly")["task"]["recurrence"] == "FREQ=WEEKLY"


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("delete the tast about the bank", "bank"),
        ("mark the tosk for milk done", "milk"),
        ("delete the test results", "test results"),
    ],
)
def test_a_misspelt_task_noun_before_about_names_the_task(text: str, target: str) -> None:
    assert read(text)["target"] == target


@pytest.mark.parametrize(
    ("text", "title", "tags"),
    [
        ('add "The 5th Wave" to reading', "The 5th Wave", ["reading"]),
        ('add "Dune" to my books', "Dune", ["books"]),
        ('watch "Up" on netflix', 'watch "Up" on netflix', []),
        ('read "Dune" to mom', 'read "Dune" to mom', []),
        ("add milk to reading", "milk to reading", []),
    ],
)
def test_to_a_list_after_an_all_quoted_title_is_a_tag(
    text: str, title: str, tags: list[str]
) -> None:
    task = read(text)["task"]
    assert (task["title"], task["tags"]) == (title, tags)
