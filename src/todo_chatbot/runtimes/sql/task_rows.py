"""How a task maps to a row of a SQL store (SQLite or PostgreSQL) and back."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

import orjson

from todo_chatbot.core.timekeeping import Due, from_millis, start_of_day, to_millis
from todo_chatbot.core.words import fold, folded_words
from todo_chatbot.tasks.recurrence import rule_from_storage
from todo_chatbot.tasks.representation import task_view
from todo_chatbot.tasks.task import PRIORITY_BY_RANK, RepeatFrom, Status, Task

TASK_COLUMNS: Final = (
    "pk, id, title, description, status, priority, tags, due_date, due_at, remind_at,"
    " remind_before_minutes, recurrence, series_id, series_anchor, occurrence, created_at,"
    " updated_at, completed_at, version, repeat_from"
)
_STATUS_CODES: Final = {Status.PENDING: 0, Status.COMPLETED: 1}
_STATUS_BY_CODE: Final = {code: status for status, code in _STATUS_CODES.items()}

TaskRow = tuple[Any, ...]


def status_code(status: Status) -> int:
    return _STATUS_CODES[status]


def task_from_row(row: TaskRow, user_id: str) -> Task:
    (
        _pk,
        task_id,
        title,
        description,
        status,
        priority,
        tags,
        due_date,
        due_at,
        remind_at,
        remind_before_minutes,
        recurrence,
        series_id,
        series_anchor,
        occurrence,
        created_at,
        updated_at,
        completed_at,
        version,
        repeat_from,
    ) = row
    due: Due | None
    if due_date is not None:
        due = date.fromisoformat(due_date)
    elif due_at is not None:
        due = from_millis(due_at)
    else:
        due = None
    return Task(
        id=task_id,
        user_id=user_id,
        title=title,
        description=description,
        status=_STATUS_BY_CODE[status],
        priority=PRIORITY_BY_RANK[priority] if priority is not None else None,
        tags=tuple(tags.split()),
        due=due,
        remind_at=from_millis(remind_at) if remind_at is not None else None,
        remind_before_minutes=remind_before_minutes,
        recurrence=rule_from_storage(recurrence) if recurrence is not None else None,
        repeat_from=RepeatFrom(repeat_from),
        series_id=series_id,
        series_anchor=due_from_text(series_anchor) if series_anchor is not None else None,
        occurrence=occurrence,
        created_at=from_millis(created_at),
        updated_at=from_millis(updated_at),
        completed_at=from_millis(completed_at) if completed_at is not None else None,
        version=version,
    )


def task_values(task: Task, tz: ZoneInfo) -> dict[str, Any]:
    """The column values of ``task``; ``tz`` places a date-only due on the time line and
    renders ``view``, the task's JSON representation that lists and lookups answer with."""
    return {
        "id": task.id,
        "title": task.title,
        "title_key": title_key(task.title),
        "description": task.description,
        "status": _STATUS_CODES[task.status],
        "priority": task.priority.rank if task.priority is not None else None,
        "tags": " ".join(task.tags),
        "due_date": None
        if task.due is None or isinstance(task.due, datetime)
        else task.due.isoformat(),
        "due_at": due_millis(task.due, tz),
        "remind_at": to_millis(task.remind_at) if task.remind_at is not None else None,
        "remind_before_minutes": task.remind_before_minutes,
        "recurrence": task.recurrence.text if task.recurrence is not None else None,
        "repeat_from": task.repeat_from.value,
        "series_id": task.series_id,
        "series_anchor": due_to_text(task.series_anchor)
        if task.series_anchor is not None
        else None,
        "occurrence": task.occurrence,
        "created_at": to_millis(task.created_at),
        "updated_at": to_millis(task.updated_at),
        "completed_at": to_millis(task.completed_at) if task.completed_at is not None else None,
        "version": task.version,
        "view": orjson.dumps(task_view(task, tz)),
    }


def title_key(title: str) -> str:
    """How titles sort: case-folded and without accents ("Été" sorts as "ete")."""
    return fold(title)


def words_of(task: Task) -> frozenset[str]:
    """The distinct words of a task's title and description, folded."""
    return frozenset(folded_words(f"{task.title} {task.description or ''}"))


def due_millis(due: Due | None, tz: ZoneInfo) -> int | None:
    """The due's place on the time line: its instant, or the start of its date in ``tz``."""
    if due is None:
        return None
    if isinstance(due, datetime):
        return to_millis(due)
    return to_millis(start_of_day(due, tz))


def due_to_text(due: Due) -> str:
    if isinstance(due, datetime):
        return f"{due.strftime('%Y-%m-%dT%H:%M:%S')}Z"
    return due.isoformat()


def due_from_text(text: str) -> Due:
    if len(text) == 10:
        return date.fromisoformat(text)
    return datetime.fromisoformat(text)
