"""Recurrence rules (RFC 5545 RRULE values) and the next occurrence of a series.

Rules expand in the owner's wall-clock time, so a task at 09:00 stays at 09:00
across daylight-saving changes. A series keeps the due of its first occurrence
(its *anchor*), so a monthly task anchored on the 31st falls on the last day of
shorter months and comes back to the 31st, and a yearly task on 29 February
falls on the 28th in common years. ``COUNT`` is kept by the series' own
occurrence counter; ``UNTIL`` ends the expansion.

A completed task's next occurrence is the first one still ahead when it was
completed (:func:`following_on_schedule`: an overdue task is not followed by a
pile of past ones, and the dates passed over are named), or, for a task that
repeats after completion, the rule's first occurrence after the day it was done
(:func:`following_after_completion`).

``dateutil.rrule`` does the expansion.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil import rrule as dateutil_rrule

from todo_chatbot.core.timekeeping import (
    LATEST_DATE,
    Due,
    due_wall,
    is_supported,
    local_date,
    to_instant,
    to_wall,
)

MAX_RULE_LENGTH = 500
MAX_COUNT = 10_000
MAX_INTERVAL = 1_000

_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_SUB_DAILY = ("HOURLY", "MINUTELY", "SECONDLY")
_ALLOWED_PARTS = frozenset(
    {
        "FREQ",
        "INTERVAL",
        "COUNT",
        "UNTIL",
        "BYDAY",
        "BYMONTHDAY",
        "BYMONTH",
        "BYYEARDAY",
        "BYWEEKNO",
        "BYSETPOS",
        "WKST",
    }
)
_TIME_OF_DAY_PARTS = frozenset({"BYHOUR", "BYMINUTE", "BYSECOND"})


class InvalidRecurrence(ValueError):
    """A recurrence that is not a usable RRULE; the message says why."""


@dataclass(frozen=True)
class RecurrenceRule:
    """A validated RRULE value: ``text`` is its normalized form."""

    text: str
    parts: tuple[tuple[str, str], ...]

    def get(self, name: str) -> str | None:
        for key, value in self.parts:
            if key == name:
                return value
        return None

    @property
    def count(self) -> int | None:
        value = self.get("COUNT")
        return int(value) if value is not None else None


def parse_rule(text: str) -> RecurrenceRule:
    """Read and check an RRULE value; raises :class:`InvalidRecurrence`."""
    body = text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[len("RRULE:") :]
    body = body.replace(" ", "").upper().rstrip(";")
    if not body:
        raise InvalidRecurrence("the recurrence is empty")
    if len(body) > MAX_RULE_LENGTH:
        raise InvalidRecurrence(f"the recurrence is longer than {MAX_RULE_LENGTH} characters")
    parts = _split_parts(body)
    _check_parts(parts)
    rule = RecurrenceRule(text=";".join(f"{k}={v}" for k, v in parts), parts=tuple(parts))
    _expand(rule, anchor=datetime(2026, 1, 1), tz=None, with_limits=False)  # syntax check
    return rule


@lru_cache(maxsize=4096)
def rule_from_storage(text: str) -> RecurrenceRule:
    """A rule that was checked when it was stored: split, not checked again."""
    return RecurrenceRule(text=text, parts=tuple(_split_parts(text)))


def _split_parts(body: str) -> list[tuple[str, str]]:
    parts: list[tuple[str, str]] = []
    seen: set[str] = set()
    for item in body.split(";"):
        name, sep, value = item.partition("=")
        if not sep or not name or not value:
            raise InvalidRecurrence(f"{item!r} is not NAME=VALUE")
        if name in seen:
            raise InvalidRecurrence(f"{name} is given twice")
        seen.add(name)
        parts.append((name, value))
    return parts


def _check_parts(parts: list[tuple[str, str]]) -> None:
    values = dict(parts)
    freq = values.get("FREQ")
    if freq is None:
        raise InvalidRecurrence("FREQ is required")
    if freq in _SUB_DAILY:
        raise InvalidRecurrence("a recurrence may repeat at most daily")
    if freq not in _FREQUENCIES:
        raise InvalidRecurrence(f"FREQ must be one of {', '.join(_FREQUENCIES)}")
    for name in values:
        if name in _TIME_OF_DAY_PARTS:
            raise InvalidRecurrence(f"{name} is not supported: the time of day comes from the due")
        if name not in _ALLOWED_PARTS:
            raise InvalidRecurrence(f"{name} is not a supported RRULE part")
    if "COUNT" in values and "UNTIL" in values:
        raise InvalidRecurrence("COUNT and UNTIL cannot both be given")
    _check_bounded_int(values, "INTERVAL", MAX_INTERVAL)
    _check_bounded_int(values, "COUNT", MAX_COUNT)
    if "UNTIL" in values:
        _parse_until(values["UNTIL"])
    for name, limit in _NUMBER_LISTS.items():
        if name in values:
            _check_number_list(name, values[name], limit, signed=name != "BYMONTH")
    if "BYDAY" in values:
        _check_days(values["BYDAY"], freq)
    if "WKST" in values and values["WKST"] not in _WEEKDAYS:
        raise InvalidRecurrence("WKST must be a weekday such as MO")


_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_NUMBER_LISTS = {"BYMONTHDAY": 31, "BYMONTH": 12, "BYYEARDAY": 366, "BYWEEKNO": 53, "BYSETPOS": 366}
_NUMBER = re.compile(r"^[+-]?[0-9]{1,3}$")
_WHOLE_NUMBER = re.compile(r"^[0-9]{1,9}$")
_DAY = re.compile(r"^([+-]?[0-9]{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_ORDINAL_LIMITS = {"MONTHLY": 5, "YEARLY": 53}


def _check_bounded_int(values: dict[str, str], name: str, maximum: int) -> None:
    if name not in values:
        return
    raw = values[name]
    if not _WHOLE_NUMBER.match(raw) or not 1 <= int(raw) <= maximum:
        raise InvalidRecurrence(f"{name} must be a whole number from 1 to {maximum}")


def _check_number_list(name: str, raw: str, limit: int, *, signed: bool) -> None:
    for item in raw.split(","):
        number = int(item) if _NUMBER.match(item) else 0
        if not (1 <= abs(number) <= limit and (signed or number > 0)):
            span = f"1 to {limit}" + (f" or -{limit} to -1" if signed else "")
            raise InvalidRecurrence(f"{name} values must be from {span}")


def _check_days(raw: str, freq: str) -> None:
    for item in raw.split(","):
        match = _DAY.match(item)
        if match is None:
            raise InvalidRecurrence(f"BYDAY {item!r} is not a weekday such as MO or -1FR")
        if match.group(1) is None:
            continue
        limit = _ORDINAL_LIMITS.get(freq)
        if limit is None:
            raise InvalidRecurrence(
                f"BYDAY {item!r}: numbered weekdays need FREQ=MONTHLY or YEARLY"
            )
        if not 1 <= abs(int(match.group(1))) <= limit:
            raise InvalidRecurrence(
                f"BYDAY {item!r}: the number must be from 1 to {limit} or -{limit} to -1"
            )


def _parse_until(raw: str) -> date | datetime:
    """``YYYYMMDD``, ``YYYYMMDDTHHMMSS`` (wall time) or ``...Z`` (UTC)."""
    try:
        if len(raw) == 8:
            return datetime.strptime(raw, "%Y%m%d").date()
        if len(raw) == 16 and raw.endswith("Z"):
            return datetime.strptime(raw, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        if len(raw) == 15:
            return datetime.strptime(raw, "%Y%m%dT%H%M%S")
    except ValueError:
        pass
    raise InvalidRecurrence(f"UNTIL {raw!r} is not a date or date-time")


def _until_wall(raw: str, tz: ZoneInfo | None) -> datetime:
    """UNTIL as a naive wall time in the owner's zone; a date means its whole day."""
    until = _parse_until(raw)
    if isinstance(until, datetime):
        if until.tzinfo is not None:
            return to_wall(until, tz) if tz is not None else until.replace(tzinfo=None)
        return until
    return datetime.combine(until, time(23, 59, 59))


def _month_end_parts(rule: RecurrenceRule, anchor: datetime) -> dict[str, str]:
    """Parts that keep a series on its day of month, or on the month's last day.

    ``FREQ=MONTHLY`` anchored on the 31st (or ``BYMONTHDAY=31``) becomes "the
    latest of the 28th to the 31st", the standard RRULE way of saying "the 31st
    or the month's last day"; likewise a yearly rule on 29 February.
    """
    values = dict(rule.parts)
    freq = values["FREQ"]
    if freq not in ("MONTHLY", "YEARLY"):
        return values
    if any(k in values for k in ("BYDAY", "BYSETPOS", "BYYEARDAY", "BYWEEKNO")):
        return values
    month_day = values.get("BYMONTHDAY", str(anchor.day))
    if not month_day.isdigit() or int(month_day) <= 28:
        return values
    if freq == "YEARLY":
        month = values.get("BYMONTH", str(anchor.month))
        if not month.isdigit():
            return values
        values["BYMONTH"] = month
    values["BYMONTHDAY"] = ",".join(str(d) for d in range(28, int(month_day) + 1))
    values["BYSETPOS"] = "-1"
    return values


def _expand(
    rule: RecurrenceRule, *, anchor: datetime, tz: ZoneInfo | None, with_limits: bool
) -> dateutil_rrule.rrule:
    """The dateutil rule for ``rule`` starting at the naive wall time ``anchor``.

    COUNT is left out (the series counts its own occurrences); UNTIL is kept
    only ``with_limits``.
    """
    values = _month_end_parts(rule, anchor)
    values.pop("COUNT", None)
    until = values.pop("UNTIL", None)
    if with_limits and until is not None:
        values["UNTIL"] = _until_wall(until, tz).strftime("%Y%m%dT%H%M%S")
    text = ";".join(f"{k}={v}" for k, v in values.items())
    try:
        parsed = dateutil_rrule.rrulestr(text, dtstart=anchor, cache=False)
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise InvalidRecurrence(f"not a valid RRULE: {exc}") from exc
    if not isinstance(parsed, dateutil_rrule.rrule):
        raise InvalidRecurrence("not a single RRULE")
    return parsed


def check_repeats(rule: RecurrenceRule, anchor: Due, tz: ZoneInfo) -> None:
    """Refuse a rule that would never produce an occurrence after its anchor.

    dateutil searches an impossible rule (the 30th of February) up to the year
    9999, which takes seconds; the probe runs the rule from a year near the end
    of the calendar with the same leap status and weekday of 1 January as the
    anchor's, so the search is bounded to a few decades.
    """
    wall = due_wall(anchor, tz)
    probe_start = wall.replace(year=_probe_year(wall.year, _room_years(rule)))
    probe = _expand(rule, anchor=probe_start, tz=tz, with_limits=False)
    try:
        following = probe.after(probe_start, inc=False)
    except (ValueError, IndexError) as exc:
        raise InvalidRecurrence(f"not a valid RRULE: {exc}") from exc
    if following is None:
        raise InvalidRecurrence("the recurrence never repeats")


_PERIOD_YEARS = {"DAILY": 1 / 365, "WEEKLY": 7 / 365, "MONTHLY": 1 / 12, "YEARLY": 1.0}


def _room_years(rule: RecurrenceRule) -> int:
    """Years a rule may need to show its next occurrence: 30, plus four of its periods."""
    interval = int(rule.get("INTERVAL") or 1)
    return 30 + math.ceil(4 * interval * _PERIOD_YEARS[rule.get("FREQ") or "DAILY"])


def _probe_year(year: int, room: int) -> int:
    """A year with ``room`` years before 9999, shaped like ``year`` (leap, 1 January)."""
    leap = calendar.isleap(year)
    weekday = date(year, 1, 1).weekday()
    latest = max(datetime.max.year - room, 1 + 28)
    for candidate in range(latest, latest - 28 * 15, -1):
        if calendar.isleap(candidate) == leap and date(candidate, 1, 1).weekday() == weekday:
            return candidate
    raise AssertionError("every calendar year shape recurs within 400 years")


def next_occurrence(
    rule: RecurrenceRule,
    *,
    anchor: Due,
    current: Due,
    occurrence: int,
    tz: ZoneInfo,
) -> Due | None:
    """The due of the occurrence after ``current`` (number ``occurrence``), or None
    when the series has ended: by its COUNT or UNTIL, or at the end of the
    supported dates (:data:`~todo_chatbot.core.timekeeping.LATEST_DATE`).

    ``anchor`` is the due the series was started (or last re-based) at. The
    result is a date when the series is of dates, else an instant whose wall
    time in ``tz`` follows the rule.
    """
    count = rule.count
    if count is not None and occurrence >= count:
        return None
    expansion = _expand(rule, anchor=due_wall(anchor, tz), tz=tz, with_limits=True)
    following = expansion.after(due_wall(current, tz), inc=False)
    if following is None or following.date() > LATEST_DATE:
        return None
    due: Due = to_instant(following, tz) if isinstance(anchor, datetime) else following.date()
    return due if is_supported(due) else None


MAX_SKIPPED_LISTED = 100
"""The most skipped dates a completion lists (the earliest ones)."""
_SKIP_SCAN_LIMIT = 10_000
"""Skipped dates counted one by one before the expansion jumps to the first one ahead
(a series without COUNT does not need the exact number)."""


@dataclass(frozen=True)
class Following:
    """The occurrence that follows a completed one: its due, its number in the series,
    the anchor it expands from, and the dates passed over because they were already past
    when the task was completed (at most :data:`MAX_SKIPPED_LISTED` of them listed)."""

    due: Due
    occurrence: int
    anchor: Due
    skipped: tuple[Due, ...] = ()


def following_on_schedule(
    rule: RecurrenceRule,
    *,
    anchor: Due,
    current: Due,
    occurrence: int,
    tz: ZoneInfo,
    completed_at: datetime | None,
) -> Following | None:
    """The first occurrence after ``current`` still ahead at ``completed_at``.

    A date is still ahead on the day of the completion (in ``tz``) and after; a
    date-time, after the completion's instant. The occurrences passed over count
    towards COUNT. With no completion time every occurrence is ahead.
    """
    count = rule.count
    expansion = _expand(rule, anchor=due_wall(anchor, tz), tz=tz, with_limits=True)
    skipped: list[Due] = []
    number = occurrence
    upcoming = expansion.xafter(due_wall(current, tz), inc=False)
    while (following := next(upcoming, None)) is not None:
        if (count is not None and number >= count) or following.date() > LATEST_DATE:
            return None
        number += 1
        due = _as_due(following, anchor, tz)
        if completed_at is None or _is_ahead(due, completed_at, tz):
            if not is_supported(due):
                return None
            return Following(due=due, occurrence=number, anchor=anchor, skipped=tuple(skipped))
        if len(skipped) < MAX_SKIPPED_LISTED:
            skipped.append(due)
        if number - occurrence >= _SKIP_SCAN_LIMIT and count is None:
            last = _last_passed(expansion, completed_at, anchor, tz)
            if last is not None and last > following:
                upcoming = expansion.xafter(last, inc=False)
    return None


def following_after_completion(
    rule: RecurrenceRule,
    *,
    current: Due,
    occurrence: int,
    tz: ZoneInfo,
    completed_at: datetime,
) -> Following | None:
    """The occurrence the rule gives after the day of the completion, at the time of
    day of ``current``: "every 3 days" after completion is three days after the day it
    was done. The series is re-based on that due (COUNT and UNTIL still end it)."""
    count = rule.count
    if count is not None and occurrence >= count:
        return None
    done_on = local_date(completed_at, tz)
    start = datetime.combine(done_on, due_wall(current, tz).time())
    start_due = _as_due(start, current, tz)
    expansion = _expand(rule, anchor=start, tz=tz, with_limits=True)
    following = expansion.after(start, inc=False)
    if following is None or following.date() > LATEST_DATE:
        return None
    due = _as_due(following, current, tz)
    if not is_supported(due):
        return None
    return Following(due=due, occurrence=occurrence + 1, anchor=start_due)


def upcoming_dues(
    rule: RecurrenceRule,
    *,
    anchor: Due,
    current: Due,
    occurrence: int,
    tz: ZoneInfo,
    count: int,
) -> list[Due]:
    """``current`` and the dues that follow it on the schedule, ``count`` in all at most
    (fewer when COUNT, UNTIL or the supported dates end the series first)."""
    dues: list[Due] = [current]
    number = occurrence
    expansion = _expand(rule, anchor=due_wall(anchor, tz), tz=tz, with_limits=True)
    for following in expansion.xafter(due_wall(current, tz), inc=False):
        ended = rule.count is not None and number >= rule.count
        if len(dues) >= count or ended or following.date() > LATEST_DATE:
            break
        due = _as_due(following, anchor, tz)
        if not is_supported(due):
            break
        dues.append(due)
        number += 1
    return dues


def _as_due(wall: datetime, like: Due, tz: ZoneInfo) -> Due:
    """A wall time as a due of the same kind as ``like``: an instant, or a date."""
    return to_instant(wall, tz) if isinstance(like, datetime) else wall.date()


def _is_ahead(due: Due, completed_at: datetime, tz: ZoneInfo) -> bool:
    if isinstance(due, datetime):
        return due > completed_at
    return due >= local_date(completed_at, tz)


def _last_passed(
    expansion: dateutil_rrule.rrule, completed_at: datetime, like: Due, tz: ZoneInfo
) -> datetime | None:
    """The last occurrence no longer ahead at ``completed_at`` (the cursor to jump to)."""
    done = to_wall(completed_at, tz)
    if not isinstance(like, datetime):
        return expansion.before(datetime.combine(done.date(), time.min), inc=False)
    return expansion.before(done, inc=True)
