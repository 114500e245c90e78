"""Unit tests of ``todo_chatbot.tasks.recurrence``: RRULE checks and next occurrences.

A series expands in its owner's wall-clock time from its anchor (the due of its
first occurrence): a daily 09:00 task stays at 09:00 across daylight-saving
changes in both hemispheres, a wall time in a spring-forward gap moves past the
gap, a repeated fall-back time takes its first instant, month-end and 29 February
series fall on the last day of shorter months and come back without drifting,
and ``COUNT`` / ``UNTIL`` end a series. Rules the contract refuses (sub-daily,
time-of-day parts, malformed or never-repeating rules) raise
:class:`InvalidRecurrence`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from todo_chatbot.core.timekeeping import Due, format_due, parse_due, zone
from todo_chatbot.tasks.recurrence import (
    MAX_RULE_LENGTH,
    InvalidRecurrence,
    check_repeats,
    next_occurrence,
    parse_rule,
    rule_from_storage,
)
from todo_chatbot.tasks.task import Task, read_task_input

NY = zone("America/New_York")
LONDON = zone("Europe/London")
SYDNEY = zone("Australia/Sydney")
NOW = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)


def series(rule: str, first: str, length: int, tz: ZoneInfo = NY) -> list[str]:
    """The dues of a series (at most ``length`` of them) as the API shows them."""
    parsed = parse_rule(rule)
    anchor = parse_due(first, tz)
    dues: list[Due] = [anchor]
    while len(dues) < length:
        following = next_occurrence(
            parsed, anchor=anchor, current=dues[-1], occurrence=len(dues), tz=tz
        )
        if following is None:
            break
        dues.append(following)
    return [format_due(due, tz) for due in dues]


# --- parse_rule -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("FREQ=DAILY", "FREQ=DAILY"),
        ("RRULE:FREQ=WEEKLY;BYDAY=MO,TH", "FREQ=WEEKLY;BYDAY=MO,TH"),
        ("rrule:freq=weekly;byday=mo,th", "FREQ=WEEKLY;BYDAY=MO,TH"),
        ("  RRULE: FREQ=DAILY ; INTERVAL=2 ; ", "FREQ=DAILY;INTERVAL=2"),
        ("freq=monthly;bymonthday=15;", "FREQ=MONTHLY;BYMONTHDAY=15"),
        ("FREQ=DAILY;UNTIL=20260401t090000z", "FREQ=DAILY;UNTIL=20260401T090000Z"),
    ],
)
def test_parse_rule_normalizes(text: str, normalized: str) -> None:
    assert parse_rule(text).text == normalized


def test_parse_rule_keeps_parts_in_order() -> None:
    rule = parse_rule("freq=weekly;interval=2;count=5;byday=mo,we")
    assert rule.parts == (
        ("FREQ", "WEEKLY"),
        ("INTERVAL", "2"),
        ("COUNT", "5"),
        ("BYDAY", "MO,WE"),
    )
    assert rule.get("BYDAY") == "MO,WE"
    assert rule.get("UNTIL") is None
    assert rule.count == 5
    assert parse_rule("FREQ=DAILY").count is None


def test_rule_from_storage_splits_without_checking() -> None:
    stored = rule_from_storage("FREQ=WEEKLY;BYDAY=TH")
    assert stored == parse_rule("FREQ=WEEKLY;BYDAY=TH")
    assert stored.get("BYDAY") == "TH"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("FREQ=HOURLY", "at most daily"),
        ("FREQ=MINUTELY;INTERVAL=30", "at most daily"),
        ("FREQ=SECONDLY", "at most daily"),
        ("FREQ=FORTNIGHTLY", "FREQ must be one of"),
        ("FREQ=DAILY;BYHOUR=9", "BYHOUR is not supported"),
        ("FREQ=DAILY;BYMINUTE=30", "BYMINUTE is not supported"),
        ("FREQ=WEEKLY;BYSECOND=0", "BYSECOND is not supported"),
        ("INTERVAL=2", "FREQ is required"),
        ("BYDAY=MO", "FREQ is required"),
        ("FREQ=DAILY;COLOR=BLUE", "COLOR is not a supported RRULE part"),
        ("FREQ=DAILY;DTSTART=20260101T090000", "DTSTART is not a supported RRULE part"),
        ("FREQ=DAILY;COUNT=3;UNTIL=20260401", "COUNT and UNTIL cannot both be given"),
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL must be a whole number from 1 to 1000"),
        ("FREQ=DAILY;INTERVAL=-1", "INTERVAL must be a whole number"),
        ("FREQ=DAILY;INTERVAL=1001", "INTERVAL must be a whole number"),
        ("FREQ=DAILY;INTERVAL=two", "INTERVAL must be a whole number"),
        ("FREQ=DAILY;COUNT=0", "COUNT must be a whole number from 1 to 10000"),
        ("FREQ=DAILY;COUNT=10001", "COUNT must be a whole number"),
        ("FREQ=DAILY;UNTIL=2026-04-01", "UNTIL '2026-04-01' is not a date or date-time"),
        ("FREQ=DAILY;UNTIL=20260231", "is not a date or date-time"),
        ("FREQ=DAILY;UNTIL=20260401T250000", "is not a date or date-time"),
        ("FREQ=WEEKLY;BYDAY=XX", "BYDAY 'XX' is not a weekday"),
        ("FREQ=WEEKLY;BYDAY=MO,", "BYDAY '' is not a weekday"),
        ("FREQ=WEEKLY;BYDAY=MONDAY", "BYDAY 'MONDAY' is not a weekday"),
        ("FREQ=WEEKLY;BYDAY=1MO", "numbered weekdays need FREQ=MONTHLY or YEARLY"),
        ("FREQ=MONTHLY;BYDAY=6MO", "the number must be from 1 to 5"),
        ("FREQ=WEEKLY;WKST=XX", "WKST must be a weekday"),
        ("FREQ=WEEKLY;BYDAY=MO;BYSETPOS=0", "BYSETPOS values must be from 1 to 366"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH values must be from 1 to 12"),
        ("FREQ=YEARLY;BYMONTH=-1", "BYMONTH values must be from 1 to 12"),
        ("FREQ=MONTHLY;BYMONTHDAY=1,,2", "BYMONTHDAY values must be from 1 to 31"),
        ("FREQ=DAILY;FREQ=WEEKLY", "FREQ is given twice"),
        ("FREQ=DAILY;;COUNT=2", "is not NAME=VALUE"),
        ("FREQ", "is not NAME=VALUE"),
        ("FREQ=", "is not NAME=VALUE"),
        ("", "the recurrence is empty"),
        ("RRULE:", "the recurrence is empty"),
        ("FREQ=DAILY;" + "BYMONTH=1," * 60, "longer than 500 characters"),
    ],
)
def test_parse_rule_refuses(text: str, message: str) -> None:
    with pytest.raises(InvalidRecurrence, match=message):
        parse_rule(text)


def test_parse_rule_length_limit() -> None:
    text = "FREQ=YEARLY;BYMONTH=12" + ",1" * 239
    assert len(text) == MAX_RULE_LENGTH
    assert parse_rule(text).get("FREQ") == "YEARLY"
    with pytest.raises(InvalidRecurrence, match="longer than 500 characters"):
        parse_rule(text + "2")


@pytest.mark.parametrize("text", ["FREQ=DAILY;INTERVAL=²", "FREQ=DAILY;COUNT=³"])
def test_parse_rule_refuses_digits_int_cannot_read(text: str) -> None:
    """``str.isdigit`` accepts superscripts that ``int`` cannot read."""
    with pytest.raises(InvalidRecurrence):
        parse_rule(text)


# --- rules that never repeat, or name days that do not exist ----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=WEEKLY;BYMONTH=2;BYMONTHDAY=31",
        "FREQ=MONTHLY;BYMONTH=4,6;BYMONTHDAY=31;BYSETPOS=1",
    ],
)
def test_check_repeats_refuses_a_rule_that_never_repeats(text: str) -> None:
    rule = parse_rule(text)
    # dateutil would search these up to the year 9999; this must come back at once.
    with pytest.raises(InvalidRecurrence, match="never repeats"):
        check_repeats(rule, date(2026, 1, 10), NY)
    with pytest.raises(InvalidRecurrence, match="never repeats"):
        check_repeats(rule, datetime(2028, 2, 29, 14, 0, tzinfo=UTC), NY)


@pytest.mark.parametrize(
    "text",
    [
        "FREQ=MONTHLY;BYDAY=+9MO",
        "FREQ=MONTHLY;BYMONTHDAY=0",
        "FREQ=MONTHLY;BYMONTHDAY=32",
    ],
)
def test_rules_naming_days_no_month_has_are_refused(text: str) -> None:
    """No month has a ninth Monday, a day 0 or a day 32 (RFC 5545 allows 1..31)."""
    with pytest.raises(InvalidRecurrence):
        check_repeats(parse_rule(text), date(2026, 1, 15), NY)


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("FREQ=DAILY", date(2026, 3, 4)),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", date(2026, 3, 4)),
        ("FREQ=MONTHLY;BYMONTHDAY=31", date(2026, 2, 1)),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR;INTERVAL=2", datetime(2026, 3, 2, 14, 0, tzinfo=UTC)),
        ("FREQ=YEARLY", date(2028, 2, 29)),
        ("FREQ=MONTHLY;BYDAY=-1FR", date(2026, 12, 31)),
    ],
)
def test_check_repeats_accepts_rules_that_repeat(text: str, anchor: Due) -> None:
    check_repeats(parse_rule(text), anchor, NY)


def test_check_repeats_accepts_a_rare_but_valid_rule() -> None:
    """Every hundred years is a valid RRULE: its next occurrence exists (in 2126)."""
    rule = parse_rule("FREQ=YEARLY;INTERVAL=100")
    anchor = date(2026, 3, 5)
    assert next_occurrence(rule, anchor=anchor, current=anchor, occurrence=1, tz=NY) == date(
        2126, 3, 5
    )
    check_repeats(rule, anchor, NY)


# --- daylight saving ------------------------------------------------------------------------


def test_daily_stays_at_nine_when_new_york_springs_forward() -> None:
    assert series("FREQ=DAILY", "2026-03-06T09:00:00-05:00", 4) == [
        "2026-03-06T09:00:00-05:00",
        "2026-03-07T09:00:00-05:00",
        "2026-03-08T09:00:00-04:00",
        "2026-03-09T09:00:00-04:00",
    ]


def test_daily_stays_at_nine_when_new_york_falls_back() -> None:
    assert series("FREQ=DAILY", "2026-10-31T09:00:00-04:00", 3) == [
        "2026-10-31T09:00:00-04:00",
        "2026-11-01T09:00:00-05:00",
        "2026-11-02T09:00:00-05:00",
    ]


def test_next_occurrence_is_the_wall_time_not_24_hours_later() -> None:
    rule = parse_rule("FREQ=DAILY")
    due = datetime(2026, 3, 7, 14, 0, tzinfo=UTC)  # 09:00 EST
    following = next_occurrence(rule, anchor=due, current=due, occurrence=1, tz=NY)
    assert following == datetime(2026, 3, 8, 13, 0, tzinfo=UTC)
    assert following is not None
    assert following - due == timedelta(hours=23)


@pytest.mark.parametrize(
    ("tz_name", "first", "expected"),
    [
        (
            "Europe/London",
            "2026-03-28T09:00:00+00:00",
            ["2026-03-28T09:00:00+00:00", "2026-03-29T09:00:00+01:00", "2026-03-30T09:00:00+01:00"],
        ),
        (
            "Europe/London",
            "2026-10-24T09:00:00+01:00",
            ["2026-10-24T09:00:00+01:00", "2026-10-25T09:00:00+00:00", "2026-10-26T09:00:00+00:00"],
        ),
        (
            "Australia/Sydney",
            "2026-04-04T09:00:00+11:00",
            ["2026-04-04T09:00:00+11:00", "2026-04-05T09:00:00+10:00", "2026-04-06T09:00:00+10:00"],
        ),
        (
            "Australia/Sydney",
            "2026-10-03T09:00:00+10:00",
            ["2026-10-03T09:00:00+10:00", "2026-10-04T09:00:00+11:00", "2026-10-05T09:00:00+11:00"],
        ),
    ],
)
def test_daily_keeps_wall_time_in_other_zones(
    tz_name: str, first: str, expected: list[str]
) -> None:
    assert series("FREQ=DAILY", first, 3, zone(tz_name)) == expected


def test_weekly_keeps_wall_time_across_the_change() -> None:
    assert series("FREQ=WEEKLY", "2026-03-01T09:00:00-05:00", 3) == [
        "2026-03-01T09:00:00-05:00",
        "2026-03-08T09:00:00-04:00",
        "2026-03-15T09:00:00-04:00",
    ]


def test_a_wall_time_in_the_spring_forward_gap_moves_past_the_gap() -> None:
    assert series("FREQ=DAILY", "2026-03-06T02:30:00-05:00", 4) == [
        "2026-03-06T02:30:00-05:00",
        "2026-03-07T02:30:00-05:00",
        "2026-03-08T03:30:00-04:00",
        "2026-03-09T02:30:00-04:00",
    ]


def test_a_wall_time_the_fall_back_repeats_takes_its_first_instant() -> None:
    rule = parse_rule("FREQ=DAILY")
    anchor = datetime(2026, 10, 31, 5, 30, tzinfo=UTC)  # 01:30 EDT
    first = next_occurrence(rule, anchor=anchor, current=anchor, occurrence=1, tz=NY)
    assert first == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT, not 01:30 EST
    assert first is not None
    second = next_occurrence(rule, anchor=anchor, current=first, occurrence=2, tz=NY)
    assert second == datetime(2026, 11, 2, 6, 30, tzinfo=UTC)  # 01:30 EST


def test_a_gap_time_in_sydney_moves_past_the_gap() -> None:
    assert series("FREQ=DAILY", "2026-10-03T02:30:00+10:00", 3, SYDNEY) == [
        "2026-10-03T02:30:00+10:00",
        "2026-10-04T03:30:00+11:00",
        "2026-10-05T02:30:00+11:00",
    ]


# --- month ends and leap days ---------------------------------------------------------------


def test_monthly_on_the_31st_falls_on_each_months_last_day_and_comes_back() -> None:
    assert series("FREQ=MONTHLY", "2026-01-31", 14) == [
        "2026-01-31",
        "2026-02-28",
        "2026-03-31",
        "2026-04-30",
        "2026-05-31",
        "2026-06-30",
        "2026-07-31",
        "2026-08-31",
        "2026-09-30",
        "2026-10-31",
        "2026-11-30",
        "2026-12-31",
        "2027-01-31",
        "2027-02-28",
    ]


def test_monthly_on_the_31st_with_a_time_keeps_the_time() -> None:
    assert series("FREQ=MONTHLY", "2026-01-31T09:00:00-05:00", 4) == [
        "2026-01-31T09:00:00-05:00",
        "2026-02-28T09:00:00-05:00",
        "2026-03-31T09:00:00-04:00",
        "2026-04-30T09:00:00-04:00",
    ]


def test_monthly_on_the_30th_takes_the_29th_of_a_leap_february() -> None:
    assert series("FREQ=MONTHLY", "2028-01-30", 4) == [
        "2028-01-30",
        "2028-02-29",
        "2028-03-30",
        "2028-04-30",
    ]


def test_monthly_anchor_is_kept_rather_than_the_current_day() -> None:
    rule = parse_rule("FREQ=MONTHLY")
    following = next_occurrence(
        rule, anchor=date(2026, 1, 31), current=date(2026, 2, 28), occurrence=2, tz=NY
    )
    assert following == date(2026, 3, 31)
    # Anchored on the 28th instead, the series stays on the 28th.
    drifted = next_occurrence(
        rule, anchor=date(2026, 2, 28), current=date(2026, 2, 28), occurrence=1, tz=NY
    )
    assert drifted == date(2026, 3, 28)


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        ("2026-01-31", ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"]),
        ("2026-01-15", ["2026-01-15", "2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]),
    ],
)
def test_explicit_bymonthday_31_falls_on_the_last_day(first: str, expected: list[str]) -> None:
    assert series("FREQ=MONTHLY;BYMONTHDAY=31", first, 5) == expected


def test_monthly_on_a_day_every_month_has_stays_on_it() -> None:
    assert series("FREQ=MONTHLY;BYMONTHDAY=15", "2026-01-15", 3) == [
        "2026-01-15",
        "2026-02-15",
        "2026-03-15",
    ]


def test_yearly_on_29_february_falls_on_the_28th_in_common_years() -> None:
    assert series("FREQ=YEARLY", "2028-02-29", 6) == [
        "2028-02-29",
        "2029-02-28",
        "2030-02-28",
        "2031-02-28",
        "2032-02-29",
        "2033-02-28",
    ]


def test_yearly_on_29_february_with_a_time() -> None:
    assert series("FREQ=YEARLY", "2028-02-29T08:00:00-05:00", 3) == [
        "2028-02-29T08:00:00-05:00",
        "2029-02-28T08:00:00-05:00",
        "2030-02-28T08:00:00-05:00",
    ]


# --- COUNT and UNTIL ------------------------------------------------------------------------


def test_count_ends_the_series_by_the_occurrence_counter() -> None:
    rule = parse_rule("FREQ=DAILY;COUNT=3")
    anchor = date(2026, 3, 5)
    assert next_occurrence(rule, anchor=anchor, current=anchor, occurrence=1, tz=NY) == date(
        2026, 3, 6
    )
    assert next_occurrence(
        rule, anchor=anchor, current=date(2026, 3, 6), occurrence=2, tz=NY
    ) == date(2026, 3, 7)
    assert next_occurrence(rule, anchor=anchor, current=date(2026, 3, 7), occurrence=3, tz=NY) is (
        None
    )
    assert series("FREQ=DAILY;COUNT=3", "2026-03-05", 10) == [
        "2026-03-05",
        "2026-03-06",
        "2026-03-07",
    ]


def test_count_of_one_has_no_next() -> None:
    rule = parse_rule("FREQ=WEEKLY;COUNT=1")
    anchor = date(2026, 3, 5)
    assert next_occurrence(rule, anchor=anchor, current=anchor, occurrence=1, tz=NY) is None


def test_until_as_a_date_includes_that_whole_day() -> None:
    assert series("FREQ=DAILY;UNTIL=20260307", "2026-03-05T21:00:00-05:00", 10) == [
        "2026-03-05T21:00:00-05:00",
        "2026-03-06T21:00:00-05:00",
        "2026-03-07T21:00:00-05:00",
    ]


def test_until_as_a_date_ends_a_date_series() -> None:
    assert series("FREQ=DAILY;UNTIL=20260307", "2026-03-05", 10) == [
        "2026-03-05",
        "2026-03-06",
        "2026-03-07",
    ]


@pytest.mark.parametrize(
    ("until", "length", "last"),
    [
        ("20260309T130000Z", 4, "2026-03-09T09:00:00-04:00"),  # exactly 09:00 EDT: included
        ("20260309T125959Z", 3, "2026-03-08T09:00:00-04:00"),  # a second before: excluded
        ("20260307T140000Z", 2, "2026-03-07T09:00:00-05:00"),  # 09:00 EST
        ("20260309T090000", 4, "2026-03-09T09:00:00-04:00"),  # local wall time, inclusive
        ("20260309T085959", 3, "2026-03-08T09:00:00-04:00"),
    ],
)
def test_until_as_a_date_time(until: str, length: int, last: str) -> None:
    dues = series(f"FREQ=DAILY;UNTIL={until}", "2026-03-06T09:00:00-05:00", 10)
    assert len(dues) == length
    assert dues[0] == "2026-03-06T09:00:00-05:00"
    assert dues[-1] == last


def test_until_in_utc_is_read_in_the_owners_zone() -> None:
    # 03:00 UTC on the 8th is still the 7th in New York, but already the 8th in Sydney.
    assert series("FREQ=DAILY;UNTIL=20260308T030000Z", "2026-03-06", 10) == [
        "2026-03-06",
        "2026-03-07",
    ]
    assert series("FREQ=DAILY;UNTIL=20260308T030000Z", "2026-03-06", 10, SYDNEY) == [
        "2026-03-06",
        "2026-03-07",
        "2026-03-08",
    ]


# --- weekly with several days, intervals, all-day series --------------------------------------


def test_weekly_on_several_days_every_other_week() -> None:
    assert series("FREQ=WEEKLY;BYDAY=MO,WE,FR;INTERVAL=2", "2026-03-02T09:00:00-05:00", 7) == [
        "2026-03-02T09:00:00-05:00",
        "2026-03-04T09:00:00-05:00",
        "2026-03-06T09:00:00-05:00",
        "2026-03-16T09:00:00-04:00",
        "2026-03-18T09:00:00-04:00",
        "2026-03-20T09:00:00-04:00",
        "2026-03-30T09:00:00-04:00",
    ]


def test_weekly_without_byday_keeps_the_anchors_weekday() -> None:
    assert series("FREQ=WEEKLY;INTERVAL=3", "2026-03-05", 3) == [
        "2026-03-05",
        "2026-03-26",
        "2026-04-16",
    ]


def test_every_weekday_skips_the_weekend() -> None:
    assert series("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "2026-03-05", 4) == [
        "2026-03-05",
        "2026-03-06",
        "2026-03-09",
        "2026-03-10",
    ]


def test_a_date_series_stays_dates() -> None:
    rule = parse_rule("FREQ=DAILY;INTERVAL=2")
    following = next_occurrence(
        rule, anchor=date(2026, 3, 7), current=date(2026, 3, 7), occurrence=1, tz=NY
    )
    assert type(following) is date
    assert following == date(2026, 3, 9)


def test_a_timed_series_gives_utc_instants() -> None:
    rule = parse_rule("FREQ=DAILY")
    anchor = datetime(2026, 3, 7, 14, 0, tzinfo=UTC)
    following = next_occurrence(rule, anchor=anchor, current=anchor, occurrence=1, tz=NY)
    assert isinstance(following, datetime)
    assert following.utcoffset() == timedelta(0)


def _recurring_task(raw: dict[str, object], tz: ZoneInfo = NY) -> Task:
    return Task.create(
        task_id="t1",
        user_id="u1",
        fields=read_task_input(raw, tz, require_title=True),
        now=NOW,
        tz=tz,
        new_series_id="s1",
    )


def test_task_next_occurrence_keeps_the_reminder_lead() -> None:
    task = _recurring_task(
        {
            "title": "Take vitamins",
            "due": "2026-03-07T08:00:00",
            "remind_at": "2026-03-07T07:30:00",
            "recurrence": "FREQ=DAILY",
        }
    )
    following = task.next_occurrence(task_id="t2", now=NOW, tz=NY)
    assert following is not None
    assert following.due is not None
    assert following.remind_at is not None
    assert format_due(following.due, NY) == "2026-03-08T08:00:00-04:00"
    assert format_due(following.remind_at, NY) == "2026-03-08T07:30:00-04:00"


def test_task_next_occurrence_chain_of_a_month_end_series() -> None:
    task = _recurring_task({"title": "Pay rent", "due": "2026-01-31", "recurrence": "FREQ=MONTHLY"})
    dues: list[str] = []
    current: Task | None = task
    for number in range(2, 6):
        assert current is not None
        current = current.next_occurrence(task_id=f"t{number}", now=NOW, tz=NY)
        assert current is not None
        assert current.due is not None
        assert current.occurrence == number
        assert current.series_anchor == date(2026, 1, 31)
        dues.append(format_due(current.due, NY))
    assert dues == ["2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"]


def test_task_next_occurrence_ends_with_count() -> None:
    task = _recurring_task(
        {"title": "Physio", "due": "2026-03-05", "recurrence": "FREQ=WEEKLY;COUNT=2"}
    )
    second = task.next_occurrence(task_id="t2", now=NOW, tz=NY)
    assert second is not None
    assert second.due == date(2026, 3, 12)
    assert second.occurrence == 2
    assert second.next_occurrence(task_id="t3", now=NOW, tz=NY) is None
