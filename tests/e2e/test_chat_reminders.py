"""Reminder questions in the chat over real HTTP, against each runtime on the real clock
(reminders fire in real time, as in ``test_reminders.py``): which reminders ring
when, why a reminder did not come (each answer it can give), and "snooze all my
reminders" (what rang and is unread comes back later, what would ring meanwhile is
moved, and one undo puts the moved ones back). The MCP server has the same tools.

The users are in UTC.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.e2e.chatting import Chat, tools_of
from tests.e2e.test_mcp import call
from tests.e2e.test_reminders import at, instant, of_task, wait_for
from tests.support import (
    ApiServer,
    UserClient,
    audit_trail,
    served_on_the_real_clock,
    settle_audit,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def live(
    request: pytest.FixtureRequest, runtime_name: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ApiServer]:
    with served_on_the_real_clock(
        request, runtime_name, tmp_path_factory.mktemp("chat-reminders")
    ) as server:
        yield server


@pytest.fixture
def ann(live: ApiServer) -> Iterator[UserClient]:
    with live.register(timezone="UTC") as client:
        yield client


def tomorrow_at(hour: int, minute: int = 0) -> str:
    day = datetime.now(UTC).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC).isoformat()


def updated(user: UserClient, task_id: str, **fields: Any) -> dict[str, Any]:
    answer = user.patch(f"/api/tasks/{task_id}", json=fields)
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


# --- which reminders ring when ------------------------------------------------------------


def test_reminders_tomorrow_are_listed_in_the_order_they_ring(ann: UserClient) -> None:
    ann.add("Water the plants", remind_at=tomorrow_at(9))
    ann.add("Call the bank", due=tomorrow_at(12), remind_at=tomorrow_at(8, 30))
    ann.add("Due tomorrow without a reminder", due=tomorrow_at(10))
    ann.add("Later", remind_at=(datetime.now(UTC) + timedelta(days=3)).isoformat())

    body = Chat(ann).say("any reminders tomorrow?")

    assert body["reply"] == (
        "Your reminders tomorrow (2 reminders):\n"
        "1. tomorrow at 8:30 AM: *Call the bank*\n"
        "2. tomorrow at 9:00 AM: *Water the plants*"
    )
    (action,) = body["actions"]
    tomorrow = tomorrow_at(0)[:10]
    assert action["tool"] == "list_reminders"
    assert action["arguments"] == {"from_date": tomorrow, "to_date": tomorrow}


def test_what_will_you_remind_me_about_lists_every_reminder_to_come(ann: UserClient) -> None:
    ann.add("Done already", remind_at=at(3600))
    done = ann.items()[0]
    assert ann.post(f"/api/tasks/{done['id']}/complete").status_code == 200
    ann.add("Pay rent", remind_at=(datetime.now(UTC) + timedelta(days=5)).isoformat())

    reply = Chat(ann).reply("what will you remind me about?")

    assert reply.startswith("Your reminders to come (1 reminder):\n1. ")
    assert reply.endswith(": *Pay rent*")


def test_no_reminders_today_is_said_and_due_tasks_are_not_reminders(ann: UserClient) -> None:
    ann.add("Due today", due=datetime.now(UTC).date().isoformat())

    assert Chat(ann).reply("what reminders do I have today?") == "You have no reminders today."


# --- why a reminder did not come ----------------------------------------------------------


def test_why_not_reminded_of_a_task_without_a_reminder(ann: UserClient) -> None:
    ann.add("Dentist", due=tomorrow_at(15))

    body = Chat(ann).say("why didn't I get reminded about the dentist?")

    assert body["reply"] == (
        "*Dentist* has no reminder set, so none was sent."
        ' Set one with: "remind me about Dentist 1 hour before".'
    )
    assert tools_of(body) == ["find_tasks", "explain_reminder"]


def test_why_not_reminded_with_no_task_named_is_about_the_one_just_added(ann: UserClient) -> None:
    chat = Chat(ann)
    assert chat.reply("why didn't I get reminded?") == (
        'Which task do you mean? For example: "why didn\'t I get reminded about the dentist?"'
    )
    chat.say("water the plants tomorrow")

    reply = chat.reply("why didn't I get reminded?")

    assert reply == (
        "*water the plants* has no reminder set, so none was sent."
        ' Set one with: "remind me about water the plants tomorrow at 9am".'
    )


def test_why_not_reminded_of_a_reminder_still_ahead(ann: UserClient) -> None:
    ann.add("Call mom", remind_at=tomorrow_at(18))

    reply = Chat(ann).reply("why wasn't I reminded to call mom")

    assert reply == "*Call mom*'s reminder is set for tomorrow at 6:00 PM, so it hasn't come yet."


def test_why_not_reminded_when_it_was_sent(ann: UserClient) -> None:
    task = ann.add("Pay rent", remind_at=at(-60))
    wait_for(ann, task["id"])

    reply = Chat(ann).reply("I never got a reminder for rent")

    assert reply.startswith("I did send *Pay rent*'s reminder: it came today at ")
    assert "It is still unread in your notifications." in reply
    assert "I can't tell whether your phone or browser showed it" in reply


def test_why_not_reminded_of_a_task_done_before_its_time(ann: UserClient) -> None:
    task = ann.add("Submit the form", remind_at=tomorrow_at(9))
    assert ann.post(f"/api/tasks/{task['id']}/complete").status_code == 200

    reply = Chat(ann).reply("why didn't you remind me about the form")

    assert reply.startswith(
        "*Submit the form* was marked done before its reminder time (tomorrow at 9:00 AM),"
        " and a task that is done gets no reminder."
    )


def test_why_not_reminded_when_its_time_passed_while_it_was_done(ann: UserClient) -> None:
    task = ann.add("Renew the passport")
    assert ann.post(f"/api/tasks/{task['id']}/complete").status_code == 200
    updated(ann, task["id"], remind_at=at(-3600))  # a done task's reminder is not scheduled
    assert ann.post(f"/api/tasks/{task['id']}/reopen").status_code == 200  # past: not again

    reply = Chat(ann).reply("why no reminder for the passport?")

    head = "*Renew the passport*'s reminder was set for "
    assert reply.startswith((head + "today at ", head + "yesterday at "))
    assert "and no notification went out for it." in reply
    assert reply.endswith(
        'Set it again with: "remind me about Renew the passport tomorrow at 9am".'
    )
    assert of_task(ann, task["id"]) == []


# --- snooze them all ----------------------------------------------------------------------


def test_snooze_all_quiets_what_rang_and_moves_what_would_ring_and_undo_moves_back(
    ann: UserClient,
) -> None:
    rang = ann.add("Stretch", remind_at=at(-60))
    (notification,) = wait_for(ann, rang["id"])
    soon = ann.add("Team call", remind_at=at(1800))
    later = ann.add("Cook dinner", remind_at=at(3 * 3600))
    chat = Chat(ann)

    body = chat.say("snooze all my reminders for an hour")

    assert tools_of(body)[0] == "snooze_all_reminders"
    result = body["actions"][0]["result"]
    until = instant(result["until"])
    assert abs(until - (datetime.now(UTC) + timedelta(hours=1))) < timedelta(seconds=30)
    assert [n["id"] for n in result["snoozed"]] == [notification["id"]]
    assert [t["id"] for t in result["moved"]] == [soon["id"]]
    assert body["reply"].startswith("Snoozed until today at ") or body["reply"].startswith(
        "Snoozed until tomorrow at "
    )
    assert "*Stretch* (already rang)" in body["reply"]
    assert "*Team call* (would have rung before then" in body["reply"]
    (snoozed,) = of_task(ann, rang["id"])
    assert instant(snoozed["snoozed_until"]) == until
    tasks = {task["id"]: task for task in ann.items()}
    assert instant(tasks[soon["id"]]["remind_at"]) == until
    assert tasks[later["id"]]["remind_at"] == later["remind_at"]
    assert tasks[rang["id"]]["remind_at"] == rang["remind_at"]

    undone = chat.say("undo")

    assert undone["reply"].startswith("Undone. *Team call* is back as it was")
    assert {task["id"]: task for task in ann.items()}[soon["id"]]["remind_at"] == soon["remind_at"]
    settle_audit(ann)  # the audit service records events after they commit
    events = [(e["event_type"], e["actor"]) for e in audit_trail(ann, task_id=soon["id"])]
    assert events.count(("task.updated", "chat")) == 2


def test_snooze_all_with_nothing_to_snooze_says_so(ann: UserClient) -> None:
    ann.add("Far away", remind_at=at(5 * 3600))

    reply = Chat(ann).reply("snooze all reminders for 30 minutes")

    assert reply.startswith("There were no reminders to snooze: none is waiting")
    assert ann.items()[0]["remind_at"] is not None


# --- the same through MCP -----------------------------------------------------------------


def test_mcp_lists_explains_and_snoozes_reminders(ann: UserClient) -> None:
    task = ann.add("Water the plants", remind_at=tomorrow_at(9))
    tomorrow = tomorrow_at(0)[:10]

    listed = call(ann, "list_reminders", {"from_date": tomorrow, "to_date": tomorrow})
    explained = call(ann, "explain_reminder", {"task_id": task["id"]})
    snoozed = call(ann, "snooze_all_reminders", {"minutes": 15})

    assert [(r["task_id"], r["at"], r["snoozed"]) for r in listed["reminders"]] == [
        (task["id"], tomorrow_at(9), False)
    ]
    assert (explained["story"], explained["remind_at"]) == ("ahead", tomorrow_at(9))
    assert (snoozed["snoozed"], snoozed["moved"]) == ([], [])
