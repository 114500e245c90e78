"""The OpenAPI document's patterns agree with the rules the domain checks: a value
matches the pattern exactly when the server takes it."""

from __future__ import annotations

import re
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from todo_chatbot.accounts.users import read_email
from todo_chatbot.core.errors import ValidationFailed
from todo_chatbot.http import constraints
from todo_chatbot.http.idempotency import read_key
from todo_chatbot.tasks.task import read_task_input

NEW_YORK = ZoneInfo("America/New_York")


def ecma(pattern: str) -> re.Pattern[str]:
    """The JSON Schema pattern for Python's ``re`` (``\\uXXXX`` reads the same)."""
    return re.compile(pattern)


def accepted(field: str, value: object) -> bool:
    try:
        read_task_input({field: value}, NEW_YORK, require_title=False)
    except ValidationFailed:
        return False
    return True


@given(st.dates(min_value=date(1800, 1, 1), max_value=date(9999, 12, 31)))
def test_the_date_pattern_matches_exactly_the_supported_dates(day: date) -> None:
    matches = ecma(constraints.DUE["pattern"]).search(day.isoformat()) is not None

    assert matches == accepted("due", day.isoformat())


def test_the_date_pattern_knows_leap_days_at_the_ends_and_the_centuries() -> None:
    pattern = ecma(constraints.DUE["pattern"])
    for text, expected in [
        ("1900-02-29", False),
        ("1904-02-29", True),
        ("2000-02-29", True),
        ("2100-02-29", False),
        ("8800-02-29", True),
        ("9000-02-29", False),
        ("1899-12-31", False),
        ("1900-01-01", True),
        ("9000-12-31", True),
        ("9001-01-01", False),
        ("2026-04-31", False),
    ]:
        assert (pattern.search(text) is not None) == expected, text
        assert accepted("due", text) == expected, text


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(9000, 12, 31)),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=23, minutes=59)),
    st.sampled_from(["Z", "+05:30", "-12:00", "+14:00", "-04:56:02", "", "z", "+0100"]),
)
def test_a_date_time_matching_the_pattern_is_accepted(
    day: date, time_of_day: timedelta, offset: str
) -> None:
    hours, rest = divmod(int(time_of_day.total_seconds()), 3600)
    text = f"{day.isoformat()}T{hours:02}:{rest // 60:02}:{rest % 60:02}{offset}"

    assert ecma(constraints.DATE_TIME["pattern"]).search(text) is not None
    assert accepted("remind_at", text)


@settings(max_examples=300)
@given(st.text(max_size=520))
def test_the_title_pattern_matches_exactly_the_titles_taken(title: str) -> None:
    matches = ecma(constraints.TITLE["pattern"]).search(title) is not None

    assert matches == accepted("title", title)


@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=60))
def test_the_tag_pattern_matches_exactly_the_tags_taken(tag: str) -> None:
    matches = ecma(constraints.TAGS["items"]["pattern"]).search(tag) is not None

    assert matches == accepted("tags", [tag])


def test_the_recurrence_pattern_describes_rules_the_server_takes() -> None:
    pattern = ecma(constraints.RECURRENCE["pattern"])
    for rule in ["FREQ=DAILY", "FREQ=WEEKLY;INTERVAL=1000", "FREQ=YEARLY;COUNT=10000", "  "]:
        assert pattern.search(rule) is not None, rule
        assert accepted("recurrence", rule) or rule.strip() == "", rule
    for rule in ["FREQ=DAILY;COUNT=0", "FREQ=DAILY;COUNT=10001", "FREQ=HOURLY"]:
        assert pattern.search(rule) is None, rule
        assert not accepted("recurrence", rule), rule


@given(
    st.text(max_size=10),
    st.characters(categories=["Cc"]),
    st.sampled_from(["", "x", "example.com"]),
)
def test_the_email_pattern_refuses_every_control_character_as_the_server_does(
    before: str, control: str, after: str
) -> None:
    email = f"{before}{control}{after}@example.com"

    assert ecma(constraints.EMAIL["pattern"]).search(email) is None
    with pytest.raises(ValueError, match="control characters"):
        read_email(email)


@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=260))
def test_the_idempotency_key_pattern_matches_exactly_the_keys_taken(key: str) -> None:
    matches = ecma(constraints.IDEMPOTENCY_KEY["pattern"]).search(key) is not None
    try:
        read_key(key)
    except ValidationFailed:
        taken = False
    else:
        taken = True

    assert matches == taken
