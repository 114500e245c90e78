"""Unit tests of signing in (``todo_chatbot.accounts.use_cases.log_in``): an unknown
email costs the same password-hash work as a wrong password and gets the same error,
and neither work nor answer is given once the limit is reached."""

from __future__ import annotations

from datetime import UTC, datetime
from types import TracebackType
from typing import Self

import pytest

from tests.unit.accounts.test_limits import CountsInMemory
from todo_chatbot.accounts.limits import AttemptLimits
from todo_chatbot.accounts.ports import AccessToken
from todo_chatbot.accounts.use_cases import Gate, log_in
from todo_chatbot.accounts.users import User
from todo_chatbot.core.errors import InvalidCredentials, TooManyAttempts
from todo_chatbot.runtimes.clocks import ManualClock

NOW = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)
ALICE = User(
    id="u1",
    email="alice@example.com",
    name=None,
    timezone="UTC",
    password_hash="hash of correct horse",
    created_at=NOW,
)


class HashWork:
    """A hasher that records each hash computation it is asked for."""

    def __init__(self) -> None:
        self.computed: list[str] = []

    async def hash(self, password: str) -> str:
        self.computed.append("hash")
        return "hash of " + password

    async def verify(self, password_hash: str, password: str) -> bool:
        self.computed.append("verify")
        return password_hash == "hash of " + password

    async def burn(self, password: str) -> None:
        self.computed.append("verify")


class Users:
    async def by_email(self, email: str) -> User | None:
        return ALICE if email == ALICE.email else None


class Unit:
    users = Users()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        return None


class Tokens:
    def issue(self, user_id: str, session_version: int) -> str:
        return f"token of {user_id} v{session_version}"

    def read(self, token: str) -> AccessToken:
        raise NotImplementedError


def gate(counter: CountsInMemory, per_account: int = 10) -> Gate:
    limits = AttemptLimits(
        failed_logins_per_account=per_account,
        sign_ins_per_address=100,
        registrations_per_address=100,
        window_seconds=900,
    )
    return Gate(counter=counter, limits=limits, clock=ManualClock(NOW), address="192.0.2.1")


async def sign_in(hasher: HashWork, counter: CountsInMemory, email: str, password: str) -> str:
    signed_in = await log_in(
        uow_factory=Unit,  # type: ignore[arg-type]
        hasher=hasher,
        tokens=Tokens(),
        gate=gate(counter),
        fields={"email": email, "password": password},
    )
    return signed_in.access_token


async def failure(hasher: HashWork, counter: CountsInMemory, email: str) -> str:
    with pytest.raises(InvalidCredentials) as refused:
        await sign_in(hasher, counter, email, "wrong horse")
    return str(refused.value)


async def test_an_unknown_email_costs_the_work_of_a_wrong_password_and_says_the_same() -> None:
    wrong_password, unknown_email = HashWork(), HashWork()

    said_for_wrong_password = await failure(wrong_password, CountsInMemory(), ALICE.email)
    said_for_unknown_email = await failure(unknown_email, CountsInMemory(), "nobody@example.com")

    assert wrong_password.computed == unknown_email.computed == ["verify"]
    assert said_for_wrong_password == said_for_unknown_email


async def test_the_right_password_signs_in() -> None:
    hasher = HashWork()

    token = await sign_in(hasher, CountsInMemory(), ALICE.email, "correct horse")

    assert token == "token of u1 v0"


async def test_past_the_limit_no_password_is_checked() -> None:
    counter, hasher = CountsInMemory(), HashWork()
    for _ in range(10):
        await failure(hasher, counter, ALICE.email)
    checked = len(hasher.computed)

    with pytest.raises(TooManyAttempts):
        await sign_in(hasher, counter, ALICE.email, "correct horse")

    assert len(hasher.computed) == checked
