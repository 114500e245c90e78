"""Read-back and one-reply corrections over real HTTP, against each runtime: a reply
that adds a task says every field it understood, and the next message can correct
any of them, changing that same task through the update use case.

The servers stand at Wednesday 2026-03-04 10:00 in New York (the users' zone).
"""

from __future__ import annotations

import pytest

from tests.e2e.chatting import Chat, tools_of
from tests.support import UserClient, audit_trail, settle_audit

pytestmark = pytest.mark.slow

UNDO_HINT = ' Say "undo" to take that back.'


def only_task(user: UserClient) -> dict[str, object]:
    (task,) = user.items()
    return task


def test_adding_reads_back_the_title_due_reminder_priority_and_tags(alice: UserClient) -> None:
    reply = Chat(alice).reply("add call mom tomorrow at 6pm remind me 30 minutes before p1 #family")

    assert reply == (
        "Added *call mom*, due tomorrow at 6:00 PM, reminder at 5:30 PM, high priority, #family."
    )


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("gym every monday at 7am", "Added *gym*, due Monday at 7:00 AM, repeating every Monday."),
        (
            "pay rent on the last friday of every month",
            "Added *pay rent*, due Friday, March 27, repeating every month on the last Friday.",
        ),
    ],
)
def test_adding_reads_back_the_repeat_in_words(alice: UserClient, message: str, said: str) -> None:
    reply = Chat(alice).reply(message)

    assert reply == said
    assert "FREQ" not in reply


def test_no_friday_moves_the_day_and_keeps_the_time(alice: UserClient) -> None:
    chat = Chat(alice)
    added = chat.say("add call mom tomorrow at 6pm")["actions"][0]["result"]

    body = chat.say("no, Friday")

    assert body["reply"] == "Corrected: *call mom*, due Friday at 6:00 PM." + UNDO_HINT
    assert tools_of(body) == ["update_task"]
    task = only_task(alice)
    assert (task["id"], task["due"]) == (added["id"], "2026-03-06T18:00:00-05:00")
    settle_audit(alice)
    trail = audit_trail(alice, task_id=added["id"])
    assert [(e["event_type"], e["actor"]) for e in reversed(trail)] == [
        ("task.created", "chat"),
        ("task.updated", "chat"),
    ]


def test_make_it_6pm_changes_the_time_and_keeps_the_day(alice: UserClient) -> None:
    chat = Chat(alice)
    chat.say("add dentist friday at 3pm")

    reply = chat.reply("make it 6pm")

    assert reply == "Corrected: *dentist*, due Friday at 6:00 PM." + UNDO_HINT
    assert only_task(alice)["due"] == "2026-03-06T18:00:00-05:00"


def test_thats_not_a_date_puts_the_words_back_into_the_title(alice: UserClient) -> None:
    chat = Chat(alice)
    chat.say("read The 5th Wave")

    reply = chat.reply("that's not a date, it's the title")

    assert reply == "Corrected: *read The 5th Wave*." + UNDO_HINT
    task = only_task(alice)
    assert (task["title"], task["due"]) == ("read The 5th Wave", None)


def test_a_priority_alone_sets_the_priority_of_the_task_just_added(alice: UserClient) -> None:
    chat = Chat(alice)
    chat.say("add prepare slides #work")

    reply = chat.reply("high priority")

    assert reply == "Corrected: *prepare slides*, high priority, #work." + UNDO_HINT
    task = only_task(alice)
    assert (task["title"], task["priority"], task["tags"]) == ("prepare slides", "high", ["work"])


def test_not_weekly_monthly_changes_the_repeat_and_keeps_the_due(alice: UserClient) -> None:
    chat = Chat(alice)
    chat.say("team sync every monday at 9am")

    reply = chat.reply("not weekly, monthly")

    assert reply == "Corrected: *team sync*, due Monday at 9:00 AM, repeating every month." + (
        UNDO_HINT
    )
    task = only_task(alice)
    assert (task["recurrence"], task["due"]) == ("FREQ=MONTHLY", "2026-03-09T09:00:00-04:00")


def test_no_reminder_takes_the_reminder_off(alice: UserClient) -> None:
    chat = Chat(alice)
    chat.say("call bob tomorrow at 5pm remind me 1 hour before")

    reply = chat.reply("no reminder")

    assert reply == "Corrected: *call bob*, due tomorrow at 5:00 PM." + UNDO_HINT
    task = only_task(alice)
    assert (task["remind_at"], task["remind_before_minutes"]) == (None, None)


def test_call_it_renames_the_task(alice: UserClient) -> None:
    chat = Chat(alice)
    chat.say("add buy milk tomorrow")

    reply = chat.reply("call it buy oat milk")

    assert reply == "Corrected: *buy oat milk*, due tomorrow." + UNDO_HINT
    assert only_task(alice)["title"] == "buy oat milk"


def test_corrections_follow_one_another_on_the_same_task(alice: UserClient) -> None:
    chat = Chat(alice)
    chat.say("add dentist friday at 3pm")

    chat.say("make it 9am")
    chat.say("remind me 1 hour before")
    reply = chat.reply("low priority")

    assert reply == (
        "Corrected: *dentist*, due Friday at 9:00 AM, reminder at 8:00 AM, low priority."
        + UNDO_HINT
    )
    task = only_task(alice)
    assert (task["due"], task["remind_at"], task["priority"]) == (
        "2026-03-06T09:00:00-05:00",
        "2026-03-06T08:00:00-05:00",
        "low",
    )


def test_a_correction_needs_a_task_just_added_or_changed(alice: UserClient) -> None:
    chat = Chat(alice)
    chat.say("add buy milk tomorrow")
    chat.say("what's pending?")

    chat.say("no, Friday")

    assert [(t["title"], t["due"]) for t in alice.items() if t["title"] == "buy milk"] == [
        ("buy milk", "2026-03-05")
    ]
