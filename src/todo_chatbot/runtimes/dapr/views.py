"""The read side of the distributed runtime: task lists and lookups, the audit trail
and users, as SQL over our PostgreSQL schema through the binding.

A list is one statement: keyset-paginated over the indexes of ``tasks``, both
phases of a nullable sort key (tasks with a value, then without) in one
``UNION ALL``, and for a list over both statuses each status read from its
own index in sort order and merged by PostgreSQL. Tags use the GIN index on
``(user_id, tags)``; keywords the GIN index on ``(user_id, search)``: every
word by its stem, the last one also as the start of a word.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

import orjson

from todo_chatbot.accounts.users import User
from todo_chatbot.audit.trail import AuditEntry, AuditPage
from todo_chatbot.core.errors import TaskNotFound, ValidationFailed
from todo_chatbot.core.timekeeping import from_millis, local_date, start_of_day, to_millis
from todo_chatbot.core.words import fold
from todo_chatbot.runtimes.dapr.sql import SqlBinding
from todo_chatbot.runtimes.dapr.store import (
    TASK_SELECT,
    USER_SELECT,
    UserZones,
    task_from_record,
    user_from_record,
)
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
from todo_chatbot.tasks.ports import TaskJson, TaskJsonPage, TaskPage
from todo_chatbot.tasks.queries import ListQuery, SortKey, StatusFilter, TaskFilter
from todo_chatbot.tasks.task import Task


class _Statement:
    """SQL being built, with its parameters numbered as they are added."""

    def __init__(self) -> None:
        self.params: list[Any] = []

    def param(self, value: Any, cast: str = "") -> str:
        self.params.append(value)
        return f"${len(self.params)}{cast}"


def _filter_clauses(
    statement: _Statement, user_id: str, task_filter: TaskFilter, now: datetime, tz: ZoneInfo
) -> list[str]:
    p = statement.param
    clauses = [f"user_id = {p(user_id)}"]
    if task_filter.status is StatusFilter.PENDING or task_filter.overdue:
        clauses.append(f"status = {PENDING}")
    elif task_filter.status is StatusFilter.COMPLETED:
        clauses.append(f"status = {COMPLETED}")
    if task_filter.overdue and task_filter.status is StatusFilter.COMPLETED:
        clauses.append("false")
    if task_filter.priorities:
        ranks = [priority.rank for priority in task_filter.priorities if priority is not None]
        options = [f"priority = ANY({p(ranks, '::smallint[]')})"] if ranks else []
        if None in task_filter.priorities:
            options.append("priority IS NULL")
        clauses.append(f"({' OR '.join(options)})")
    if task_filter.tags:
        clauses.append(f"tags @> {p(list(task_filter.tags), '::text[]')}")
    if task_filter.due_from is not None:
        start = to_millis(start_of_day(task_filter.due_from, tz))
        clauses.append(f"due_at >= {p(start, '::bigint')}")
    if task_filter.due_to is not None:
        end = to_millis(start_of_day(task_filter.due_to + timedelta(days=1), tz))
        clauses.append(f"due_at < {p(end, '::bigint')}")
    if task_filter.overdue:
        today = to_millis(start_of_day(local_date(now, tz), tz))
        clauses.append(
            f"due_at < {p(to_millis(now), '::bigint')}"
            f" AND (due_date IS NULL OR due_at < {p(today, '::bigint')})"
        )
    if task_filter.search_words:
        clauses.append(f"search @@ ({_search_query(statement, task_filter.search_words)})")
    return clauses


def _search_query(statement: _Statement, words: tuple[str, ...]) -> str:
    """Every word must occur, by its stem; the last may also be the start of a word."""
    p = statement.param
    *complete, last = words
    parts = [f"plainto_tsquery('todo_stems', {p(word)})" for word in complete]
    last_stem = f"plainto_tsquery('todo_stems', {p(last)})"
    start = fold(last)
    if len(start) >= MIN_PREFIX:
        parts.append(f"({last_stem} || to_tsquery('todo_words', {p(start + ':*')}))")
    else:
        parts.append(last_stem)
    return " && ".join(parts)


def _phase_query(
    statement: _Statement,
    query: ListQuery,
    phase: int,
    clauses: list[str],
    after: Position | None,
    limit: int,
    columns: str,
) -> str:
    """The statement for one phase: ``phase``, ``pk``, the sort key and ``columns``."""
    column = SORT_COLUMNS[query.sort]
    keyed = column is not None and phase == 1
    direction = "DESC" if query.descending else "ASC"
    where = list(clauses)
    if query.sort in NULLABLE_SORTS:
        where.append(f"{column} IS NOT NULL" if phase == 1 else f"{column} IS NULL")
    if after is not None:
        comparison = "<" if query.descending else ">"
        if keyed:
            value = statement.param(
                after.value, "::text" if query.sort is SortKey.TITLE else "::bigint"
            )
            where.append(
                f"({column}, pk) {comparison} ({value}, {statement.param(after.pk)}::bigint)"
            )
        else:
            where.append(f"pk {comparison} {statement.param(after.pk, '::bigint')}")
    order = f"{column} {direction}, pk {direction}" if keyed else f"pk {direction}"
    key = column if keyed else ("NULL::text" if query.sort is SortKey.TITLE else "NULL::bigint")
    select = f"SELECT {phase} AS phase, pk AS position, {key} AS key, {columns} FROM tasks"
    if scans_both_statuses_in_order(query.filter):
        per_status = [
            f"({select} WHERE {' AND '.join([*where, f'status = {status}'])}"
            f" ORDER BY {order} LIMIT {limit})"
            for status in (PENDING, COMPLETED)
        ]
        return (
            f"(SELECT * FROM ({' UNION ALL '.join(per_status)}) AS merged"
            f" ORDER BY key {direction}, position {direction} LIMIT {limit})"
        )
    return f"({select} WHERE {' AND '.join(where)} ORDER BY {order} LIMIT {limit})"


def _page_query(
    statement: _Statement,
    query: ListQuery,
    clauses: list[str],
    position: Position | None,
    columns: str,
) -> str:
    """Up to ``limit + 1`` rows after ``position``, every phase in one statement."""
    limit = query.limit + 1
    phases = [
        _phase_query(statement, query, phase, clauses, after, limit, columns)
        for phase, after in phases_of(query, position)
    ]
    direction = "DESC" if query.descending else "ASC"
    return (
        f"SELECT * FROM ({' UNION ALL '.join(phases)}) AS page"
        f" ORDER BY phase, key {direction}, position {direction} LIMIT {limit}"
    )


class PostgresTaskViews:
    """Lookups and lists, as tasks or as their stored JSON representation."""

    def __init__(self, sql: SqlBinding) -> None:
        self._sql = sql

    async def get(self, user_id: str, task_id: str) -> Task:
        record = await self._one(user_id, task_id, TASK_SELECT)
        return task_from_record(record, user_id)

    async def get_view(self, user_id: str, task_id: str) -> TaskJson:
        record = await self._one(user_id, task_id, "view, version")
        return TaskJson(json=record["view"].encode(), version=record["version"])

    async def list_tasks(
        self, user_id: str, query: ListQuery, *, now: datetime, tz: ZoneInfo
    ) -> TaskPage:
        rows, next_cursor = await self._page(user_id, query, now, tz, TASK_SELECT)
        return TaskPage(
            items=[task_from_record(row, user_id) for row in rows], next_cursor=next_cursor
        )

    async def list_views(
        self, user_id: str, query: ListQuery, *, now: datetime, tz: ZoneInfo
    ) -> TaskJsonPage:
        rows, next_cursor = await self._page(user_id, query, now, tz, "view")
        return TaskJsonPage(items=[row["view"].encode() for row in rows], next_cursor=next_cursor)

    async def _page(
        self, user_id: str, query: ListQuery, now: datetime, tz: ZoneInfo, columns: str
    ) -> tuple[list[dict[str, Any]], str | None]:
        position = decode_cursor(query)
        statement = _Statement()
        clauses = _filter_clauses(statement, user_id, query.filter, now, tz)
        sql = _page_query(statement, query, clauses, position, columns)
        rows = await self._sql.rows(sql, statement.params)
        if len(rows) <= query.limit:
            return rows, None
        last = rows[query.limit - 1]
        cursor = encode_cursor(query, position_after(query, last["position"], last["key"]))
        return rows[: query.limit], cursor

    async def _one(self, user_id: str, task_id: str, columns: str) -> dict[str, Any]:
        record = await self._sql.first(
            f"SELECT {columns} FROM tasks WHERE id = $1 AND user_id = $2", [task_id, user_id]
        )
        if record is None:
            raise TaskNotFound(task_id)
        return record


class PostgresAuditViews:
    def __init__(self, sql: SqlBinding) -> None:
        self._sql = sql

    async def list_entries(
        self, user_id: str, *, task_id: str | None, limit: int, cursor: str | None
    ) -> AuditPage:
        statement = _Statement()
        where = [f"user_id = {statement.param(user_id)}"]
        if task_id is not None:
            where.append(f"task_id = {statement.param(task_id)}")
        if cursor is not None:
            where.append(f"sequence < {statement.param(_decode_audit_cursor(cursor))}::bigint")
        rows = await self._sql.rows(
            "SELECT sequence, event_id, task_id, event_type, occurred_at, actor, data"
            f" FROM audit_log WHERE {' AND '.join(where)} ORDER BY sequence DESC"
            f" LIMIT {limit + 1}",
            statement.params,
        )
        items = [
            AuditEntry(
                event_id=row["event_id"],
                user_id=user_id,
                task_id=row["task_id"],
                event_type=row["event_type"],
                occurred_at=from_millis(row["occurred_at"]),
                actor=row["actor"],
                data=orjson.loads(row["data"]),
            )
            for row in rows[:limit]
        ]
        next_cursor = str(rows[limit - 1]["sequence"]) if len(rows) > limit else None
        return AuditPage(items=items, next_cursor=next_cursor)


def _decode_audit_cursor(cursor: str) -> int:
    if not (cursor.isascii() and cursor.isdigit()) or len(cursor) > 15:
        raise ValidationFailed.single("cursor", "is not a cursor of this list", "query")
    return int(cursor)


class PostgresUsers:
    """Users by id for authentication, remembered for ``fresh_for`` seconds.

    Every request needs its user; reading it through the sidecar each time
    would be a third of all the calls the backend makes. A change made through
    this replica is seen at once (the unit of work tells :meth:`forget`); one
    made through another replica within ``fresh_for`` seconds.
    """

    MAX_REMEMBERED: Final = 50_000

    def __init__(self, sql: SqlBinding, zones: UserZones, *, fresh_for: float = 5.0) -> None:
        self._sql = sql
        self._zones = zones
        self._fresh_for = fresh_for
        self._known: dict[str, tuple[float, User]] = {}
        self._sessions: dict[str, dict[str, tuple[float, User | None]]] = {}

    async def get(self, user_id: str) -> User | None:
        known = self._known.get(user_id)
        if known is not None and known[0] > time.monotonic():
            return known[1]
        record = await self._sql.first(f"SELECT {USER_SELECT} FROM users WHERE id = $1", [user_id])
        if record is None:
            self._known.pop(user_id, None)
            return None
        user = user_from_record(record)
        self._zones.remember(user.id, user.timezone)
        self._known[user_id] = (time.monotonic() + self._fresh_for, user)
        return user

    async def signed_in(self, user_id: str, token_id: str) -> User | None:
        """The user, unless gone or the token revoked: one read for both, remembered for
        ``fresh_for`` seconds per token (so a revocation through another replica is
        seen within that time, one through this replica at once)."""
        sessions = self._sessions.setdefault(user_id, {})
        known = sessions.get(token_id)
        if known is not None and known[0] > time.monotonic():
            return known[1]
        record = await self._sql.first(
            f"SELECT {USER_SELECT}, EXISTS (SELECT 1 FROM revoked_tokens WHERE token_id = $2)"
            " AS revoked FROM users WHERE id = $1",
            [user_id, token_id],
        )
        user = None if record is None or record["revoked"] else user_from_record(record)
        if user is not None:
            self._zones.remember(user.id, user.timezone)
        if len(self._sessions) >= self.MAX_REMEMBERED:
            self._sessions.clear()
        self._sessions.setdefault(user_id, {})[token_id] = (
            time.monotonic() + self._fresh_for,
            user,
        )
        return user

    def forget(self, user_id: str) -> None:
        """The user changed: read them afresh next time."""
        self._known.pop(user_id, None)
        self._sessions.pop(user_id, None)
