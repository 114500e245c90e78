"""The limits on sign-in and registration attempts over real HTTP: per account (email)
and per client address, answered 429 with Retry-After in the contract's error shape,
lifted when the window ends; an unknown email counts like a known one; the limit
holds across worker processes; the client's address is the peer's unless it is a
trusted proxy.

Each test poses as a client address of its own (X-Forwarded-For, which the servers
take from 127.0.0.1, a trusted proxy by default), so that the counts of one test do
not reach another.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from tests.support import (
    NOW,
    ApiServer,
    DistributedServer,
    LiveServer,
    running_server,
    start_process,
)
from todo_chatbot.config import Settings

PASSWORD = "correct horse"
DEFAULTS = Settings()
_addresses = itertools.count(1)
_emails = itertools.count(1)


def new_address() -> str:
    number = next(_addresses) + 256 * (os.getpid() % 200)
    return f"203.0.{number // 256 % 256}.{number % 256}"


def new_email() -> str:
    return f"limits{next(_emails)}-{os.getpid()}@example.com"


def post(url: str, path: str, body: dict[str, str], address: str) -> httpx.Response:
    return httpx.post(f"{url}{path}", json=body, headers={"X-Forwarded-For": address}, timeout=10)


def login(url: str, email: str, password: str, address: str) -> httpx.Response:
    return post(url, "/api/auth/login", {"email": email, "password": password}, address)


def register(url: str, email: str, address: str) -> httpx.Response:
    return post(url, "/api/auth/register", {"email": email, "password": PASSWORD}, address)


def assert_too_many(answer: httpx.Response, window: int) -> None:
    assert answer.status_code == 429, answer.text
    assert set(answer.json()) == {"detail"}
    assert isinstance(answer.json()["detail"], str)
    retry_after = answer.headers["retry-after"]
    assert retry_after.isdigit()
    assert 1 <= int(retry_after) <= window


@pytest.fixture
def moved_clock(server: ApiServer) -> Iterator[None]:
    """The test may move the server's clock; it stands at NOW again afterwards."""
    yield
    if isinstance(server, DistributedServer):
        server.set_time(NOW)
    elif isinstance(server, LiveServer) and server.clock is not None:
        server.clock.set(NOW)


def move_clock_past_the_window(server: ApiServer) -> None:
    later = NOW + timedelta(seconds=DEFAULTS.attempt_window_seconds)
    if isinstance(server, DistributedServer):
        server.set_time(later)
    else:
        assert isinstance(server, LiveServer)
        assert server.clock is not None
        server.clock.set(later)


def test_failed_sign_ins_on_one_account_are_limited_then_the_window_ends(
    server: ApiServer, moved_clock: None
) -> None:
    email = new_email()
    address = new_address()
    assert register(server.url, email, address).status_code == 201
    limit = DEFAULTS.failed_logins_per_account

    failures = [
        login(server.url, email, "wrong password", new_address()).status_code for _ in range(limit)
    ]
    refused = login(server.url, email, "wrong password", new_address())
    right_password_too = login(server.url, email, PASSWORD, new_address())

    assert failures == [401] * limit
    assert_too_many(refused, DEFAULTS.attempt_window_seconds)
    assert_too_many(right_password_too, DEFAULTS.attempt_window_seconds)
    move_clock_past_the_window(server)
    assert login(server.url, email, PASSWORD, address).status_code == 200


def test_an_unknown_email_is_limited_like_a_known_one(server: ApiServer) -> None:
    known, unknown = new_email(), new_email()
    assert register(server.url, known, new_address()).status_code == 201
    limit = DEFAULTS.failed_logins_per_account

    answers = {
        email: [login(server.url, email, "wrong password", new_address()) for _ in range(limit + 1)]
        for email in (known, unknown)
    }

    for email in (known, unknown):
        assert [answer.status_code for answer in answers[email]] == [401] * limit + [429]
    assert answers[known][0].json() == answers[unknown][0].json()
    assert answers[known][-1].json().keys() == answers[unknown][-1].json().keys()


def test_a_successful_sign_in_does_not_count(server: ApiServer) -> None:
    email, address = new_email(), new_address()
    assert register(server.url, email, address).status_code == 201

    answers = [
        login(server.url, email, PASSWORD, address).status_code
        for _ in range(DEFAULTS.failed_logins_per_account + 2)
    ]

    assert set(answers) == {200}


def test_failed_sign_ins_from_one_address_are_limited_over_many_accounts(
    server: ApiServer,
) -> None:
    address = new_address()
    limit = DEFAULTS.sign_ins_per_address

    failures = [
        login(server.url, new_email(), "wrong password", address).status_code for _ in range(limit)
    ]
    refused = login(server.url, new_email(), "wrong password", address)
    elsewhere = login(server.url, new_email(), "wrong password", new_address())

    assert failures == [401] * limit
    assert_too_many(refused, DEFAULTS.attempt_window_seconds)
    assert elsewhere.status_code == 401


def test_a_sign_in_to_ones_own_account_does_not_pay_for_a_guess_at_anothers(
    server: ApiServer,
) -> None:
    address = new_address()
    own = new_email()
    assert register(server.url, own, address).status_code == 201
    pairs = DEFAULTS.sign_ins_per_address // 2

    answers = [
        (
            login(server.url, new_email(), "wrong password", address).status_code,
            login(server.url, own, PASSWORD, address).status_code,
        )
        for _ in range(pairs)
    ]
    refused = login(server.url, new_email(), "wrong password", address)

    assert answers == [(401, 200)] * pairs
    assert_too_many(refused, DEFAULTS.attempt_window_seconds)


def test_registering_a_taken_email_counts_against_its_account(server: ApiServer) -> None:
    email = new_email()
    assert register(server.url, email, new_address()).status_code == 201
    limit = DEFAULTS.failed_logins_per_account

    taken = [register(server.url, email, new_address()).status_code for _ in range(limit)]
    refused = register(server.url, email, new_address())

    assert taken == [409] * limit
    assert_too_many(refused, DEFAULTS.attempt_window_seconds)


def test_registrations_from_one_address_are_limited(tmp_path: Path) -> None:
    with running_server(tmp_path / "data", registrations_per_address=3) as server:
        address = new_address()
        created = [register(server.url, new_email(), address).status_code for _ in range(3)]
        refused = register(server.url, new_email(), address)
        elsewhere = register(server.url, new_email(), new_address())

    assert created == [201] * 3
    assert_too_many(refused, DEFAULTS.attempt_window_seconds)
    assert elsewhere.status_code == 201


@pytest.mark.slow
def test_the_limit_holds_across_worker_processes(tmp_path: Path) -> None:
    server = start_process(tmp_path / "data", "--workers", "2", TODO_FAILED_LOGINS_PER_ACCOUNT="5")
    try:
        email, address = new_email(), new_address()
        assert register(server.url, email, address).status_code == 201
        # A new connection per request: the requests spread over both workers.
        answers = [login(server.url, email, "wrong", address).status_code for _ in range(8)]
    finally:
        server.terminate()

    assert answers == [401] * 5 + [429] * 3


@pytest.mark.slow
def test_the_address_of_an_untrusted_peer_is_its_own(tmp_path: Path) -> None:
    server = start_process(
        tmp_path / "data", TODO_TRUSTED_PROXIES="", TODO_SIGN_INS_PER_ADDRESS="3"
    )
    try:
        answers = [
            login(server.url, new_email(), "wrong password", new_address()).status_code
            for _ in range(4)
        ]
    finally:
        server.terminate()

    assert answers == [401] * 3 + [429]
