"""The read side of the embedded runtime: task lists and lookups, and the audit trail.

Lists are keyset-paginated SQL over the indexes of ``tasks`` (and the FTS5
index for keywords), never a user's tasks loaded into Python. A sort key that
can be empty (due, priority) is read in two phases: tasks with a value, then
tasks without, so that empty values come last in either order. Ties follow
creation order (``pk``) in the sort's direction, so pages never overlap.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

import orjson

from todo_chatbot.accounts.users import User
from todo_chatbot.audit.trail import AuditEntry, AuditPage
from todo_chatbot.core.errors import TaskNotFound, ValidationFailed
from todo_chatbot.core.timekeeping import from_millis, local_date, start_of_day, to_millis
from todo_chatbot.core.words import fold
from todo_chatbot.runtimes.embedded.generation import SharedGeneration
from todo_chatbot.runtimes.embedded.sqlite.database import Database
from todo_chatbot.runtimes.embedded.store import read_user
from todo_chatbot.runtimes.embedded.user_keys import UserKeys
from todo_chatbot.runtimes.sql.listing import (
    COMPLETED,
    MIN_PREFIX,
    NULLABLE_SORTS,
    PENDING,
    SORT_COLUMNS,
    Position,
    decode_cursor,
    encode_cursor,
    phases_of,
    position_after,
    scans_both_statuses_in_order,
)
from todo_chatbot.runtimes.sql.task_rows import TASK_COLUMNS, task_from_row
from todo_chatbot.tasks.ports import TaskJson, TaskJsonPage, TaskPage
from todo_chatbot.tasks.queries import ListQuery, SortKey, StatusFilter, TaskFilter
from todo_chatbot.tasks.task import Task

_LAST_CHARACTER: Final = "\U0010ffff"


def _search_clauses(uid: int, words: tuple[str, ...]) -> tuple[list[str], list[Any]]:
    """Every word must occur, by its stem; the last may also be the start of a word."""
    bounds = (uid << 32, (uid << 32) | 0xFFFFFFFF)
    stems = "pk IN (SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH ? AND rowid BETWEEN ? AND ?)"
    clauses: list[str] = []
    params: list[Any] = []
    *complete, last = words
    if complete:
        clauses.append(stems)
        params.extend((" ".join(f'"{word}"' for word in complete), *bounds))
    start = fold(last)
    if len(start) < MIN_PREFIX:
        clauses.append(stems)
        params.extend((f'"{last}"', *bounds))
    else:
        # UNION ALL: the IN list drops repeats itself, where a UNION would
        # first sort them out in a table of its own.
        clauses.append(
            "pk IN (SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH ? AND rowid BETWEEN ? AND ?"
            " UNION ALL SELECT pk FROM task_words WHERE uid = ? AND word >= ? AND word < ?)"
        )
        params.extend((f'"{last}"', *bounds, uid, start, start + _LAST_CHARACTER))
    return clauses, params


def _filter_clauses(
    uid: int, task_filter: TaskFilter, tags: tuple[str, ...], now: datetime, tz: ZoneInfo
) -> tuple[list[str], list[Any]]:
    """The conditions of the filter, but for the tags: only ``tags`` are checked here."""
    clauses = ["uid = ?"]
    params: list[Any] = [uid]
    if task_filter.status is StatusFilter.PENDING or task_filter.overdue:
        clauses.append("status = ?")
        params.append(PENDING)
    elif task_filter.status is StatusFilter.COMPLETED:
        clauses.append("status = ?")
        params.append(COMPLETED)
    if task_filter.overdue and task_filter.status is StatusFilter.COMPLETED:
        clauses.append("0")
    if task_filter.priorities:
        ranks = [p.rank for p in task_filter.priorities if p is not None]
        options = []
        if ranks:
            options.append(f"priority IN ({', '.join('?' * len(ranks))})")
            params.extend(ranks)
        if None in task_filter.priorities:
            options.append("priority IS NULL")
        clauses.append(f"({' OR '.join(options)})")
    for tag in tags:
        clauses.append("pk IN (SELECT pk FROM task_tags WHERE uid = ? AND tag = ?)")
        params.extend((uid, tag))
    if task_filter.due_from is not None:
        clauses.append("due_at >= ?")
        params.append(to_millis(start_of_day(task_filter.due_from, tz)))
    if task_filter.due_to is not None:
        clauses.append("due_at < ?")
        params.append(to_millis(start_of_day(task_filter.due_to + timedelta(days=1), tz)))
    if task_filter.overdue:
        today = to_millis(start_of_day(local_date(now, tz), tz))
        clauses.append("due_at < ? AND (due_date IS NULL OR due_at < ?)")
        params.extend((to_millis(now), today))
    if task_filter.search_words:
        search, search_params = _search_clauses(uid, task_filter.search_words)
        clauses.extend(search)
        params.extend(search_params)
    return clauses, params


_TAGGED_ROWS: Final = (
    "(SELECT pk AS tagged FROM task_tags WHERE uid = ? AND tag = ?) CROSS JOIN tasks ON pk = tagged"
)
"""A tag's tasks, read in the order of the tag's entries: creation order."""


@dataclass(frozen=True)
class _DrivingTag:
    uid: int
    tag: str


def _driving_tag(uid: int, query: ListQuery) -> tuple[_DrivingTag | None, tuple[str, ...]]:
    """The tag whose entries a list reads its rows from, if any, and the tags left
    to check on each row.

    A list by creation with a tag reads that tag's entries in ``task_tags``,
    which are in creation order, and each one's row, until the page is full:
    for a tag on 7% of a user's 10,000 tasks, 0.335 → 0.136 ms (``bench/list_queries.py``,
    in git history), where the tasks' own index met the tag's whole list.
    Not when a search or a due range is also asked for: those can leave few of
    the tag's tasks, all of which would then be read.
    """
    task_filter = query.filter
    if (
        not task_filter.tags
        or SORT_COLUMNS[query.sort] is not None
        or task_filter.search_words
        or task_filter.due_from is not None
        or task_filter.due_to is not None
        or task_filter.overdue
    ):
        return None, task_filter.tags
    first, *others = task_filter.tags
    return _DrivingTag(uid, first), tuple(others)


_KEYS: Final = "pk, due_at, priority, title_key"
"""Leading columns of every listed row: what a cursor and a merge need."""
_KEY_INDEX: Final = {SortKey.DUE: 1, SortKey.PRIORITY: 2, SortKey.TITLE: 3}

Row = tuple[Any, ...]


class SqliteTaskViews:
    """Lookups and lists, as tasks or as their stored JSON representation."""

    def __init__(self, db: Database, keys: UserKeys) -> None:
        self._db = db
        self._keys = keys

    async def get(self, user_id: str, task_id: str) -> Task:
        row = self._one(user_id, task_id, TASK_COLUMNS)
        return task_from_row(row, user_id)

    async def get_view(self, user_id: str, task_id: str) -> TaskJson:
        view, version = self._one(user_id, task_id, "view, version")
        return TaskJson(json=view, version=version)

    async def list_tasks(
        self, user_id: str, query: ListQuery, *, now: datetime, tz: ZoneInfo
    ) -> TaskPage:
        rows, next_cursor = self._page(user_id, query, now, tz, TASK_COLUMNS)
        return TaskPage(
            items=[task_from_row(row[4:], user_id) for row in rows], next_cursor=next_cursor
        )

    async def list_views(
        self, user_id: str, query: ListQuery, *, now: datetime, tz: ZoneInfo
    ) -> TaskJsonPage:
        rows, next_cursor = self._page(user_id, query, now, tz, "view")
        return TaskJsonPage(items=[row[4] for row in rows], next_cursor=next_cursor)

    def _one(self, user_id: str, task_id: str, columns: str) -> Row:
        conn = self._db.reader
        uid = self._keys.uid(conn, user_id)
        row = None
        if uid is not None:
            row = conn.execute(
                f"SELECT {columns} FROM tasks WHERE id = ? AND uid = ?", (task_id, uid)
            ).fetchone()
        if row is None:
            raise TaskNotFound(task_id)
        return tuple(row)

    def _page(
        self, user_id: str, query: ListQuery, now: datetime, tz: ZoneInfo, columns: str
    ) -> tuple[list[Row], str | None]:
        position = decode_cursor(query)
        uid = self._keys.uid(self._db.reader, user_id)
        if uid is None:
            return [], None
        driving_tag, tags = _driving_tag(uid, query)
        clauses, params = _filter_clauses(uid, query.filter, tags, now, tz)
        rows = self._fetch(query, driving_tag, clauses, params, position, f"{_KEYS}, {columns}")
        if len(rows) <= query.limit:
            return rows, None
        rows = rows[: query.limit]
        return rows, encode_cursor(query, _position_of(query, rows[-1]))

    def _fetch(
        self,
        query: ListQuery,
        driving_tag: _DrivingTag | None,
        clauses: list[str],
        params: list[Any],
        position: Position | None,
        columns: str,
    ) -> list[Row]:
        """Up to ``limit + 1`` rows after ``position``, phase by phase."""
        rows: list[Row] = []
        for phase, after in phases_of(query, position):
            rows.extend(
                self._fetch_phase(
                    query,
                    driving_tag,
                    phase,
                    clauses,
                    params,
                    after,
                    columns,
                    query.limit + 1 - len(rows),
                )
            )
            if len(rows) > query.limit:
                break
        return rows

    def _fetch_phase(
        self,
        query: ListQuery,
        driving_tag: _DrivingTag | None,
        phase: int,
        clauses: list[str],
        params: list[Any],
        after: Position | None,
        columns: str,
        limit: int,
    ) -> list[Row]:
        column = SORT_COLUMNS[query.sort]
        keyed = column is not None and phase == 1
        direction = "DESC" if query.descending else "ASC"
        where, values = list(clauses), list(params)
        if query.sort in NULLABLE_SORTS:
            where.append(f"{column} IS NOT NULL" if phase == 1 else f"{column} IS NULL")
        if after is not None:
            comparison = "<" if query.descending else ">"
            if keyed:
                where.append(f"({column}, pk) {comparison} (?, ?)")
                values.extend((after.value, after.pk))
            else:
                where.append(f"pk {comparison} ?")
                values.append(after.pk)
        if driving_tag is not None:
            sql = (
                f"SELECT {columns} FROM {_TAGGED_ROWS} WHERE {' AND '.join(where)}"
                f" ORDER BY tagged {direction} LIMIT ?"
            )
            values = [driving_tag.uid, driving_tag.tag, *values, limit]
            return self._db.reader.execute(sql, values).fetchall()
        order = f"{column} {direction}, pk {direction}" if keyed else f"pk {direction}"
        per_status = keyed and scans_both_statuses_in_order(query.filter)
        if _index_gives_order(query, per_status):
            # An index hands the rows over in order: read them as they come.
            sql = f"SELECT {columns} FROM tasks WHERE {{}} ORDER BY {order} LIMIT ?"
        else:
            # The page's keys first, then its rows: a sort that cannot follow an
            # index then orders short keys, not whole rows.
            sql = (
                f"SELECT {columns} FROM (SELECT pk FROM tasks WHERE {{}} ORDER BY {order} LIMIT ?)"
                f" JOIN tasks USING (pk) ORDER BY {order}"
            )
        if not per_status:
            return self._db.reader.execute(
                sql.format(" AND ".join(where)), [*values, limit]
            ).fetchall()
        by_status = [
            self._db.reader.execute(
                sql.format(" AND ".join([*where, "status = ?"])), [*values, status, limit]
            ).fetchall()
            for status in (PENDING, COMPLETED)
        ]
        merged = heapq.merge(*by_status, key=_merge_key(query), reverse=query.descending)
        return list(itertools.islice(merged, limit))


def _index_gives_order(query: ListQuery, per_status: bool) -> bool:
    """Whether the rows come from an index in sort order, each status on its own:
    no tags or keywords (a list of candidates to sort), and no filter on another
    column than the sort's, which the planner might prefer to scan and then sort
    whole rows."""
    task_filter = query.filter
    one_status = task_filter.status is not StatusFilter.ALL or task_filter.overdue
    dated = task_filter.due_from or task_filter.due_to or task_filter.overdue
    return (
        (one_status or per_status)
        and not task_filter.tags
        and not task_filter.search_words
        and (not task_filter.priorities or query.sort is SortKey.PRIORITY)
        and (not dated or query.sort is SortKey.DUE)
    )


def _merge_key(query: ListQuery) -> Callable[[Row], tuple[Any, int]]:
    index = _KEY_INDEX[query.sort]
    return lambda row: (row[index], row[0])


def _position_of(query: ListQuery, row: Row) -> Position:
    index = _KEY_INDEX.get(query.sort)
    return position_after(query, row[0], row[index] if index is not None else None)


class SqliteAuditViews:
    def __init__(self, db: Database, keys: UserKeys) -> None:
        self._db = db
        self._keys = keys

    async def list_entries(
        self, user_id: str, *, task_id: str | None, limit: int, cursor: str | None
    ) -> AuditPage:
        conn = self._db.reader
        uid = self._keys.uid(conn, user_id)
        if uid is None:
            return AuditPage(items=[], next_cursor=None)
        where = ["uid = ?"]
        params: list[Any] = [uid]
        if task_id is not None:
            where.append("task_id = ?")
            params.append(task_id)
        if cursor is not None:
            where.append("id < ?")
            params.append(_decode_audit_cursor(cursor))
        params.append(limit + 1)
        rows = conn.execute(
            "SELECT id, event_id, task_id, event_type, occurred_at, actor, data FROM audit_log"
            f" WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT ?",
            params,
        ).fetchall()
        items = [
            AuditEntry(
                event_id=event_id,
                user_id=user_id,
                task_id=entry_task_id,
                event_type=event_type,
                occurred_at=from_millis(occurred_at),
                actor=actor,
                data=orjson.loads(data),
            )
            for _id, event_id, entry_task_id, event_type, occurred_at, actor, data in rows[:limit]
        ]
        next_cursor = str(rows[limit - 1][0]) if len(rows) > limit else None
        return AuditPage(items=items, next_cursor=next_cursor)


def _decode_audit_cursor(cursor: str) -> int:
    if not (cursor.isascii() and cursor.isdigit() and len(cursor) <= 19) or int(cursor) >= 2**63:
        raise ValidationFailed.single("cursor", "is not a cursor of this list", "query")
    return int(cursor)


class SqliteUsers:
    """Users by id for authentication, remembered until any user changes.

    Every request needs its user, and a lookup costs more than a check of the
    users' shared generation (``SharedGeneration``), which a change of any
    user through any worker process advances once it is committed: a process
    then forgets every user it remembers and reads them afresh. A reader looks
    at the generation before it reads a row, so a row read just before a
    change is forgotten with the change.
    """

    MAX_REMEMBERED: Final = 10_000

    def __init__(self, db: Database, generation: SharedGeneration) -> None:
        self._db = db
        self._generation = generation
        self._filled_in = generation.current()
        self._known: dict[str, User] = {}
        self._revoked: dict[str, bool] = {}

    async def get(self, user_id: str) -> User | None:
        current = self._generation.current()
        if (
            current != self._filled_in
            or len(self._known) >= self.MAX_REMEMBERED
            or len(self._revoked) >= self.MAX_REMEMBERED
        ):
            self._known.clear()
            self._revoked.clear()
            self._filled_in = current
        user = self._known.get(user_id)
        if user is None:
            user = read_user(self._db.reader, user_id)
            if user is not None:
                self._known[user_id] = user
        return user

    async def signed_in(self, user_id: str, token_id: str) -> User | None:
        """The user, unless gone or the token revoked; a revocation advances the users'
        generation like any change of a user, so every process sees it at once."""
        user = await self.get(user_id)
        if user is None:
            return None
        revoked = self._revoked.get(token_id)
        if revoked is None:
            row = self._db.reader.execute(
                "SELECT 1 FROM revoked_tokens WHERE token_id = ?", (token_id,)
            ).fetchone()
            revoked = self._revoked[token_id] = row is not None
        return None if revoked else user

    def forget(self, user_id: str) -> None:
        """A user changed (and the change is committed): every process reads users afresh."""
        self._known.pop(user_id, None)
        self._generation.advance()
