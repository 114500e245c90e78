"""The next dates of a task's series ("when is call mom next?"): a read use case that
the HTTP API, the tools (chat and MCP) share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final
from zoneinfo import ZoneInfo

from todo_chatbot.core.errors import ValidationFailed
from todo_chatbot.core.timekeeping import format_due
from todo_chatbot.tasks.ports import TaskViews

DEFAULT_OCCURRENCES: Final = 5
MAX_OCCURRENCES: Final = 100


def read_occurrence_count(values: Sequence[str]) -> int:
    """The ``count`` query parameter: 1 to 100, 5 when it is not given."""
    if not values:
        return DEFAULT_OCCURRENCES
    message = f"must be a whole number from 1 to {MAX_OCCURRENCES}"
    if len(values) > 1:
        raise ValidationFailed.single("count", "must be given once", location="query")
    text = values[0].strip()
    if (
        not text.isascii()
        or not text.isdigit()
        or len(text) > len(str(MAX_OCCURRENCES))  # int() refuses thousands of digits
        or not 1 <= int(text) <= MAX_OCCURRENCES
    ):
        raise ValidationFailed.single("count", message, location="query")
    return int(text)


async def upcoming_occurrences(
    *, views: TaskViews, user_id: str, tz: ZoneInfo, task_id: str, count: int
) -> dict[str, Any]:
    """The task's due and the dates its rule gives after it, ``count`` at most, in ``tz``
    (raises ``TaskNotFound`` for a task that is missing or another user's)."""
    task = await views.get(user_id, task_id)
    return {
        "task_id": task.id,
        "recurrence": task.recurrence.text if task.recurrence is not None else None,
        "repeat_from": task.repeat_from.value if task.recurrence is not None else None,
        "occurrences": [format_due(due, tz) for due in task.upcoming_dues(count, tz)],
    }
