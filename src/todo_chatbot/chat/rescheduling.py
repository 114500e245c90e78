"""Moving a task's due while keeping what the message did not mention.

"move call mom to 7pm" keeps the day, "postpone email bob by 2 days" keeps the
time, "move X to friday" keeps the time of a timed task, "push X to next week"
never makes it earlier, and a reminder set at a moment of its own moves with the
due (its lead before the due stays). :func:`rescheduled` turns an update's fields
and its relative :class:`DueMove` into the absolute fields ``update_task`` takes,
from the task as it is now; the chat calls it for one named task, and a bulk
action can call it for each task it touches.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from todo_chatbot.core.errors import DomainError
from todo_chatbot.core.timekeeping import (
    Due,
    due_sort_key,
    due_wall,
    parse_due,
    parse_instant,
    to_instant,
    to_wall,
)

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class DueMove:
    """A move of the due relative to the task's current one.

    ``shift``: by this much (whole days move the date and keep the time of day);
    ``time``: to this wall-clock time on the day it is due; ``later``: the verb said
    later ("push", "postpone"), so the new due must come after the current one.
    """

    shift: timedelta | None = None
    time: time | None = None
    later: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "shift_minutes": None if self.shift is None else self.shift // timedelta(minutes=1),
            "time": None if self.time is None else self.time.isoformat("minutes"),
            "later": self.later,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DueMove:
        minutes, clock = data.get("shift_minutes"), data.get("time")
        return cls(
            shift=None if minutes is None else timedelta(minutes=int(minutes)),
            time=None if clock is None else time.fromisoformat(clock),
            later=bool(data.get("later")),
        )


class NotLater(DomainError):
    """A move said "later" but would make the task due earlier (or when it already is)."""


def rescheduled(
    task: Mapping[str, Any],
    fields: Mapping[str, Any],
    move: DueMove | None,
    tz: ZoneInfo,
    now: datetime,
) -> dict[str, Any]:
    """The absolute fields that move ``task`` (its view) as ``fields`` and ``move`` say.

    Raises :class:`NotLater` when a later-only move would not make the task later.
    """
    result = dict(fields)
    current = _due_of(task, tz)
    if move is not None and (move.shift is not None or move.time is not None):
        result["due"] = _moved(current, move, tz, now)
    if "due" not in result or result["due"] is None:
        return result
    new_due: Due = result["due"]
    if current is not None and not isinstance(new_due, datetime) and isinstance(current, datetime):
        new_due = to_instant(datetime.combine(new_due, current.astimezone(tz).time()), tz)
        result["due"] = new_due
    if move is not None and move.later and current is not None:
        _check_later(current, new_due, tz)
    result.update(_reminder_following(task, result, current, new_due, tz))
    return result


def _due_of(task: Mapping[str, Any], tz: ZoneInfo) -> Due | None:
    text = task.get("due")
    return None if text is None else parse_due(text, tz)


def _moved(current: Due | None, move: DueMove, tz: ZoneInfo, now: datetime) -> Due:
    if move.shift is not None:
        return _shifted(current, move.shift, tz, now)
    assert move.time is not None
    return _at_time(current, move.time, tz, now)


def _shifted(current: Due | None, shift: timedelta, tz: ZoneInfo, now: datetime) -> Due:
    """``current`` moved by ``shift``; whole days move the date (the wall time stays
    across a change of clocks). A task with no due is moved from today (or now)."""
    whole_days = shift % ONE_DAY == timedelta(0)
    if current is None:
        return now.astimezone(tz).date() + shift if whole_days else now + shift
    if not whole_days:
        return due_sort_key(current, tz) + shift
    if isinstance(current, datetime):
        wall = current.astimezone(tz).replace(tzinfo=None) + shift
        return to_instant(wall, tz)
    return current + shift


def _at_time(current: Due | None, clock: time, tz: ZoneInfo, now: datetime) -> datetime:
    """The day of ``current`` at ``clock``; with no due, the next time ``clock`` comes."""
    if current is not None:
        day = current.astimezone(tz).date() if isinstance(current, datetime) else current
        return to_instant(datetime.combine(day, clock), tz)
    today = now.astimezone(tz).date()
    moment = to_instant(datetime.combine(today, clock), tz)
    return moment if moment > now else to_instant(datetime.combine(today + ONE_DAY, clock), tz)


def _check_later(current: Due, new_due: Due, tz: ZoneInfo) -> None:
    if due_sort_key(new_due, tz) <= due_sort_key(current, tz):
        raise NotLater(f"already due {_plain(current, tz)}")


def _plain(due: Due, tz: ZoneInfo) -> str:
    if isinstance(due, datetime):
        return due.astimezone(tz).strftime("%A, %B %-d at %-I:%M %p")
    return due.strftime("%A, %B %-d")


def _reminder_following(
    task: Mapping[str, Any],
    fields: Mapping[str, Any],
    current: Due | None,
    new_due: Due,
    tz: ZoneInfo,
) -> dict[str, Any]:
    """A reminder at a moment of its own keeps its lead before the due: it moves by as
    much as the due (one with a lead in minutes moves by itself; one the change sets
    stays as set)."""
    if "remind_at" in fields or "remind_before_minutes" in fields:
        return {}
    if task.get("remind_before_minutes") is not None or task.get("remind_at") is None:
        return {}
    if current is None:
        return {}
    moved_by = due_wall(new_due, tz) - due_wall(current, tz)
    if not moved_by:
        return {}
    reminder = to_wall(parse_instant(task["remind_at"], tz), tz)
    return {"remind_at": to_instant(reminder + moved_by, tz)}
