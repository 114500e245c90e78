"""Unit tests of ``todo_chatbot.accounts.users``: registration and profile rules.

Email (trimmed, lower-cased, one ``@`` and a dotted domain, at most 254
characters), password (8 to 1024 characters, kept exactly), name (at most 100
characters after trimming, blank is none) and time zone (a known IANA name,
``UTC`` by default). Every broken rule is reported at once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from todo_chatbot.accounts.passwords import read_password
from todo_chatbot.accounts.users import (
    DEFAULT_TIMEZONE,
    Registration,
    User,
    read_email,
    read_name,
    read_profile_changes,
    read_registration,
    read_timezone,
)
from todo_chatbot.core.errors import ValidationFailed

VALID: dict[str, Any] = {
    "email": "alice@example.com",
    "password": "correct horse",
    "name": "Alice",
    "timezone": "America/New_York",
}


def registration_errors(raw: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as caught:
        read_registration(raw)
    assert caught.value.location == "body"
    return {error.field: error.message for error in caught.value.errors}


# --- email ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("alice@example.com", "alice@example.com"),
        ("  Alice@Example.COM ", "alice@example.com"),
        ("a.b+todo@mail.example.co.uk", "a.b+todo@mail.example.co.uk"),
    ],
)
def test_email_is_trimmed_and_lower_cased(raw: str, expected: str) -> None:
    assert read_email(raw) == expected


@pytest.mark.parametrize(
    "raw", ["alice", "alice@", "@example.com", "alice@example", "a@b@c.com", "al ice@example.com"]
)
def test_email_must_look_like_an_address(raw: str) -> None:
    with pytest.raises(ValueError, match="is not an email address"):
        read_email(raw)


def test_email_length() -> None:
    local = "a" * 64
    domain = ".".join(["b" * 63, "c" * 63, "d" * 57]) + ".com"
    longest = f"{local}@{domain}"
    assert len(longest) == 254
    assert read_email(longest) == longest
    with pytest.raises(ValueError, match="is not an email address"):
        read_email("a" + longest)


@pytest.mark.parametrize("raw", [None, "", "   ", 42])
def test_email_is_required(raw: Any) -> None:
    with pytest.raises(ValueError, match="is required"):
        read_email(raw)


# --- password -------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["38271046", "pq" * 512, "  spaces kept  "])
def test_password_is_kept_exactly(raw: str) -> None:
    assert read_password(raw) == raw


@pytest.mark.parametrize("raw", ["", "1234567", "p" * 1025])
def test_password_length(raw: str) -> None:
    with pytest.raises(ValueError, match="must be 8 to 1024 characters"):
        read_password(raw)


@pytest.mark.parametrize("raw", [None, 12345678])
def test_password_is_required(raw: Any) -> None:
    with pytest.raises(ValueError, match="is required"):
        read_password(raw)


# --- name -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Alice", "Alice"), ("  Alice  ", "Alice"), ("", None), ("   ", None), (None, None)],
)
def test_name(raw: str | None, expected: str | None) -> None:
    assert read_name(raw) == expected


def test_name_length() -> None:
    assert read_name("n" * 100) == "n" * 100
    assert read_name("  " + "n" * 100 + "  ") == "n" * 100
    with pytest.raises(ValueError, match="must be at most 100 characters"):
        read_name("n" * 101)


def test_name_must_be_a_string() -> None:
    with pytest.raises(TypeError, match="must be a string"):
        read_name(["Alice"])


# --- timezone -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("UTC", "UTC"),
        ("America/New_York", "America/New_York"),
        (" Europe/London ", "Europe/London"),
        ("Australia/Sydney", "Australia/Sydney"),
    ],
)
def test_timezone_known(raw: str, expected: str) -> None:
    assert read_timezone(raw) == expected


@pytest.mark.parametrize(
    "raw", ["Mars/Olympus", "", "america/new_york", "EST-ish", "../../etc/passwd", "/etc/localtime"]
)
def test_timezone_unknown_is_refused(raw: str) -> None:
    with pytest.raises(ValueError, match=r"is not a known IANA time zone"):
        read_timezone(raw)


@pytest.mark.parametrize("raw", [None, 5, ["UTC"]])
def test_timezone_must_be_a_string(raw: Any) -> None:
    with pytest.raises(TypeError, match="must be an IANA time zone name"):
        read_timezone(raw)


# --- registration ---------------------------------------------------------------------------


def test_read_registration() -> None:
    assert read_registration({**VALID, "email": " Alice@Example.com "}) == Registration(
        email="alice@example.com",
        password="correct horse",
        name="Alice",
        timezone="America/New_York",
    )


@pytest.mark.parametrize("timezone", [None, ""])
def test_registration_defaults(timezone: str | None) -> None:
    raw: dict[str, Any] = {"email": "bob@example.com", "password": "38271046"}
    if timezone is not None:
        raw["timezone"] = timezone
    registration = read_registration(raw)
    assert registration.name is None
    assert registration.timezone == DEFAULT_TIMEZONE == "UTC"


def test_registration_names_every_broken_field() -> None:
    errors = registration_errors(
        {"email": "nope", "password": "short", "name": "n" * 101, "timezone": "Mars/Olympus"}
    )
    assert errors == {
        "email": "is not an email address",
        "password": "must be 8 to 1024 characters",
        "name": "must be at most 100 characters",
        "timezone": "'Mars/Olympus' is not a known IANA time zone",
    }


def test_registration_requires_email_and_password() -> None:
    assert registration_errors({}) == {"email": "is required", "password": "is required"}


def test_registration_refuses_an_unknown_zone() -> None:
    assert registration_errors({**VALID, "timezone": "Europe/Atlantis"}) == {
        "timezone": "'Europe/Atlantis' is not a known IANA time zone"
    }


# --- profile changes ------------------------------------------------------------------------


def test_profile_changes_hold_only_given_fields() -> None:
    assert read_profile_changes({}) == {}
    assert read_profile_changes({"name": " Al "}) == {"name": "Al"}
    assert read_profile_changes({"timezone": "Europe/London"}) == {"timezone": "Europe/London"}
    assert read_profile_changes({"name": None}) == {"name": None}


def test_profile_changes_ignore_other_fields() -> None:
    assert read_profile_changes({"email": "x@example.com", "name": "Al"}) == {"name": "Al"}


def test_profile_changes_name_every_broken_field() -> None:
    with pytest.raises(ValidationFailed) as caught:
        read_profile_changes({"name": "n" * 101, "timezone": "Nowhere/Land"})
    assert {e.field: e.message for e in caught.value.errors} == {
        "name": "must be at most 100 characters",
        "timezone": "'Nowhere/Land' is not a known IANA time zone",
    }


def test_profile_timezone_cannot_be_cleared() -> None:
    with pytest.raises(ValidationFailed) as caught:
        read_profile_changes({"timezone": None})
    assert [e.field for e in caught.value.errors] == ["timezone"]


# --- user -----------------------------------------------------------------------------------


def test_user_tz_is_its_zone() -> None:
    user = User(
        id="u1",
        email="alice@example.com",
        name=None,
        timezone="Australia/Sydney",
        password_hash="x",
        created_at=datetime(2026, 3, 4, 15, 0, tzinfo=UTC),
    )
    assert user.tz.key == "Australia/Sydney"
    assert datetime(2026, 3, 4, 15, 0, tzinfo=UTC).astimezone(user.tz).hour == 2
