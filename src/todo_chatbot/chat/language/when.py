"""Dates and times in a message: "tomorrow at 5pm", "next friday", "in 20 minutes".

The grammar reads *pieces*: a day or a range of days ("friday", "next week",
"march 5th"), a clock time ("5pm", "half past four"), a part of the day
("tonight", "in the morning"), an exact instant ("in 20 minutes") or a zone
("GMT"). Pieces that stand next to each other, with at most a few linking
words between them ("friday *at* 5pm"), form one :class:`Moment`. A moment
resolves against ``now`` in the user's zone:

- an instant is itself ("in N minutes / hours": ``now`` plus N, to the second);
- a day and a time make a date-time, the wall time in the zone turned into an
  instant by :func:`~todo_chatbot.core.timekeeping.to_instant` (a time in a
  spring-forward gap moves forward; a repeated one takes its first instant);
- a time alone is the next time that wall-clock time occurs after ``now``;
- a day alone is a date with no time.

Conventions (see the contract): a weekday is the first such day after today,
never today; "next friday" is the Friday of next week; "next week" is its
Monday; "this weekend" the coming Saturday; "end of the month" its last day;
"in N days / weeks / months" a date; morning 09:00, noon 12:00, afternoon
15:00, evening 18:00, night 20:00, end of day 17:00. Numeric dates are US
style (3/20 is March 20). An hour said without am/pm and without a day is the
sooner of its two readings; with a day it is read as a working hour (1 to 6
in the afternoon, 7 to 11 in the morning).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Final
from zoneinfo import ZoneInfo

from todo_chatbot.chat.language.calendar_math import (
    ONE_DAY,
    add_months,
    month_end,
    month_start,
    next_day_of_month,
    next_month_day,
    next_weekday,
    nth_weekday,
    previous_weekday,
    safe_date,
    week_start,
)
from todo_chatbot.chat.language.words import MONTHS, WEEKDAYS, Sentence, Span
from todo_chatbot.core.timekeeping import Due, to_instant

# ---------------------------------------------------------------- values


@dataclass(frozen=True)
class Now:
    """The moment a message is read: the instant, the zone, and the wall clock there."""

    instant: datetime
    tz: ZoneInfo

    @property
    def wall(self) -> datetime:
        return self.instant.astimezone(self.tz).replace(tzinfo=None)

    @property
    def today(self) -> date:
        return self.wall.date()


@dataclass(frozen=True)
class Days:
    """A day or a run of days: ``first`` to ``last``; a task due then is due on ``point``."""

    first: date
    last: date
    point: date

    @classmethod
    def single(cls, day: date) -> Days:
        return cls(day, day, day)


@dataclass(frozen=True)
class Clock:
    """A time of day; ``known_half`` when am/pm or a 24-hour form fixes the hour."""

    hour: int
    minute: int = 0
    second: int = 0
    known_half: bool = True
    after_midnight: bool = False


@dataclass(frozen=True)
class DayPart:
    """A part of the day: its usual hour, whether it reads hours as pm, and its day if named."""

    clock: Clock
    afternoon_hours: bool | None
    day_offset: int | None = None


@dataclass(frozen=True)
class Piece:
    """What one grammar rule read, and the words it read it from."""

    span: Span
    prefix: str = ""
    days: Days | None = None
    weekday: int | None = None
    calendar_date: bool = False
    clock: Clock | None = None
    part: DayPart | None = None
    instant: datetime | None = None
    zone: timedelta | None = None


@dataclass(frozen=True)
class Moment:
    """Neighbouring pieces read together: at most one of each kind."""

    span: Span
    prefix: str
    days: Days | None
    clock: Clock | None
    part: DayPart | None
    instant: datetime | None
    zone: timedelta | None
    pieces: tuple[Piece, ...]


# ---------------------------------------------------------------- patterns

_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
_MONTH = "(?:" + "|".join(MONTHS) + ")"
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
_PREFIX = (
    r"(?P<pre>(?:(?:on|at|@|by|for|due|from|around|about|approximately|approx|before|until|"
    r"starting|beginning|no later than|not later than|sometime|some time|the|of|this coming|"
    r"due on|due by|due at|set for|scheduled for|for the|ideally) )*)"
)
_UNIT_SECONDS: Final = {
    "seconds": 1,
    "second": 1,
    "minutes": 60,
    "minute": 60,
    "hours": 3600,
    "hour": 3600,
    "h": 3600,
}
_ZONES: Final = {
    "gmt": 0,
    "utc": 0,
    "z": 0,
    "wet": 0,
    "bst": 60,
    "west": 60,
    "cet": 60,
    "cest": 120,
    "eet": 120,
    "eest": 180,
    "ist": 330,
    "jst": 540,
    "aest": 600,
    "aedt": 660,
    "est": -300,
    "edt": -240,
    "cst": -360,
    "cdt": -300,
    "mst": -420,
    "mdt": -360,
    "pst": -480,
    "pdt": -420,
    "akst": -540,
    "hst": -600,
}
_PART_CLOCKS: Final = {
    "morning": Clock(9, known_half=False),
    "afternoon": Clock(15, known_half=False),
    "evening": Clock(18, known_half=False),
    "night": Clock(20, known_half=False),
}
_EARLY_LATE_CLOCKS: Final = {
    ("early", "morning"): 7,
    ("late", "morning"): 11,
    ("mid", "morning"): 10,
    ("early", "afternoon"): 13,
    ("late", "afternoon"): 17,
    ("mid", "afternoon"): 15,
    ("early", "evening"): 18,
    ("late", "evening"): 21,
    ("early", "night"): 20,
    ("late", "night"): 22,
}
_MEAL_CLOCKS: Final = {
    "breakfast": 8,
    "lunch": 12,
    "lunchtime": 12,
    "dinner": 19,
    "dinnertime": 19,
    "supper": 19,
}
_AFTER_CLOCKS: Final = {"lunch": 13, "work": 18, "school": 15, "dinner": 20, "breakfast": 9}
_SEASON_STARTS: Final = {
    "spring": (3, 20),
    "summer": (6, 21),
    "fall": (9, 23),
    "autumn": (9, 23),
    "winter": (12, 21),
}
_ORDINAL_WORDS: Final = {
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "5th": 5,
    "last": -1,
    "first": 1,
    "final": -1,
}

Groups = dict[str, str]
"""A match's named groups, "" for those that did not take part; "_" is the whole match."""
Handler = Callable[[Groups, Now], "Piece | None"]


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    read: Handler


def _words(body: str) -> re.Pattern[str]:
    """A pattern that matches whole words only."""
    return re.compile(rf"(?<!\S){body}(?!\S)")


# ---------------------------------------------------------------- helpers


def _month_number(name: str) -> int:
    return MONTHS.index(name) + 1


def _weekday_number(name: str) -> int:
    return WEEKDAYS.index(name.rstrip("s"))


def _day_number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _count(text: str) -> float:
    """ "3", "2.5", "a", "an", "1/2" as a number."""
    if text in ("a", "an"):
        return 1.0
    if "/" in text:
        top, bottom = text.split("/")
        return int(top) / int(bottom)
    return float(text)


def _year(text: str | None, default: int) -> int:
    """A written year; two digits mean this century unless that is over 20 years ahead."""
    if not text:
        return default
    value = int(text)
    if value >= 100:
        return value
    century = default - default % 100
    return century + value if century + value <= default + 20 else century - 100 + value


def _days(first: date, last: date | None = None, point: date | None = None) -> Days:
    last = first if last is None else last
    return Days(first, last, first if point is None else point)


def _this_period(first: date, last: date, today: date) -> Days:
    """A period that may have begun: due today while it runs, else on its first day."""
    return Days(first, last, today if first <= today <= last else first)


def _piece(**fields: object) -> Piece:
    return Piece(span=Span(0, 0), **fields)  # type: ignore[arg-type]


# ---------------------------------------------------------------- instants


def _read_now(g: Groups, now: Now) -> Piece:
    return _piece(instant=now.instant)


def duration_seconds(text: str) -> float | None:
    """Seconds in "2 hours", "an hour and a half", "1 hour 30 minutes", "half an hour"."""
    total = 0.0
    chunk: list[str] = []
    last_unit = 0
    for word in text.split():
        if word in _UNIT_SECONDS:
            amount = _chunk_amount(chunk)
            if amount is None:
                return None
            last_unit = _UNIT_SECONDS[word]
            total += amount * last_unit
            chunk = []
        else:
            chunk.append(word)
    if chunk:
        if last_unit == 0 or _chunk_amount(chunk) != 0.5:
            return None
        total += 0.5 * last_unit
    return total if last_unit else None


def _chunk_amount(words: list[str]) -> float | None:
    """How many units the words before a unit say: "2", "a", "half an", "3 quarters of an"."""
    meaningful = [w for w in words if w not in ("and", "of", "more", "about", "around")]
    numbers = [_count(w) for w in meaningful if w[0].isdigit()]
    number = numbers[0] if len(numbers) == 1 else None
    if len(numbers) > 1:
        return None
    if "half" in meaningful:
        return number + 0.5 if number is not None else 0.5
    if "quarter" in meaningful or "quarters" in meaningful:
        return (number or 1) * 0.25
    if number is not None:
        return number
    if meaningful and all(w in ("a", "an") for w in meaningful):
        return 1.0
    return None


_DURATION = (
    r"(?P<dur>(?:(?:\d+(?:\.\d+)?|\d/\d|an?|half|quarters?|of|and|more) )*"
    r"(?:seconds?|minutes?|hours?|h)"
    r"(?: (?:(?:\d+(?:\.\d+)?|an?|half|and|of) )*(?:seconds?|minutes?|hours?|h))*"
    r"(?: and an? half)?)"
)


def _read_in_duration(g: Groups, now: Now) -> Piece | None:
    seconds = duration_seconds(g["dur"].strip())
    if seconds is None:
        return None
    return _piece(instant=now.instant + timedelta(seconds=round(seconds)))


def _read_in_bare_minutes(g: Groups, now: Now) -> Piece:
    return _piece(instant=now.instant + timedelta(minutes=int(g["n"])))


# ---------------------------------------------------------------- days


def _read_relative_day(g: Groups, now: Now) -> Piece:
    word = g["rel"]
    offsets = {
        "today": 0,
        "tomorrow": 1,
        "yesterday": -1,
        "day after tomorrow": 2,
        "day before yesterday": -2,
    }
    return _piece(days=Days.single(now.today + timedelta(days=offsets[word])))


def _shift_date(today: date, amount: int, unit: str) -> date:
    unit = unit.rstrip("s")
    if unit == "day":
        return today + timedelta(days=amount)
    if unit == "week":
        return today + timedelta(weeks=amount)
    if unit == "fortnight":
        return today + timedelta(weeks=2 * amount)
    if unit == "month":
        return add_months(today, amount)
    if unit == "quarter":
        return add_months(today, 3 * amount)
    return add_months(today, 12 * amount)


def _read_days_ahead(g: Groups, now: Now) -> Piece | None:
    amount = _count(g["n"])
    if amount != int(amount):
        return None
    sign = -1 if (g["ago"] or "") else 1
    return _piece(days=Days.single(_shift_date(now.today, sign * int(amount), g["unit"])))


def _read_next_weekday(g: Groups, now: Now) -> Piece:
    weekday = _weekday_number(g["wd"])
    monday = week_start(now.today) + timedelta(weeks=1)
    return _piece(days=Days.single(monday + timedelta(days=weekday)), weekday=weekday)


def _read_this_week_weekday(g: Groups, now: Now) -> Piece:
    weekday = _weekday_number(g["wd"])
    return _piece(days=Days.single(week_start(now.today) + timedelta(days=weekday)))


def _read_last_weekday(g: Groups, now: Now) -> Piece:
    weekday = _weekday_number(g["wd"] or g.get("wd2", ""))
    if g.get("lastweek") or g.get("lastweek2"):
        day = week_start(now.today) - timedelta(weeks=1) + timedelta(days=weekday)
    else:
        day = previous_weekday(now.today, weekday)
    return _piece(days=Days.single(day))


def _read_weekdays_from_now(g: Groups, now: Now) -> Piece:
    weekday = _weekday_number(g["wd"])
    count = int(_count(g["n"]))
    if g["ago"]:
        day = previous_weekday(now.today, weekday) - timedelta(weeks=count - 1)
    else:
        day = next_weekday(now.today, weekday) + timedelta(weeks=count - 1)
    return _piece(days=Days.single(day))


def _read_weekday(g: Groups, now: Now) -> Piece:
    weekday = _weekday_number(g["wd"])
    return _piece(days=Days.single(next_weekday(now.today, weekday)), weekday=weekday)


def _read_weekday_ordinal(g: Groups, now: Now) -> Piece | None:
    """ "Tuesday the 19th": the next 19th that is a Tuesday."""
    weekday = _weekday_number(g["wd"])
    day_number = _day_number(g["d"])
    start = now.today
    for _ in range(60):
        found = next_day_of_month(start, day_number)
        if found is None:
            return None
        if found.weekday() == weekday:
            return _piece(days=Days.single(found), weekday=weekday, calendar_date=True)
        start = found + ONE_DAY
    return None


def _calendar(year: int | None, month: int, day_number: int, now: Now) -> Piece | None:
    if year is None:
        found = next_month_day(now.today, month, day_number)
    else:
        found = safe_date(year, month, day_number)
    if found is None:
        return None
    return _piece(days=Days.single(found), calendar_date=True)


def _read_iso(g: Groups, now: Now) -> Piece | None:
    return _calendar(int(g["y"]), int(g["m"]), int(g["d"]), now)


def _read_us(g: Groups, now: Now) -> Piece | None:
    year = g["y"]
    return _calendar(
        _year(year, now.today.year) if year else None,
        int(g["m"]),
        int(g["d"]),
        now,
    )


def _read_month_day(g: Groups, now: Now) -> Piece | None:
    year = g["y"]
    return _calendar(
        int(year) if year else None,
        _month_number(g["month"]),
        _day_number(g["d"]),
        now,
    )


def _next_month_start(now: Now, month: int, skip: int = 0) -> date:
    """The first day of the next ``month`` whose end has not passed; ``skip`` years more."""
    year = now.today.year
    if month_end(date(year, month, 1)) < now.today:
        year += 1
    return date(year + skip, month, 1)


def _read_month(g: Groups, now: Now) -> Piece | None:
    month = _month_number(g["month"])
    year_text = g["y"]
    skip = 1 if g["after"] else 0
    first = date(int(year_text), month, 1) if year_text else _next_month_start(now, month, skip)
    return _piece(days=_this_period(first, month_end(first), now.today))


def _read_month_edge(g: Groups, now: Now) -> Piece | None:
    month = _month_number(g["month"])
    year_text = g["y"]
    first = date(int(year_text), month, 1) if year_text else _next_month_start(now, month)
    edge = g["edge"].replace(" of", "")
    day = {
        "early": first,
        "beginning": first,
        "start": first,
        "mid": first.replace(day=15),
        "middle": first.replace(day=15),
    }.get(edge, month_end(first))
    return _piece(days=Days.single(day))


def _read_nth_weekday_of(g: Groups, now: Now) -> Piece | None:
    nth = _ORDINAL_WORDS.get(g["nth"])
    if nth is None:
        return None
    weekday = _weekday_number(g["wd"])
    for first in _months_named(g, now):
        found = nth_weekday(first.year, first.month, weekday, nth)
        if found is not None:
            return _piece(days=Days.single(found))
    return None


def _months_named(g: Groups, now: Now) -> list[date]:
    """The first days of the months a phrase may mean, most likely first."""
    which = g["which"]
    if not which and not g["month"]:
        which = "this"
    if which:
        offset = {"last": -1, "previous": -1, "next": 1, "following": 1}.get(which.split()[-1], 0)
        return [add_months(month_start(now.today), offset)]
    month = _month_number(g["month"])
    year_text = g["y"]
    if year_text:
        return [date(int(year_text), month, 1)]
    first = _next_month_start(now, month)
    return [first, first.replace(year=first.year + 1)]


def _read_day_of_month_named(g: Groups, now: Now) -> Piece | None:
    """ "the 20th of next month", "last day of october 2015"."""
    months = _months_named(g, now)
    day_text = g["d"]
    for first in months:
        day = (
            month_end(first)
            if day_text == "last"
            else safe_date(first.year, first.month, _day_number(day_text))
        )
        if day is not None:
            return _piece(days=Days.single(day))
    return None


def _read_the_ordinal(g: Groups, now: Now) -> Piece | None:
    found = next_day_of_month(now.today, _day_number(g["d"]))
    return None if found is None else _piece(days=Days.single(found))


def _period(unit: str, which: str, now: Now) -> Days:
    """ "this / next / last week, month, year, quarter, weekend"."""
    step = {"last": -1, "past": -1, "previous": -1}.get(which, 0)
    if which in ("next", "coming", "upcoming", "following"):
        step = 1
    today = now.today
    if unit == "week":
        first = week_start(today) + timedelta(weeks=step)
        return (
            _this_period(first, first + timedelta(days=6), today)
            if step == 0
            else _days(first, first + timedelta(days=6))
        )
    if unit == "weekend":
        saturday = week_start(today) + timedelta(days=5, weeks=step)
        return _this_period(saturday, saturday + ONE_DAY, today)
    if unit == "month":
        first = add_months(month_start(today), step)
        return _this_period(first, month_end(first), today)
    if unit == "quarter":
        first = add_months(date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), 3 * step)
        return _this_period(first, month_end(add_months(first, 2)), today)
    first = date(today.year + step, 1, 1)
    return _this_period(first, date(first.year, 12, 31), today)


def _read_period(g: Groups, now: Now) -> Piece:
    which = (g["which"] or "this").split()[-1]
    unit = g["unit"].rstrip("s")
    unit = {"qtr": "quarter", "yr": "year", "wkend": "weekend"}.get(unit, unit)
    return _piece(days=_period(unit, which, now))


def _read_rest_of_week(g: Groups, now: Now) -> Piece:
    return _piece(days=_period("week", "this", now))


def _read_period_edge(g: Groups, now: Now) -> Piece:
    """ "end of the month", "beginning of next week", "EOY"."""
    edge = (g["edge"] or g["edge2"]).replace(" of", "")
    unit = g["unit"]
    which = (g["which"] or "this").split()[-1]
    if edge in ("eom", "eow", "eoy", "bom", "boy"):
        unit = {"m": "month", "w": "week", "y": "year"}[edge[-1]]
        edge = "end" if edge.startswith("e") else "beginning"
    period = _period(unit, which, now)
    if edge in ("beginning", "start"):
        return _piece(days=Days.single(period.first))
    if unit == "week":
        return _piece(days=Days.single(period.first + timedelta(days=4)))
    return _piece(days=Days.single(period.last))


def _read_year(g: Groups, now: Now) -> Piece | None:
    year = int(g["y"])
    first = date(year, 1, 1)
    edge = g["edge"]
    if edge in ("end",):
        return _piece(days=Days.single(date(year, 12, 31)))
    if edge in ("beginning", "start"):
        return _piece(days=Days.single(first))
    return _piece(days=_this_period(first, date(year, 12, 31), now.today))


def _read_numeric_month(g: Groups, now: Now) -> Piece | None:
    month = int(g["m"])
    if not 1 <= month <= 12:
        return None
    first = date(int(g["y"]), month, 1)
    return _piece(days=_this_period(first, month_end(first), now.today))


def _read_quarter(g: Groups, now: Now) -> Piece | None:
    number = int(g["q"][0])
    if not 1 <= number <= 4:
        return None
    year = _year(g["y"], now.today.year)
    first = date(year, 3 * (number - 1) + 1, 1)
    return _piece(days=_this_period(first, month_end(add_months(first, 2)), now.today))


def _read_season(g: Groups, now: Now) -> Piece:
    name = g["season"]
    which = (g["which"] or "this").split()[-1]
    today = now.today
    starts = sorted(
        date(year, month, day)
        for year in (today.year - 1, today.year, today.year + 1)
        for month, day in {v for k, v in _SEASON_STARTS.items() if k != "autumn"}
    )
    current = max(start for start in starts if start <= today)
    if name != "season":
        month, day = _SEASON_STARTS[name]
        named = [start for start in starts if (start.month, start.day) == (month, day)]
        current = next((s for s in named if s <= today < add_months(s, 3)), None) or min(
            s for s in named if s > today
        )
    index = starts.index(current)
    step = {"next": 1, "last": -1, "past": -1, "previous": -1}.get(which, 0)
    if name != "season":
        step *= 4
    first = starts[index + step]
    last = starts[index + step + 1] - ONE_DAY
    return _piece(days=_this_period(first, last, today))


def _read_last_weekend_of(g: Groups, now: Now) -> Piece | None:
    for first in _months_named(g, now):
        saturday = nth_weekday(first.year, first.month, 5, -1)
        if saturday is not None:
            return _piece(days=Days(saturday, saturday + ONE_DAY, saturday))
    return None


# ---------------------------------------------------------------- clock times


def _clock(hour: int, minute: int = 0, second: int = 0, half: str | None = None) -> Clock | None:
    """A clock time; ``half`` is "am", "pm", or empty (unknown for hours up to 12)."""
    if not (0 <= minute <= 59 and 0 <= second <= 59):
        return None
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
        return Clock(hour, minute, second, known_half=True)
    if not 0 <= hour <= 24:
        return None
    if hour == 24:
        return Clock(0, minute, second, known_half=True, after_midnight=True)
    return Clock(hour, minute, second, known_half=hour == 0 or hour > 12)


def _read_hms(g: Groups, now: Now) -> Piece | None:
    hour_text = g["h"]
    clock = _clock(int(hour_text), int(g["m"]), int(g["s"] or 0), g["half"])
    if clock is None:
        return None
    if hour_text.startswith("0") and len(hour_text) == 2:
        clock = replace(clock, known_half=True)
    return _piece(clock=clock)


def _read_hour_half(g: Groups, now: Now) -> Piece | None:
    digits = g["h"]
    if len(digits) > 2:
        hour, minute = int(digits[:-2]), int(digits[-2:])
    else:
        hour, minute = int(digits), 0
    clock = _clock(hour, minute, 0, g["half"])
    return None if clock is None else _piece(clock=clock)


def _read_bare_hour(g: Groups, now: Now) -> Piece | None:
    digits = g["h"]
    minute_text = g.get("m", "")
    if len(digits) > 2:
        hour, minute = int(digits[:-2]), int(digits[-2:])
    else:
        hour, minute = int(digits), int(minute_text or 0)
    half = g.get("half", "")
    clock = _clock(hour, minute, 0, half)
    if clock is None:
        return None
    if g.get("h24", ""):
        clock = replace(clock, known_half=True)
    return _piece(clock=clock)


def _read_noon(g: Groups, now: Now) -> Piece:
    if g["word"] == "noon":
        return _piece(clock=Clock(12))
    return _piece(clock=Clock(0, after_midnight=True))


def _read_end_of_day(g: Groups, now: Now) -> Piece:
    return _piece(clock=Clock(17))


def _hour_of(text: str) -> Clock | None:
    """The hour in "3", "3 pm", "15 h", "noon", "midnight"."""
    if text == "noon":
        return Clock(12)
    if text == "midnight":
        return Clock(0, after_midnight=True)
    parts = text.split()
    half = parts[1] if len(parts) > 1 and parts[1] in ("am", "pm") else None
    clock = _clock(int(parts[0]), 0, 0, half)
    if clock is not None and len(parts) > 1 and parts[1] == "h":
        clock = replace(clock, known_half=True)
    return clock


def _read_past_to(g: Groups, now: Now) -> Piece | None:
    base = _hour_of(g["hour"])
    amount = g["amount"].replace(" minutes", "").replace("a ", "")
    minutes = {"half": 30, "quarter": 15}.get(amount)
    minutes = int(amount) if minutes is None else minutes
    if base is None or minutes >= 60:
        return None
    total = base.hour * 60 + (minutes if g["dir"] in ("past", "after") else -minutes)
    hour, minute = divmod(total % (24 * 60), 60)
    after_midnight = base.after_midnight and total >= 0
    return _piece(clock=Clock(hour, minute, 0, base.known_half, after_midnight))


def _read_half_hour_british(g: Groups, now: Now) -> Piece | None:
    base = _hour_of(g["hour"])
    if base is None:
        return None
    return _piece(clock=replace(base, minute=30))


def _read_zone(g: Groups, now: Now) -> Piece:
    return _piece(zone=timedelta(minutes=_ZONES[g["zone"]]))


# ---------------------------------------------------------------- parts of the day


def _read_part(g: Groups, now: Now) -> Piece:
    name = g["part"]
    modifier = g["mod"] or ""
    day_offset: int | None = None
    if name == "tonight":
        name, day_offset = "night", 0
    if modifier in ("this", "tonight"):
        day_offset = 0
    if modifier == "last":
        day_offset = -1
    clock = _PART_CLOCKS[name]
    edge = modifier.split()[0] if modifier else ""
    if (edge, name) in _EARLY_LATE_CLOCKS:
        clock = Clock(_EARLY_LATE_CLOCKS[(edge, name)], known_half=False)
    afternoon = name != "morning"
    return _piece(part=DayPart(clock, afternoon, day_offset))


def _read_meal(g: Groups, now: Now) -> Piece:
    word = g["meal"]
    hour = _AFTER_CLOCKS[word] if g["after"] else _MEAL_CLOCKS[word]
    return _piece(part=DayPart(Clock(hour), None))


# ---------------------------------------------------------------- the grammar

_RELATIVE_UNIT = r"(?P<unit>days?|weeks?|fortnights?|months?|years?|quarters?)"
_IN = r"(?:in|within|after|in about|in around|in approximately|within the next)"
_FROM_NOW = r"(?:from now|from today|hence|later|from right now|time|after today)"
_WHICH_MONTH = (
    rf"(?:(?:the )?(?P<which>this|current|the current|next|the next|following|the following|"
    rf"last|previous|the previous) month|the month|(?P<month>{_MONTH})(?: (?P<y>\d{{4}}))?)"
)

_NOT_A_CLOCK = (
    r"(?!"
    r" (?:minutes|hours|days|weeks|months|years|people|persons|times|of|percent|items|pages|x|kg|"
    r"lbs|miles|km))"
)
_PREP_CLOCK = r"(?P<pre>(?:(?:at|@|around|about|approximately|approx|by|before|until|from|for) )+)"
_DATE_PREP = r"(?P<pre>(?:(?:on|by|due|for|until|before|from|starting) )*)"
_NOT_AFTER_DAY = r"(?! ?(?::|am\b|pm\b|oclock|h\b|minutes|hours|days|weeks|months|years))"

RULES: Final[tuple[Rule, ...]] = (
    # "9 tomorrow", "8 tonight": an hour before a day word (read before the day claims it)
    Rule(
        _words(
            r"(?P<pre>)(?P<h>\d{1,2})(?= (?:tonight|tomorrow|today|this (?:morning|"
            r"afternoon|evening)|in the (?:morning|afternoon|evening)|(?:morning|afternoon|"
            r"evening|night)(?!\S)))"
        ),
        _read_bare_hour,
    ),
    # instants: "in 20 minutes", "2 hours from now", "now"
    Rule(_words(rf"{_PREFIX}{_IN} {_DURATION}(?: {_FROM_NOW})?"), _read_in_duration),
    Rule(
        _words(rf"{_PREFIX}{_DURATION} (?:from now|from right now|later|hence)"), _read_in_duration
    ),
    Rule(_words(rf"{_PREFIX}in (?P<n>\d{{1,2}})(?=$| _+| ,| to | and )"), _read_in_bare_minutes),
    # days relative to today
    Rule(
        _words(
            rf"{_PREFIX}(?:{_IN} |upcoming )?(?P<n>\d+|an?) {_RELATIVE_UNIT}"
            rf"(?: {_FROM_NOW}|(?P<ago> ago| back))?"
        ),
        lambda g, now: _read_days_ahead(g, now) if _relative_days_allowed(g) else None,
    ),
    Rule(_words(rf"{_PREFIX}(?P<n>\d+) upcoming {_RELATIVE_UNIT}"), _read_days_ahead),
    Rule(
        _words(
            rf"{_PREFIX}(?:the )?(?P<rel>day after tomorrow|day before yesterday|tomorrow|today|"
            r"yesterday)"
        ),
        _read_relative_day,
    ),
    Rule(
        _words(
            r"(?P<pre>)(?<!from )(?:right now|just now|at the moment|at this time|immediately|now)"
        ),
        _read_now,
    ),
    # weekdays in a named week
    Rule(
        _words(
            rf"{_PREFIX}(?P<n>\d+|an?) (?P<wd>{_WEEKDAY})s? (?:from"
            rf" (?:now|today)|(?P<ago>ago|back))"
        ),
        _read_weekdays_from_now,
    ),
    Rule(_words(rf"{_PREFIX}next (?P<wd>{_WEEKDAY})"), _read_next_weekday),
    Rule(
        _words(
            rf"{_PREFIX}(?P<wd>{_WEEKDAY}) (?:of |in )?(?:next week|the following week|after next)"
        ),
        _read_next_weekday,
    ),
    Rule(_words(rf"{_PREFIX}(?P<wd>{_WEEKDAY}) (?:of |in )?this week"), _read_this_week_weekday),
    Rule(_words(rf"{_PREFIX}this week (?P<wd>{_WEEKDAY})"), _read_this_week_weekday),
    Rule(
        _words(
            rf"{_PREFIX}(?:(?P<lastweek>last week) (?P<wd>{_WEEKDAY})|"
            rf"(?P<wd2>{_WEEKDAY}) (?:of |from )(?P<lastweek2>last week))"
        ),
        _read_last_weekday,
    ),
    Rule(
        _words(
            rf"{_PREFIX}(?P<wd>{_WEEKDAY}) (?:the )?(?P<d>\d{{1,2}}(?:st|nd|rd|th)?)"
            rf"(?! (?:of )?{_MONTH}){_NOT_AFTER_DAY}"
        ),
        _read_weekday_ordinal,
    ),
    # calendar dates
    Rule(_words(rf"{_DATE_PREP}(?P<y>\d{{4}})[-/](?P<m>\d{{1,2}})[-/](?P<d>\d{{1,2}})"), _read_iso),
    Rule(
        _words(rf"{_DATE_PREP}(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})(?:/(?P<y>\d{{4}}|\d{{2}}))?"),
        _read_us,
    ),
    Rule(
        _words(
            rf"{_DATE_PREP}(?P<m>\d{{1,2}})(?P<sep>[-.])(?P<d>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}|"
            rf"\d{{2}})"
        ),
        _read_us,
    ),
    Rule(
        _words(rf"{_DATE_PREP}(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}}){_NOT_A_CLOCK}{_NOT_AFTER_DAY}"),
        _read_us,
    ),
    Rule(
        _words(
            rf"{_PREFIX}(?P<nth>1st|2nd|3rd|4th|5th|last|first|final) (?P<wd>{_WEEKDAY}) "
            rf"(?:of|in) {_WHICH_MONTH}"
        ),
        _read_nth_weekday_of,
    ),
    Rule(_words(rf"{_PREFIX}last (?P<wd>{_WEEKDAY})"), _read_last_weekday),
    Rule(
        _words(rf"{_PREFIX}(?:the )?(?P<d>last|{_ORDINAL}) (?:day )?(?:of|in) {_WHICH_MONTH}"),
        lambda g, now: _read_day_of_month_named(g, now) if g["which"] or g["d"] == "last" else None,
    ),
    Rule(
        _words(
            rf"{_PREFIX}(?P<month>{_MONTH}) (?:the )?(?P<d>{_ORDINAL})(?: ,)?(?: (?P<y>\d{{4}}))?"
            rf"{_NOT_AFTER_DAY}"
        ),
        _read_month_day,
    ),
    Rule(
        _words(
            rf"{_PREFIX}(?:the )?(?P<d>{_ORDINAL}) (?:day )?(?:of )?(?P<month>{_MONTH})(?: ,)?"
            rf"(?: (?P<y>\d{{4}}))?"
        ),
        _read_month_day,
    ),
    Rule(
        _words(rf"{_PREFIX}(?:the )?last weekend (?:of|in) {_WHICH_MONTH}"),
        _read_last_weekend_of,
    ),
    Rule(
        _words(
            rf"{_PREFIX}(?:the |at the )?(?P<edge>early|mid|late|beginning of|start of|end of|"
            rf"middle of)(?: the month of)? (?P<month>{_MONTH})(?: (?P<y>\d{{4}}))?"
        ),
        _read_month_edge,
    ),
    Rule(
        _words(
            r"(?P<pre>(?:(?:in|during|by|for) )*)(?:the )?(?P<q>1st|2nd|3rd|4th) "
            r"(?:quarter|qtr)(?: (?:of )?(?P<y>\d{4}))?"
        ),
        _read_quarter,
    ),
    Rule(_words(r"(?P<pre>(?:(?:in|during|by) )*)(?P<y>\d{2}|\d{4})q(?P<q>[1-4])"), _read_quarter),
    Rule(_words(r"(?P<pre>(?:(?:in|during|by) )*)q(?P<q>[1-4])(?: (?P<y>\d{4}))?"), _read_quarter),
    Rule(
        _words(
            r"(?P<pre>(?:(?:in|during|by|until|before|for|of|from|on|at|the) )*)(?:(?P<edge>end|"
            r"beginning|start) of (?:the )?(?:year )?)?(?P<y>(?:19|20|21)\d\d)(?: a\.?d)?"
        ),
        lambda g, now: _read_year(g, now) if g["edge"] or _has_year_prefix(g) else None,
    ),
    Rule(
        _words(
            rf"{_PREFIX}(?:(?:in|during|of|the month of|by|until|before|after|since|for) )?"
            rf"(?:(?:this|the|next|the coming|coming) )?(?P<month>{_MONTH})"
            rf"(?: (?P<y>\d{{4}}))?(?P<after> after next)?"
        ),
        lambda g, now: _read_month(g, now) if _bare_month_allowed(g) else None,
    ),
    Rule(_words(r"(?P<pre>)(?P<m>\d{1,2})/(?P<y>\d{4})"), _read_numeric_month),
    Rule(_words(r"(?P<pre>)(?P<y>\d{4})[-/](?P<m>\d{1,2})"), _read_numeric_month),
    Rule(
        _words(
            rf"{_PREFIX}(?:the )?(?P<d>\d{{1,2}}(?:st|nd|rd|th))(?! (?:of|day|{_WEEKDAY}|"
            rf"{_MONTH}|week|quarter|qtr|time|place|floor|grade|birthday|anniversary))"
        ),
        lambda g, now: _read_the_ordinal(g, now) if _ordinal_alone_allowed(g) else None,
    ),
    # periods
    Rule(
        _words(
            rf"{_PREFIX}(?:(?:at )?the )?(?:(?P<edge>end|beginning|start) of (?:the )?"
            rf"(?:(?P<which>this|current|next|coming|upcoming|following|last|past|previous|"
            rf"around next) )?(?P<unit>week|month|year)|(?P<edge2>eom|eow|eoy|bom|boy))"
        ),
        _read_period_edge,
    ),
    Rule(
        _words(rf"{_PREFIX}(?:(?:the )?rest of (?:the |this )?week|all week|later this week)"),
        _read_rest_of_week,
    ),
    Rule(
        _words(
            rf"{_PREFIX}(?P<which>this|current|next|coming|upcoming|the following|the coming|last|"
            rf"past|previous|this past|around next) (?P<unit>week|month|year|years|quarter|qtr|"
            rf"weekend)(?! ?(?:of|'s))"
        ),
        _read_period,
    ),
    Rule(
        _words(r"(?P<pre>(?:(?:on|at|over|for|by|during) )*)(?:the )?(?P<unit>weekend)"),
        _read_period,
    ),
    Rule(
        _words(
            r"(?P<pre>(?:(?:in|during|over|by) )*)(?:the )?(?P<which>this|current|next|last|past|"
            r"previous) (?P<season>summer|winter|spring|fall|autumn|season)s?"
        ),
        _read_season,
    ),
    # weekdays alone, after the dated forms above
    Rule(
        _words(
            rf"{_PREFIX}(?:(?:this|coming|upcoming|this coming|the coming) )?(?P<wd>{_WEEKDAY})"
        ),
        _read_weekday,
    ),
    # clock times
    Rule(
        _words(
            rf"{_PREFIX}(?P<h>\d{{1,2}}):(?P<m>\d\d)(?::(?P<s>\d\d))?(?: (?:in the )?"
            r"(?P<half>am|pm))?(?: oclock)?"
        ),
        _read_hms,
    ),
    Rule(
        _words(
            rf"{_PREFIX}(?P<amount>half|quarter|a quarter|\d{{1,2}}(?: minutes)?) "
            r"(?P<dir>past|after|to|till|before|of) (?P<hour>\d{1,2}(?: am| pm| h)?|noon|midnight)"
        ),
        lambda g, now: _read_past_to(g, now) if _past_to_allowed(g) else None,
    ),
    Rule(_words(rf"{_PREFIX}half (?P<hour>\d{{1,2}}(?: am| pm)?)"), _read_half_hour_british),
    Rule(
        _words(rf"{_PREFIX}(?P<h>\d{{1,4}})(?: oclock)? (?:in the )?(?P<half>am|pm)"),
        _read_hour_half,
    ),
    Rule(_words(rf"{_PREFIX}(?P<h>\d{{1,2}}) (?P<m>\d\d) (?P<half>am|pm)"), _read_bare_hour),
    Rule(_words(rf"{_PREP_CLOCK}(?P<h>\d{{1,2}}) (?P<m>\d\d){_NOT_A_CLOCK}"), _read_bare_hour),
    Rule(
        _words(rf"{_PREP_CLOCK}(?P<h>\d{{3,4}}){_NOT_A_CLOCK}"),
        lambda g, now: None if _looks_like_year(g["h"]) else _read_bare_hour(g, now),
    ),
    Rule(_words(rf"{_PREFIX}(?P<h>\d{{1,2}})(?: (?P<h24>h)| oclock)"), _read_bare_hour),
    Rule(_words(rf"{_PREP_CLOCK}(?P<h>\d{{1,2}}){_NOT_A_CLOCK}"), _read_bare_hour),
    Rule(_words(rf"{_PREFIX}(?:12 )?(?P<word>noon|midnight)"), _read_noon),
    Rule(
        _words(
            rf"{_PREFIX}(?:the )?(?:eod|end of (?:the )?(?:day|business day|business|work ?day)|"
            r"close of business)"
        ),
        _read_end_of_day,
    ),
    Rule(_words(r"(?P<pre>)(?P<zone>" + "|".join(_ZONES) + ")"), _read_zone),
    # parts of the day
    Rule(
        _words(
            rf"{_PREFIX}(?:(?P<mod>this|last|early|late|mid|early in the|late in the|in the|"
            r"during the|the|tonight|later this)"
            r" )?(?P<part>morning|afternoon|evening|night|tonight)"
        ),
        _read_part,
    ),
    Rule(
        _words(
            rf"{_PREFIX}(?:(?P<after>after)|at|over|during|around) (?P<meal>breakfast|lunch|"
            r"lunchtime|dinner|dinnertime|supper|work|school)"
        ),
        lambda g, now: (
            _read_meal(g, now) if g["after"] or g["meal"] not in ("work", "school") else None
        ),
    ),
)


def _relative_days_allowed(g: Groups) -> bool:
    """ "3 days" is a date only with "in", "from now", "ago" and the like around it."""
    text = g["_"]
    return bool(re.match(r"(?:\S+ )*(?:in|within|after|upcoming) ", text)) or " " + text.split()[
        -1
    ] in (" now", " today", " hence", " later", " time", " ago", " back")


def _has_year_prefix(g: Groups) -> bool:
    return bool(re.search(r"\b(?:in|by|during|until|before|of|for|from)\b", g["pre"]))


def _bare_month_allowed(g: Groups) -> bool:
    """A month alone is a date only after a preposition or "next"/"this"."""
    text = g["_"]
    return bool(g["y"]) or bool(
        re.match(
            r"(?:\S+ )*(?:in|during|of|by|until|before|after|since|for|next|this|coming|on) ", text
        )
    )


def _ordinal_alone_allowed(g: Groups) -> bool:
    """ "the 15th" or "on 15th", not "my 5th attempt"."""
    text = g["_"]
    return text.startswith(("the ", "on ")) or " the " in f" {text}"


def _past_to_allowed(g: Groups) -> bool:
    """ "20 to 3" needs minutes or a clock word: "10 to 15 people" is no time."""
    amount = g["amount"]
    hour = g["hour"]
    if not amount[0].isdigit():
        return True
    return "minutes" in amount or not hour.isdigit()


def _looks_like_year(digits: str) -> bool:
    return len(digits) == 4 and digits[:2] in ("19", "20", "21") and int(digits[2:]) > 59


# ---------------------------------------------------------------- finding moments

_LINKS: Final = frozenset({"at", "on", "the", "of", ",", "in", "by", "@", "for", "around", "and"})


def find_pieces(sentence: Sentence, now: Now, lo: int = 0, hi: int | None = None) -> list[Piece]:
    """Every piece the grammar reads in words ``lo`` to ``hi``; their words are claimed."""
    pieces: list[Piece] = []
    for rule in RULES:
        found = [(m, sentence.span_of(m)) for m in sentence.find(rule.pattern, lo, hi)]
        for match, span in found:
            if span.start >= span.end or not all(sentence.alive[span.start : span.end]):
                continue
            groups: Groups = defaultdict(str, {k: v or "" for k, v in match.groupdict().items()})
            groups["_"] = match.group()
            piece = rule.read(groups, now)
            if piece is None:
                continue
            sentence.claim(span)
            pieces.append(replace(piece, span=span, prefix=groups.get("pre", "").strip()))
    pieces.sort(key=lambda piece: piece.span.start)
    return pieces


def group_moments(sentence: Sentence, pieces: list[Piece]) -> list[Moment]:
    """Pieces next to each other (linking words between them allowed) make one moment."""
    groups: list[list[Piece]] = []
    for piece in pieces:
        if groups and _adjacent(sentence, groups[-1][-1], piece) and _fits(groups[-1], piece):
            groups[-1].append(piece)
        else:
            groups.append([piece])
    return [_moment(group) for group in groups]


def _adjacent(sentence: Sentence, left: Piece, right: Piece) -> bool:
    gap = range(left.span.end, right.span.start)
    return len(gap) <= 3 and all(
        sentence.alive[i] and sentence.words[i].norm in _LINKS for i in gap
    )


def _fits(group: list[Piece], piece: Piece) -> bool:
    """A moment takes one piece of each kind (a weekday may join a calendar date)."""
    for other in group:
        if _days_clash(piece, other):
            return False
        if piece.clock is not None and other.clock is not None:
            return False
        if piece.part is not None and other.part is not None:
            return False
        if piece.instant is not None and other.instant is not None:
            return False
        if piece.zone is not None and other.zone is not None:
            return False
    return piece.zone is None or any(other.clock is not None for other in group)


def _days_clash(piece: Piece, other: Piece) -> bool:
    """Two days in one moment clash, unless one is a weekday beside a calendar date."""
    if piece.days is None or other.days is None:
        return False
    one_is_calendar = piece.calendar_date or other.calendar_date
    one_is_weekday = piece.weekday is not None or other.weekday is not None
    return not (one_is_calendar and one_is_weekday)


def _moment(group: list[Piece]) -> Moment:
    days = _reconcile_days(group)
    return Moment(
        span=Span(group[0].span.start, group[-1].span.end),
        prefix=group[0].prefix,
        days=days,
        clock=next((p.clock for p in group if p.clock is not None), None),
        part=next((p.part for p in group if p.part is not None), None),
        instant=next((p.instant for p in group if p.instant is not None), None),
        zone=next((p.zone for p in group if p.zone is not None), None),
        pieces=tuple(group),
    )


def _reconcile_days(group: list[Piece]) -> Days | None:
    """A weekday beside a calendar date picks the year in which they agree."""
    with_days = [p for p in group if p.days is not None]
    if not with_days:
        return None
    calendar_piece = next((p for p in with_days if p.calendar_date), None)
    weekday_piece = next(
        (p for p in with_days if p.weekday is not None and p is not calendar_piece), None
    )
    if calendar_piece is None or calendar_piece.days is None:
        return with_days[0].days
    found = calendar_piece.days.point
    if weekday_piece is not None and weekday_piece.weekday is not None:
        for years in range(11):
            candidate = safe_date(found.year + years, found.month, found.day)
            if candidate is not None and candidate.weekday() == weekday_piece.weekday:
                return Days.single(candidate)
    return calendar_piece.days


def release(sentence: Sentence, moment: Moment) -> None:
    """Give a moment's words back (a date that turned out not to matter)."""
    for piece in moment.pieces:
        sentence.release(piece.span)


def claim_moment(sentence: Sentence, moment: Moment) -> None:
    """Claim a moment's words, the linking words between its pieces included."""
    sentence.claim(moment.span)


def find_moments(sentence: Sentence, now: Now, lo: int = 0, hi: int | None = None) -> list[Moment]:
    """The moments in words ``lo`` to ``hi``, in order; all their words are claimed."""
    moments = group_moments(sentence, find_pieces(sentence, now, lo, hi))
    for moment in moments:
        claim_moment(sentence, moment)
    return moments


def best_moment(sentence: Sentence, now: Now, lo: int = 0, hi: int | None = None) -> Moment | None:
    """The one moment a task is about: the first with a time, else the first; others released."""
    moments = find_moments(sentence, now, lo, hi)
    if not moments:
        return None
    chosen = max(moments, key=lambda m: (_weight(m), -m.span.start))
    for moment in moments:
        if moment is not chosen:
            release(sentence, moment)
    claim_moment(sentence, chosen)
    return chosen


def _weight(moment: Moment) -> int:
    return sum(
        value is not None for value in (moment.days, moment.clock or moment.part, moment.instant)
    )


# ---------------------------------------------------------------- resolving


def resolve(moment: Moment, now: Now, *, default_day: date | None = None) -> Due:
    """The due a moment names: an instant, or a date when no time of day is said."""
    if moment.instant is not None:
        return moment.instant
    day = _day_of(moment, now)
    clock = time_of_day(moment, has_day=day is not None or default_day is not None)
    if clock is None:
        if day is not None:
            return day
        raise ValueError("a moment with neither a day nor a time")
    if day is None and default_day is not None:
        day = default_day
    if day is None:
        return next_wall_time(clock, now, moment.zone)
    return wall_instant(day, clock, now, moment.zone)


def _day_of(moment: Moment, now: Now) -> date | None:
    if moment.days is not None:
        return moment.days.point
    if moment.part is not None and moment.part.day_offset is not None:
        return now.today + timedelta(days=moment.part.day_offset)
    return None


def time_of_day(moment: Moment, *, has_day: bool) -> Clock | None:
    """The clock time a moment says, its hour read with the part of the day it names.

    An hour without am/pm is read as afternoon hours in the afternoon, evening
    and night and as morning hours in the morning; with a day but no part, 1 to
    6 are afternoon hours; with neither, the caller takes the sooner reading.
    """
    part = moment.part
    clock = moment.clock
    if clock is None:
        return None if part is None else part.clock
    if clock.known_half or clock.hour > 12:
        return clock
    if part is not None and part.afternoon_hours is not None:
        if part.afternoon_hours:
            if clock.hour == 12 and part.clock.hour < 17:
                return replace(clock, known_half=True)
            if clock.hour == 12:
                return replace(clock, hour=0, known_half=True, after_midnight=True)
            return replace(clock, hour=clock.hour + 12, known_half=True)
        return replace(clock, hour=clock.hour % 12, known_half=True)
    if has_day:
        hour = clock.hour + 12 if 1 <= clock.hour <= 6 else clock.hour
        return replace(clock, hour=hour, known_half=True)
    return clock


def next_wall_time(clock: Clock, now: Now, zone: timedelta | None = None) -> datetime:
    """The next instant after ``now`` at which the zone's clocks show ``clock``.

    An hour said without am/pm takes whichever of its two readings comes first;
    a stated UTC offset ("4pm CET") replaces the user's zone.
    """
    hours = [clock.hour] if clock.known_half else [clock.hour % 12, clock.hour % 12 + 12]
    today = now.today if zone is None else now.instant.astimezone(timezone(zone)).date()
    candidates = []
    for hour in hours:
        for days_ahead in (0, 1):
            day = today + timedelta(days=days_ahead)
            instant = wall_instant(day, replace(clock, hour=hour, after_midnight=False), now, zone)
            if instant > now.instant:
                candidates.append(instant)
                break
    return min(candidates)


def wall_instant(day: date, clock: Clock, now: Now, zone: timedelta | None = None) -> datetime:
    """The instant of ``clock`` on ``day``: in the user's zone, or at a stated UTC offset."""
    if clock.after_midnight:
        day += ONE_DAY
    wall = datetime.combine(day, time(clock.hour, clock.minute, clock.second))
    if zone is not None:
        return wall.replace(tzinfo=timezone(zone)).astimezone(UTC)
    return to_instant(wall, now.tz)


def days_of(moment: Moment, now: Now) -> Days | None:
    """The run of days a moment names, for list ranges ("this week": Monday to Sunday)."""
    if moment.days is not None:
        return moment.days
    if moment.instant is not None:
        day = moment.instant.astimezone(now.tz).date()
        return Days.single(day)
    if moment.part is not None and moment.part.day_offset is not None:
        return Days.single(now.today + timedelta(days=moment.part.day_offset))
    return None
