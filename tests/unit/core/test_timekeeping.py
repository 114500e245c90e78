"""Unit tests of ``todo_chatbot.core.timekeeping``: zones, instants and due values.

Covers the zone lookup (unknown and path-like names are refused), reading and
writing dues and instants (a date-time without an offset is read in the user's
zone; gap and repeated wall times follow the parser contract's conventions),
millisecond conversions, overdue checks for dates versus instants, and the start
of a day on daylight-saving days in both hemispheres.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from todo_chatbot.core.timekeeping import (
    EPOCH,
    InvalidTime,
    due_sort_key,
    due_wall,
    format_due,
    format_instant,
    format_timestamp,
    from_millis,
    is_all_day,
    is_overdue,
    local_date,
    parse_date,
    parse_due,
    parse_instant,
    start_of_day,
    to_instant,
    to_millis,
    to_wall,
    utc,
    zone,
)

NY = zone("America/New_York")
SYDNEY = zone("Australia/Sydney")
LONDON = zone("Europe/London")
UTC_ZONE = zone("UTC")


# --- zone -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["UTC", "America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata"]
)
def test_zone_knows_iana_names(name: str) -> None:
    assert zone(name).key == name


@pytest.mark.parametrize(
    "name",
    [
        "",
        "Mars/Olympus_Mons",
        "America",
        "america/new_york",
        "UTC ",
        "America/New_York/",
        "America//New_York",
        "../../etc/passwd",
        "/etc/passwd",
        "/usr/share/zoneinfo/UTC",
        ".hidden",
        "America/../UTC",
        "America/New_York\x00",
        "zone.tab",
        "tzdata.zi",
        "__init__.py",
        "C:\\Windows\\win.ini",
        "A" * 65,
    ],
)
def test_zone_refuses_unknown_or_malicious_names(name: str) -> None:
    with pytest.raises(InvalidTime, match="unknown time zone"):
        zone(name)


def test_invalid_time_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        zone("Nowhere/Special")


# --- instants and wall times ---------------------------------------------------------


def test_utc_converts_aware_values_and_refuses_naive_ones() -> None:
    eastern = datetime(2026, 3, 4, 10, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert utc(eastern) == datetime(2026, 3, 4, 15, 0, tzinfo=UTC)
    assert utc(eastern).tzinfo is UTC
    with pytest.raises(InvalidTime, match="offset"):
        utc(datetime(2026, 3, 4, 10, 0))


def test_to_instant_reads_wall_time_with_the_offset_in_force() -> None:
    assert to_instant(datetime(2026, 3, 4, 10, 0), NY) == datetime(2026, 3, 4, 15, 0, tzinfo=UTC)
    assert to_instant(datetime(2026, 7, 4, 10, 0), NY) == datetime(2026, 7, 4, 14, 0, tzinfo=UTC)


def test_to_instant_moves_a_wall_time_in_the_spring_forward_gap_past_the_gap() -> None:
    instant = to_instant(datetime(2026, 3, 8, 2, 30), NY)
    assert instant == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    assert format_instant(instant, NY) == "2026-03-08T03:30:00-04:00"


def test_to_instant_takes_the_first_of_a_repeated_fall_back_wall_time() -> None:
    instant = to_instant(datetime(2026, 11, 1, 1, 30), NY)
    assert instant == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    assert format_instant(instant, NY) == "2026-11-01T01:30:00-04:00"


def test_to_instant_ignores_a_fold_already_set_on_the_wall_time() -> None:
    second = datetime(2026, 11, 1, 1, 30, fold=1)
    assert to_instant(second, NY) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)


def test_to_wall_gives_naive_clock_time() -> None:
    wall = to_wall(datetime(2026, 11, 1, 6, 30, tzinfo=UTC), NY)
    assert wall == datetime(2026, 11, 1, 1, 30)
    assert wall.tzinfo is None


def test_local_date_depends_on_the_zone() -> None:
    instant = datetime(2026, 3, 5, 3, 0, tzinfo=UTC)
    assert local_date(instant, NY) == date(2026, 3, 4)
    assert local_date(instant, UTC_ZONE) == date(2026, 3, 5)
    assert local_date(instant, SYDNEY) == date(2026, 3, 5)


# --- parsing ------------------------------------------------------------------------------


def test_parse_date_reads_existing_dates() -> None:
    assert parse_date("2026-03-05") == date(2026, 3, 5)
    assert parse_date("2028-02-29") == date(2028, 2, 29)


@pytest.mark.parametrize(
    "text",
    ["2026-02-30", "2026-02-29", "2026-13-01", "2026-04-31", "2026-00-10"],
)
def test_parse_date_refuses_dates_not_in_the_calendar(text: str) -> None:
    with pytest.raises(InvalidTime, match="not a date in the calendar"):
        parse_date(text)


@pytest.mark.parametrize(
    "text", ["2026-3-5", "20260305", "03/05/2026", "tomorrow", "", "2026-03-05T10:00:00"]
)
def test_parse_date_refuses_other_shapes(text: str) -> None:
    with pytest.raises(InvalidTime, match=r"is not a date \(YYYY-MM-DD\)"):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-05T17:00:00-05:00", datetime(2026, 3, 5, 22, 0, tzinfo=UTC)),
        ("2026-03-05T17:00:00+05:30", datetime(2026, 3, 5, 11, 30, tzinfo=UTC)),
        ("2026-03-05T17:00:00+0530", datetime(2026, 3, 5, 11, 30, tzinfo=UTC)),
        ("2026-03-05T17:00:00Z", datetime(2026, 3, 5, 17, 0, tzinfo=UTC)),
        ("2026-03-05T17:00:00z", datetime(2026, 3, 5, 17, 0, tzinfo=UTC)),
        ("2026-03-05 17:00Z", datetime(2026, 3, 5, 17, 0, tzinfo=UTC)),
        ("2026-03-05T17:00:00.250Z", datetime(2026, 3, 5, 17, 0, 0, 250_000, tzinfo=UTC)),
    ],
)
def test_parse_instant_reads_offsets(text: str, expected: datetime) -> None:
    parsed = parse_instant(text, NY)
    assert parsed == expected
    assert parsed.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-05T17:00:00", datetime(2026, 3, 5, 22, 0, tzinfo=UTC)),
        ("2026-03-05T17:00", datetime(2026, 3, 5, 22, 0, tzinfo=UTC)),
        ("2026-07-05T17:00:00", datetime(2026, 7, 5, 21, 0, tzinfo=UTC)),
        ("2026-03-08T02:30:00", datetime(2026, 3, 8, 7, 30, tzinfo=UTC)),
        ("2026-11-01T01:30:00", datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),
    ],
)
def test_parse_instant_reads_a_time_without_offset_in_the_given_zone(
    text: str, expected: datetime
) -> None:
    assert parse_instant(text, NY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-05",
        "2026-03-05T17",
        "2026-03-05T17:00:00+05",
        "2026-03-05T17:00:00 EST",
        "5pm tomorrow",
        "2026-03-05T17:00:00-05:00junk",
    ],
)
def test_parse_instant_refuses_other_shapes(text: str) -> None:
    with pytest.raises(InvalidTime, match="is not a date-time"):
        parse_instant(text, NY)


@pytest.mark.parametrize(
    "text", ["2026-02-30T10:00:00Z", "2026-03-05T24:00:00Z", "2026-03-05T10:60:00-05:00"]
)
def test_parse_instant_refuses_times_not_in_the_calendar(text: str) -> None:
    with pytest.raises(InvalidTime, match="not a date-time in the calendar"):
        parse_instant(text, NY)


def test_parse_due_keeps_a_date_a_date_and_reads_anything_longer_as_an_instant() -> None:
    day = parse_due("2026-03-05", NY)
    assert type(day) is date
    assert day == date(2026, 3, 5)
    assert is_all_day(day)
    moment = parse_due("2026-03-05T17:00:00", NY)
    assert moment == datetime(2026, 3, 5, 22, 0, tzinfo=UTC)
    assert not is_all_day(moment)
    with pytest.raises(InvalidTime):
        parse_due("2026-02-30", NY)


# --- formatting and round trips ------------------------------------------------------------


def test_format_instant_uses_the_offset_in_force_at_that_instant() -> None:
    assert format_instant(datetime(2026, 3, 5, 22, 0, tzinfo=UTC), NY) == (
        "2026-03-05T17:00:00-05:00"
    )
    assert format_instant(datetime(2026, 3, 9, 13, 30, tzinfo=UTC), NY) == (
        "2026-03-09T09:30:00-04:00"
    )
    assert format_instant(datetime(2026, 3, 9, 13, 30, 15, 999_999, tzinfo=UTC), UTC_ZONE) == (
        "2026-03-09T13:30:15+00:00"
    )


def test_format_due_renders_dates_and_instants() -> None:
    assert format_due(date(2026, 3, 5), NY) == "2026-03-05"
    assert format_due(datetime(2026, 3, 5, 22, 0, tzinfo=UTC), NY) == "2026-03-05T17:00:00-05:00"


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-05",
        "2026-03-05T17:00:00-05:00",
        "2026-03-08T03:30:00-04:00",
        "2026-11-01T01:30:00-04:00",
        "2026-11-01T01:30:00-05:00",
        "2028-02-29T23:59:59-05:00",
    ],
)
def test_due_round_trips_through_text(text: str) -> None:
    assert format_due(parse_due(text, NY), NY) == text


def test_instant_round_trips_across_zones() -> None:
    instant = parse_instant("2026-10-04T09:30:00+11:00", SYDNEY)
    assert instant == datetime(2026, 10, 3, 22, 30, tzinfo=UTC)
    assert format_instant(instant, SYDNEY) == "2026-10-04T09:30:00+11:00"
    assert format_instant(instant, LONDON) == "2026-10-03T23:30:00+01:00"
    # Sydney's clocks jump from 02:00 to 03:00 that morning.
    assert format_instant(parse_instant("2026-10-04T02:30:00", SYDNEY), SYDNEY) == (
        "2026-10-04T03:30:00+11:00"
    )
    assert parse_instant(format_instant(instant, LONDON), NY) == instant


def test_format_timestamp_is_utc_with_milliseconds() -> None:
    moment = datetime(2026, 3, 4, 10, 0, 0, 123_456, tzinfo=timezone(timedelta(hours=-5)))
    assert format_timestamp(moment) == "2026-03-04T15:00:00.123Z"
    assert format_timestamp(datetime(2026, 3, 4, 15, 0, tzinfo=UTC)) == "2026-03-04T15:00:00.000Z"


def test_to_millis_and_from_millis() -> None:
    instant = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)
    assert to_millis(instant) == 1_772_636_400_000
    assert from_millis(1_772_636_400_000) == instant
    assert to_millis(EPOCH) == 0
    assert from_millis(0) == datetime(1970, 1, 1, tzinfo=UTC)
    assert to_millis(datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC)) == -1000


@pytest.mark.parametrize("millis", [0, 1, 999, 1_772_636_400_123, -1, -86_400_001])
def test_millis_round_trip(millis: int) -> None:
    assert to_millis(from_millis(millis)) == millis


def test_to_millis_drops_sub_millisecond_parts_and_ignores_the_offset() -> None:
    assert to_millis(datetime(1970, 1, 1, 0, 0, 0, 1_999, tzinfo=UTC)) == 1
    assert to_millis(datetime(1969, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC)) == -1
    eastern = datetime(2026, 3, 4, 10, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert to_millis(eastern) == 1_772_636_400_000


# --- overdue and ordering -----------------------------------------------------------------


def test_an_instant_is_overdue_once_passed() -> None:
    due = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)
    assert not is_overdue(due, due - timedelta(seconds=1), NY)
    assert not is_overdue(due, due, NY)
    assert is_overdue(due, due + timedelta(seconds=1), NY)


def test_a_date_is_overdue_once_its_day_is_over_in_the_users_zone() -> None:
    due = date(2026, 3, 4)
    # 23:59 on the 4th in New York: the day is not over there.
    late_evening = datetime(2026, 3, 5, 4, 59, tzinfo=UTC)
    assert not is_overdue(due, late_evening, NY)
    assert is_overdue(due, late_evening, UTC_ZONE)
    # Midnight of the 5th in New York.
    assert is_overdue(due, datetime(2026, 3, 5, 5, 0, tzinfo=UTC), NY)
    # Earlier the same day, and the day before.
    assert not is_overdue(due, datetime(2026, 3, 4, 5, 0, tzinfo=UTC), NY)
    assert not is_overdue(due, datetime(2026, 3, 3, 12, 0, tzinfo=UTC), NY)


def test_due_sort_key_and_due_wall() -> None:
    assert due_sort_key(date(2026, 3, 5), NY) == datetime(2026, 3, 5, 5, 0, tzinfo=UTC)
    instant = datetime(2026, 3, 5, 22, 0, tzinfo=UTC)
    assert due_sort_key(instant, NY) == instant
    assert due_wall(date(2026, 3, 5), NY) == datetime(2026, 3, 5, 0, 0)
    assert due_wall(instant, NY) == datetime(2026, 3, 5, 17, 0)


# --- start of day across daylight-saving changes -------------------------------------------


@pytest.mark.parametrize(
    ("tz_name", "day", "first_instant"),
    [
        ("America/New_York", "2026-03-07", "2026-03-07T00:00:00-05:00"),
        ("America/New_York", "2026-03-08", "2026-03-08T00:00:00-05:00"),
        ("America/New_York", "2026-03-09", "2026-03-09T00:00:00-04:00"),
        ("America/New_York", "2026-11-01", "2026-11-01T00:00:00-04:00"),
        ("America/New_York", "2026-11-02", "2026-11-02T00:00:00-05:00"),
        ("Europe/London", "2026-03-29", "2026-03-29T00:00:00+00:00"),
        ("Europe/London", "2026-03-30", "2026-03-30T00:00:00+01:00"),
        ("Australia/Sydney", "2026-04-05", "2026-04-05T00:00:00+11:00"),
        ("Australia/Sydney", "2026-04-06", "2026-04-06T00:00:00+10:00"),
        ("Australia/Sydney", "2026-10-04", "2026-10-04T00:00:00+10:00"),
        ("Australia/Sydney", "2026-10-05", "2026-10-05T00:00:00+11:00"),
        # Chile moves its clocks at midnight: the 6th of September starts at 01:00,
        # and the 5th of April starts when 00:00 first shows, after the 4th's repeated hour.
        ("America/Santiago", "2026-09-06", "2026-09-06T01:00:00-03:00"),
        ("America/Santiago", "2026-04-05", "2026-04-05T00:00:00-04:00"),
    ],
)
def test_start_of_day_across_dst(tz_name: str, day: str, first_instant: str) -> None:
    tz = zone(tz_name)
    start = start_of_day(date.fromisoformat(day), tz)
    assert start == datetime.fromisoformat(first_instant)
    assert start.tzinfo is UTC
    assert format_instant(start, tz) == first_instant
    assert local_date(start, tz) == date.fromisoformat(day)
    assert local_date(start - timedelta(microseconds=1), tz) < date.fromisoformat(day)


@pytest.mark.parametrize(
    ("tz_name", "day", "hours"),
    [
        ("America/New_York", date(2026, 3, 8), 23),
        ("America/New_York", date(2026, 11, 1), 25),
        ("America/New_York", date(2026, 6, 1), 24),
        ("Europe/London", date(2026, 3, 29), 23),
        ("Europe/London", date(2026, 10, 25), 25),
        ("Australia/Sydney", date(2026, 10, 4), 23),
        ("Australia/Sydney", date(2026, 4, 5), 25),
    ],
)
def test_day_length_follows_dst(tz_name: str, day: date, hours: int) -> None:
    tz = zone(tz_name)
    length = start_of_day(day + timedelta(days=1), tz) - start_of_day(day, tz)
    assert length == timedelta(hours=hours)
