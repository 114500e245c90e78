"""A moment as a due against ``now`` in the user's zone, or as a run of days for a list.

An instant is itself; a day and a time make a date-time, the wall time in the
zone turned into an instant by :func:`~todo_chatbot.core.timekeeping.to_instant`;
a time alone is the next time that wall-clock time occurs after ``now``; a day
alone is a date with no time.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

from todo_chatbot.chat.language.calendar_math import ONE_DAY
from todo_chatbot.chat.language.when.values import Days, Moment, Now, TimeOfDay
from todo_chatbot.core.timekeeping import Due, to_instant


def resolve(moment: Moment, now: Now, *, default_day: date | None = None) -> Due:
    """The due a moment names: an instant, or a date when no time of day is said."""
    if moment.instant is not None:
        return moment.instant
    day = _day_of(moment, now)
    time = time_of_day(moment, has_day=day is not None or default_day is not None)
    if time is None:
        if day is not None:
            return day
        raise ValueError("a moment with neither a day nor a time")
    if day is None and default_day is not None:
        day = default_day
    if day is None:
        return next_wall_time(time, now, moment.zone)
    return wall_instant(day, time, now, moment.zone)


def _day_of(moment: Moment, now: Now) -> date | None:
    if moment.days is not None:
        return moment.days.point
    if moment.part is not None and moment.part.day_offset is not None:
        return now.today + timedelta(days=moment.part.day_offset)
    return None


def time_of_day(moment: Moment, *, has_day: bool) -> TimeOfDay | None:
    """The time of day a moment says, its hour read with the part of the day it names.

    An hour without am/pm is read as afternoon hours in the afternoon, evening
    and night and as morning hours in the morning; with a day but no part, 1 to
    6 are afternoon hours; with neither, the caller takes the sooner reading.
    """
    part = moment.part
    time = moment.time
    if time is None:  # a part of the day's hour is a 24-hour one: "in the morning" is 09:00
        return None if part is None else replace(part.time, known_half=True)
    if time.known_half or time.hour > 12:
        return time
    if part is not None and part.afternoon_hours is not None:
        if part.afternoon_hours:
            if time.hour == 12 and part.time.hour < 17:
                return replace(time, known_half=True)
            if time.hour == 12:
                return replace(time, hour=0, known_half=True, after_midnight=True)
            return replace(time, hour=time.hour + 12, known_half=True)
        return replace(time, hour=time.hour % 12, known_half=True)
    if has_day:
        hour = time.hour + 12 if 1 <= time.hour <= 6 else time.hour
        return replace(time, hour=hour, known_half=True)
    return time


def next_wall_time(time: TimeOfDay, now: Now, zone: timedelta | None = None) -> datetime:
    """The next instant after ``now`` at which the zone's clocks show ``time``.

    An hour said without am/pm takes whichever of its two readings comes first;
    a stated UTC offset ("4pm CET") replaces the user's zone.
    """
    hours = [time.hour] if time.known_half else [time.hour % 12, time.hour % 12 + 12]
    today = now.today if zone is None else now.instant.astimezone(timezone(zone)).date()
    candidates = []
    for hour in hours:
        for days_ahead in (0, 1):
            day = today + timedelta(days=days_ahead)
            instant = wall_instant(day, replace(time, hour=hour, after_midnight=False), now, zone)
            if instant > now.instant:
                candidates.append(instant)
                break
    return min(candidates)


def wall_instant(day: date, time: TimeOfDay, now: Now, zone: timedelta | None = None) -> datetime:
    """The instant of ``time`` on ``day``: in the user's zone, or at a stated UTC offset."""
    if time.after_midnight:
        day += ONE_DAY
    wall = datetime(day.year, day.month, day.day, time.hour, time.minute, time.second)
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
