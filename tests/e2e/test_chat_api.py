"""The chat over real HTTP, against each runtime: messages become tool calls that run
the same use cases as the REST API, and the reply says what was done.

Both runtimes' servers stand at Wednesday 2026-03-04 10:00 in New York (the
users' zone), so replies can be compared word for word.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.e2e.chatting import Chat, titles, tools_of
from tests.support import ApiServer, UserClient, audit_trail, settle_audit

pytestmark = pytest.mark.slow


def test_adding_with_a_due_and_a_reminder(alice: UserClient) -> None:
    body = Chat(alice).say("Add task: Buy groceries tomorrow at 5pm, remind me 1 hour before")

    assert body["reply"] == "Added *Buy groceries*, due tomorrow at 5:00 PM, reminder at 4:00 PM."
    (action,) = body["actions"]
    assert action["tool"] == "add_task"
    assert action["arguments"] == {
        "title": "Buy groceries",
        "due": "2026-03-05T17:00:00-05:00",
        "remind_before_minutes": 60,
    }
    task = alice.get(f"/api/tasks/{action['result']['id']}").json()
    assert (task["title"], task["due"], task["remind_at"]) == (
        "Buy groceries",
        "2026-03-05T17:00:00-05:00",
        "2026-03-05T16:00:00-05:00",
    )


def test_the_chats_changes_reach_the_audit_trail_as_the_chats(alice: UserClient) -> None:
    chat = Chat(alice)
    added = chat.say("Take vitamins every day at 8am #health")["actions"][0]["result"]
    chat.say("mark vitamins done")

    settle_audit(alice)
    entries = audit_trail(alice, task_id=added["id"])
    assert [(e["event_type"], e["actor"]) for e in reversed(entries)] == [
        ("task.created", "chat"),
        ("task.completed", "chat"),
    ]


def test_marking_done_with_one_match(alice: UserClient) -> None:
    alice.add("Take vitamins")
    alice.add("Buy vitamin D")
    chat = Chat(alice)

    body = chat.say("mark vitamins done")

    assert body["reply"] == "Marked *Take vitamins* as done."
    assert tools_of(body) == ["find_tasks", "complete_task"]
    assert titles(alice, "completed") == ["Take vitamins"]
    assert titles(alice) == ["Buy vitamin D"]


def test_several_matches_are_a_question_and_a_number_answers_it(alice: UserClient) -> None:
    alice.add("Take vitamins", due="2026-03-05")
    alice.add("Buy vitamins")
    chat = Chat(alice)

    question = chat.say("mark vitamins done")
    assert question["reply"] == (
        "Which one should I mark as done?\n"
        "1. *Buy vitamins*\n"
        "2. *Take vitamins* (due tomorrow)\n"
        'Answer with a number or a title, or say "cancel".'
    )
    assert tools_of(question) == ["find_tasks"]
    assert titles(alice, "completed") == []

    answer = chat.say("2")
    assert answer["reply"] == "Marked *Take vitamins* as done."
    assert tools_of(answer) == ["complete_task"]
    assert titles(alice, "completed") == ["Take vitamins"]


@pytest.mark.parametrize(
    ("answer", "done"),
    [
        ("the second one", "Take vitamins"),
        ("last one", "Take vitamins"),
        ("1st", "Buy vitamins"),
        ("take vitamins", "Take vitamins"),
        ("Buy", "Buy vitamins"),
    ],
)
def test_an_ordinal_or_a_title_answers_the_question(
    alice: UserClient, answer: str, done: str
) -> None:
    alice.add("Take vitamins")
    alice.add("Buy vitamins")
    chat = Chat(alice)
    chat.say("mark vitamins done")

    chat.say(answer)

    assert titles(alice, "completed") == [done]


def test_an_answer_out_of_range_asks_again_and_keeps_the_question(alice: UserClient) -> None:
    alice.add("Take vitamins")
    alice.add("Buy vitamins")
    chat = Chat(alice)
    chat.say("delete vitamins")

    again = chat.say("5")
    assert again["reply"] == 'Please answer with a number from 1 to 2, a title, or "cancel".'
    assert again["actions"] == []
    stray = chat.say("the blue one")
    assert stray["reply"].startswith("I still need to know which one you mean.")
    assert titles(alice) == ["Buy vitamins", "Take vitamins"]

    assert chat.reply("1") == "Deleted *Buy vitamins*."
    assert titles(alice) == ["Take vitamins"]


def test_cancel_drops_the_question(alice: UserClient) -> None:
    alice.add("Take vitamins")
    alice.add("Buy vitamins")
    chat = Chat(alice)
    chat.say("delete vitamins")

    assert chat.reply("never mind") == "OK, I left everything as it was."
    assert chat.reply("2").startswith("I haven't asked anything that this answers.")
    assert titles(alice) == ["Buy vitamins", "Take vitamins"]


def test_a_new_command_replaces_the_question(alice: UserClient) -> None:
    alice.add("Take vitamins")
    alice.add("Buy vitamins")
    chat = Chat(alice)
    chat.say("delete vitamins")

    assert chat.reply("add call mom tomorrow") == "Added *call mom*, due tomorrow."
    assert chat.reply("2").startswith("I haven't asked anything")
    assert titles(alice) == ["Buy vitamins", "Take vitamins", "call mom"]


def test_no_match_says_so_and_suggests_the_closest_titles(alice: UserClient) -> None:
    alice.add("Book dentist appointment")
    alice.add("Buy groceries")

    body = Chat(alice).say("delete the orthodontist task")

    assert body["reply"] == (
        'I couldn\'t find "orthodontist" among your tasks. Did you mean *Book dentist appointment*?'
    )
    assert body["actions"][0]["result"]["suggestions"] == ["Book dentist appointment"]
    assert len(alice.items()) == 2


def test_a_misspelt_title_is_acted_on_but_deleted_only_after_a_yes(alice: UserClient) -> None:
    alice.add("Book dentist appointment")
    alice.add("Take vitamins")
    chat = Chat(alice)

    assert chat.reply("mark vitamns done") == "Marked *Take vitamins* as done."
    assert chat.reply("delete the dentst task") == (
        'Did you mean *Book dentist appointment*? Say "yes" to delete it, or "no".'
    )
    assert titles(alice) == ["Book dentist appointment"]
    assert chat.reply("yes") == "Deleted *Book dentist appointment*."
    assert titles(alice) == []


def test_completing_a_completed_task_says_it_was_done(alice: UserClient) -> None:
    task = alice.add("Pay rent")
    alice.post(f"/api/tasks/{task['id']}/complete")

    assert Chat(alice).reply("mark pay rent done") == "*Pay rent* was already done."


def test_it_means_the_task_last_acted_on(alice: UserClient) -> None:
    chat = Chat(alice)
    chat.say("add prepare slides")

    body = chat.say("make it high priority")

    assert body["reply"] == "Updated *prepare slides*: high priority."
    assert [t["priority"] for t in alice.items()] == ["high"]


def test_moving_a_task_says_the_new_time(alice: UserClient) -> None:
    alice.add("Prepare report", due="2026-03-06")

    reply = Chat(alice).reply("move the report to next friday at 3pm")

    assert reply == "Updated *Prepare report*: due Friday, March 13 at 3:00 PM."
    assert alice.items()[0]["due"] == "2026-03-13T15:00:00-04:00"


def test_listing_what_is_pending(alice: UserClient) -> None:
    alice.add("Buy groceries", due="2026-03-05T17:00:00-05:00", priority="high")
    alice.add("Call mom")

    body = Chat(alice).say("what's pending?")

    assert body["reply"] == (
        "You have 2 pending tasks:\n"
        "1. *Call mom*\n"
        "2. *Buy groceries*, due tomorrow at 5:00 PM, high priority"
    )
    assert tools_of(body) == ["list_tasks"]


def test_delete_all_deletes_nothing_without_a_yes(alice: UserClient) -> None:
    alice.add("One")
    alice.add("Two")
    chat = Chat(alice)

    question = chat.say("delete all my tasks")
    assert question["reply"] == (
        "That would delete all 2 tasks (*Two*, *One*)."
        ' Are you sure? Say "yes" to delete them, or "no" to keep them.'
    )
    assert tools_of(question) == ["list_tasks"]
    assert chat.reply("2") == 'Please say "yes" to delete them, or "no" to keep them.'
    assert chat.reply("no") == "OK, I left everything as it was."
    assert titles(alice) == ["One", "Two"]


def test_delete_all_after_yes_deletes_the_tasks_it_listed(alice: UserClient) -> None:
    alice.add("One")
    alice.add("Two")
    chat = Chat(alice)
    chat.say("delete everything")
    alice.add("Added after the question")

    body = chat.say("yes")

    assert body["reply"] == "Deleted 2 tasks."
    assert tools_of(body) == ["delete_task", "delete_task"]
    assert titles(alice) == ["Added after the question"]


def test_help_explains_with_examples(alice: UserClient) -> None:
    body = Chat(alice).say("help")

    assert body["actions"] == []
    assert '"mark vitamins done"' in body["reply"]
    assert '"what\'s pending?"' in body["reply"]


@pytest.mark.parametrize("message", ["what's the weather like", "tell me a joke", "what is 2+2"])
def test_a_message_outside_the_domain_gets_an_honest_answer(
    alice: UserClient, message: str
) -> None:
    body = Chat(alice).say(message)

    assert body["reply"].startswith("Sorry, I can only help with your tasks")
    assert body["actions"] == []
    assert alice.items(status="all") == []


def test_conversations_and_their_messages_are_kept(alice: UserClient) -> None:
    first, second = Chat(alice), Chat(alice)
    first.say("add buy milk")
    second.say("what's pending?")
    first.say("mark milk done")

    listed = {c["id"]: c["title"] for c in alice.get("/api/conversations").json()["items"]}
    assert listed == {
        first.conversation_id: "add buy milk",
        second.conversation_id: "what's pending?",
    }
    messages = alice.get(f"/api/conversations/{first.conversation_id}/messages").json()["items"]
    assert [(m["role"], m["content"]) for m in messages] == [
        ("user", "add buy milk"),
        ("assistant", "Added *buy milk*."),
        ("user", "mark milk done"),
        ("assistant", "Marked *buy milk* as done."),
    ]
    assert [a["tool"] for a in messages[3]["actions"]] == ["find_tasks", "complete_task"]


def test_another_users_conversation_is_not_found(alice: UserClient, bob: UserClient) -> None:
    chat = Chat(alice)
    chat.say("add alice's secret")

    assert bob.get(f"/api/conversations/{chat.conversation_id}/messages").status_code == 404
    intruder = bob.post(
        "/api/chat", json={"message": "what's pending?", "conversation_id": chat.conversation_id}
    )
    assert intruder.status_code == 404
    assert bob.get("/api/conversations").json()["items"] == []
    assert (
        len(alice.get(f"/api/conversations/{chat.conversation_id}/messages").json()["items"]) == 2
    )


def test_bob_cannot_act_on_alices_tasks_by_chat(alice: UserClient, bob: UserClient) -> None:
    alice.add("Alice's vitamins")

    reply = Chat(bob).reply("mark vitamins done")

    assert reply == 'I couldn\'t find "vitamins" among your pending tasks.'
    assert titles(alice) == ["Alice's vitamins"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "message"),
        ({"message": "   "}, "message"),
        ({"message": "x" * 2001}, "message"),
        ({"message": 5}, "message"),
        ({"message": "hi", "extra": 1}, "extra"),
    ],
)
def test_bad_input_is_422_naming_the_field(
    alice: UserClient, body: dict[str, Any], field: str
) -> None:
    answer = alice.post("/api/chat", json=body)

    assert answer.status_code == 422, answer.text
    assert any(error["loc"][-1] == field for error in answer.json()["detail"])


def test_an_unknown_conversation_is_404(alice: UserClient) -> None:
    answer = alice.post("/api/chat", json={"message": "hi", "conversation_id": "nope"})
    assert answer.status_code == 404
    assert alice.get("/api/conversations/nope/messages").status_code == 404


def test_the_chat_needs_a_token(server: ApiServer) -> None:
    with server.client() as anonymous:
        assert anonymous.post("/api/chat", json={"message": "hi"}).status_code == 401
        assert anonymous.get("/api/conversations").status_code == 401


def test_two_answers_at_once_act_once(alice: UserClient) -> None:
    alice.add("Take vitamins")
    alice.add("Buy vitamins")
    chat = Chat(alice)
    chat.say("mark vitamins done")

    with ThreadPoolExecutor(4) as pool:
        bodies = [r.json() for r in pool.map(lambda _: chat.send("2"), range(4))]

    completions = [b for b in bodies if "complete_task" in tools_of(b)]
    assert len(completions) == 1
    assert titles(alice, "completed") == ["Take vitamins"]
    for other in bodies:
        if other is not completions[0]:
            assert other["actions"] == []
