"""Readers of runs of days: weeks, months, quarters, years, seasons, and their edges.

"next week" is its Monday, "this weekend" the coming Saturday, "end of the
month" its last day. A period that has begun ("this month") is due today.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from todo_chatbot.chat.language.calendar_math import (
    ONE_DAY,
    add_months,
    month_end,
    month_start,
    nth_weekday,
    week_start,
)
from todo_chatbot.chat.language.when.date_words import month_number, written_year
from todo_chatbot.chat.language.when.values import Days, Groups, Now, Piece

_SEASON_STARTS: Final = {
    "spring": (3, 20),
    "summer": (6, 21),
    "fall": (9, 23),
    "autumn": (9, 23),
    "winter": (12, 21),
}


def _days(first: date, last: date | None = None, point: date | None = None) -> Days:
    last = first if last is None else last
    return Days(first, last, first if point is None else point)


def _this_period(first: date, last: date, today: date) -> Days:
    """A period that may have begun: due today while it runs, else on its first day."""
    return Days(first, last, today if first <= today <= last else first)


def next_month_start(now: Now, month: int, skip: int = 0) -> date:
    """The first day of the next ``month`` whose end has not passed; ``skip`` years more."""
    year = now.today.year
    if month_end(date(year, month, 1)) < now.today:
        year += 1
    return date(year + skip, month, 1)


def read_month(g: Groups, now: Now) -> Piece | None:
    month = month_number(g["month"])
    year_text = g["y"]
    skip = 1 if g["after"] else 0
    first = date(int(year_text), month, 1) if year_text else next_month_start(now, month, skip)
    return Piece(days=_this_period(first, month_end(first), now.today))


def read_month_edge(g: Groups, now: Now) -> Piece | None:
    month = month_number(g["month"])
    year_text = g["y"]
    first = date(int(year_text), month, 1) if year_text else next_month_start(now, month)
    edge = g["edge"].replace(" of", "")
    day = {
        "early": first,
        "beginning": first,
        "start": first,
        "mid": first.replace(day=15),
        "middle": first.replace(day=15),
    }.get(edge, month_end(first))
    return Piece(days=Days.single(day))


def months_named(g: Groups, now: Now) -> list[date]:
    """The first days of the months a phrase may mean, most likely first."""
    which = g["which"]
    if not which and not g["month"]:
        which = "this"
    if which:
        offset = {"last": -1, "previous": -1, "next": 1, "following": 1}.get(which.split()[-1], 0)
        return [add_months(month_start(now.today), offset)]
    month = month_number(g["month"])
    year_text = g["y"]
    if year_text:
        return [date(int(year_text), month, 1)]
    first = next_month_start(now, month)
    return [first, first.replace(year=first.year + 1)]


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


def read_period(g: Groups, now: Now) -> Piece:
    which = (g["which"] or "this").split()[-1]
    unit = g["unit"].rstrip("s")
    unit = {"qtr": "quarter", "yr": "year", "wkend": "weekend"}.get(unit, unit)
    return Piece(days=_period(unit, which, now))


def read_rest_of_week(g: Groups, now: Now) -> Piece:
    return Piece(days=_period("week", "this", now))


def read_period_edge(g: Groups, now: Now) -> Piece:
    """ "end of the month", "beginning of next week", "EOY"."""
    edge = (g["edge"] or g["edge2"]).replace(" of", "")
    unit = g["unit"]
    which = (g["which"] or "this").split()[-1]
    if edge in ("eom", "eow", "eoy", "bom", "boy"):
        unit = {"m": "month", "w": "week", "y": "year"}[edge[-1]]
        edge = "end" if edge.startswith("e") else "beginning"
    period = _period(unit, which, now)
    if edge in ("beginning", "start"):
        return Piece(days=Days.single(period.first))
    if unit == "week":
        return Piece(days=Days.single(period.first + timedelta(days=4)))
    return Piece(days=Days.single(period.last))


def read_year(g: Groups, now: Now) -> Piece | None:
    year = int(g["y"])
    first = date(year, 1, 1)
    edge = g["edge"]
    if edge in ("end",):
        return Piece(days=Days.single(date(year, 12, 31)))
    if edge in ("beginning", "start"):
        return Piece(days=Days.single(first))
    return Piece(days=_this_period(first, date(year, 12, 31), now.today))


def read_numeric_month(g: Groups, now: Now) -> Piece | None:
    month = int(g["m"])
    if not 1 <= month <= 12:
        return None
    first = date(int(g["y"]), month, 1)
    return Piece(days=_this_period(first, month_end(first), now.today))


def read_quarter(g: Groups, now: Now) -> Piece | None:
    number = int(g["q"][0])
    if not 1 <= number <= 4:
        return None
    year = written_year(g["y"], now.today.year)
    first = date(year, 3 * (number - 1) + 1, 1)
    return Piece(days=_this_period(first, month_end(add_months(first, 2)), now.today))


def read_season(g: Groups, now: Now) -> Piece:
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
    return Piece(days=_this_period(first, last, today))


def read_last_weekend_of(g: Groups, now: Now) -> Piece | None:
    for first in months_named(g, now):
        saturday = nth_weekday(first.year, first.month, 5, -1)
        if saturday is not None:
            return Piece(days=Days(saturday, saturday + ONE_DAY, saturday))
    return None
