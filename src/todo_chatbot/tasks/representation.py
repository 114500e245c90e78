"""The task as the HTTP API and the events show it (one shape for both).

``task_view`` renders a task to plain JSON values in its owner's zone; the
``TaskView`` model documents the same shape for OpenAPI and AsyncAPI.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from todo_chatbot.core.timekeeping import (
    format_due,
    format_instant,
    format_timestamp,
    parse_due,
    parse_instant,
)
from todo_chatbot.tasks.recurrence import MAX_SKIPPED_LISTED, RecurrenceRule, rule_from_storage
from todo_chatbot.tasks.task import Changes, Priority, RepeatFrom, Status, Task

_TIMESTAMPS = frozenset({"created_at", "updated_at", "completed_at"})


class TaskView(BaseModel):
    """A task as the API returns it and as events carry it."""

    id: str
    title: str
    description: str | None
    status: Literal["pending", "completed"]
    priority: Literal["high", "medium", "low"] | None
    tags: list[str]
    due: str | None = Field(
        description="A date (YYYY-MM-DD) or a date-time with the offset of the user's zone"
    )
    remind_at: str | None = Field(description="A date-time with the offset of the user's zone")
    remind_before_minutes: int | None = Field(
        description="Set when the reminder is relative to the due: remind_at is this many"
        " minutes before it (from 09:00 for a date-only due) and moves with the due"
    )
    recurrence: str | None = Field(description="An RFC 5545 RRULE value, e.g. FREQ=WEEKLY;BYDAY=MO")
    repeat_from: Literal["due", "completion"] | None = Field(
        description="What a recurring task's next occurrence is counted from: its schedule"
        " (due) or the day it is completed (completion); null when it does not recur"
    )
    skipped_occurrences: list[str] = Field(
        description="For a completed recurring task that was overdue: the dates of the series"
        " already past when it was completed, which its next occurrence passed over (the"
        f" earliest {MAX_SKIPPED_LISTED} at most)"
    )
    series_id: str | None
    created_at: str
    updated_at: str
    completed_at: str | None
    version: int


def task_view(task: Task, tz: ZoneInfo) -> dict[str, Any]:
    """The task's JSON representation, with dates and times in ``tz``."""
    return {
        "id": task.id,
        "title": task.title,
        "description": task.description,
        "status": task.status.value,
        "priority": task.priority.value if task.priority is not None else None,
        "tags": list(task.tags),
        "due": format_due(task.due, tz) if task.due is not None else None,
        "remind_at": format_instant(task.remind_at, tz) if task.remind_at is not None else None,
        "remind_before_minutes": task.remind_before_minutes,
        "recurrence": task.recurrence.text if task.recurrence is not None else None,
        "repeat_from": task.repeat_from.value if task.recurrence is not None else None,
        "skipped_occurrences": [format_due(due, tz) for due in task.skipped_occurrences(tz)],
        "series_id": task.series_id,
        "created_at": format_timestamp(task.created_at),
        "updated_at": format_timestamp(task.updated_at),
        "completed_at": format_timestamp(task.completed_at) if task.completed_at else None,
        "version": task.version,
    }


def task_from_view(view: Mapping[str, Any], *, user_id: str, tz: ZoneInfo) -> Task:
    """A task rebuilt from its representation (the series starts at its due)."""
    due = parse_due(view["due"], tz) if view.get("due") else None
    recurrence = rule_from_storage(view["recurrence"]) if view.get("recurrence") else None
    return Task(
        id=view["id"],
        user_id=user_id,
        title=view["title"],
        description=view.get("description"),
        status=Status(view["status"]),
        priority=Priority(view["priority"]) if view.get("priority") else None,
        tags=tuple(view.get("tags") or ()),
        due=due,
        remind_at=parse_instant(view["remind_at"], tz) if view.get("remind_at") else None,
        remind_before_minutes=view.get("remind_before_minutes"),
        recurrence=recurrence,
        repeat_from=RepeatFrom(view.get("repeat_from") or RepeatFrom.DUE),
        series_id=view.get("series_id"),
        series_anchor=due if recurrence else None,
        occurrence=1 if recurrence else None,
        created_at=parse_instant(view["created_at"], tz),
        updated_at=parse_instant(view["updated_at"], tz),
        completed_at=parse_instant(view["completed_at"], tz) if view.get("completed_at") else None,
        version=int(view["version"]),
    )


def changes_view(changes: Changes, tz: ZoneInfo) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` with each value rendered as in :func:`task_view`."""
    return {
        name: [value_view(name, old, tz), value_view(name, new, tz)]
        for name, (old, new) in changes.items()
    }


def value_view(name: str, value: Any, tz: ZoneInfo) -> Any:
    """A field's domain value as :func:`task_view` renders it (plain values pass as given)."""
    if value is None:
        return None
    if name in _TIMESTAMPS:
        return format_timestamp(value)
    if isinstance(value, datetime | date):
        return format_due(value, tz)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, RecurrenceRule):
        return value.text
    if isinstance(value, tuple):
        return list(value)
    return value
