"""How the chat says things: dates, times, recurrences and tasks, in the user's zone.

Dates are said relative to today where that is shorter ("today", "tomorrow",
"Friday" within the coming week), else in full ("Friday, March 13", with the
year when it is not this year's); times as "5:00 PM". Titles are set in
``*italics*`` (Markdown). Tasks arrive as the API shows them (``task_view``).
Pure functions: ``now`` and the zone are arguments.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from todo_chatbot.core.timekeeping import Due, local_date, parse_due
from todo_chatbot.tasks.recurrence import MAX_SKIPPED_LISTED

_WEEKDAYS: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS: Final = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_BYDAY: Final = dict(zip(("MO", "TU", "WE", "TH", "FR", "SA", "SU"), _WEEKDAYS, strict=True))
_UNITS: Final = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
LIST_LIMIT: Final = 10
"""Tasks a list reply shows before "and N more"."""


def title(text: str) -> str:
    """A title as the reply shows it: in italics, with stray asterisks taken out."""
    return f"*{text.replace('*', '')}*"


def clock_time(moment: datetime) -> str:
    """ "5:00 PM", "12:30 AM" (a wall time)."""
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def day(when: date, today: date) -> str:
    """ "today", "tomorrow", "yesterday", "Friday" (within a week), else
    "Friday, March 13" (and the year when it is not this one)."""
    offset = (when - today).days
    if offset == 0:
        return "today"
    if offset == 1:
        return "tomorrow"
    if offset == -1:
        return "yesterday"
    weekday = _WEEKDAYS[when.weekday()]
    if 1 < offset < 7:
        return weekday
    full = f"{weekday}, {_MONTHS[when.month - 1]} {when.day}"
    return full if when.year == today.year else f"{full}, {when.year}"


def moment(due: Due, now: datetime, tz: ZoneInfo) -> str:
    """A due or reminder: "tomorrow at 5:00 PM", or "Friday" for a date."""
    today = local_date(now, tz)
    if isinstance(due, datetime):
        wall = due.astimezone(tz)
        return f"{day(wall.date(), today)} at {clock_time(wall)}"
    return day(due, today)


def reminder(remind_at: datetime, due: Due | None, now: datetime, tz: ZoneInfo) -> str:
    """ "reminder at 4:00 PM" on the due's day, else with its own day."""
    wall = remind_at.astimezone(tz)
    due_day = due.astimezone(tz).date() if isinstance(due, datetime) else due
    if due_day == wall.date():
        return f"reminder at {clock_time(wall)}"
    return f"reminder {moment(remind_at, now, tz)}"


def recurrence(rule: str, due: date | None = None) -> str:
    """An RRULE in words: "every day", "every Monday and Thursday", "every 2 weeks",
    "every month on the 1st", "every month on the third Tuesday", "every year on
    March 3" (the day of ``due`` when the rule names none); the rule itself where it
    says more than that."""
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    unit = _UNITS.get(parts.get("FREQ", ""))
    if unit is None:
        return f"repeating ({rule})"
    interval = int(parts.get("INTERVAL", "1") or 1)
    every = f"every {interval} {unit}s" if interval > 1 else f"every {unit}"
    if said := _recurrence_beyond_days(parts, unit, interval, due):
        return said
    known = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY"}
    if not set(parts) <= known:
        return f"repeating ({rule})"
    days = parts.get("BYDAY", "")
    if days == "MO,TU,WE,TH,FR" and interval == 1:
        return "every weekday"
    if days and all(code in _BYDAY for code in days.split(",")):
        names = [_BYDAY[code] for code in days.split(",")]
        return f"every {_joined(names)}" if interval == 1 else f"{every} on {_joined(names)}"
    if days:
        return f"repeating ({rule})"
    if month_day := parts.get("BYMONTHDAY"):
        return f"{every} on the {_ordinal_day(month_day)}"
    return every


_NTH: Final = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
_NTH_DAY: Final = re.compile(r"^([+-]?\d)(MO|TU|WE|TH|FR|SA|SU)$")


def _recurrence_beyond_days(
    parts: Mapping[str, str], unit: str, interval: int, due: date | None
) -> str | None:
    """The rules :func:`recurrence` says more than "every ...": an nth weekday of the
    month ("every month on the last Friday"), a day of the year ("every year on
    March 3", the day of ``due`` when the rule names none), with a count or an end
    ("..., 5 times", "..., until May 1, 2026")."""
    core = {name: value for name, value in parts.items() if name not in ("COUNT", "UNTIL")}
    said = _nth_weekday(core, unit, interval) or _day_of_year(core, unit, interval, due)
    if said is None and core != parts:
        plain = ";".join(f"{name}={value}" for name, value in core.items())
        said = recurrence(plain)
        if said.startswith("repeating ("):
            return None
    if said is None:
        return None
    if count := parts.get("COUNT"):
        said += f", {count} times" if count != "1" else ", once"
    if until := parts.get("UNTIL"):
        end = date(int(until[:4]), int(until[4:6]), int(until[6:8]))
        said += f", until {_MONTHS[end.month - 1]} {end.day}, {end.year}"
    return said


def _nth_weekday(parts: Mapping[str, str], unit: str, interval: int) -> str | None:
    """ "every month on the third Tuesday", "every 2 months on the first Monday"."""
    if unit != "month" or set(parts) - {"FREQ", "INTERVAL", "BYDAY", "BYSETPOS"}:
        return None
    if position := parts.get("BYSETPOS"):
        if "," in parts.get("BYDAY", ",") or not position.lstrip("+-").isdigit():
            return None
        parts = {**parts, "BYDAY": f"{int(position)}{parts['BYDAY']}"}
    days = [_NTH_DAY.match(code) for code in parts.get("BYDAY", "").split(",")]
    if not days or any(m is None or int(m[1]) not in _NTH for m in days):
        return None
    named = [f"{_NTH[int(m[1])]} {_BYDAY[m[2]]}" for m in days if m is not None]
    months = "every month" if interval == 1 else f"every {interval} months"
    return f"{months} on the {_joined(named)}"


def _day_of_year(
    parts: Mapping[str, str], unit: str, interval: int, due: date | None
) -> str | None:
    """ "every year on March 3" (from the rule, else from ``due``)."""
    if unit != "year":
        return None
    if set(parts) <= {"FREQ", "INTERVAL"} and due is not None:
        parts = {**parts, "BYMONTH": str(due.month), "BYMONTHDAY": str(due.day)}
    if set(parts) != {"FREQ", "BYMONTH", "BYMONTHDAY"} | (
        {"INTERVAL"} if "INTERVAL" in parts else set()
    ):
        return None
    month, day_of_month = parts["BYMONTH"], parts["BYMONTHDAY"]
    if not (month.isdigit() and day_of_month.isdigit() and 1 <= int(month) <= 12):
        return None
    every = "every year" if interval == 1 else f"every {interval} years"
    return f"{every} on {_MONTHS[int(month) - 1]} {int(day_of_month)}"


_UNIT_ALONE: Final = {"day": "a day", "week": "a week", "month": "a month", "year": "a year"}


def repeat(rule: str, repeat_from: str | None, due: date | None = None) -> str:
    """How a task repeats: :func:`recurrence`, or for a task repeating after completion
    "3 days after you finish it"."""
    if repeat_from != "completion":
        return recurrence(rule, due)
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    unit = _UNITS.get(parts.get("FREQ", ""))
    interval = parts.get("INTERVAL", "1")
    if unit is not None and set(parts) <= {"FREQ", "INTERVAL"} and interval.isdigit():
        count = int(interval)
        span = _UNIT_ALONE[unit] if count == 1 else f"{count} {unit}s"
        return f"{span} after you finish it"
    return f"{recurrence(rule)}, counted from when you finish it"


def skipped(view: Mapping[str, Any]) -> str:
    """The dates a completed overdue task passed over: "skipped Mar 2 and Mar 3", or ""
    (each is shown in the owner's zone: its first ten characters are its local date)."""
    dates = [date.fromisoformat(text[:10]) for text in view.get("skipped_occurrences") or ()]
    if not dates:
        return ""
    shown = [_short_day(d) for d in dates]
    if len(dates) >= MAX_SKIPPED_LISTED:
        return f"skipped {len(dates)} or more past dates from {shown[0]} on"
    if len(dates) > _SKIPPED_NAMED:
        return f"skipped {len(dates)} past dates, {shown[0]} to {shown[-1]}"
    return f"skipped {_joined(shown)}"


_SKIPPED_NAMED: Final = 5


def _due_date(text: str, tz: ZoneInfo) -> date:
    due = parse_due(text, tz)
    return due.astimezone(tz).date() if isinstance(due, datetime) else due


def _short_day(when: date) -> str:
    """ "Mar 2"."""
    return f"{_MONTHS[when.month - 1][:3]} {when.day}"


def task_details(view: Mapping[str, Any], now: datetime, tz: ZoneInfo) -> list[str]:
    """What a reply says about a task beside its title: due, reminder, repeat,
    priority, tags."""
    due = parse_due(view["due"], tz) if view.get("due") else None
    details = []
    if due is not None:
        details.append(f"due {moment(due, now, tz)}")
    if view.get("remind_at"):
        remind_at = parse_due(view["remind_at"], tz)
        assert isinstance(remind_at, datetime)
        details.append(reminder(remind_at, due, now, tz))
    if view.get("recurrence"):
        due_day = _due_date(view["due"], tz) if view.get("due") else None
        said = repeat(view["recurrence"], view.get("repeat_from"), due_day)
        details.append(said if said.startswith("repeating") else f"repeating {said}")
    if view.get("priority"):
        details.append(f"{view['priority']} priority")
    if view.get("tags"):
        details.append(" ".join(f"#{tag}" for tag in view["tags"]))
    return details


def task_line(view: Mapping[str, Any], now: datetime, tz: ZoneInfo) -> str:
    """ "*Buy groceries*, due tomorrow at 5:00 PM, reminder at 4:00 PM"."""
    return ", ".join([title(view["title"]), *task_details(view, now, tz)])


def numbered(views: Sequence[Mapping[str, Any]], now: datetime, tz: ZoneInfo) -> str:
    """One task per line, numbered from 1, with its due (enough to tell twins apart)."""
    lines = []
    for number, view in enumerate(views, start=1):
        due = parse_due(view["due"], tz) if view.get("due") else None
        when = f" (due {moment(due, now, tz)})" if due is not None else ""
        done = " (done)" if view.get("status") == "completed" else ""
        lines.append(f"{number}. {title(view['title'])}{when}{done}")
    return "\n".join(lines)


def count(number: int, noun: str) -> str:
    """ "1 task", "3 tasks"."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def quoted_list(titles: Sequence[str]) -> str:
    """ "*A*, *B* or *C*"."""
    return _joined([title(text) for text in titles], last="or")


def _joined(items: Sequence[str], last: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def _ordinal_day(text: str) -> str:
    numbers = [int(value) for value in text.split(",") if value.lstrip("-").isdigit()]
    if numbers == [-1]:
        return "last day"
    return _joined([_ordinal(n) for n in numbers])


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
