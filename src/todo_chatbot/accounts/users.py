"""Users: who owns tasks, how they sign in, and the zone their times are read in."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from todo_chatbot.accounts.passwords import read_password
from todo_chatbot.core.errors import ErrorCollector
from todo_chatbot.core.timekeeping import InvalidTime, zone

MAX_EMAIL: Final = 254
MAX_NAME: Final = 100
DEFAULT_TIMEZONE: Final = "UTC"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class User:
    id: str
    email: str
    name: str | None
    timezone: str
    password_hash: str
    created_at: datetime
    session_version: int = 0
    """Grows when the user's sessions are ended (a password change): a token carries the
    version it was issued under and is refused once the user's has moved on."""

    @property
    def tz(self) -> ZoneInfo:
        return zone(self.timezone)


@dataclass(frozen=True)
class Registration:
    email: str
    password: str
    name: str | None
    timezone: str


def read_registration(raw: Mapping[str, Any]) -> Registration:
    errors = ErrorCollector()
    email = _check(errors, "email", read_email, raw.get("email"))
    password = _check(errors, "password", read_password, raw.get("password"))
    name = _check(errors, "name", read_name, raw.get("name"))
    timezone = _check(errors, "timezone", read_timezone, raw.get("timezone") or DEFAULT_TIMEZONE)
    errors.raise_if_any()
    return Registration(email=email, password=password, name=name, timezone=timezone)


def read_profile_changes(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Checked values for the fields of a profile update that were given."""
    errors = ErrorCollector()
    changes: dict[str, Any] = {}
    if "name" in raw:
        changes["name"] = _check(errors, "name", read_name, raw["name"])
    if "timezone" in raw:
        changes["timezone"] = _check(errors, "timezone", read_timezone, raw["timezone"])
    errors.raise_if_any()
    return changes


def _check(errors: ErrorCollector, name: str, reader: Any, value: Any) -> Any:
    try:
        return reader(value)
    except (ValueError, TypeError) as exc:
        errors.add(name, str(exc))
        return None


def read_email(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("is required")
    if any(unicodedata.category(character) == "Cc" for character in value):
        raise ValueError("must not contain control characters")
    email = value.strip().lower()
    if len(email) > MAX_EMAIL or not _EMAIL.match(email):
        raise ValueError("is not an email address")
    return email


def read_name(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError("must be a string")
    name = value.strip()
    if len(name) > MAX_NAME:
        raise ValueError(f"must be at most {MAX_NAME} characters")
    return name or None


def read_timezone(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("must be an IANA time zone name such as America/New_York")
    try:
        zone(value.strip())
    except InvalidTime:
        raise ValueError(f"{value!r} is not a known IANA time zone") from None
    return value.strip()
