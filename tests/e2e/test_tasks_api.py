"""Every task route over real HTTP: create, read, change, replace, delete,
complete, reopen, If-Match, versions, and recurring series."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx
import pytest

from tests import support
from tests.support import NOW, UserClient, wait_until, wait_until_still

FULL: dict[str, Any] = {
    "title": "Buy groceries",
    "description": "Milk, eggs, bread",
    "due": "2026-03-05T17:00:00-05:00",
    "remind_at": "2026-03-05T16:00:00-05:00",
    "priority": "high",
    "tags": ["errands", "home"],
}
TASK_KEYS = {
    "id",
    "title",
    "description",
    "status",
    "priority",
    "tags",
    "due",
    "remind_at",
    "remind_before_minutes",
    "recurrence",
    "repeat_from",
    "skipped_occurrences",
    "series_id",
    "created_at",
    "updated_at",
    "completed_at",
    "version",
}


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def get(user: UserClient, task_id: str) -> dict[str, Any]:
    answer = user.get(f"/api/tasks/{task_id}")
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def audit_of(user: UserClient, task_id: str) -> list[dict[str, Any]]:
    answer = user.get("/api/audit", params={"task_id": task_id, "limit": 200})
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def settle_audit(user: UserClient) -> None:
    """Wait until the audit service has recorded everything committed so far."""
    probe_id = support.settle_audit(user)
    assert user.delete(f"/api/tasks/{probe_id}").status_code == 204


def series(user: UserClient, series_id: str) -> list[dict[str, Any]]:
    return [task for task in user.items(status="all") if task["series_id"] == series_id]


def settle_recurring(user: UserClient) -> None:
    """Wait until the recurring service has handled every event committed so far.

    On the embedded bus events arrive in commit order, so once a probe series
    completed now has its next occurrence, every earlier completion has been
    handled too; Kafka orders per task only, so the user's tasks must also
    stand still for a moment.
    """
    probe = user.add("recurring probe", due="2026-03-20", recurrence="FREQ=DAILY")
    assert user.post(f"/api/tasks/{probe['id']}/complete").status_code == 200
    wait_until(
        lambda: len(series(user, probe["series_id"])) == 2, what="the probe's next occurrence"
    )
    wait_until_still(lambda: len(user.items(status="all", limit=200)))


def next_in_series(user: UserClient, task: dict[str, Any]) -> dict[str, Any]:
    """The single pending task of ``task``'s series other than ``task``."""

    def pending_others() -> list[dict[str, Any]]:
        return [
            other
            for other in series(user, task["series_id"])
            if other["id"] != task["id"] and other["status"] == "pending"
        ]

    found: list[dict[str, Any]] = wait_until(pending_others, what="the next occurrence")
    assert len(found) == 1, found
    return found[0]


# ---------------------------------------------------------------- create and read


def test_post_answers_201_with_location_etag_and_defaults(alice: UserClient) -> None:
    answer = alice.post("/api/tasks", json={"title": "  Buy milk  "})

    assert answer.status_code == 201, answer.text
    task = answer.json()
    assert set(task) == TASK_KEYS
    assert answer.headers["location"] == f"/api/tasks/{task['id']}"
    assert answer.headers["etag"] == '"1"'
    assert answer.headers["content-type"].startswith("application/json")
    assert task["title"] == "Buy milk"
    assert task["description"] is None
    assert task["status"] == "pending"
    assert task["priority"] is None
    assert task["tags"] == []
    assert task["due"] is None
    assert task["remind_at"] is None
    assert task["recurrence"] is None
    assert task["series_id"] is None
    assert task["completed_at"] is None
    assert task["version"] == 1
    assert instant(task["created_at"]) == NOW
    assert instant(task["updated_at"]) == NOW


def test_post_keeps_every_field_given(alice: UserClient) -> None:
    answer = alice.post("/api/tasks", json={**FULL, "recurrence": "FREQ=WEEKLY;BYDAY=TH"})

    assert answer.status_code == 201, answer.text
    task = answer.json()
    for name, value in FULL.items():
        assert task[name] == value, name
    assert task["recurrence"] == "FREQ=WEEKLY;BYDAY=TH"
    assert isinstance(task["series_id"], str)
    assert task["series_id"]


def test_post_reads_a_time_without_offset_in_the_users_zone(alice: UserClient) -> None:
    task = alice.add("Dentist", due="2026-03-05T17:00", remind_at="2026-03-05T16:00:00")

    assert task["due"] == "2026-03-05T17:00:00-05:00"
    assert task["remind_at"] == "2026-03-05T16:00:00-05:00"


def test_post_shows_an_instant_in_the_users_zone(alice: UserClient) -> None:
    task = alice.add("Call", due="2026-03-05T22:00:00Z")

    assert task["due"] == "2026-03-05T17:00:00-05:00"


def test_post_normalizes_tags(alice: UserClient) -> None:
    task = alice.add("Tagged", tags=["Home", "#errands", "home"])

    assert task["tags"] == ["home", "errands"]


def test_get_one_answers_the_task_with_its_etag(alice: UserClient) -> None:
    created = alice.add(**FULL)

    answer = alice.get(f"/api/tasks/{created['id']}")

    assert answer.status_code == 200, answer.text
    assert answer.json() == created
    assert answer.headers["etag"] == '"1"'


def test_get_an_unknown_task_answers_404(alice: UserClient) -> None:
    answer = alice.get("/api/tasks/00000000-0000-0000-0000-000000000000")

    assert answer.status_code == 404, answer.text
    assert isinstance(answer.json()["detail"], str)


# ---------------------------------------------------------------- PATCH


def test_patch_changes_only_the_fields_given(alice: UserClient) -> None:
    created = alice.add(**FULL)

    answer = alice.patch(f"/api/tasks/{created['id']}", json={"priority": "low"})

    assert answer.status_code == 200, answer.text
    assert answer.json() == {**created, "priority": "low", "version": 2}
    assert answer.headers["etag"] == '"2"'
    assert get(alice, created["id"]) == answer.json()


def test_a_reminder_before_the_due_moves_with_it(alice: UserClient) -> None:
    created = alice.post(
        "/api/tasks",
        json={"title": "Dentist", "due": "2026-03-05T17:00:00", "remind_before_minutes": 60},
    ).json()
    assert (created["remind_at"], created["remind_before_minutes"]) == (
        "2026-03-05T16:00:00-05:00",
        60,
    )

    moved = alice.patch(f"/api/tasks/{created['id']}", json={"due": "2026-03-12T17:00:00"})

    assert moved.status_code == 200, moved.text
    assert (moved.json()["remind_at"], moved.json()["remind_before_minutes"]) == (
        "2026-03-12T16:00:00-04:00",
        60,
    )


def test_a_reminder_at_an_instant_replaces_a_lead(alice: UserClient) -> None:
    created = alice.post(
        "/api/tasks",
        json={"title": "Dentist", "due": "2026-03-05T17:00:00", "remind_before_minutes": 60},
    ).json()

    changed = alice.patch(
        f"/api/tasks/{created['id']}", json={"remind_at": "2026-03-05T09:30:00"}
    ).json()

    assert (changed["remind_at"], changed["remind_before_minutes"]) == (
        "2026-03-05T09:30:00-05:00",
        None,
    )


def test_a_lead_without_a_due_or_beside_an_instant_is_refused(alice: UserClient) -> None:
    without_due = alice.post("/api/tasks", json={"title": "x", "remind_before_minutes": 5})
    both = alice.post(
        "/api/tasks",
        json={
            "title": "x",
            "due": "2026-03-05",
            "remind_at": "2026-03-05T08:00:00",
            "remind_before_minutes": 5,
        },
    )
    assert without_due.status_code == both.status_code == 422
    assert without_due.json()["detail"][0]["loc"] == ["body", "remind_before_minutes"]
    assert both.json()["detail"][0]["loc"] == ["body", "remind_before_minutes"]


def test_patch_changes_several_fields_at_once(alice: UserClient) -> None:
    created = alice.add(**FULL)
    changes = {"title": "Buy fruit", "due": "2026-03-06", "tags": ["market"]}

    answer = alice.patch(f"/api/tasks/{created['id']}", json=changes)

    assert answer.status_code == 200, answer.text
    assert answer.json() == {**created, **changes, "version": 2}


@pytest.mark.parametrize(
    ("field", "cleared"),
    [
        ("description", None),
        ("due", None),
        ("priority", None),
        ("tags", []),
        ("remind_at", None),
    ],
)
def test_patch_null_clears_a_field(alice: UserClient, field: str, cleared: Any) -> None:
    created = alice.add(**FULL)

    answer = alice.patch(f"/api/tasks/{created['id']}", json={field: None})

    assert answer.status_code == 200, answer.text
    assert answer.json() == {**created, field: cleared, "version": 2}
    assert get(alice, created["id"]) == answer.json()


def test_patch_null_clears_the_recurrence(alice: UserClient) -> None:
    created = alice.add("Water plants", due="2026-03-06", recurrence="FREQ=DAILY")

    answer = alice.patch(f"/api/tasks/{created['id']}", json={"recurrence": None})

    assert answer.status_code == 200, answer.text
    task = answer.json()
    assert task["recurrence"] is None
    assert task["due"] == "2026-03-06"
    assert task["version"] == 2
    # No longer recurring: completing it starts no next occurrence.
    assert alice.post(f"/api/tasks/{created['id']}/complete").status_code == 200
    settle_recurring(alice)
    assert [t["id"] for t in series(alice, created["series_id"])] == [created["id"]]


def test_patch_cannot_null_the_title(alice: UserClient) -> None:
    created = alice.add(**FULL)

    answer = alice.patch(f"/api/tasks/{created['id']}", json={"title": None})

    assert answer.status_code == 422, answer.text
    assert [error["loc"] for error in answer.json()["detail"]] == [["body", "title"]]
    assert get(alice, created["id"]) == created


def test_patch_with_the_same_values_changes_nothing(alice: UserClient) -> None:
    created = alice.add(**FULL)

    answer = alice.patch(
        f"/api/tasks/{created['id']}", json={"title": FULL["title"], "priority": "high"}
    )

    assert answer.status_code == 200, answer.text
    assert answer.json() == created
    settle_audit(alice)
    assert [entry["event_type"] for entry in audit_of(alice, created["id"])] == ["task.created"]


def test_patch_an_unknown_task_answers_404(alice: UserClient) -> None:
    answer = alice.patch("/api/tasks/no-such-task", json={"title": "x"})

    assert answer.status_code == 404, answer.text


# ---------------------------------------------------------------- PUT


def test_put_replaces_every_field_and_clears_the_absent_ones(alice: UserClient) -> None:
    created = alice.add(**FULL, recurrence="FREQ=DAILY")

    answer = alice.put(f"/api/tasks/{created['id']}", json={"title": "Renamed", "priority": "low"})

    assert answer.status_code == 200, answer.text
    task = answer.json()
    assert task["id"] == created["id"]
    assert task["title"] == "Renamed"
    assert task["priority"] == "low"
    assert task["description"] is None
    assert task["due"] is None
    assert task["remind_at"] is None
    assert task["tags"] == []
    assert task["recurrence"] is None
    assert task["status"] == "pending"
    assert task["version"] == 2
    assert answer.headers["etag"] == '"2"'
    assert get(alice, created["id"]) == task


def test_put_with_every_field_sets_them_all(alice: UserClient) -> None:
    created = alice.add("Old")
    replacement = {
        "title": "New",
        "description": "Described",
        "due": "2026-03-09",
        "remind_at": "2026-03-08T20:00:00-04:00",
        "priority": "medium",
        "tags": ["x", "y"],
        "recurrence": "FREQ=WEEKLY",
    }

    answer = alice.put(f"/api/tasks/{created['id']}", json=replacement)

    assert answer.status_code == 200, answer.text
    task = answer.json()
    for name, value in replacement.items():
        assert task[name] == value, name
    assert task["version"] == 2
    assert isinstance(task["series_id"], str)


@pytest.mark.parametrize("body", [{}, {"description": "no title"}, {"title": None}])
def test_put_requires_a_title(alice: UserClient, body: dict[str, Any]) -> None:
    created = alice.add(**FULL)

    answer = alice.put(f"/api/tasks/{created['id']}", json=body)

    assert answer.status_code == 422, answer.text
    assert [error["loc"] for error in answer.json()["detail"]] == [["body", "title"]]
    assert get(alice, created["id"]) == created


def test_put_an_unknown_task_answers_404(alice: UserClient) -> None:
    answer = alice.put("/api/tasks/no-such-task", json={"title": "x"})

    assert answer.status_code == 404, answer.text


# ---------------------------------------------------------------- DELETE


def test_delete_answers_204_and_the_task_is_gone(alice: UserClient) -> None:
    created = alice.add(**FULL)
    kept = alice.add("Kept")

    answer = alice.delete(f"/api/tasks/{created['id']}")

    assert answer.status_code == 204, answer.text
    assert answer.content == b""
    assert alice.get(f"/api/tasks/{created['id']}").status_code == 404
    assert alice.delete(f"/api/tasks/{created['id']}").status_code == 404
    assert alice.patch(f"/api/tasks/{created['id']}", json={"title": "x"}).status_code == 404
    assert alice.post(f"/api/tasks/{created['id']}/complete").status_code == 404
    assert [task["id"] for task in alice.items(status="all")] == [kept["id"]]


# ---------------------------------------------------------------- complete and reopen


def test_complete_marks_the_task_done(alice: UserClient) -> None:
    created = alice.add(**FULL)

    answer = alice.post(f"/api/tasks/{created['id']}/complete")

    assert answer.status_code == 200, answer.text
    task = answer.json()
    assert task["status"] == "completed"
    assert task["completed_at"] is not None
    assert instant(task["completed_at"]) == NOW
    assert task["version"] == 2
    assert answer.headers["etag"] == '"2"'
    assert task == {
        **created,
        "status": "completed",
        "completed_at": task["completed_at"],
        "version": 2,
    }
    assert get(alice, created["id"]) == task


def test_completing_twice_is_a_no_op(alice: UserClient) -> None:
    created = alice.add("Once")
    first = alice.post(f"/api/tasks/{created['id']}/complete").json()

    again = alice.post(f"/api/tasks/{created['id']}/complete")

    assert again.status_code == 200, again.text
    assert again.json() == first
    assert again.json()["version"] == 2
    settle_audit(alice)
    assert [entry["event_type"] for entry in audit_of(alice, created["id"])] == [
        "task.completed",
        "task.created",
    ]


def test_reopen_marks_the_task_pending_again(alice: UserClient) -> None:
    created = alice.add(**FULL)
    assert alice.post(f"/api/tasks/{created['id']}/complete").status_code == 200

    answer = alice.post(f"/api/tasks/{created['id']}/reopen")

    assert answer.status_code == 200, answer.text
    assert answer.json() == {**created, "version": 3}
    assert answer.headers["etag"] == '"3"'
    assert get(alice, created["id"]) == answer.json()


def test_reopening_a_pending_task_is_a_no_op(alice: UserClient) -> None:
    created = alice.add("Pending")

    answer = alice.post(f"/api/tasks/{created['id']}/reopen")

    assert answer.status_code == 200, answer.text
    assert answer.json() == created


def test_version_grows_by_one_on_every_change(alice: UserClient) -> None:
    task = alice.add("Versioned")
    path = f"/api/tasks/{task['id']}"
    steps: list[Callable[[], httpx.Response]] = [
        lambda: alice.patch(path, json={"priority": "high"}),
        lambda: alice.patch(path, json={"description": "more"}),
        lambda: alice.put(path, json={"title": "Versioned again"}),
        lambda: alice.post(f"{path}/complete"),
        lambda: alice.post(f"{path}/reopen"),
        lambda: alice.patch(path, json={"tags": ["a"]}),
    ]
    versions = [task["version"]]
    for step in steps:
        answer = step()
        assert answer.status_code == 200, answer.text
        assert answer.headers["etag"] == f'"{answer.json()["version"]}"'
        versions.append(answer.json()["version"])

    assert versions == [1, 2, 3, 4, 5, 6, 7]
    assert get(alice, task["id"])["version"] == 7


# ---------------------------------------------------------------- If-Match

Operation = Callable[[UserClient, str, dict[str, str]], httpx.Response]


def _patch(user: UserClient, task_id: str, headers: dict[str, str]) -> httpx.Response:
    return user.patch(f"/api/tasks/{task_id}", json={"title": "Changed"}, headers=headers)


def _put(user: UserClient, task_id: str, headers: dict[str, str]) -> httpx.Response:
    return user.put(f"/api/tasks/{task_id}", json={"title": "Replaced"}, headers=headers)


def _delete(user: UserClient, task_id: str, headers: dict[str, str]) -> httpx.Response:
    return user.delete(f"/api/tasks/{task_id}", headers=headers)


def _complete(user: UserClient, task_id: str, headers: dict[str, str]) -> httpx.Response:
    return user.post(f"/api/tasks/{task_id}/complete", headers=headers)


def _reopen(user: UserClient, task_id: str, headers: dict[str, str]) -> httpx.Response:
    return user.post(f"/api/tasks/{task_id}/reopen", headers=headers)


OPERATIONS: dict[str, tuple[Operation, int]] = {
    "patch": (_patch, 200),
    "put": (_put, 200),
    "delete": (_delete, 204),
    "complete": (_complete, 200),
    "reopen": (_reopen, 200),
}


def task_at_version_3(user: UserClient, operation: str) -> dict[str, Any]:
    """A task moved to version 3, in a state where ``operation`` changes it."""
    task = user.add(**FULL)
    path = f"/api/tasks/{task['id']}"
    assert user.patch(path, json={"priority": "medium"}).status_code == 200
    if operation == "reopen":
        third = user.post(f"{path}/complete")
    else:
        third = user.patch(path, json={"priority": "low"})
    assert third.status_code == 200, third.text
    body: dict[str, Any] = third.json()
    assert body["version"] == 3
    return body


@pytest.mark.parametrize("operation", list(OPERATIONS))
@pytest.mark.parametrize("if_match", ['"3"', "3", 'W/"3"'])
def test_a_matching_if_match_lets_the_change_through(
    alice: UserClient, operation: str, if_match: str
) -> None:
    task = task_at_version_3(alice, operation)
    run, status = OPERATIONS[operation]

    answer = run(alice, task["id"], {"If-Match": if_match})

    assert answer.status_code == status, answer.text
    if status == 204:
        assert alice.get(f"/api/tasks/{task['id']}").status_code == 404
    else:
        assert answer.json()["version"] == 4
        assert answer.headers["etag"] == '"4"'


@pytest.mark.parametrize("operation", list(OPERATIONS))
@pytest.mark.parametrize("if_match", ['"2"', "2", 'W/"2"', '"4"'])
def test_a_stale_if_match_answers_412_and_changes_nothing(
    alice: UserClient, operation: str, if_match: str
) -> None:
    task = task_at_version_3(alice, operation)
    run, _status = OPERATIONS[operation]

    answer = run(alice, task["id"], {"If-Match": if_match})

    assert answer.status_code == 412, answer.text
    assert answer.json()["current_version"] == 3
    assert isinstance(answer.json()["detail"], str)
    assert answer.headers["etag"] == '"3"'
    assert get(alice, task["id"]) == task


@pytest.mark.parametrize("operation", list(OPERATIONS))
@pytest.mark.parametrize("if_match", ["abc", '"v3"', "3.0", "-3", 'W/"three"'])
def test_a_non_numeric_if_match_answers_422_and_changes_nothing(
    alice: UserClient, operation: str, if_match: str
) -> None:
    task = task_at_version_3(alice, operation)
    run, _status = OPERATIONS[operation]

    answer = run(alice, task["id"], {"If-Match": if_match})

    assert answer.status_code == 422, answer.text
    assert [error["loc"] for error in answer.json()["detail"]] == [["header", "if-match"]]
    assert get(alice, task["id"]) == task


def test_the_etag_of_a_read_is_a_valid_if_match(alice: UserClient) -> None:
    created = alice.add("Optimistic")
    assert alice.patch(f"/api/tasks/{created['id']}", json={"title": "Two"}).status_code == 200
    etag = alice.get(f"/api/tasks/{created['id']}").headers["etag"]

    answer = alice.patch(
        f"/api/tasks/{created['id']}", json={"title": "Three"}, headers={"If-Match": etag}
    )

    assert answer.status_code == 200, answer.text
    assert answer.json()["title"] == "Three"


def test_two_writers_with_the_same_version_one_wins(alice: UserClient) -> None:
    created = alice.add("Contended")
    path = f"/api/tasks/{created['id']}"

    first = alice.patch(path, json={"title": "First"}, headers={"If-Match": '"1"'})
    second = alice.patch(path, json={"title": "Second"}, headers={"If-Match": '"1"'})

    assert first.status_code == 200, first.text
    assert second.status_code == 412, second.text
    assert get(alice, created["id"])["title"] == "First"


# ---------------------------------------------------------------- recurring tasks


def test_completing_a_daily_task_creates_its_next_occurrence_across_dst(
    alice: UserClient,
) -> None:
    task = alice.add(
        "Take vitamins",
        description="With breakfast",
        priority="medium",
        tags=["health"],
        due="2026-03-07T09:00:00-05:00",
        remind_at="2026-03-07T08:45:00-05:00",
        recurrence="FREQ=DAILY",
    )

    done = alice.post(f"/api/tasks/{task['id']}/complete")
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "completed"

    following = next_in_series(alice, task)
    assert following["id"] != task["id"]
    assert following["due"] == "2026-03-08T09:00:00-04:00"
    assert following["remind_at"] == "2026-03-08T08:45:00-04:00"
    assert following["title"] == "Take vitamins"
    assert following["description"] == "With breakfast"
    assert following["priority"] == "medium"
    assert following["tags"] == ["health"]
    assert following["recurrence"] == "FREQ=DAILY"
    assert following["series_id"] == task["series_id"]
    assert following["status"] == "pending"
    assert following["completed_at"] is None
    assert following["version"] == 1
    settle_recurring(alice)
    assert sorted(t["id"] for t in series(alice, task["series_id"])) == sorted(
        [task["id"], following["id"]]
    )


def test_reopening_and_completing_again_creates_no_second_occurrence(alice: UserClient) -> None:
    task = alice.add("Stretch", due="2026-03-05T07:00:00-05:00", recurrence="FREQ=DAILY")
    assert alice.post(f"/api/tasks/{task['id']}/complete").status_code == 200
    following = next_in_series(alice, task)

    assert alice.post(f"/api/tasks/{task['id']}/reopen").status_code == 200
    again = alice.post(f"/api/tasks/{task['id']}/complete")
    assert again.status_code == 200, again.text
    settle_recurring(alice)

    members = series(alice, task["series_id"])
    assert sorted(t["id"] for t in members) == sorted([task["id"], following["id"]])
    assert get(alice, following["id"]) == following


def test_a_monthly_task_on_the_31st_keeps_to_the_end_of_the_month(alice: UserClient) -> None:
    march = alice.add("Pay invoice", due="2026-03-31", recurrence="FREQ=MONTHLY")

    assert alice.post(f"/api/tasks/{march['id']}/complete").status_code == 200
    april = next_in_series(alice, march)
    assert april["due"] == "2026-04-30"

    assert alice.post(f"/api/tasks/{april['id']}/complete").status_code == 200
    may = next_in_series(alice, april)
    assert may["due"] == "2026-05-31"
    assert may["series_id"] == march["series_id"]


def test_a_series_with_count_2_ends_after_the_second(alice: UserClient) -> None:
    first = alice.add("Twice", due="2026-03-05", recurrence="FREQ=DAILY;COUNT=2")

    assert alice.post(f"/api/tasks/{first['id']}/complete").status_code == 200
    second = next_in_series(alice, first)
    assert second["due"] == "2026-03-06"
    assert alice.post(f"/api/tasks/{second['id']}/complete").status_code == 200
    settle_recurring(alice)

    members = series(alice, first["series_id"])
    assert sorted(t["id"] for t in members) == sorted([first["id"], second["id"]])
    assert {t["status"] for t in members} == {"completed"}


def test_the_next_occurrence_is_audited_as_made_by_recurring(alice: UserClient) -> None:
    task = alice.add("Journal", due="2026-03-05", recurrence="FREQ=DAILY")
    assert alice.post(f"/api/tasks/{task['id']}/complete").status_code == 200
    following = next_in_series(alice, task)

    entries = wait_until(lambda: audit_of(alice, following["id"]), what="its audit entry")

    assert [(e["event_type"], e["actor"]) for e in entries] == [("task.created", "recurring")]
    assert entries[0]["data"]["actor"] == "recurring"
    assert entries[0]["data"]["task"]["id"] == following["id"]
    completion = [e for e in audit_of(alice, task["id"]) if e["event_type"] == "task.completed"]
    assert [e["actor"] for e in completion] == ["user"]
