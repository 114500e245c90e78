"""Accounts over real HTTP: register, log in, the profile, password strength, and who
may call what."""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest

from tests.support import NOW, LiveServer, UserClient, running_server
from todo_chatbot.runtimes.clocks import ManualClock

PASSWORD = "correct horse"
_emails = itertools.count(1)


def new_email(prefix: str = "acct") -> str:
    return f"{prefix}{next(_emails)}-{os.getpid()}@example.com"


def register(server: LiveServer, **body: Any) -> httpx.Response:
    with server.client() as anonymous:
        return anonymous.post("/api/auth/register", json=body)


def login(server: LiveServer, email: str, password: str) -> httpx.Response:
    with server.client() as anonymous:
        return anonymous.post("/api/auth/login", json={"email": email, "password": password})


def me(server: LiveServer, token: str) -> httpx.Response:
    with server.client(token) as client:
        return client.get("/api/me")


# ---------------------------------------------------------------- register


def test_register_answers_201_with_a_bearer_token_and_the_user(server: LiveServer) -> None:
    email = new_email()

    answer = register(
        server, email=email, password=PASSWORD, name="Alice", timezone="America/New_York"
    )

    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert set(body) == {"access_token", "token_type", "user"}
    assert body["token_type"] == "bearer"
    assert isinstance(body["access_token"], str)
    assert body["access_token"]
    user = body["user"]
    assert set(user) == {"id", "email", "name", "timezone"}
    assert user["email"] == email
    assert user["name"] == "Alice"
    assert user["timezone"] == "America/New_York"
    assert isinstance(user["id"], str)
    assert user["id"]


def test_the_token_from_register_works_on_api_me(server: LiveServer) -> None:
    email = new_email()
    body = register(server, email=email, password=PASSWORD, name="Alice").json()

    answer = me(server, body["access_token"])

    assert answer.status_code == 200, answer.text
    assert answer.json() == body["user"]


def test_register_answers_409_for_a_taken_email(server: LiveServer) -> None:
    email = new_email()
    first = register(server, email=email, password=PASSWORD, name="First")
    assert first.status_code == 201, first.text

    second = register(server, email=email, password="another password", name="Second")

    assert second.status_code == 409, second.text
    assert isinstance(second.json()["detail"], str)
    # The first account is untouched: its password still works, its name is unchanged.
    again = login(server, email, PASSWORD)
    assert again.status_code == 200, again.text
    assert again.json()["user"] == first.json()["user"]
    assert login(server, email, "another password").status_code == 401


def test_emails_are_case_insensitive(server: LiveServer) -> None:
    email = new_email("MixedCase")
    first = register(server, email=email.upper(), password=PASSWORD)
    assert first.status_code == 201, first.text
    assert first.json()["user"]["email"] == email.lower()

    taken = register(server, email=email.lower(), password=PASSWORD)
    assert taken.status_code == 409, taken.text

    signed_in = login(server, email.swapcase(), PASSWORD)
    assert signed_in.status_code == 200, signed_in.text
    assert signed_in.json()["user"]["id"] == first.json()["user"]["id"]


def test_the_default_timezone_is_utc(server: LiveServer) -> None:
    answer = register(server, email=new_email(), password=PASSWORD)

    assert answer.status_code == 201, answer.text
    assert answer.json()["user"]["timezone"] == "UTC"
    assert answer.json()["user"]["name"] is None
    assert me(server, answer.json()["access_token"]).json()["timezone"] == "UTC"


def test_register_refuses_an_unknown_timezone_and_creates_no_account(server: LiveServer) -> None:
    email = new_email()

    answer = register(server, email=email, password=PASSWORD, timezone="Mars/Olympus_Mons")

    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert [error["loc"] for error in detail] == [["body", "timezone"]]
    assert "Mars/Olympus_Mons" in detail[0]["msg"]
    # Nothing was created: the email is still free.
    assert register(server, email=email, password=PASSWORD).status_code == 201


@pytest.mark.parametrize("password", ["", "short", "7 chars"])
def test_register_refuses_a_short_password_and_creates_no_account(
    server: LiveServer, password: str
) -> None:
    email = new_email()

    answer = register(server, email=email, password=password)

    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert [error["loc"] for error in detail] == [["body", "password"]]
    assert isinstance(detail[0]["msg"], str)
    assert detail[0]["msg"]
    assert login(server, email, password).status_code == 401
    assert register(server, email=email, password=PASSWORD).status_code == 201


def test_a_password_of_eight_characters_is_enough(server: LiveServer) -> None:
    email = new_email()

    answer = register(server, email=email, password="58204716")

    assert answer.status_code == 201, answer.text
    assert login(server, email, "58204716").status_code == 200


@pytest.mark.parametrize("email", ["", "not-an-email", "two@@example.com", "a b@example.com"])
def test_register_refuses_a_malformed_email(server: LiveServer, email: str) -> None:
    answer = register(server, email=email, password=PASSWORD)

    assert answer.status_code == 422, answer.text
    assert [error["loc"] for error in answer.json()["detail"]] == [["body", "email"]]


# ---------------------------------------------------------------- log in


def test_login_answers_200_with_a_working_token(server: LiveServer) -> None:
    email = new_email()
    registered = register(server, email=email, password=PASSWORD, name="Alice").json()

    answer = login(server, email, PASSWORD)

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == {"access_token", "token_type", "user"}
    assert body["token_type"] == "bearer"
    assert body["user"] == registered["user"]
    assert me(server, body["access_token"]).json() == registered["user"]


def test_login_gives_the_same_401_for_a_wrong_password_and_an_unknown_email(
    server: LiveServer,
) -> None:
    email = new_email()
    assert register(server, email=email, password=PASSWORD).status_code == 201

    wrong_password = login(server, email, "incorrect horse")
    unknown_email = login(server, new_email("nobody"), PASSWORD)

    assert wrong_password.status_code == 401, wrong_password.text
    assert unknown_email.status_code == 401, unknown_email.text
    assert wrong_password.json() == unknown_email.json()
    assert set(wrong_password.json()) == {"detail"}
    assert wrong_password.headers.get("www-authenticate") == unknown_email.headers.get(
        "www-authenticate"
    )
    assert "access_token" not in wrong_password.text


# ---------------------------------------------------------------- the profile


def test_api_me_shows_the_signed_in_user(alice: UserClient) -> None:
    answer = alice.get("/api/me")

    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "id": alice.user["id"],
        "email": alice.email,
        "name": None,
        "timezone": "America/New_York",
    }


def test_patch_me_changes_the_name_only(alice: UserClient) -> None:
    answer = alice.patch("/api/me", json={"name": "Alice Liddell"})

    assert answer.status_code == 200, answer.text
    expected = {
        "id": alice.user["id"],
        "email": alice.email,
        "name": "Alice Liddell",
        "timezone": "America/New_York",
    }
    assert answer.json() == expected
    assert alice.get("/api/me").json() == expected


def test_patch_me_with_a_null_name_clears_it(alice: UserClient) -> None:
    assert alice.patch("/api/me", json={"name": "Alice"}).status_code == 200

    answer = alice.patch("/api/me", json={"name": None})

    assert answer.status_code == 200, answer.text
    assert answer.json()["name"] is None
    assert alice.get("/api/me").json()["name"] is None


def test_patch_me_changes_the_timezone_only(alice: UserClient) -> None:
    assert alice.patch("/api/me", json={"name": "Alice"}).status_code == 200

    answer = alice.patch("/api/me", json={"timezone": "Europe/Paris"})

    assert answer.status_code == 200, answer.text
    assert answer.json()["timezone"] == "Europe/Paris"
    assert answer.json()["name"] == "Alice"
    assert alice.get("/api/me").json()["timezone"] == "Europe/Paris"


def test_patch_me_refuses_an_unknown_timezone_and_keeps_the_old_one(alice: UserClient) -> None:
    before = alice.get("/api/me").json()

    answer = alice.patch("/api/me", json={"timezone": "Europe/Atlantis", "name": "Alice"})

    assert answer.status_code == 422, answer.text
    assert [error["loc"] for error in answer.json()["detail"]] == [["body", "timezone"]]
    assert alice.get("/api/me").json() == before


def test_patch_me_refuses_unknown_fields(alice: UserClient) -> None:
    before = alice.get("/api/me").json()

    answer = alice.patch("/api/me", json={"email": "someone-else@example.com"})

    assert answer.status_code == 422, answer.text
    assert [error["loc"] for error in answer.json()["detail"]] == [["body", "email"]]
    assert alice.get("/api/me").json() == before


def test_after_a_zone_change_tasks_are_shown_in_the_new_zone(alice: UserClient) -> None:
    timed = alice.add(
        "Call the bank", due="2026-03-05T17:00:00-05:00", remind_at="2026-03-05T16:30:00-05:00"
    )
    all_day = alice.add("Pay rent", due="2026-03-05")

    answer = alice.patch("/api/me", json={"timezone": "Europe/Paris"})
    assert answer.status_code == 200, answer.text

    moved = alice.get(f"/api/tasks/{timed['id']}").json()
    assert moved["due"] == "2026-03-05T23:00:00+01:00"
    assert moved["remind_at"] == "2026-03-05T22:30:00+01:00"
    assert moved["version"] == timed["version"]
    same_day = alice.get(f"/api/tasks/{all_day['id']}").json()
    assert same_day["due"] == "2026-03-05"
    listed = {task["id"]: task["due"] for task in alice.items()}
    assert listed == {timed["id"]: "2026-03-05T23:00:00+01:00", all_day["id"]: "2026-03-05"}


def test_after_a_zone_change_times_without_offset_are_read_in_the_new_zone(
    alice: UserClient,
) -> None:
    assert alice.patch("/api/me", json={"timezone": "Asia/Tokyo"}).status_code == 200

    task = alice.add("Standup", due="2026-03-05T09:00")

    assert task["due"] == "2026-03-05T09:00:00+09:00"


# ---------------------------------------------------------------- who may call what

EXPECTED_PROTECTED = {
    ("GET", "/api/me"),
    ("PATCH", "/api/me"),
    ("GET", "/api/tasks"),
    ("POST", "/api/tasks"),
    ("GET", "/api/tasks/{task_id}"),
    ("PATCH", "/api/tasks/{task_id}"),
    ("PUT", "/api/tasks/{task_id}"),
    ("DELETE", "/api/tasks/{task_id}"),
    ("POST", "/api/tasks/{task_id}/complete"),
    ("POST", "/api/tasks/{task_id}/reopen"),
    ("GET", "/api/audit"),
}
PUBLIC = {("POST", "/api/auth/register"), ("POST", "/api/auth/login")}
_PARAMETER = re.compile(r"\{[^}]+\}")


def protected_routes(server: LiveServer) -> list[tuple[str, str]]:
    """Every /api route the OpenAPI document lists, except register and login."""
    with server.client() as anonymous:
        spec = anonymous.get("/openapi.json").json()
    routes = {
        (method.upper(), path)
        for path, operations in spec["paths"].items()
        if path.startswith("/api/")
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    }
    assert routes >= EXPECTED_PROTECTED, sorted(EXPECTED_PROTECTED - routes)
    return sorted(routes - PUBLIC)


def body_for(method: str, path: str) -> dict[str, Any] | None:
    """A well-formed body, so that only the credentials can be at fault."""
    if method not in {"POST", "PUT", "PATCH"}:
        return None
    if path == "/api/me":
        return {"name": "Mallory"}
    if path in {"/api/tasks", "/api/tasks/{task_id}"}:
        return {"title": "Hijacked"}
    return {}


def assert_every_route_refuses(server: LiveServer, headers: dict[str, str], task_id: str) -> None:
    refused: list[str] = []
    with httpx.Client(base_url=server.url, headers=headers, timeout=10) as client:
        for method, template in protected_routes(server):
            path = _PARAMETER.sub(task_id, template)
            answer = client.request(method, path, json=body_for(method, template))
            ok = (
                answer.status_code == 401
                and isinstance(answer.json().get("detail"), str)
                and answer.headers.get("www-authenticate", "").lower().startswith("bearer")
            )
            if not ok:
                refused.append(f"{method} {template}: {answer.status_code} {answer.text[:200]}")
    assert refused == [], "\n".join(refused)


def token_signed_by_another_key(user_id: str) -> str:
    claims = {
        "sub": user_id,
        "iat": int(NOW.timestamp()),
        "exp": int((NOW + timedelta(days=1)).timestamp()),
    }
    return jwt.encode(claims, "another-key-" + "k" * 64, algorithm="HS256")


def unsigned_token(user_id: str) -> str:
    claims = {
        "sub": user_id,
        "iat": int(NOW.timestamp()),
        "exp": int((NOW + timedelta(days=1)).timestamp()),
    }
    # An empty key is how PyJWT takes "no key" for alg=none (and what its types accept).
    return jwt.encode(claims, "", algorithm="none")


def tampered_token(token: str, other_user_id: str) -> str:
    """The user's real token with its payload swapped for another subject's."""
    header, _payload, signature = token.split(".")
    forged = jwt.encode({"sub": other_user_id, "exp": 4102444800, "iat": 0}, "x" * 64)
    return ".".join([header, forged.split(".")[1], signature])


CREDENTIALS = [
    "no header",
    "bearer without token",
    "garbage token",
    "another key",
    "unsigned token",
    "tampered payload",
    "basic scheme",
]


def headers_for(kind: str, victim: UserClient, other: UserClient) -> dict[str, str]:
    user_id = victim.user["id"]
    match kind:
        case "no header":
            return {}
        case "bearer without token":
            return {"Authorization": "Bearer"}
        case "garbage token":
            return {"Authorization": "Bearer not-a-token"}
        case "another key":
            return {"Authorization": f"Bearer {token_signed_by_another_key(user_id)}"}
        case "unsigned token":
            return {"Authorization": f"Bearer {unsigned_token(user_id)}"}
        case "tampered payload":
            return {"Authorization": f"Bearer {tampered_token(other.token, user_id)}"}
        case "basic scheme":
            return {"Authorization": f"Basic {victim.token}"}
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", CREDENTIALS)
def test_every_api_route_answers_401_without_valid_credentials(
    server: LiveServer, alice: UserClient, bob: UserClient, kind: str
) -> None:
    task = alice.add("Private", description="mine", priority="high")
    profile = alice.get("/api/me").json()

    assert_every_route_refuses(server, headers_for(kind, alice, bob), task["id"])

    assert alice.get(f"/api/tasks/{task['id']}").json() == task
    assert alice.get("/api/me").json() == profile
    assert [t["id"] for t in alice.items(status="all")] == [task["id"]]


@pytest.fixture
def own_clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
def own_server(tmp_path: Path, own_clock: ManualClock) -> Iterator[LiveServer]:
    with running_server(tmp_path / "data", own_clock) as live:
        yield live


def test_a_token_expires_after_token_ttl_seconds(
    own_server: LiveServer, own_clock: ManualClock
) -> None:
    ttl = own_server.runtime.settings.token_ttl_seconds
    assert ttl == 7 * 24 * 3600
    email = new_email("expiry")
    token = register(own_server, email=email, password=PASSWORD).json()["access_token"]
    with own_server.client(token) as client:
        task = client.post("/api/tasks", json={"title": "Before expiry"}).json()

    own_clock.advance(timedelta(seconds=ttl - 1))
    assert me(own_server, token).status_code == 200

    own_clock.advance(timedelta(seconds=2))
    expired = me(own_server, token)
    assert expired.status_code == 401, expired.text
    assert_every_route_refuses(own_server, {"Authorization": f"Bearer {token}"}, task["id"])

    fresh = login(own_server, email, PASSWORD)
    assert fresh.status_code == 200, fresh.text
    with own_server.client(fresh.json()["access_token"]) as client:
        assert client.get("/api/me").status_code == 200
        assert client.get(f"/api/tasks/{task['id']}").json() == task


# ---------------------------------------------------------------- password strength


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password", "is one of the most common passwords; choose a less guessable one"),
        ("Password", "is one of the most common passwords; choose a less guessable one"),
        ("qwertyuiop", "is one of the most common passwords; choose a less guessable one"),
        ("aaaaaaaa", "must not be one character repeated"),
        (" " * 8, "must not be only spaces"),
        ("\t \n \t \n ", "must not be only spaces"),
    ],
)
def test_register_refuses_a_weak_password_with_a_clear_message(
    server: LiveServer, password: str, message: str
) -> None:
    email = new_email()

    answer = register(server, email=email, password=password)

    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert [(error["loc"], error["msg"]) for error in detail] == [(["body", "password"], message)]
    assert login(server, email, password).status_code == 401


def test_a_long_passphrase_is_welcome(server: LiveServer) -> None:
    email = new_email()
    passphrase = "the quick brown fox jumps over the lazy dog " * 23

    assert len(passphrase) <= 1024
    assert register(server, email=email, password=passphrase).status_code == 201
    assert login(server, email, passphrase).status_code == 200


@pytest.mark.parametrize("email", ["nul\x00byte@example.com", "bell\x07@example.com"])
def test_register_and_login_refuse_an_email_with_control_characters(
    server: LiveServer, email: str
) -> None:
    registered = register(server, email=email, password=PASSWORD)
    signed_in = login(server, email, PASSWORD)

    for answer in (registered, signed_in):
        assert answer.status_code == 422, answer.text
        assert [error["loc"] for error in answer.json()["detail"]] == [["body", "email"]]


# ---------------------------------------------------------------- the OpenAPI document


def test_openapi_lists_the_account_routes_and_their_error_statuses(server: LiveServer) -> None:
    with server.client() as anonymous:
        paths = anonymous.get("/openapi.json").json()["paths"]

    expected = {
        ("/api/auth/register", "post"): {"201", "409", "422", "429"},
        ("/api/auth/login", "post"): {"200", "401", "422", "429"},
        ("/api/auth/logout", "post"): {"204", "401"},
        ("/api/me", "get"): {"200", "401"},
        ("/api/me", "patch"): {"200", "401", "422"},
        ("/api/me", "delete"): {"204", "401", "422", "429"},
        ("/api/me/password", "post"): {"200", "401", "422", "429"},
    }
    for (path, method), statuses in expected.items():
        assert statuses <= set(paths[path][method]["responses"]), (path, method)
    assert "Retry-After" in paths["/api/auth/login"]["post"]["responses"]["429"]["headers"]
    assert paths["/api/auth/logout"]["post"]["security"] == [{"bearer": []}]
