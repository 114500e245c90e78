"""Readers of one day: "today", "in 3 days", "friday", "next friday", "march 5th", "3/20".

A weekday is the first such day after today, never today; "next friday" is the
Friday of next week. Numeric dates are US style (3/20 is March 20).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from todo_chatbot.chat.language.calendar_math import (
    ONE_DAY,
    add_months,
    month_end,
    next_day_of_month,
    next_month_day,
    next_weekday,
    nth_weekday,
    previous_weekday,
    safe_date,
    week_start,
)
from todo_chatbot.chat.language.when.date_words import (
    day_of_month,
    month_number,
    weekday_number,
    written_number,
    written_year,
)
from todo_chatbot.chat.language.when.periods import months_named
from todo_chatbot.chat.language.when.values import Days, Groups, Now, Piece

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


def read_relative_day(g: Groups, now: Now) -> Piece:
    word = g["rel"]
    offsets = {
        "today": 0,
        "tomorrow": 1,
        "yesterday": -1,
        "day after tomorrow": 2,
        "day before yesterday": -2,
    }
    return Piece(days=Days.single(now.today + timedelta(days=offsets[word])))


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


def read_days_ahead(g: Groups, now: Now) -> Piece | None:
    amount = written_number(g["n"])
    if amount != int(amount):
        return None
    sign = -1 if (g["ago"] or "") else 1
    return Piece(days=Days.single(_shift_date(now.today, sign * int(amount), g["unit"])))


def read_next_weekday(g: Groups, now: Now) -> Piece:
    weekday = weekday_number(g["wd"])
    monday = week_start(now.today) + timedelta(weeks=1)
    return Piece(days=Days.single(monday + timedelta(days=weekday)), weekday=weekday)


def read_this_week_weekday(g: Groups, now: Now) -> Piece:
    weekday = weekday_number(g["wd"])
    return Piece(days=Days.single(week_start(now.today) + timedelta(days=weekday)))


def read_last_weekday(g: Groups, now: Now) -> Piece:
    weekday = weekday_number(g["wd"] or g.get("wd2", ""))
    if g.get("lastweek") or g.get("lastweek2"):
        day = week_start(now.today) - timedelta(weeks=1) + timedelta(days=weekday)
    else:
        day = previous_weekday(now.today, weekday)
    return Piece(days=Days.single(day))


def read_weekdays_from_now(g: Groups, now: Now) -> Piece:
    weekday = weekday_number(g["wd"])
    count = int(written_number(g["n"]))
    if g["ago"]:
        day = previous_weekday(now.today, weekday) - timedelta(weeks=count - 1)
    else:
        day = next_weekday(now.today, weekday) + timedelta(weeks=count - 1)
    return Piece(days=Days.single(day))


def read_weekday(g: Groups, now: Now) -> Piece:
    weekday = weekday_number(g["wd"])
    return Piece(days=Days.single(next_weekday(now.today, weekday)), weekday=weekday)


def read_weekday_ordinal(g: Groups, now: Now) -> Piece | None:
    """ "Tuesday the 19th": the next 19th that is a Tuesday."""
    weekday = weekday_number(g["wd"])
    day_number = day_of_month(g["d"])
    start = now.today
    for _ in range(60):
        found = next_day_of_month(start, day_number)
        if found is None:
            return None
        if found.weekday() == weekday:
            return Piece(days=Days.single(found), weekday=weekday, calendar_date=True)
        start = found + ONE_DAY
    return None


def _calendar(year: int | None, month: int, day_number: int, now: Now) -> Piece | None:
    if year is None:
        found = next_month_day(now.today, month, day_number)
    else:
        found = safe_date(year, month, day_number)
    if found is None:
        return None
    return Piece(days=Days.single(found), calendar_date=True)


def read_iso(g: Groups, now: Now) -> Piece | None:
    return _calendar(int(g["y"]), int(g["m"]), int(g["d"]), now)


def read_us(g: Groups, now: Now) -> Piece | None:
    year = g["y"]
    return _calendar(
        written_year(year, now.today.year) if year else None,
        int(g["m"]),
        int(g["d"]),
        now,
    )


def read_month_day(g: Groups, now: Now) -> Piece | None:
    year = g["y"]
    return _calendar(
        int(year) if year else None,
        month_number(g["month"]),
        day_of_month(g["d"]),
        now,
    )


def read_nth_weekday_of(g: Groups, now: Now) -> Piece | None:
    nth = _ORDINAL_WORDS.get(g["nth"])
    if nth is None:
        return None
    weekday = weekday_number(g["wd"])
    for first in months_named(g, now):
        found = nth_weekday(first.year, first.month, weekday, nth)
        if found is not None:
            return Piece(days=Days.single(found))
    return None


def read_day_of_month_named(g: Groups, now: Now) -> Piece | None:
    """ "the 20th of next month", "last day of october 2015"."""
    months = months_named(g, now)
    day_text = g["d"]
    for first in months:
        day = (
            month_end(first)
            if day_text == "last"
            else safe_date(first.year, first.month, day_of_month(day_text))
        )
        if day is not None:
            return Piece(days=Days.single(day))
    return None


def read_the_ordinal(g: Groups, now: Now) -> Piece | None:
    found = next_day_of_month(now.today, day_of_month(g["d"]))
    return None if found is None else Piece(days=Days.single(found))
