"""Time zones, instants and due values.

Instants are aware ``datetime`` objects in UTC. A due is either a calendar
``date`` (no time of day) or an instant. Wall-clock times in a user's zone are
naive ``datetime`` objects; :func:`to_instant` turns one into an instant,
moving a time that falls into a spring-forward gap forward and taking the
first of two times that a fall-back repeats.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

Due = date | datetime
"""A date with no time of day, or an aware instant. Check ``datetime`` first."""

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?"
    r"(Z|z|[+-]\d{2}(:\d{2}(:\d{2})?|\d{2}(\d{2})?))?$"
)


class InvalidTime(ValueError):
    """A zone, date or date-time that cannot be read or does not exist."""


EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(9000, 12, 31)
"""The dates a client may give (dues, reminders, filters): from 1900, where the zone
database's offsets begin to be more than local mean time, to 9000, which leaves
every zone's offset, a reminder a year before or after, and a series' next
occurrences far inside what ``datetime`` can hold (years 1 to 9999)."""
EARLIEST_INSTANT = datetime.combine(EARLIEST_DATE - timedelta(days=1), time.min, UTC)
LATEST_INSTANT = datetime.combine(LATEST_DATE + timedelta(days=1), time.max, UTC)
"""A date-time is judged by its date as written; its instant may then fall a day
either side of the supported dates in UTC, never further."""
SUPPORTED_RANGE = f"from {EARLIEST_DATE} to {LATEST_DATE}"


_NOT_ZONES = frozenset({"Factory", "localtime", "posixrules"})


@lru_cache(maxsize=1)
def known_zones() -> frozenset[str]:
    return frozenset(available_timezones()) - _NOT_ZONES


@lru_cache(maxsize=1024)
def zone(name: str) -> ZoneInfo:
    """The IANA zone called ``name``; raises :class:`InvalidTime` for unknown names."""
    if name not in known_zones():
        raise InvalidTime(f"unknown time zone {name!r}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise InvalidTime(f"unknown time zone {name!r}") from exc


def is_all_day(due: Due) -> bool:
    return not isinstance(due, datetime)


def utc(moment: datetime) -> datetime:
    """The same instant in UTC; naive values are refused."""
    if moment.tzinfo is None:
        raise InvalidTime("a date-time needs an offset")
    return moment.astimezone(UTC)


def to_instant(wall: datetime, tz: ZoneInfo) -> datetime:
    """The instant at which the clocks of ``tz`` show ``wall``.

    ``fold=0`` reads a wall time inside a spring-forward gap with the offset from
    before the change, which lands just after the gap (02:30 becomes 03:30), and
    picks the first of the two instants a fall-back repeats.
    """
    return wall.replace(tzinfo=tz, fold=0).astimezone(UTC)


def to_wall(instant: datetime, tz: ZoneInfo) -> datetime:
    """The naive wall-clock time ``tz`` shows at ``instant``."""
    return instant.astimezone(tz).replace(tzinfo=None)


def start_of_day(day: date, tz: ZoneInfo) -> datetime:
    """The first instant of ``day`` in ``tz``."""
    return to_instant(datetime.combine(day, time.min), tz)


def local_date(instant: datetime, tz: ZoneInfo) -> date:
    return instant.astimezone(tz).date()


def parse_date(text: str) -> date:
    """A calendar date ``YYYY-MM-DD`` that exists."""
    if not _ISO_DATE.match(text):
        raise InvalidTime(f"{text!r} is not a date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidTime(f"{text!r} is not a date in the calendar") from exc


def parse_instant(text: str, tz: ZoneInfo) -> datetime:
    """A date-time with an offset (or ``Z``); one without is read in ``tz``."""
    if not _ISO_DATETIME.match(text):
        raise InvalidTime(f"{text!r} is not a date-time (YYYY-MM-DDTHH:MM:SS±HH:MM)")
    try:
        parsed = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError as exc:
        raise InvalidTime(f"{text!r} is not a date-time in the calendar") from exc
    try:
        if parsed.tzinfo is None:
            return to_instant(parsed, tz)
        return parsed.astimezone(UTC)
    except OverflowError as exc:
        raise InvalidTime(f"must be {SUPPORTED_RANGE}") from exc


def parse_due(text: str, tz: ZoneInfo) -> Due:
    """A due value: ``YYYY-MM-DD`` stays a date, anything longer is an instant."""
    if _ISO_DATE.match(text):
        return parse_date(text)
    return parse_instant(text, tz)


def check_supported(value: Due) -> Due:
    """``value`` if it lies in the supported range (an instant is judged in UTC);
    raises :class:`InvalidTime`."""
    if isinstance(value, datetime):
        inside = EARLIEST_INSTANT <= utc(value) <= LATEST_INSTANT
    else:
        inside = EARLIEST_DATE <= value <= LATEST_DATE
    if not inside:
        raise InvalidTime(f"must be {SUPPORTED_RANGE}")
    return value


def check_written_date(text: str) -> None:
    """Refuse a date or date-time whose date as written (``YYYY-MM-DD...``) is
    outside the supported range; raises :class:`InvalidTime`."""
    written = parse_date(text.strip()[:10])
    if not EARLIEST_DATE <= written <= LATEST_DATE:
        raise InvalidTime(f"must be {SUPPORTED_RANGE}")


def is_supported(value: Due) -> bool:
    try:
        check_supported(value)
    except InvalidTime:
        return False
    return True


def format_instant(instant: datetime, tz: ZoneInfo) -> str:
    """``YYYY-MM-DDTHH:MM:SS±HH:MM`` as the clocks of ``tz`` show ``instant``."""
    return instant.astimezone(tz).isoformat(timespec="seconds")


def format_due(due: Due, tz: ZoneInfo) -> str:
    if isinstance(due, datetime):
        return format_instant(due, tz)
    return due.isoformat()


def format_timestamp(instant: datetime) -> str:
    """A UTC timestamp with milliseconds: ``2026-03-04T15:00:00.000Z``."""
    return instant.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_MILLISECOND = timedelta(milliseconds=1)


def to_millis(instant: datetime) -> int:
    """Milliseconds since the epoch, exactly (sub-millisecond parts are dropped)."""
    return (instant - EPOCH) // _ONE_MILLISECOND


def from_millis(millis: int) -> datetime:
    return EPOCH + timedelta(milliseconds=millis)


def due_sort_key(due: Due, tz: ZoneInfo) -> datetime:
    """Where a due sits on the time line: its instant, or the start of its day."""
    if isinstance(due, datetime):
        return due
    return start_of_day(due, tz)


def due_wall(due: Due, tz: ZoneInfo) -> datetime:
    """A due as a naive wall-clock time in ``tz`` (midnight for a date)."""
    if isinstance(due, datetime):
        return to_wall(due, tz)
    return datetime.combine(due, time.min)


def is_overdue(due: Due, now: datetime, tz: ZoneInfo) -> bool:
    """An instant is overdue once passed; a date once its day in ``tz`` is over."""
    if isinstance(due, datetime):
        return due < now
    return due < local_date(now, tz)


ONE_DAY = timedelta(days=1)
