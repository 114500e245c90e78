"""Rescheduling, paging and counts through ``POST /api/chat`` over HTTP, in each runtime.

A move keeps what the message did not mention: "move X to 7pm" keeps the day,
"postpone X by 2 days" keeps the time, "push X to next week" never makes it
earlier, and a reminder of its own moves with the due. "show more" goes on with
the conversation's last listing; "how many ...?" answers with a number.

The servers stand at Wednesday 2026-03-04 10:00 in New York (the users' zone).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.chatting import Chat, tools_of
from tests.support import UserClient

pytestmark = pytest.mark.slow


def task_named(user: UserClient, title: str) -> dict[str, Any]:
    return next(task for task in user.items(status="all") if task["title"] == title)


def test_a_time_alone_keeps_the_day_and_the_reminder_moves_with_it(alice: UserClient) -> None:
    alice.add("call mom", due="2026-03-06T18:00:00-05:00", remind_at="2026-03-06T17:30:00-05:00")

    reply = Chat(alice).reply("move call mom to 7pm")

    task = task_named(alice, "call mom")
    assert (task["due"], task["remind_at"]) == (
        "2026-03-06T19:00:00-05:00",
        "2026-03-06T18:30:00-05:00",
    )
    assert "Friday at 7:00 PM" in reply


def test_a_move_by_an_amount_keeps_the_time(alice: UserClient) -> None:
    alice.add("email bob", due="2026-03-05T15:00:00-05:00", priority="high")

    body = Chat(alice).say("postpone email bob by 2 days")

    task = task_named(alice, "email bob")
    assert (task["due"], task["priority"]) == ("2026-03-07T15:00:00-05:00", "high")
    assert tools_of(body) == ["find_tasks", "update_task"]
    assert [t["title"] for t in alice.items()] == ["email bob"]


def test_a_move_by_days_keeps_the_wall_time_across_the_change_of_clocks(
    alice: UserClient,
) -> None:
    alice.add("water the garden", due="2026-03-07T09:00:00-05:00")

    Chat(alice).say("push water the garden back 2 days")

    assert task_named(alice, "water the garden")["due"] == "2026-03-09T09:00:00-04:00"


def test_a_date_keeps_a_timed_tasks_time(alice: UserClient) -> None:
    alice.add("dentist", due="2026-03-05T14:00:00-05:00")

    Chat(alice).say("move the dentist to saturday")

    assert task_named(alice, "dentist")["due"] == "2026-03-07T14:00:00-05:00"


def test_push_to_next_week_moves_it_later(alice: UserClient) -> None:
    alice.add("buy milk", due="2026-03-05")

    Chat(alice).say("push buy milk to next week")

    assert task_named(alice, "buy milk")["due"] == "2026-03-09"


def test_push_never_makes_a_task_earlier(alice: UserClient) -> None:
    alice.add("tax return", due="2026-03-12")

    reply = Chat(alice).reply("push tax return to next week")

    assert task_named(alice, "tax return")["due"] == "2026-03-12"
    assert reply.startswith("*tax return* is already due Thursday, March 12, so that would not")


def test_a_name_and_an_amount_asks_instead_of_adding_junk(alice: UserClient) -> None:
    alice.add("pay rent", due="2026-04-01")

    reply = Chat(alice).reply("rent 3 days")

    assert reply.startswith("Did you mean to move *pay rent* 3 days later?")
    assert [t["title"] for t in alice.items()] == ["pay rent"]


def test_show_more_pages_through_the_last_listing(alice: UserClient) -> None:
    chores = [f"chore {number:02}" for number in range(1, 13)]
    for number, title in enumerate(chores, start=1):
        alice.add(title, due=f"2026-03-{number + 4:02}")
    chat = Chat(alice)

    first = chat.reply("what's due this month?")
    second = chat.reply("show more")
    third = chat.reply("show more")

    assert (len(listed(first)), 'Say "show more"' in first) == (10, True)
    assert [line.split(".")[0] for line in second.splitlines()[1:]] == ["11", "12"]
    assert sorted(listed(first) + listed(second)) == chores
    assert third.startswith("That was everything")


def listed(reply: str) -> list[str]:
    """The titles a reply lists on its numbered lines."""
    return re.findall(r"^\d+\. \*([^*]+)\*", reply, re.MULTILINE)


def test_show_more_with_nothing_listed_says_so(alice: UserClient) -> None:
    alice.add("buy milk")

    body = Chat(alice).say("show more")

    assert body["reply"].startswith("There is no listing to go on with.")
    assert body["actions"] == []


def test_how_many_answers_with_a_number(alice: UserClient) -> None:
    for title in ("a", "b", "c"):
        alice.add(title)
    alice.add("late one", due="2026-03-02")
    chat = Chat(alice)

    assert chat.reply("how many tasks do I have left?") == "You have 4 pending tasks."
    assert chat.reply("how many are overdue?") == "1 pending task matches that."


def test_a_move_waits_for_the_answer_to_which_task(alice: UserClient) -> None:
    alice.add("call mom", due="2026-03-06T18:00:00-05:00")
    alice.add("call dad", due="2026-03-07T18:00:00-05:00", remind_at="2026-03-07T17:00:00-05:00")
    chat = Chat(alice)

    question = chat.reply("move call to 7pm")
    chat.say("call dad")

    assert question.startswith("Which one should I change?")
    dad, mom = task_named(alice, "call dad"), task_named(alice, "call mom")
    assert (dad["due"], dad["remind_at"]) == (
        "2026-03-07T19:00:00-05:00",
        "2026-03-07T18:00:00-05:00",
    )
    assert mom["due"] == "2026-03-06T18:00:00-05:00"
