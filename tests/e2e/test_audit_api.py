"""The audit trail over real HTTP: every change once, newest first, filtered and paged."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from tests.support import NOW, UserClient, settle_audit, wait_until

ENTRY_KEYS = {"id", "event_type", "task_id", "occurred_at", "actor", "data"}


def page(user: UserClient, **params: Any) -> dict[str, Any]:
    answer = user.get("/api/audit", params=params)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    assert set(body) == {"items", "next_cursor"}
    return body


def everything(user: UserClient, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = page(user, limit=200, **params)["items"]
    return items


def settle(user: UserClient) -> set[str]:
    """Wait until the audit service has caught up; answers the probe's task id to ignore."""
    return {settle_audit(user)}


def entries_except(user: UserClient, ignored: set[str], **params: Any) -> list[dict[str, Any]]:
    return [entry for entry in everything(user, **params) if entry["task_id"] not in ignored]


def test_each_change_is_one_entry_newest_first(alice: UserClient) -> None:
    task = alice.add("Audited", priority="low")
    path = f"/api/tasks/{task['id']}"
    updated = alice.patch(path, json={"priority": "high"}).json()
    completed = alice.post(f"{path}/complete").json()
    reopened = alice.post(f"{path}/reopen").json()
    assert alice.delete(path).status_code == 204
    ignored = settle(alice)

    entries = entries_except(alice, ignored)

    assert [entry["event_type"] for entry in entries] == [
        "task.deleted",
        "task.reopened",
        "task.completed",
        "task.updated",
        "task.created",
    ]
    for entry in entries:
        assert set(entry) == ENTRY_KEYS
        assert entry["task_id"] == task["id"]
        assert entry["actor"] == "user"
        assert datetime.fromisoformat(entry["occurred_at"]) == NOW
        assert isinstance(entry["id"], str)
        assert entry["data"]["user_id"] == alice.user["id"]
        assert entry["data"]["task_id"] == task["id"]
        assert entry["data"]["actor"] == "user"
        assert entry["data"]["schema_version"] == 1
    assert len({entry["id"] for entry in entries}) == 5
    deleted, reopen, complete, update, create = entries
    assert create["data"]["task"] == task
    assert create["data"]["changes"] == {}
    assert update["data"]["task"] == updated
    assert update["data"]["changes"] == {"priority": ["low", "high"]}
    assert complete["data"]["task"] == completed
    assert complete["data"]["changes"]["status"] == ["pending", "completed"]
    assert complete["data"]["changes"]["completed_at"][0] is None
    assert datetime.fromisoformat(complete["data"]["changes"]["completed_at"][1]) == NOW
    assert reopen["data"]["task"] == reopened
    assert reopen["data"]["changes"]["status"] == ["completed", "pending"]
    assert deleted["data"]["task"] is None


def test_the_trail_of_several_tasks_is_interleaved_newest_first(alice: UserClient) -> None:
    first = alice.add("First")
    second = alice.add("Second")
    assert alice.patch(f"/api/tasks/{first['id']}", json={"title": "First!"}).status_code == 200
    assert alice.post(f"/api/tasks/{second['id']}/complete").status_code == 200
    ignored = settle(alice)

    entries = entries_except(alice, ignored)

    assert [(entry["event_type"], entry["task_id"]) for entry in entries] == [
        ("task.completed", second["id"]),
        ("task.updated", first["id"]),
        ("task.created", second["id"]),
        ("task.created", first["id"]),
    ]


def test_no_op_requests_leave_no_entry(alice: UserClient) -> None:
    task = alice.add("Still", priority="high")
    path = f"/api/tasks/{task['id']}"
    assert alice.patch(path, json={"priority": "high"}).status_code == 200
    assert alice.patch(path, json={}).status_code == 200
    assert alice.post(f"{path}/reopen").status_code == 200
    assert alice.post(f"{path}/complete").status_code == 200
    assert alice.post(f"{path}/complete").status_code == 200
    assert alice.patch(path, json={"title": ""}).status_code == 422
    assert alice.patch(path, json={"title": "x"}, headers={"If-Match": '"1"'}).status_code == 412
    ignored = settle(alice)

    entries = entries_except(alice, ignored)

    assert [entry["event_type"] for entry in entries] == ["task.completed", "task.created"]


def test_many_changes_produce_exactly_one_entry_each(alice: UserClient) -> None:
    task = alice.add("Busy")
    for number in range(1, 16):
        answer = alice.patch(f"/api/tasks/{task['id']}", json={"description": f"edit {number}"})
        assert answer.status_code == 200, answer.text
    ignored = settle(alice)

    entries = entries_except(alice, ignored)

    assert len(entries) == 16
    assert len({entry["id"] for entry in entries}) == 16
    assert [entry["data"]["task"]["version"] for entry in entries] == list(range(16, 0, -1))
    descriptions = [entry["data"]["task"]["description"] for entry in entries[:-1]]
    assert descriptions == [f"edit {number}" for number in range(15, 0, -1)]


def test_task_id_filters_the_trail(alice: UserClient) -> None:
    wanted = alice.add("Wanted")
    other = alice.add("Other")
    assert alice.post(f"/api/tasks/{wanted['id']}/complete").status_code == 200
    assert alice.post(f"/api/tasks/{other['id']}/complete").status_code == 200
    assert alice.patch(f"/api/tasks/{other['id']}", json={"title": "Other!"}).status_code == 200
    settle(alice)

    filtered = page(alice, task_id=wanted["id"])

    assert [(e["event_type"], e["task_id"]) for e in filtered["items"]] == [
        ("task.completed", wanted["id"]),
        ("task.created", wanted["id"]),
    ]
    assert filtered["next_cursor"] is None
    assert [e["event_type"] for e in everything(alice, task_id=other["id"])] == [
        "task.updated",
        "task.completed",
        "task.created",
    ]


def test_an_unknown_task_id_has_an_empty_trail(alice: UserClient) -> None:
    alice.add("Something")
    settle(alice)

    assert page(alice, task_id="no-such-task") == {"items": [], "next_cursor": None}


def test_a_deleted_tasks_trail_remains(alice: UserClient) -> None:
    task = alice.add("Gone soon")
    assert alice.delete(f"/api/tasks/{task['id']}").status_code == 204
    settle(alice)

    assert [e["event_type"] for e in everything(alice, task_id=task["id"])] == [
        "task.deleted",
        "task.created",
    ]


def test_a_new_user_has_an_empty_trail(alice: UserClient) -> None:
    assert page(alice) == {"items": [], "next_cursor": None}


def test_pages_follow_next_cursor_without_gaps_or_overlaps(alice: UserClient) -> None:
    tasks = [alice.add(f"Task {number}") for number in range(7)]
    wait_until(lambda: len(everything(alice)) == 7, what="seven entries")
    full = everything(alice)
    assert [entry["task_id"] for entry in full] == [task["id"] for task in reversed(tasks)]

    seen: list[dict[str, Any]] = []
    sizes: list[int] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 3}
        if cursor is not None:
            params["cursor"] = cursor
        current = page(alice, **params)
        sizes.append(len(current["items"]))
        seen.extend(current["items"])
        cursor = current["next_cursor"]
        if cursor is None:
            break
        assert isinstance(cursor, str)
        assert len(sizes) < 10

    assert sizes == [3, 3, 1]
    assert seen == full


def test_a_page_that_ends_exactly_at_the_last_entry_has_no_next_cursor(
    alice: UserClient,
) -> None:
    for number in range(4):
        alice.add(f"Task {number}")
    wait_until(lambda: len(everything(alice)) == 4, what="four entries")

    first = page(alice, limit=2)
    second = page(alice, limit=2, cursor=first["next_cursor"])

    assert len(first["items"]) == 2
    assert isinstance(first["next_cursor"], str)
    assert len(second["items"]) == 2
    assert second["next_cursor"] is None
    assert page(alice, limit=4)["next_cursor"] is None


def test_pages_of_one_tasks_trail(alice: UserClient) -> None:
    task = alice.add("Paged")
    noise = alice.add("Noise")
    for number in range(4):
        alice.patch(f"/api/tasks/{task['id']}", json={"description": f"{number}"})
        alice.patch(f"/api/tasks/{noise['id']}", json={"description": f"{number}"})
    wait_until(lambda: len(everything(alice)) == 10, what="ten entries")
    full = everything(alice, task_id=task["id"])
    assert len(full) == 5

    first = page(alice, task_id=task["id"], limit=2)
    second = page(alice, task_id=task["id"], limit=2, cursor=first["next_cursor"])
    third = page(alice, task_id=task["id"], limit=2, cursor=second["next_cursor"])

    assert [*first["items"], *second["items"], *third["items"]] == full
    assert third["next_cursor"] is None


@pytest.mark.parametrize("limit", ["1", "200"])
def test_limit_accepts_its_bounds(alice: UserClient, limit: str) -> None:
    alice.add("One")
    alice.add("Two")
    wait_until(lambda: len(everything(alice)) == 2, what="two entries")

    body = page(alice, limit=limit)

    assert len(body["items"]) == min(int(limit), 2)
    assert (body["next_cursor"] is None) == (limit == "200")


@pytest.mark.parametrize("limit", ["0", "201", "-1", "abc", "1.5"])
def test_limit_out_of_range_answers_422(alice: UserClient, limit: str) -> None:
    answer = alice.get("/api/audit", params={"limit": limit})

    assert answer.status_code == 422, answer.text
    assert [error["loc"] for error in answer.json()["detail"]] == [["query", "limit"]]


@pytest.mark.parametrize("cursor", ["not-a-cursor", "-5", "1e3"])
def test_a_garbage_cursor_answers_422(alice: UserClient, cursor: str) -> None:
    answer = alice.get("/api/audit", params={"cursor": cursor})

    assert answer.status_code == 422, answer.text
    assert [error["loc"] for error in answer.json()["detail"]] == [["query", "cursor"]]
