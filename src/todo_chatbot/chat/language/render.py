"""Commands as the contract's JSON: keys not listed for an intent are absent.

A task's ``remind_before`` (its reminder's lead) is not part of the contract and
is not written. Dates are ``YYYY-MM-DD``; date-times are wall times in the user's zone with
the offset in force (``YYYY-MM-DDTHH:MM:SS±HH:MM``), written by
:func:`~todo_chatbot.core.timekeeping.format_due`.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from todo_chatbot.chat.language.commands import (
    AddTask,
    Command,
    CompleteTask,
    DeleteTask,
    ListReminders,
    ListTasks,
    NewTask,
    NextDates,
    ReopenTask,
    Snooze,
    SnoozeAll,
    Sort,
    TaskChanges,
    Unset,
    UpdateTask,
    WhyNoReminder,
)
from todo_chatbot.core.timekeeping import Due, format_due, format_instant
from todo_chatbot.tasks.queries import NO_PRIORITY, TaskFilter

JsonObject = dict[str, object]


def to_contract(command: Command, tz: ZoneInfo) -> JsonObject:
    """The command as the contract's JSON object (plain dicts, lists and strings)."""
    body: JsonObject = {"intent": command.intent.value}
    if isinstance(command, AddTask):
        body["task"] = _task(command.task, tz)
    elif isinstance(command, ListTasks):
        body["filter"] = _filter(command.filter)
        body["sort"] = _sort(command.sort)
        if command.count:
            body["count"] = True
        if command.next_page:
            body["page"] = "next"
    elif isinstance(command, CompleteTask | ReopenTask | DeleteTask):
        body["target"] = command.target
        if command.selection is not None:
            body["selection"] = _filter(command.selection)
    elif isinstance(command, UpdateTask):
        body["target"] = command.target
        body["changes"] = _changes(command.changes, tz)
        if command.selection is not None:
            body["selection"] = _filter(command.selection)
    elif isinstance(command, Snooze | SnoozeAll):
        body["snooze"] = _snooze(command, tz)
    elif isinstance(command, ListReminders):
        body["range"] = _day_range(command)
    elif isinstance(command, WhyNoReminder):
        body["target"] = command.target
    elif isinstance(command, NextDates):
        body["target"] = command.target
        body["count"] = command.count
    return body


def to_json(command: Command, tz: ZoneInfo) -> str:
    """The command as one line of compact JSON."""
    return json.dumps(to_contract(command, tz), ensure_ascii=False, separators=(",", ":"))


def _when(value: Due | None, tz: ZoneInfo) -> str | None:
    return None if value is None else format_due(value, tz)


def _instant(value: datetime | None, tz: ZoneInfo) -> str | None:
    return None if value is None else format_instant(value, tz)


def _task(task: NewTask, tz: ZoneInfo) -> JsonObject:
    body: JsonObject = {
        "title": task.title,
        "due": _when(task.due, tz),
        "remind_at": _instant(task.remind_at, tz),
        "priority": None if task.priority is None else task.priority.value,
        "tags": list(task.tags),
        "recurrence": task.recurrence,
    }
    if task.repeat_from is not None:
        body["repeat_from"] = task.repeat_from
    return body


def _day_range(command: ListReminders) -> JsonObject:
    """``{"from": "YYYY-MM-DD" | null, "to": ... | null}``; both null: from now on."""
    return {
        "from": None if command.day_from is None else command.day_from.isoformat(),
        "to": None if command.day_to is None else command.day_to.isoformat(),
    }


def _snooze(snooze: Snooze | SnoozeAll, tz: ZoneInfo) -> JsonObject:
    """``{"minutes": 10}``, ``{"until": ...}`` or ``{}`` (the chat's default)."""
    body: JsonObject = {}
    if snooze.minutes is not None:
        body["minutes"] = snooze.minutes
    if snooze.until is not None:
        body["until"] = _instant(snooze.until, tz)
    return body


def _filter(query: TaskFilter) -> JsonObject:
    return {
        "status": query.status.value,
        "priority": [p.value if p else NO_PRIORITY for p in query.priorities] or None,
        "tags": list(query.tags),
        "due_from": None if query.due_from is None else query.due_from.isoformat(),
        "due_to": None if query.due_to is None else query.due_to.isoformat(),
        "overdue": query.overdue,
        "search": query.search,
    }


def _sort(sort: Sort | None) -> JsonObject | None:
    if sort is None:
        return None
    return {"by": sort.by.value, "order": "desc" if sort.descending else "asc"}


def _changes(changes: TaskChanges, tz: ZoneInfo) -> JsonObject:
    body: JsonObject = {}
    if not isinstance(changes.title, Unset):
        body["title"] = changes.title
    if not isinstance(changes.due, Unset):
        body["due"] = _when(changes.due, tz)
    if not isinstance(changes.remind_at, Unset):
        body["remind_at"] = _instant(changes.remind_at, tz)
    if not isinstance(changes.priority, Unset):
        body["priority"] = None if changes.priority is None else changes.priority.value
    if not isinstance(changes.recurrence, Unset):
        body["recurrence"] = changes.recurrence
    if changes.tags_add:
        body["tags_add"] = list(changes.tags_add)
    if changes.tags_remove:
        body["tags_remove"] = list(changes.tags_remove)
    if changes.due_shift is not None:
        body["due_shift"] = _duration(changes.due_shift)
    if changes.due_time is not None:
        body["due_time"] = changes.due_time.isoformat("minutes")
    return body


def _duration(shift: timedelta) -> str:
    """A shift as an ISO 8601 duration in days or minutes: "P2D", "-PT90M"."""
    sign = "-" if shift < timedelta(0) else ""
    size = abs(shift)
    if size % timedelta(days=1) == timedelta(0):
        return f"{sign}P{size.days}D"
    return f"{sign}PT{size // timedelta(minutes=1)}M"
