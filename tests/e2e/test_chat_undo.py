"""Undo over real HTTP, against each runtime: "undo" (or ``POST /api/chat/undo``)
reverts the chat's last action through the same use cases, so the audit trail
shows both; one undo reverts everything one message changed; several walk back
in order.

The servers stand at Wednesday 2026-03-04 10:00 in New York (the users' zone).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.chatting import Chat, titles, tools_of
from tests.support import (
    ApiServer,
    UserClient,
    audit_trail,
    settle_audit,
    wait_until,
    wait_until_still,
)

pytestmark = pytest.mark.slow

NOTHING = "There is nothing to undo: I haven't changed anything in this conversation."


def events_of(user: UserClient, task_id: str) -> list[tuple[str, str]]:
    settle_audit(user)
    return [(e["event_type"], e["actor"]) for e in reversed(audit_trail(user, task_id=task_id))]


@pytest.mark.parametrize("message", ["undo", "undo that", "oops undo"])
def test_nothing_to_undo_is_said_and_adds_no_task(alice: UserClient, message: str) -> None:
    body = Chat(alice).say(message)

    assert (body["reply"], body["actions"]) == (NOTHING, [])
    assert alice.items() == []


def test_undo_of_an_add_deletes_the_task(alice: UserClient) -> None:
    chat = Chat(alice)
    added = chat.say("add buy milk tomorrow")["actions"][0]["result"]

    body = chat.say("undo")

    assert body["reply"] == "Undone. Deleted *buy milk*, which I had added."
    assert tools_of(body) == ["delete_task"]
    assert alice.items() == []
    assert events_of(alice, added["id"]) == [("task.created", "chat"), ("task.deleted", "chat")]


def test_undo_of_an_update_puts_every_field_back(alice: UserClient) -> None:
    task = alice.add("Prepare report", due="2026-03-06", priority="low", tags=["work"])
    chat = Chat(alice)
    chat.say("move the report to next friday at 3pm")

    reply = chat.reply("undo that")

    assert reply == (
        "Undone. *Prepare report* is back as it was: *Prepare report*, due Friday,"
        " low priority, #work."
    )
    back = alice.get(f"/api/tasks/{task['id']}").json()
    assert (back["due"], back["priority"], back["tags"]) == ("2026-03-06", "low", ["work"])
    assert events_of(alice, task["id"]) == [
        ("task.created", "user"),
        ("task.updated", "chat"),
        ("task.updated", "chat"),
    ]


def test_undo_of_a_delete_puts_the_task_back_under_its_own_id(alice: UserClient) -> None:
    task = alice.add(
        "Pay rent",
        due="2026-03-06T09:00:00",
        remind_at="2026-03-06T08:00:00",
        priority="high",
        tags=["home"],
    )
    chat = Chat(alice)
    chat.say("delete pay rent")
    assert alice.get(f"/api/tasks/{task['id']}").status_code == 404

    body = chat.say("oops undo")

    assert body["reply"] == (
        "Undone. Put back *Pay rent*, due Friday at 9:00 AM, reminder at 8:00 AM,"
        " high priority, #home."
    )
    assert tools_of(body) == ["restore_task"]
    back = alice.get(f"/api/tasks/{task['id']}").json()
    kept = ("title", "due", "remind_at", "priority", "tags", "status", "created_at")
    assert {k: back[k] for k in kept} == {k: task[k] for k in kept}
    assert events_of(alice, task["id"]) == [
        ("task.created", "user"),
        ("task.deleted", "chat"),
        ("task.created", "chat"),
    ]


def pending_of(user: UserClient, title: str) -> list[dict[str, Any]]:
    return [t for t in user.items() if t["title"] == title]


def test_undo_of_completing_a_recurring_task_reopens_it_and_removes_the_next_one(
    alice: UserClient,
) -> None:
    chat = Chat(alice)
    added = chat.say("water plants every day at 8am")["actions"][0]["result"]
    chat.say("mark water plants done")
    (following,) = wait_until(lambda: pending_of(alice, "water plants"), what="the next one")
    assert following["id"] != added["id"]

    body = chat.say("undo")

    assert body["reply"] == (
        "Undone. *water plants* is pending again. I removed the next occurrence"
        " (due Friday at 8:00 AM) that completing it had created."
    )
    assert tools_of(body) == ["reopen_task", "delete_task"]
    still = wait_until_still(lambda: [t["id"] for t in pending_of(alice, "water plants")])
    assert still == [added["id"]]
    assert events_of(alice, added["id"]) == [
        ("task.created", "chat"),
        ("task.completed", "chat"),
        ("task.reopened", "chat"),
    ]
    assert events_of(alice, following["id"]) == [
        ("task.created", "recurring"),
        ("task.deleted", "chat"),
    ]


def test_undo_of_completing_an_overdue_recurring_task_removes_the_occurrence_it_made(
    alice: UserClient,
) -> None:
    task = alice.add("Water ferns", due="2026-03-01", recurrence="FREQ=DAILY")
    chat = Chat(alice)
    chat.say("mark water ferns done")
    (following,) = wait_until(lambda: pending_of(alice, "Water ferns"), what="the next one")
    assert following["due"] == "2026-03-04"  # the first date still ahead: numbered after 3

    body = chat.say("undo")

    assert "I removed the next occurrence" in body["reply"], body["reply"]
    still = wait_until_still(lambda: [t["id"] for t in pending_of(alice, "Water ferns")])
    assert still == [task["id"]]


def test_undo_of_a_completion_of_a_plain_task_reopens_it(alice: UserClient) -> None:
    task = alice.add("Take vitamins")
    chat = Chat(alice)
    chat.say("mark vitamins done")

    assert chat.reply("undo") == "Undone. *Take vitamins* is pending again."
    assert alice.get(f"/api/tasks/{task['id']}").json()["status"] == "pending"


def test_several_undos_walk_back_in_order(alice: UserClient) -> None:
    chat = Chat(alice)
    chat.say("add buy milk")
    chat.say("add call bob friday at 3pm")
    chat.say("make it 5pm")
    chat.say("mark buy milk done")

    steps = [chat.reply("undo") for _ in range(5)]

    assert steps == [
        "Undone. *buy milk* is pending again.",
        "Undone. *call bob* is back as it was: *call bob*, due Friday at 3:00 PM.",
        "Undone. Deleted *call bob*, which I had added.",
        "Undone. Deleted *buy milk*, which I had added.",
        NOTHING,
    ]
    assert alice.items(status="all") == []


def test_one_undo_reverts_a_whole_batch(alice: UserClient) -> None:
    for title in ("Buy milk", "Call bob", "Pay rent"):
        alice.add(title)
    chat = Chat(alice)
    chat.say("delete all")
    chat.say("yes")
    assert alice.items() == []

    reply = chat.reply("undo")

    assert reply.startswith("Undone. Put back ")
    assert titles(alice) == ["Buy milk", "Call bob", "Pay rent"]
    assert chat.reply("undo") == NOTHING


def test_the_undo_route_undoes_the_conversations_last_action(alice: UserClient) -> None:
    chat = Chat(alice)
    chat.say("add buy milk")
    chat.say("add call bob")

    answer = alice.post("/api/chat/undo", json={"conversation_id": chat.conversation_id})

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["conversation_id"] == chat.conversation_id
    assert body["reply"] == "Undone. Deleted *call bob*, which I had added."
    assert [a["tool"] for a in body["actions"]] == ["delete_task"]
    assert titles(alice) == ["buy milk"]
    messages = alice.get(f"/api/conversations/{chat.conversation_id}/messages").json()["items"]
    assert [m["content"] for m in messages[-2:]] == ["undo", body["reply"]]


def test_the_undo_route_without_a_body_undoes_in_the_users_conversation(
    alice: UserClient,
) -> None:
    chat = Chat(alice)
    chat.say("add buy milk")
    chat.say("add call bob")

    answer = alice.post("/api/chat/undo")

    assert answer.status_code == 200, answer.text
    assert answer.json()["conversation_id"] == chat.conversation_id
    assert titles(alice) == ["buy milk"]


def test_the_undo_route_answers_404_for_an_unknown_conversation(alice: UserClient) -> None:
    answer = alice.post("/api/chat/undo", json={"conversation_id": "nope"})

    assert answer.status_code == 404


def test_the_openapi_document_describes_the_undo_route(server: ApiServer) -> None:
    with server.client() as anonymous:
        operation = anonymous.get("/openapi.json").json()["paths"]["/api/chat/undo"]["post"]

    assert {"200", "404", "422"} <= set(operation["responses"])
    assert "undo" in operation["description"]
    assert operation["security"] == [{"bearer": []}]
