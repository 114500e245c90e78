"""Input that breaks a rule answers 4xx naming the field, and changes nothing."""

from __future__ import annotations

import asyncio
import base64
import http.client
import itertools
import json
import os
import socket
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import uvicorn
from fastapi import APIRouter

from tests.e2e.test_tasks_api import next_in_series, series, settle_recurring
from tests.support import NOW, LiveServer, UserClient, wait_until
from todo_chatbot.config import Settings
from todo_chatbot.http.app import create_app
from todo_chatbot.runtimes.clocks import ManualClock
from todo_chatbot.runtimes.embedded.wiring import build_embedded_runtime

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
    ("title with NUL", {"title": "a\x00b"}, "title"),
    ("description with NUL", {"description": "line\x00"}, "description"),
    ("tag with NUL", {"tags": ["a\x00"]}, "tags"),
    ("due in year 1", {"due": "0001-01-01"}, "due"),
    ("due 9999-12-31", {"due": "9999-12-31"}, "due"),
    ("due 1899-12-31", {"due": "1899-12-31"}, "due"),
    ("due 9001-01-01", {"due": "9001-01-01"}, "due"),
    ("due before year 1 in UTC", {"due": "0001-01-01T00:00:00+14:00"}, "due"),
    ("due after 9999 in UTC", {"due": "9999-12-31T23:59:59-12:00"}, "due"),
    ("due in year 1 in the user's zone", {"due": "0001-01-01T00:00:00"}, "due"),
    ("due written after 9000", {"due": "9001-01-01T01:00:00+05:00"}, "due"),
    ("remind_at in year 1", {"remind_at": "0001-01-01T00:00:00Z"}, "remind_at"),
    ("remind_at after 9999 in UTC", {"remind_at": "9999-12-31T23:59:59-12:00"}, "remind_at"),
    (
        "due in year 1 a reminder before",
        {"due": "0001-01-01", "remind_before_minutes": 600},
        "due",
    ),
    (
        "due 9999-12-31 recurring",
        {"due": "9999-12-31", "recurrence": "FREQ=DAILY"},
        "due",
    ),
    ("recurrence COUNT=0", {"recurrence": "FREQ=DAILY;COUNT=0", "due": "2026-03-05"}, "recurrence"),
    (
        "recurrence COUNT=10001",
        {"recurrence": "FREQ=DAILY;COUNT=10001", "due": "2026-03-05"},
        "recurrence",
    ),
    (
        "recurrence INTERVAL=1001",
        {"recurrence": "FREQ=DAILY;INTERVAL=1001", "due": "2026-03-05"},
        "recurrence",
    ),
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
        {"due": "1900-01-01"},
        {"due": "9000-12-31"},
        {"due": "1900-01-01T00:00:00Z", "remind_before_minutes": 527_040},
        {"due": "9000-12-31T23:59:59Z", "remind_at": "9000-12-31T23:59:59Z"},
        {"due": "9000-12-31T23:00:00-12:00", "remind_at": "1900-01-01T00:00:00+14:00"},
        {"recurrence": "FREQ=DAILY;COUNT=1", "due": "2026-03-05"},
        {"recurrence": "FREQ=DAILY;COUNT=1000", "due": "2026-03-05"},
        {"recurrence": "FREQ=DAILY;COUNT=10000", "due": "2026-03-05"},
        {"recurrence": "FREQ=DAILY;INTERVAL=1000", "due": "2026-03-05"},
        {"title": "emoji \U0001f600 in a title"},
    ],
    ids=[
        "title of 500",
        "title of 500 after trimming",
        "description of 10000",
        "20 tags",
        "tags of 50 and allowed characters",
        "leap day",
        "daily recurrence",
        "due on the first supported day",
        "due on the last supported day",
        "first supported instant, a reminder a year before",
        "last supported instant",
        "dates as written at both ends, a day beyond in UTC",
        "COUNT=1",
        "COUNT=1000",
        "COUNT=10000",
        "INTERVAL=1000",
        "a character beyond the BMP",
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


# ---------------------------------------------------------------- what is not JSON

NOT_JSON: list[tuple[str, bytes]] = [
    ("NaN", b'{"title": NaN}'),
    ("Infinity", b'{"title": "x", "remind_before_minutes": Infinity}'),
    ("-Infinity", b'{"title": "x", "remind_before_minutes": -Infinity}'),
    ("a number too large for a double", b'{"title": "x", "remind_before_minutes": 1e999}'),
    ("a lone high surrogate", b'{"title": "\\ud800"}'),
    ("a lone low surrogate", b'{"title": "x\\udc00y"}'),
    ("a surrogate in a tag", b'{"title": "x", "tags": ["\\udfff"]}'),
    ("NaN in an unknown field", b'{"title": "x", "extra": NaN}'),
]


def all_routes_with_bodies(task_id: str) -> list[tuple[str, str]]:
    return [
        *routes_with_bodies(task_id),
        ("POST", "/api/chat"),
        ("POST", "/api/notifications/no-such-notification/snooze"),
    ]


@pytest.mark.parametrize("content", [c[1] for c in NOT_JSON], ids=[c[0] for c in NOT_JSON])
def test_what_is_not_strict_json_answers_422_and_changes_nothing(
    alice: UserClient, task: dict[str, Any], content: bytes
) -> None:
    before = snapshot(alice)
    profile = alice.get("/api/me").json()

    for method, path in all_routes_with_bodies(task["id"]):
        answer = send_raw(alice, method, path, content)
        assert answer.status_code == 422, f"{method} {path}: {answer.text}"
        assert answer.headers["content-type"] == "application/json"
        [error] = answer.json()["detail"]
        assert error["type"] == "json_invalid"
        assert error["loc"][0] == "body"

    assert snapshot(alice) == before
    assert alice.get("/api/me").json() == profile
    assert alice.get("/api/conversations").json()["items"] == []


@pytest.mark.parametrize(
    "content",
    [
        b'{"email": NaN, "password": "long enough"}',
        b'{"email": "a@example.com", "password": -Infinity}',
        b'{"email": "\\ud800@example.com", "password": "long enough"}',
        b'{"email": "a@example.com", "password": "\\udc00\\udc00\\udc00\\udc00\\udc00"}',
    ],
    ids=["NaN email", "-Infinity password", "surrogate in email", "surrogates in password"],
)
@pytest.mark.parametrize("path", ["/api/auth/register", "/api/auth/login"])
def test_the_sign_in_routes_refuse_what_is_not_json_with_422(
    server: LiveServer, path: str, content: bytes
) -> None:
    with server.client() as anonymous:
        answer = anonymous.post(path, content=content, headers={"Content-Type": "application/json"})

    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["type"] == "json_invalid"


def test_a_surrogate_pair_is_one_character_and_is_kept(alice: UserClient) -> None:
    created = send_raw(alice, "POST", "/api/tasks", b'{"title": "smile \\ud83d\\ude00"}')

    assert created.status_code == 201, created.text
    assert alice.get(f"/api/tasks/{created.json()['id']}").json()["title"] == "smile \U0001f600"


def test_an_email_holding_nul_is_refused(server: LiveServer) -> None:
    email = new_email().replace("@", "\x00@")
    with server.client() as anonymous:
        answer = anonymous.post(
            "/api/auth/register", json={"email": email, "password": "a long passphrase"}
        )

    assert_names(answer, "email")


# ---------------------------------------------------------------- dates at the ends of time


@pytest.mark.parametrize(
    "query",
    [
        {"due_from": "0001-01-01"},
        {"due_to": "9999-12-31"},
        {"due_from": "1899-12-31"},
        {"due_to": "9001-01-01", "sort": "due"},
        {"due_to": "0001-01-01", "overdue": "true"},
    ],
    ids=["from year 1", "to 9999", "from 1899", "to 9001 sorted by due", "to year 1 overdue"],
)
def test_a_list_filter_outside_the_supported_dates_answers_422(
    alice: UserClient, query: dict[str, str]
) -> None:
    answer = alice.get("/api/tasks", params=query)

    assert answer.status_code == 422, answer.text
    [error] = answer.json()["detail"]
    assert error["loc"][0] == "query"
    assert error["loc"][1] in query
    assert "1900-01-01 to 9000-12-31" in error["msg"]


def test_the_supported_dates_filter_from_end_to_end(alice: UserClient) -> None:
    first = alice.add("First day", due="1900-01-01")
    last = alice.add("Last day", due="9000-12-31")

    listed = alice.items(due_from="1900-01-01", due_to="9000-12-31", sort="due", limit=200)

    ids = [item["id"] for item in listed]
    assert ids[0] == first["id"]
    assert ids[-1] == last["id"]


def test_a_daily_series_ends_on_the_last_supported_day(alice: UserClient) -> None:

    eve = alice.add("Last days", due="9000-12-30", recurrence="FREQ=DAILY")
    assert alice.post(f"/api/tasks/{eve['id']}/complete").status_code == 200
    last = next_in_series(alice, eve)
    assert last["due"] == "9000-12-31"

    completed = alice.post(f"/api/tasks/{last['id']}/complete")
    assert completed.status_code == 200, completed.text
    settle_recurring(alice)

    members = series(alice, eve["series_id"])
    assert sorted(t["id"] for t in members) == sorted([eve["id"], last["id"]])
    assert {t["status"] for t in members} == {"completed"}


def test_the_snooze_time_outside_the_supported_dates_answers_422(alice: UserClient) -> None:
    answer = alice.post(
        "/api/notifications/no-such-notification/snooze",
        json={"until": "9999-12-31T23:59:59-12:00"},
    )

    assert_names(answer, "until")


# ---------------------------------------------------------------- tampered cursors


def cursor_of(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


TAMPERED_CURSORS: list[tuple[str, dict[str, str]]] = [
    ("pk of 2^63", {"cursor": cursor_of(["created", True, 1, None, 2**63])}),
    ("pk of 2^64", {"cursor": cursor_of(["created", True, 1, None, 2**64])}),
    ("pk below -2^63", {"cursor": cursor_of(["created", True, 1, None, -(2**63) - 1])}),
    ("due of 2^63", {"sort": "due", "cursor": cursor_of(["due", False, 1, 2**63, 1])}),
    ("due of 10^30", {"sort": "due", "cursor": cursor_of(["due", False, 1, 10**30, 1])}),
    ("pk a string", {"cursor": cursor_of(["created", True, 1, None, "1"])}),
    ("pk a float", {"cursor": cursor_of(["created", True, 1, None, 1.5])}),
    ("pk true", {"cursor": cursor_of(["created", True, 1, None, True])}),
    ("value a list", {"sort": "title", "cursor": cursor_of(["title", False, 1, [1], 1])}),
    ("an object", {"cursor": cursor_of({"pk": 1})}),
    ("too few parts", {"cursor": cursor_of(["created", True, 1])}),
    ("not base64", {"cursor": "%%%%"}),
    ("base64 of garbage", {"cursor": base64.urlsafe_b64encode(b"\xff\xfe\x00").decode()}),
    ("NUL", {"cursor": "\x00"}),
]


@pytest.mark.parametrize(
    "params", [c[1] for c in TAMPERED_CURSORS], ids=[c[0] for c in TAMPERED_CURSORS]
)
def test_a_tampered_task_cursor_answers_422(alice: UserClient, params: dict[str, str]) -> None:
    alice.add("Something to list")

    answer = alice.get("/api/tasks", params=params)

    assert_names_in(answer, "query", "cursor")


@pytest.mark.parametrize(
    ("path", "cursor"),
    [
        ("/api/audit", str(2**63)),
        ("/api/audit", "99999999999999999999999"),
        ("/api/audit", "9" * 5000),
        ("/api/audit", "-1"),
        ("/api/audit", "\x00"),
        ("/api/notifications", "99999999999999999999.x"),
        ("/api/notifications", "1.\x00"),
        ("/api/notifications", "garbage"),
    ],
    ids=[
        "audit 2^63",
        "audit huge",
        "audit 5000 digits",
        "audit negative",
        "audit NUL",
        "notif huge",
        "notif NUL",
        "g",
    ],
)
def test_a_tampered_audit_or_notification_cursor_answers_4xx(
    alice: UserClient, path: str, cursor: str
) -> None:
    answer = alice.get(path, params={"cursor": cursor})

    assert answer.status_code in (200, 422), answer.text
    assert answer.headers["content-type"] == "application/json"
    if answer.status_code == 422:
        assert answer.json()["detail"][0]["loc"] == ["query", "cursor"]


def assert_names_in(answer: httpx.Response, location: str, field: str) -> None:
    assert answer.status_code == 422, answer.text
    assert [tuple(e["loc"]) for e in answer.json()["detail"]] == [(location, field)]


# ---------------------------------------------------------------- RRULE limits


@pytest.mark.parametrize(
    ("rule", "accepted"),
    [
        ("FREQ=DAILY;COUNT=0", False),
        ("FREQ=DAILY;COUNT=1", True),
        ("FREQ=DAILY;COUNT=999", True),
        ("FREQ=DAILY;COUNT=1000", True),
        ("FREQ=DAILY;COUNT=10000", True),
        ("FREQ=DAILY;COUNT=10001", False),
        ("FREQ=DAILY;COUNT=+5", False),
        ("FREQ=DAILY;INTERVAL=0", False),
        ("FREQ=DAILY;INTERVAL=1", True),
        ("FREQ=DAILY;INTERVAL=1000", True),
        ("FREQ=DAILY;INTERVAL=1001", False),
    ],
)
def test_rrule_limits_and_their_messages_agree(
    alice: UserClient, rule: str, accepted: bool
) -> None:
    answer = alice.post(
        "/api/tasks", json={"title": "Rule", "due": "2026-03-05", "recurrence": rule}
    )

    if accepted:
        assert answer.status_code == 201, answer.text
        return
    assert_names(answer, "recurrence")
    name = rule.split(";")[1].split("=")[0]
    limit = {"COUNT": 10_000, "INTERVAL": 1_000}[name]
    assert answer.json()["detail"][0]["msg"] == f"{name} must be a whole number from 1 to {limit}"


# ---------------------------------------------------------------- an unexpected fault


class Fault(Exception):
    """What no handler knows: it stands for any bug."""


def faulty_router() -> APIRouter:
    router = APIRouter()

    @router.get("/test/fault")
    async def fault() -> None:
        raise Fault("a bug no handler knows")

    return router


@pytest.fixture(scope="module")
def faulty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The embedded runtime's app with one extra route that raises (the same
    middleware serves every runtime's app: it is in ``service_app``)."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("faulty"))
    runtime = asyncio.run(build_embedded_runtime(settings, ManualClock(NOW)))
    app = create_app(runtime, extra_routers=[faulty_router()])
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    wait_until(lambda: server.started, what="the server to start")
    yield url
    server.should_exit = True
    thread.join(timeout=15)


def test_an_unhandled_error_answers_json_500_and_keeps_the_connection(
    faulty_server: str, capfd: pytest.CaptureFixture[str]
) -> None:
    address = urlsplit(faulty_server)
    connection = http.client.HTTPConnection(address.hostname or "", address.port)

    connection.request("GET", "/test/fault")
    failed = connection.getresponse()
    body = json.loads(failed.read())
    socket_used = connection.sock

    assert failed.status == 500
    assert failed.getheader("content-type") == "application/json"
    assert set(body) == {"detail", "error_id"}
    assert body["error_id"] in body["detail"]
    assert not failed.will_close
    connection.request("GET", "/healthz")
    healthy = connection.getresponse()
    assert (healthy.status, json.loads(healthy.read())) == (200, {"status": "ok"})
    assert connection.sock is socket_used
    connection.close()
    logged = capfd.readouterr()
    lines = (logged.out + logged.err).splitlines()
    assert len([line for line in lines if body["error_id"] in line]) == 1
    assert "Traceback" not in logged.out + logged.err


def test_an_unhandled_error_leaves_the_same_httpx_client_usable(faulty_server: str) -> None:
    with httpx.Client(base_url=faulty_server) as client:
        failed = client.get("/test/fault")
        assert failed.status_code == 500
        assert failed.json()["error_id"]

        assert client.get("/healthz").status_code == 200


# ---------------------------------------------------------------- what the fuzz found


def test_a_due_in_local_mean_time_reads_back_as_written(server: LiveServer) -> None:
    # São Paulo kept its local mean time (-03:06:28) until 1914.
    with server.register(timezone="America/Sao_Paulo") as paulista:
        created = paulista.add("Old times", due="1900-01-01T09:00:00")
        assert created["due"] == "1900-01-01T09:00:00-03:06:28"

        again = paulista.patch(f"/api/tasks/{created['id']}", json={"due": created["due"]})

        assert again.status_code == 200, again.text
        assert again.json()["due"] == created["due"]


@pytest.mark.parametrize(
    "if_match", ["9" * 19, "999999999999999999999999999999", "²", '"¹"'], ids=str
)
def test_an_if_match_beyond_a_64_bit_version_answers_422(
    alice: UserClient, task: dict[str, Any], if_match: str
) -> None:
    answer = alice.post(
        f"/api/tasks/{task['id']}/complete", headers={b"If-Match": if_match.encode("latin-1")}
    )

    assert_names_in(answer, "header", "if-match")
    assert alice.get(f"/api/tasks/{task['id']}").json() == task


def test_a_method_the_path_does_not_serve_names_every_method_it_does(alice: UserClient) -> None:
    answer = alice.request("OPTIONS", "/api/me")

    assert answer.status_code == 405
    assert set(answer.headers["allow"].split(", ")) == {"DELETE", "GET", "PATCH"}


@pytest.mark.parametrize("path", ["/api/tasks", "/api/audit", "/api/notifications"])
def test_a_limit_of_5000_digits_answers_422(alice: UserClient, path: str) -> None:
    answer = alice.get(path, params={"limit": "9" * 5000})

    assert_names_in(answer, "query", "limit")
