"""Bulk actions over real HTTP, against each runtime: a message whose target selects many
tasks ("complete everything tagged errands") previews them with a count and acts only
after "yes", on exactly the previewed tasks; "no" changes nothing; one "undo" reverts
the whole batch through the same use cases (the audit trail shows both).

The servers stand at Wednesday 2026-03-04 10:00 in New York (the users' zone); summer
time starts there on Sunday 2026-03-08.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.chatting import Chat, titles, tools_of
from tests.support import UserClient, audit_trail, settle_audit, wait_until, wait_until_still

pytestmark = pytest.mark.slow

CANCELLED = "OK, I left everything as it was."
GO_AHEAD = "Say yes to go ahead, or no to cancel."
NO_QUESTION = (
    "I haven't asked anything that this answers. Tell me what to do with your tasks,"
    ' or say "help".'
)


def events_of(user: UserClient, task_id: str) -> list[tuple[str, str]]:
    settle_audit(user)
    return [(e["event_type"], e["actor"]) for e in reversed(audit_trail(user, task_id=task_id))]


def task(user: UserClient, task_id: str) -> dict[str, Any]:
    answer = user.get(f"/api/tasks/{task_id}")
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def pending_titled(user: UserClient, title: str) -> list[dict[str, Any]]:
    return [t for t in user.items() if t["title"] == title]


def test_moving_all_work_tasks_due_today_previews_then_moves_them_keeping_their_times(
    alice: UserClient,
) -> None:
    report = alice.add("Send report", due="2026-03-04T15:00:00", tags=["work"])
    sync = alice.add("Team sync", due="2026-03-04", tags=["work"])
    milk = alice.add("Buy milk", due="2026-03-04")
    offsite = alice.add("Plan offsite", due="2026-03-06", tags=["work"])
    chat = Chat(alice)

    preview = chat.say("move all work tasks due today to tomorrow")

    lines = preview["reply"].split("\n")
    assert lines[0] == "I'll move these 2 tasks to tomorrow:"
    assert sorted(lines[1:3]) == [
        "- *Send report* (due today at 3:00 PM)",
        "- *Team sync* (due today)",
    ]
    assert lines[3] == GO_AHEAD
    assert tools_of(preview) == ["list_tasks"]
    assert task(alice, report["id"])["due"] == report["due"]

    done = chat.say("yes")

    assert done["reply"] == 'Changed 2 tasks (due tomorrow). Say "undo" to take it all back.'
    assert tools_of(done) == ["update_task", "update_task"]
    assert task(alice, report["id"])["due"] == "2026-03-05T15:00:00-05:00"
    assert task(alice, sync["id"])["due"] == "2026-03-05"
    assert task(alice, milk["id"])["due"] == "2026-03-04"
    assert task(alice, offsite["id"])["due"] == "2026-03-06"

    undone = chat.reply("undo")

    assert undone.startswith("Undone. "), undone
    assert task(alice, report["id"])["due"] == "2026-03-04T15:00:00-05:00"
    assert task(alice, sync["id"])["due"] == "2026-03-04"
    assert events_of(alice, report["id"]) == [
        ("task.created", "user"),
        ("task.updated", "chat"),
        ("task.updated", "chat"),
    ]


def test_completing_everything_tagged_errands_acts_only_on_the_previewed_tasks(
    alice: UserClient,
) -> None:
    cleaning = alice.add("Pick up dry cleaning", tags=["errands"])
    stamps = alice.add("Buy stamps", due="2026-03-05", recurrence="FREQ=WEEKLY", tags=["errands"])
    alice.add("Write essay")
    chat = Chat(alice)

    preview = chat.reply("complete everything tagged errands")

    assert preview.startswith("I'll mark these 2 tasks as done:\n"), preview
    assert "- *Buy stamps* (due tomorrow)" in preview
    assert "- *Pick up dry cleaning*" in preview
    assert preview.endswith(GO_AHEAD)
    late = alice.add("Post parcel", tags=["errands"])  # after the preview: not touched

    done = chat.say("yes")

    assert done["reply"] == 'Marked 2 tasks as done. Say "undo" to take it all back.'
    assert sorted(tools_of(done)) == ["complete_task", "complete_task"]
    assert task(alice, cleaning["id"])["status"] == "completed"
    assert task(alice, stamps["id"])["status"] == "completed"
    assert task(alice, late["id"])["status"] == "pending"
    (following,) = wait_until(lambda: pending_titled(alice, "Buy stamps"), what="the next one")
    assert following["due"] == "2026-03-12"

    undone = chat.say("undo")

    assert "*Buy stamps* is pending again. I removed the next occurrence" in undone["reply"]
    assert "*Pick up dry cleaning* is pending again." in undone["reply"]
    still = wait_until_still(lambda: [t["id"] for t in pending_titled(alice, "Buy stamps")])
    assert still == [stamps["id"]]
    assert titles(alice) == ["Buy stamps", "Pick up dry cleaning", "Post parcel", "Write essay"]
    assert events_of(alice, stamps["id"]) == [
        ("task.created", "user"),
        ("task.completed", "chat"),
        ("task.reopened", "chat"),
    ]
    assert events_of(alice, following["id"]) == [
        ("task.created", "recurring"),
        ("task.deleted", "chat"),
    ]


@pytest.mark.parametrize("answer", ["no", "cancel"])
def test_a_bulk_action_answered_no_changes_nothing(alice: UserClient, answer: str) -> None:
    cleaning = alice.add("Pick up dry cleaning", tags=["errands"])
    alice.add("Buy stamps", tags=["errands"])
    chat = Chat(alice)
    chat.say("complete everything tagged errands")

    body = chat.say(answer)

    assert (body["reply"], body["actions"]) == (CANCELLED, [])
    assert titles(alice) == ["Buy stamps", "Pick up dry cleaning"]
    assert events_of(alice, cleaning["id"]) == [("task.created", "user")]
    assert chat.reply("yes") == NO_QUESTION
    assert alice.items(status="completed") == []


def test_deleting_all_completed_tasks_deletes_them_and_one_undo_brings_them_back(
    alice: UserClient,
) -> None:
    done = [alice.add(title, tags=["old"]) for title in ("Old chore", "Older chore")]
    for finished in done:
        assert alice.post(f"/api/tasks/{finished['id']}/complete").status_code == 200
    alice.add("Still to do")
    chat = Chat(alice)

    preview = chat.reply("delete all completed tasks")

    assert preview.startswith("I'll delete these 2 tasks:\n"), preview
    assert "*Old chore*" in preview
    assert "*Older chore*" in preview
    assert "Still to do" not in preview

    assert chat.reply("yes") == 'Deleted 2 tasks. Say "undo" to take it all back.'
    assert titles(alice, status="all") == ["Still to do"]

    undone = chat.reply("undo")

    assert undone.startswith("Undone. "), undone
    assert titles(alice, status="completed") == ["Old chore", "Older chore"]
    for finished in done:
        back = task(alice, finished["id"])
        assert (back["status"], back["tags"]) == ("completed", ["old"])
        assert events_of(alice, finished["id"]) == [
            ("task.created", "user"),
            ("task.completed", "user"),
            ("task.deleted", "chat"),
            ("task.created", "chat"),
        ]


def test_adding_a_tag_to_everything_mentioning_paint(alice: UserClient) -> None:
    paint = alice.add("Buy paint", tags=["diy"])
    fence = alice.add("Paint the fence")
    mom = alice.add("Call mom")
    chat = Chat(alice)

    preview = chat.reply("add #home to everything mentioning paint")

    assert preview.startswith("I'll add #home to these 2 tasks:\n"), preview
    assert "*Call mom*" not in preview
    assert chat.reply("yes") == ('Changed 2 tasks (add #home). Say "undo" to take it all back.')
    assert task(alice, paint["id"])["tags"] == ["diy", "home"]
    assert task(alice, fence["id"])["tags"] == ["home"]
    assert task(alice, mom["id"])["tags"] == []

    chat.reply("undo")

    assert task(alice, paint["id"])["tags"] == ["diy"]
    assert task(alice, fence["id"])["tags"] == []


def test_pushing_my_overdue_tasks_to_next_monday_keeps_each_tasks_time(
    alice: UserClient,
) -> None:
    bill = alice.add("Pay bill", due="2026-03-02T17:00:00")
    book = alice.add("Return book", due="2026-03-03")
    later = alice.add("Dentist", due="2026-03-10")
    chat = Chat(alice)

    preview = chat.reply("push my overdue tasks to next Monday")

    assert preview.startswith("I'll move these 2 tasks to Monday:\n"), preview
    assert "*Dentist*" not in preview
    chat.say("yes")

    # Monday is in summer time: the bill stays due at 5 PM there
    assert task(alice, bill["id"])["due"] == "2026-03-09T17:00:00-04:00"
    assert task(alice, book["id"])["due"] == "2026-03-09"
    assert task(alice, later["id"])["due"] == "2026-03-10"


def test_postponing_my_overdue_tasks_by_two_days_moves_each_from_its_own_due(
    alice: UserClient,
) -> None:
    bill = alice.add("Pay bill", due="2026-03-02T17:00:00", remind_at="2026-03-02T16:00:00")
    book = alice.add("Return book", due="2026-03-03")
    chat = Chat(alice)

    preview = chat.reply("postpone my overdue tasks by 2 days")

    assert preview.startswith("I'll move these 2 tasks 2 days later:\n"), preview
    chat.say("yes")

    moved = task(alice, bill["id"])
    assert (moved["due"], moved["remind_at"]) == (
        "2026-03-04T17:00:00-05:00",
        "2026-03-04T16:00:00-05:00",
    )
    assert task(alice, book["id"])["due"] == "2026-03-05"
    chat.reply("undo")
    assert task(alice, bill["id"])["due"] == "2026-03-02T17:00:00-05:00"
    assert task(alice, book["id"])["due"] == "2026-03-03"


def test_a_selection_matching_nothing_says_so_and_asks_nothing(alice: UserClient) -> None:
    alice.add("Buy milk")
    chat = Chat(alice)

    body = chat.say("complete everything tagged errands")

    assert body["reply"] == "No pending tasks match that, so there is nothing to change."
    assert chat.reply("yes") == NO_QUESTION
    assert alice.items(status="completed") == []


def test_a_named_task_is_still_acted_on_alone(alice: UserClient) -> None:
    mom = alice.add("Call mom", due="2026-03-04")
    alice.add("Call dad", due="2026-03-04")
    chat = Chat(alice)

    body = chat.say("move call mom to friday")

    assert tools_of(body)[-1] == "update_task"
    assert task(alice, mom["id"])["due"] == "2026-03-06"
