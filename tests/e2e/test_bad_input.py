"""Input that breaks a rule answers 4xx naming the field, and changes nothing."""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support import LiveServer, UserClient

MIB = 1024 * 1024
BASE: dict[str, Any] = {
    "title": "Original",
    "description": "Untouched",
    "remind_at": "2026-03-05T16:00:00-05:00",
    "priority": "medium",
    "tags": ["keep"],
}

# (case id, body fields, the field the answer must name)
RULES: list[tuple[str, dict[str, Any], str]] = [
    ("empty title", {"title": ""}, "title"),
    ("whitespace title", {"title": " \t\n "}, "title"),
    ("title of 501", {"title": "x" * 501}, "title"),
    ("description of 10001", {"description": "d" * 10_001}, "description"),
    ("21 tags", {"tags": [f"tag{i}" for i in range(21)]}, "tags"),
    ("tag with a space", {"tags": ["two words"]}, "tags"),
    ("tag of 51", {"tags": ["t" * 51]}, "tags"),
    ("empty tag", {"tags": [""]}, "tags"),
    ("tag with punctuation", {"tags": ["a.b"]}, "tags"),
    ("priority urgent", {"priority": "urgent"}, "priority"),
    ("due 2026-02-30", {"due": "2026-02-30"}, "due"),
    ("due tomorrow", {"due": "tomorrow"}, "due"),
    ("due month 13", {"due": "2026-13-01"}, "due"),
    ("due 25 o'clock", {"due": "2026-03-05T25:00:00-05:00"}, "due"),
    ("remind_at garbage", {"remind_at": "garbage"}, "remind_at"),
    ("remind_at date only", {"remind_at": "2026-03-05x"}, "remind_at"),
    ("remind_at 2026-02-30", {"remind_at": "2026-02-30T10:00:00Z"}, "remind_at"),
    ("recurrence hourly", {"recurrence": "FREQ=HOURLY", "due": "2026-03-05"}, "recurrence"),
    ("recurrence minutely", {"recurrence": "FREQ=MINUTELY", "due": "2026-03-05"}, "recurrence"),
    ("recurrence not a rule", {"recurrence": "every day", "due": "2026-03-05"}, "recurrence"),
    ("recurrence no freq", {"recurrence": "INTERVAL=2", "due": "2026-03-05"}, "recurrence"),
    ("recurrence without due", {"recurrence": "FREQ=DAILY"}, "recurrence"),
    ("title 123", {"title": 123}, "title"),
    ("title list", {"title": ["a"]}, "title"),
    ("description number", {"description": 5}, "description"),
    ("tags string", {"tags": "a,b"}, "tags"),
    ("tags of numbers", {"tags": [1, 2]}, "tags"),
    ("priority 1", {"priority": 1}, "priority"),
    ("due number", {"due": 20260305}, "due"),
    ("recurrence object", {"recurrence": {"freq": "DAILY"}, "due": "2026-03-05"}, "recurrence"),
    ("unknown status", {"status": "completed"}, "status"),
    ("unknown owner", {"owner": "someone-else"}, "owner"),
    ("unknown id", {"id": "chosen-id"}, "id"),
    ("unknown version", {"version": 7}, "version"),
    ("unknown series_id", {"series_id": "s"}, "series_id"),
]
RULE_IDS = [case[0] for case in RULES]


def snapshot(user: UserClient) -> list[dict[str, Any]]:
    return user.items(status="all", limit=200)


def assert_names(answer: httpx.Response, field: str) -> None:
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert isinstance(detail, list)
    assert detail, answer.text
    # Every error names the field (a list's item may add its index, as FastAPI does).
    assert {tuple(error["loc"][:2]) for error in detail} == {("body", field)}, detail
    for error in detail:
        assert isinstance(error["msg"], str)
        assert error["msg"].strip()


def body_with_title(fields: dict[str, Any]) -> dict[str, Any]:
    return {"title": "Valid title", **fields}


@pytest.fixture
def task(alice: UserClient) -> dict[str, Any]:
    return alice.add(**BASE)


# ---------------------------------------------------------------- each rule, each route


@pytest.mark.parametrize(("fields", "field"), [c[1:] for c in RULES], ids=RULE_IDS)
def test_post_refuses_and_creates_nothing(
    alice: UserClient, task: dict[str, Any], fields: dict[str, Any], field: str
) -> None:
    before = snapshot(alice)

    answer = alice.post("/api/tasks", json=body_with_title(fields))

    assert_names(answer, field)
    assert snapshot(alice) == before


@pytest.mark.parametrize(("fields", "field"), [c[1:] for c in RULES], ids=RULE_IDS)
def test_patch_refuses_and_changes_nothing(
    alice: UserClient, task: dict[str, Any], fields: dict[str, Any], field: str
) -> None:
    before = snapshot(alice)

    answer = alice.patch(f"/api/tasks/{task['id']}", json=fields)

    assert_names(answer, field)
    assert alice.get(f"/api/tasks/{task['id']}").json() == task
    assert snapshot(alice) == before


@pytest.mark.parametrize(("fields", "field"), [c[1:] for c in RULES], ids=RULE_IDS)
def test_put_refuses_and_changes_nothing(
    alice: UserClient, task: dict[str, Any], fields: dict[str, Any], field: str
) -> None:
    before = snapshot(alice)

    answer = alice.put(f"/api/tasks/{task['id']}", json=body_with_title(fields))

    assert_names(answer, field)
    assert alice.get(f"/api/tasks/{task['id']}").json() == task
    assert snapshot(alice) == before


def test_clearing_the_due_of_a_recurring_task_is_refused(alice: UserClient) -> None:
    recurring = alice.add("Daily", due="2026-03-05", recurrence="FREQ=DAILY")

    answer = alice.patch(f"/api/tasks/{recurring['id']}", json={"due": None})

    assert_names(answer, "recurrence")
    assert alice.get(f"/api/tasks/{recurring['id']}").json() == recurring


def test_every_broken_rule_is_named_in_one_answer(alice: UserClient) -> None:
    before = snapshot(alice)

    answer = alice.post(
        "/api/tasks",
        json={"title": " ", "due": "tomorrow", "tags": ["no spaces"], "remind_at": "x"},
    )

    assert answer.status_code == 422, answer.text
    named = sorted(tuple(error["loc"]) for error in answer.json()["detail"])
    assert named == [("body", "due"), ("body", "remind_at"), ("body", "tags"), ("body", "title")]
    assert snapshot(alice) == before


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "x" * 500},
        {"title": "  " + "x" * 500 + "  "},
        {"description": "d" * 10_000},
        {"tags": [f"tag{i}" for i in range(20)]},
        {"tags": ["t" * 50, "under_score", "dash-ed", "Üml4ut"]},
        {"due": "2028-02-29"},
        {"recurrence": "FREQ=DAILY", "due": "2026-03-05"},
    ],
    ids=[
        "title of 500",
        "title of 500 after trimming",
        "description of 10000",
        "20 tags",
        "tags of 50 and allowed characters",
        "leap day",
        "daily recurrence",
    ],
)
def test_values_at_the_limits_are_accepted(alice: UserClient, fields: dict[str, Any]) -> None:
    answer = alice.post("/api/tasks", json=body_with_title(fields))

    assert answer.status_code == 201, answer.text


# ---------------------------------------------------------------- malformed bodies

MALFORMED: list[tuple[str, bytes]] = [
    ("broken json", b'{"title": "x",'),
    ("single quotes", b"{'title': 'x'}"),
    ("trailing garbage", b'{"title": "x"} extra'),
    ("not utf-8", b'{"title": "\xff\xfe"}'),
]
NOT_OBJECTS: list[tuple[str, bytes]] = [
    ("array", b'[{"title": "x"}]'),
    ("string", b'"x"'),
    ("number", b"42"),
    ("null", b"null"),
    ("empty", b""),
]


def send_raw(user: UserClient, method: str, path: str, content: bytes) -> httpx.Response:
    return user.request(method, path, content=content, headers={"Content-Type": "application/json"})


def routes_with_bodies(task_id: str) -> list[tuple[str, str]]:
    return [
        ("POST", "/api/tasks"),
        ("PATCH", f"/api/tasks/{task_id}"),
        ("PUT", f"/api/tasks/{task_id}"),
        ("PATCH", "/api/me"),
    ]


@pytest.mark.parametrize("content", [c[1] for c in MALFORMED], ids=[c[0] for c in MALFORMED])
def test_malformed_json_answers_422_and_changes_nothing(
    alice: UserClient, task: dict[str, Any], content: bytes
) -> None:
    before = snapshot(alice)
    profile = alice.get("/api/me").json()

    for method, path in routes_with_bodies(task["id"]):
        answer = send_raw(alice, method, path, content)
        assert answer.status_code == 422, f"{method} {path}: {answer.text}"
        detail = answer.json()["detail"]
        assert isinstance(detail, list)
        assert detail
        assert detail[0]["loc"][0] == "body"
        assert detail[0]["type"] == "json_invalid"
        assert isinstance(detail[0]["msg"], str)

    assert snapshot(alice) == before
    assert alice.get("/api/me").json() == profile


@pytest.mark.parametrize("content", [c[1] for c in NOT_OBJECTS], ids=[c[0] for c in NOT_OBJECTS])
def test_a_body_that_is_not_an_object_answers_422_and_changes_nothing(
    alice: UserClient, task: dict[str, Any], content: bytes
) -> None:
    before = snapshot(alice)
    profile = alice.get("/api/me").json()

    for method, path in routes_with_bodies(task["id"]):
        answer = send_raw(alice, method, path, content)
        assert answer.status_code == 422, f"{method} {path}: {answer.text}"
        detail = answer.json()["detail"]
        assert isinstance(detail, list)
        assert detail
        assert detail[0]["loc"][0] == "body"

    assert snapshot(alice) == before
    assert alice.get("/api/me").json() == profile


def test_a_json_array_is_refused_at_the_body_itself(
    alice: UserClient, task: dict[str, Any]
) -> None:
    answer = alice.post("/api/tasks", json=[{"title": "x"}])

    assert answer.status_code == 422, answer.text
    assert [error["loc"] for error in answer.json()["detail"]] == [["body"]]


def test_a_body_sent_as_text_plain_is_refused(alice: UserClient) -> None:
    before = snapshot(alice)

    answer = alice.post(
        "/api/tasks", content=b'{"title": "x"}', headers={"Content-Type": "text/plain"}
    )

    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"][0] == "body"
    assert snapshot(alice) == before


# ---------------------------------------------------------------- accounts

_emails = itertools.count(1)


def new_email() -> str:
    return f"bad-input{next(_emails)}-{os.getpid()}@example.com"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"timezone": "Not/AZone"}, "timezone"),
        ({"timezone": "../../etc/passwd"}, "timezone"),
        ({"timezone": 5}, "timezone"),
        ({"name": "n" * 101}, "name"),
        ({"name": 7}, "name"),
        ({"admin": True}, "admin"),
        ({"id": "chosen"}, "id"),
    ],
    ids=["unknown zone", "path as zone", "zone number", "long name", "name number", "admin", "id"],
)
def test_register_refuses_bad_fields_and_creates_no_account(
    server: LiveServer, extra: dict[str, Any], field: str
) -> None:
    email = new_email()
    with server.client() as anonymous:
        answer = anonymous.post(
            "/api/auth/register", json={"email": email, "password": "long enough", **extra}
        )
        assert_names(answer, field)
        login = anonymous.post("/api/auth/login", json={"email": email, "password": "long enough"})
    assert login.status_code == 401, login.text


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"timezone": "Not/AZone"}, "timezone"),
        ({"timezone": ""}, "timezone"),
        ({"timezone": None}, "timezone"),
        ({"timezone": 3}, "timezone"),
        ({"name": "n" * 101}, "name"),
        ({"email": "new@example.com"}, "email"),
        ({"password": "new password"}, "password"),
    ],
    ids=["unknown zone", "empty zone", "null zone", "zone number", "long name", "email", "pw"],
)
def test_patch_me_refuses_bad_fields_and_changes_nothing(
    alice: UserClient, body: dict[str, Any], field: str
) -> None:
    before = alice.get("/api/me").json()

    answer = alice.patch("/api/me", json=body)

    assert_names(answer, field)
    assert alice.get("/api/me").json() == before


# ---------------------------------------------------------------- bodies over 1 MiB


def body_of_size(size: int) -> bytes:
    """A task body of exactly ``size`` bytes (its description is far too long)."""
    empty = json.dumps({"title": "Big", "description": ""}).encode()
    body = json.dumps({"title": "Big", "description": "d" * (size - len(empty))}).encode()
    assert len(body) == size
    return body


@pytest.mark.parametrize("method", ["POST", "PATCH", "PUT"])
def test_a_body_over_1_mib_answers_413_and_changes_nothing(
    alice: UserClient, task: dict[str, Any], method: str
) -> None:
    before = snapshot(alice)
    path = "/api/tasks" if method == "POST" else f"/api/tasks/{task['id']}"

    answer = send_raw(alice, method, path, body_of_size(MIB + 1))

    assert answer.status_code == 413, answer.text
    assert snapshot(alice) == before
    assert alice.get(f"/api/tasks/{task['id']}").json() == task


def test_a_body_of_exactly_1_mib_is_read_and_judged_by_the_rules(alice: UserClient) -> None:
    before = snapshot(alice)

    answer = send_raw(alice, "POST", "/api/tasks", body_of_size(MIB))

    assert_names(answer, "description")
    assert snapshot(alice) == before


def test_a_chunked_body_over_1_mib_answers_413(alice: UserClient) -> None:
    before = snapshot(alice)
    body = body_of_size(2 * MIB)

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 64 * 1024):
            yield body[start : start + 64 * 1024]

    answer = alice.post(
        "/api/tasks", content=chunks(), headers={"Content-Type": "application/json"}
    )

    assert answer.status_code == 413, answer.text
    assert snapshot(alice) == before


def test_a_register_body_over_1_mib_answers_413(server: LiveServer) -> None:
    email = new_email()
    body = json.dumps({"email": email, "password": "p" * (MIB + 1)}).encode()
    with server.client() as anonymous:
        answer = anonymous.post(
            "/api/auth/register", content=body, headers={"Content-Type": "application/json"}
        )
        assert answer.status_code == 413, answer.text
        login = anonymous.post(
            "/api/auth/login", json={"email": email, "password": "p" * (MIB + 1)}
        )
    assert login.status_code == 413
