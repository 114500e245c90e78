"""What every store's keyset-paginated lists share: the cursor and the sort keys.

A page ends at a position: the phase (tasks with a value for the sort key
first, then those without, so that empty values come last in either order),
the last task's sort value and its ``pk`` (creation order, which breaks ties).
The cursor carries the sort and order too, so a cursor of another list is
refused instead of giving a wrong page.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any, Final

import orjson

from todo_chatbot.core.errors import ValidationFailed
from todo_chatbot.tasks.queries import ListQuery, SortKey, StatusFilter, TaskFilter

SORT_COLUMNS: Final = {
    SortKey.DUE: "due_at",
    SortKey.PRIORITY: "priority",
    SortKey.TITLE: "title_key",
    SortKey.CREATED: None,
}
"""The column each sort reads (creation order is ``pk`` itself)."""
NULLABLE_SORTS: Final = frozenset({SortKey.DUE, SortKey.PRIORITY})
PENDING, COMPLETED = 0, 1
MIN_PREFIX: Final = 3
"""The last search word also matches the start of a word from this many characters."""


@dataclass(frozen=True)
class Position:
    """Where the previous page ended: the phase, the sort value and the pk."""

    phase: int
    value: Any
    pk: int


def encode_cursor(query: ListQuery, position: Position) -> str:
    raw = orjson.dumps(
        [query.sort.value, query.descending, position.phase, position.value, position.pk]
    )
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(query: ListQuery) -> Position | None:
    """The position the query's cursor names; raises ValidationFailed for a foreign one."""
    if query.cursor is None:
        return None
    try:
        padded = query.cursor + "=" * (-len(query.cursor) % 4)
        sort, descending, phase, value, pk = orjson.loads(base64.urlsafe_b64decode(padded))
        valid = (
            sort == query.sort.value
            and descending is query.descending
            and phase in (1, 2)
            and _is_int64(pk)
            and (value is None or isinstance(value, str) or _is_int64(value))
        )
    except (ValueError, TypeError, binascii.Error, orjson.JSONDecodeError):
        valid = False
    if not valid:
        raise ValidationFailed.single(
            "cursor", "is not a cursor of this list (sort and order must stay the same)", "query"
        )
    return Position(phase=phase, value=value, pk=pk)


def _is_int64(value: Any) -> bool:
    """Whether ``value`` is an integer both stores can compare with (a signed 64-bit one)."""
    return isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63


def position_after(query: ListQuery, pk: int, value: Any) -> Position:
    """The position of the last task of a page (``value``: its sort key's value)."""
    if query.sort is SortKey.CREATED:
        return Position(phase=1, value=None, pk=pk)
    return Position(phase=1 if value is not None else 2, value=value, pk=pk)


def phases_of(query: ListQuery, position: Position | None) -> list[tuple[int, Position | None]]:
    """The phases still to read, each with the position to continue after (or None).

    The second phase (tasks without a value for the sort key) is skipped when
    the filter already leaves such tasks out (a due range sorted by due date,
    chosen priorities sorted by priority), so nobody scans for what cannot match.
    """
    phases = (1, 2) if query.sort in NULLABLE_SORTS and not _keys_required(query) else (1,)
    return [
        (phase, position if position is not None and position.phase == phase else None)
        for phase in phases
        if position is None or phase >= position.phase
    ]


def _keys_required(query: ListQuery) -> bool:
    """Whether the filter only lets through tasks that have a value for the sort key."""
    task_filter = query.filter
    if query.sort is SortKey.DUE:
        return bool(task_filter.due_from or task_filter.due_to or task_filter.overdue)
    if query.sort is SortKey.PRIORITY:
        return bool(task_filter.priorities) and None not in task_filter.priorities
    return False


def scans_both_statuses_in_order(task_filter: TaskFilter) -> bool:
    """Whether a list over both statuses is read from its index in sort order.

    With keywords or tags the matching tasks are few and sorted directly;
    otherwise each status has an index in sort order, and two short scans
    merged beat sorting every task of the user.
    """
    return (
        task_filter.status is StatusFilter.ALL
        and not task_filter.overdue
        and not task_filter.search_words
        and not task_filter.tags
    )
