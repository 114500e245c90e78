"""When a task's reminder rings: a number of minutes before its due (a reminder
relative to the due, which moves with it), or, for a series' next occurrence, as
far before its due as the last one's."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from todo_chatbot.core.timekeeping import Due, due_wall, to_instant, to_wall

REMINDER_HOUR: Final = 9
"""A reminder before a date-only due counts back from 09:00 that day, in the owner's zone."""

MAX_REMIND_BEFORE_MINUTES: Final = 366 * 24 * 60
"""The longest lead a reminder may have: a year (and a day)."""

_ONE_DAY: Final = timedelta(days=1)


def reminder_before(due: Due, minutes: int, tz: ZoneInfo) -> datetime:
    """The instant ``minutes`` before ``due``. Whole days are counted on the wall clock
    ("a day before 09:00" is 09:00 the day before, across a change of daylight saving
    time); a date-only due counts back from :data:`REMINDER_HOUR` that day."""
    lead = timedelta(minutes=minutes)
    if isinstance(due, datetime):
        if lead % _ONE_DAY:
            return due - lead
        return to_instant(to_wall(due, tz) - lead, tz)
    wall = datetime.combine(due, time(REMINDER_HOUR))
    if lead % _ONE_DAY:
        return to_instant(wall, tz) - lead
    return to_instant(wall - lead, tz)


def shift_reminder(
    *, old_due: Due, old_remind_at: datetime, new_due: Due, tz: ZoneInfo
) -> datetime:
    """The reminder of the next occurrence: as far before its due, on the wall clock."""
    lead: timedelta = due_wall(old_due, tz) - to_wall(old_remind_at, tz)
    return to_instant(due_wall(new_due, tz) - lead, tz)
