"""Reminders said on a task, and a bulk change of priority, over real HTTP, against each runtime.

"remind me about the dentist at 3" sets the reminder of the user's *dentist* task; with
no such task it adds one with that reminder ("remind me about the party tomorrow at 6pm"),
so the words never go unheard. "make all work tasks high priority" previews the work
tasks and changes them only after "yes".

The servers stand at Wednesday 2026-03-04 10:00 in New York (the users' zone).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.chatting import Chat, titles, tools_of
from tests.support import UserClient

pytestmark = pytest.mark.slow


def task(user: UserClient, task_id: str) -> dict[str, Any]:
    answer = user.get(f"/api/tasks/{task_id}")
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_remind_me_about_a_task_sets_its_reminder(alice: UserClient) -> None:
    dentist = alice.add("Dentist", due="2026-03-06T16:00:00")

    body = Chat(alice).say("remind me about the dentist at 3")

    assert tools_of(body) == ["find_tasks", "update_task"]
    assert task(alice, dentist["id"])["remind_at"] == "2026-03-04T15:00:00-05:00"
    assert titles(alice) == ["Dentist"]


def test_remind_me_about_a_task_there_is_not_adds_it_with_the_reminder(
    alice: UserClient,
) -> None:
    alice.add("Dentist", due="2026-03-06T16:00:00")

    body = Chat(alice).say("remind me about the party tomorrow at 6pm")

    assert tools_of(body) == ["find_tasks", "add_task"]
    (party,) = [t for t in alice.items() if t["title"] == "party"]
    assert party["due"] == "2026-03-05T18:00:00-05:00"
    assert party["remind_at"] == "2026-03-05T18:00:00-05:00"
    assert titles(alice) == ["Dentist", "party"]


def test_make_all_work_tasks_high_priority_asks_then_changes_only_them(
    alice: UserClient,
) -> None:
    report = alice.add("Send report", tags=["work"])
    sync = alice.add("Team sync", tags=["work"], priority="low")
    milk = alice.add("Buy milk", tags=["home"])
    chat = Chat(alice)

    preview = chat.say("make all work tasks high priority")

    assert preview["reply"].split("\n")[0].startswith("I'll ")
    assert "2 tasks" in preview["reply"].split("\n")[0]
    assert [task(alice, t["id"])["priority"] for t in (report, sync)] == [None, "low"]

    chat.say("yes")

    assert [task(alice, t["id"])["priority"] for t in (report, sync)] == ["high", "high"]
    assert task(alice, milk["id"])["priority"] is None
