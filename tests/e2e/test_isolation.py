"""A user sees and changes only their own tasks: another's answer 404, never 403."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests import support
from tests.support import UserClient, wait_until

UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"

Attempt = Callable[[UserClient, str], httpx.Response]

ATTEMPTS: dict[str, Attempt] = {
    "get": lambda user, task_id: user.get(f"/api/tasks/{task_id}"),
    "patch": lambda user, task_id: user.patch(
        f"/api/tasks/{task_id}", json={"title": "Mine now", "priority": "low"}
    ),
    "put": lambda user, task_id: user.put(f"/api/tasks/{task_id}", json={"title": "Mine now"}),
    "delete": lambda user, task_id: user.delete(f"/api/tasks/{task_id}"),
    "complete": lambda user, task_id: user.post(f"/api/tasks/{task_id}/complete"),
    "reopen": lambda user, task_id: user.post(f"/api/tasks/{task_id}/reopen"),
    "patch if-match current": lambda user, task_id: user.patch(
        f"/api/tasks/{task_id}", json={"title": "Mine now"}, headers={"If-Match": '"1"'}
    ),
    "patch if-match stale": lambda user, task_id: user.patch(
        f"/api/tasks/{task_id}", json={"title": "Mine now"}, headers={"If-Match": '"99"'}
    ),
    "delete if-match stale": lambda user, task_id: user.delete(
        f"/api/tasks/{task_id}", headers={"If-Match": '"99"'}
    ),
    "complete if-match stale": lambda user, task_id: user.post(
        f"/api/tasks/{task_id}/complete", headers={"If-Match": '"99"'}
    ),
}


def audit_of(user: UserClient, task_id: str) -> list[dict[str, Any]]:
    answer = user.get("/api/audit", params={"task_id": task_id, "limit": 200})
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def settle_audit(user: UserClient) -> None:
    """Wait until the audit service has recorded everything committed so far."""
    probe_id = support.settle_audit(user)
    assert user.delete(f"/api/tasks/{probe_id}").status_code == 204


def alices_task(alice: UserClient, *, completed: bool = False) -> dict[str, Any]:
    task = alice.add(
        "Alice's secret",
        description="Only for Alice",
        due="2026-03-05T17:00:00-05:00",
        priority="high",
        tags=["private"],
    )
    if completed:
        answer = alice.post(f"/api/tasks/{task['id']}/complete")
        assert answer.status_code == 200, answer.text
        task = answer.json()
    return task


@pytest.mark.parametrize("attempt", list(ATTEMPTS))
@pytest.mark.parametrize("completed", [False, True], ids=["pending", "completed"])
def test_another_users_task_answers_404_on_every_route(
    alice: UserClient, bob: UserClient, attempt: str, completed: bool
) -> None:
    task = alices_task(alice, completed=completed)

    answer = ATTEMPTS[attempt](bob, task["id"])
    unknown = ATTEMPTS[attempt](bob, UNKNOWN_ID)

    assert answer.status_code == 404, answer.text
    # The answer tells bob nothing an unknown id would not.
    assert unknown.status_code == 404, unknown.text
    assert answer.json() == {"detail": answer.json()["detail"]}
    assert answer.json()["detail"].replace(task["id"], "ID") == unknown.json()["detail"].replace(
        UNKNOWN_ID, "ID"
    )
    assert "etag" not in answer.headers
    assert "Alice" not in answer.text
    assert alice.get(f"/api/tasks/{task['id']}").json() == task


def test_another_users_tasks_never_appear_in_a_list(alice: UserClient, bob: UserClient) -> None:
    pending = alices_task(alice)
    done = alices_task(alice, completed=True)
    bobs = bob.add("Bob's own", tags=["private"], priority="high")

    for params in (
        {},
        {"status": "all"},
        {"status": "completed"},
        {"q": "secret"},
        {"tag": "private"},
        {"priority": "high"},
        {"sort": "due"},
    ):
        ids = {task["id"] for task in bob.items(**params)}
        assert pending["id"] not in ids, params
        assert done["id"] not in ids, params

    assert [task["id"] for task in bob.items(status="all")] == [bobs["id"]]
    assert sorted(task["id"] for task in alice.items(status="all")) == sorted(
        [pending["id"], done["id"]]
    )


def test_another_users_audit_trail_is_empty(alice: UserClient, bob: UserClient) -> None:
    task = alices_task(alice, completed=True)
    wait_until(lambda: len(audit_of(alice, task["id"])) == 2, what="alice's two entries")

    filtered = bob.get("/api/audit", params={"task_id": task["id"]})
    everything = bob.get("/api/audit")

    assert filtered.status_code == 200, filtered.text
    assert filtered.json() == {"items": [], "next_cursor": None}
    assert everything.status_code == 200, everything.text
    assert everything.json() == {"items": [], "next_cursor": None}


def test_after_every_attempt_the_task_and_its_trail_are_unchanged(
    alice: UserClient, bob: UserClient
) -> None:
    task = alices_task(alice)
    done = alices_task(alice, completed=True)

    for attempt in ATTEMPTS.values():
        for target in (task, done):
            assert attempt(bob, target["id"]).status_code == 404
    assert bob.get("/api/audit", params={"task_id": task["id"]}).json()["items"] == []
    settle_audit(alice)

    assert alice.get(f"/api/tasks/{task['id']}").json() == task
    assert alice.get(f"/api/tasks/{done['id']}").json() == done
    trail = audit_of(alice, task["id"])
    assert [entry["event_type"] for entry in trail] == ["task.created"]
    done_trail = audit_of(alice, done["id"])
    assert [entry["event_type"] for entry in done_trail] == ["task.completed", "task.created"]
    for entry in [*trail, *done_trail]:
        assert entry["actor"] == "user"
        assert entry["data"]["user_id"] == alice.user["id"]
    assert bob.get("/api/audit").json() == {"items": [], "next_cursor": None}


def test_a_user_cannot_touch_another_users_recurring_series(
    alice: UserClient, bob: UserClient
) -> None:
    task = alice.add("Alice's daily", due="2026-03-05", recurrence="FREQ=DAILY")

    assert bob.post(f"/api/tasks/{task['id']}/complete").status_code == 404
    settle_audit(alice)

    assert alice.get(f"/api/tasks/{task['id']}").json() == task
    assert [t["id"] for t in alice.items(status="all")] == [task["id"]]
    assert bob.items(status="all") == []


def test_both_users_may_use_the_same_titles_and_tags_independently(
    alice: UserClient, bob: UserClient
) -> None:
    mine = alice.add("Shared title", tags=["same"])
    theirs = bob.add("Shared title", tags=["same"])

    assert bob.delete(f"/api/tasks/{theirs['id']}").status_code == 204

    assert alice.get(f"/api/tasks/{mine['id']}").json() == mine
    assert [t["id"] for t in alice.items(tag="same")] == [mine["id"]]
    assert bob.items(tag="same") == []
