"""Calendar arithmetic on dates: weeks from Monday, months that clamp, nth weekdays.

Pure date functions; the wall-clock and zone rules live in
:mod:`todo_chatbot.core.timekeeping`.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


def week_start(day: date) -> date:
    """The Monday of ``day``'s week (weeks start on Monday)."""
    return day - timedelta(days=day.weekday())


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months; the 31st becomes the month's last day when needed."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def next_weekday(after: date, weekday: int) -> date:
    """The first ``weekday`` (0 = Monday) strictly after ``after``."""
    return after + timedelta(days=(weekday - after.weekday() - 1) % 7 + 1)


def previous_weekday(before: date, weekday: int) -> date:
    """The last ``weekday`` strictly before ``before``."""
    return before - timedelta(days=(before.weekday() - weekday - 1) % 7 + 1)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The ``nth`` (1..5, or -1 for the last) ``weekday`` of a month, if it exists."""
    if nth < 0:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return previous_weekday(last + ONE_DAY, weekday)
    first = date(year, month, 1)
    found = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return found if found.month == month else None


def safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist (31 April)."""
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1 <= year <= 9999):
        return None
    if day > calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def next_month_day(today: date, month: int, day: int) -> date | None:
    """The first ``month``/``day`` on or after ``today`` (29 February waits for a leap year)."""
    for year in range(today.year, today.year + 9):
        found = safe_date(year, month, day)
        if found is not None and found >= today:
            return found
    return None


def next_day_of_month(today: date, day: int) -> date | None:
    """The first date on or after ``today`` that falls on the ``day``-th of its month."""
    for months in range(13):
        base = add_months(month_start(today), months)
        found = safe_date(base.year, base.month, day)
        if found is not None and found >= today:
            return found
    return None
