"""The unit of work and repositories of the embedded runtime, on SQLite.

A unit of work is one write transaction: the changes its repositories make and
the events it publishes (rows of the ``outbox`` table) commit together. After
the commit it tells the event bus that there is something new to deliver.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Final, Self
from zoneinfo import ZoneInfo

import orjson

from todo_chatbot.accounts.users import User
from todo_chatbot.audit.trail import AuditEntry
from todo_chatbot.core.clock import Clock
from todo_chatbot.core.errors import EmailTaken, TaskNotFound, VersionConflict
from todo_chatbot.core.timekeeping import from_millis, to_millis
from todo_chatbot.core.unit_of_work import AlreadyHandled
from todo_chatbot.observability import tracing
from todo_chatbot.runtimes.embedded.idempotency import SqliteIdempotencyAnswers
from todo_chatbot.runtimes.embedded.notifications import SqliteNotificationLog
from todo_chatbot.runtimes.embedded.sqlite.database import Database
from todo_chatbot.runtimes.embedded.sqlite.group_commit import Transaction
from todo_chatbot.runtimes.embedded.user_keys import UserKeys
from todo_chatbot.runtimes.sql.task_rows import (
    TASK_COLUMNS,
    task_from_row,
    task_values,
    words_of,
)
from todo_chatbot.tasks.events import Event
from todo_chatbot.tasks.reminders import REMINDER_JOB_PREFIX, SNOOZE_JOB_PREFIX
from todo_chatbot.tasks.task import Task

_NEXT_UID: Final = (
    "SELECT max(coalesce((SELECT max(uid) FROM users), 0),"
    " coalesce((SELECT max(uid) FROM retired_uids), 0)) + 1"
)
"""A new user's number: never one a deleted user had (their rows' keys, and what other
processes may still remember of them)."""
_REMOVE_USER: Final = (
    "DELETE FROM task_tags WHERE uid = ?",
    "DELETE FROM task_words WHERE uid = ?",
    "DELETE FROM tasks WHERE uid = ?",
    "DELETE FROM audit_log WHERE uid = ?",
    "DELETE FROM notifications WHERE uid = ?",
    "DELETE FROM conversation_messages"
    " WHERE conversation IN (SELECT pk FROM conversations WHERE uid = ?)",
    "DELETE FROM conversations WHERE uid = ?",
    "DELETE FROM revoked_tokens WHERE uid = ?",
    "DELETE FROM idempotency_keys WHERE user_id = (SELECT id FROM users WHERE uid = ?)",
    "INSERT OR IGNORE INTO retired_uids (uid) VALUES (?)",
    "DELETE FROM users WHERE uid = ?",
)
"""Everything a user owns, then the user, by the user's number."""

USER_COLUMNS = "uid, id, email, name, timezone, password_hash, created_at, session_version"


def read_user(conn: sqlite3.Connection, user_id: str) -> User | None:
    row = conn.execute(f"SELECT {USER_COLUMNS} FROM users WHERE id = ?", (user_id,)).fetchone()
    return user_from_row(row) if row else None


def user_from_row(row: tuple[Any, ...]) -> User:
    _uid, user_id, email, name, timezone, password_hash, created_at, session_version = row
    return User(
        id=user_id,
        email=email,
        name=name,
        timezone=timezone,
        password_hash=password_hash,
        created_at=from_millis(created_at),
        session_version=session_version,
    )


@dataclass(frozen=True)
class _Stored:
    """What a loaded task's row holds, and what the tables that index it hold."""

    pk: int
    tags: frozenset[str]
    words: frozenset[str]
    columns: dict[str, Any]
    """The row's values by column (those of ``TASK_COLUMNS``), as loaded."""


_COLUMN_NAMES: Final = tuple(name.strip() for name in TASK_COLUMNS.split(","))


def _changed_columns(stored: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The values of ``values`` that differ from the stored row's, and the view.

    An UPDATE rewrites every index over a column it assigns, even to the same
    value, and the keyword index's trigger fires on any assignment to the
    title or description: a change of priority, setting every column, wrote
    the title and description into the keyword index again and each of the
    row's five indexes.
    """
    changed = {
        name: value for name, value in values.items() if name in stored and stored[name] != value
    }
    if "title" in changed:
        changed["title_key"] = values["title_key"]
    changed["view"] = values["view"]
    return changed


class SqliteTaskRepository:
    def __init__(self, conn: sqlite3.Connection, keys: UserKeys) -> None:
        self._conn = conn
        self._keys = keys
        self._loaded: dict[str, _Stored] = {}

    async def add(self, task: Task) -> None:
        key = self._keys.require(self._conn, task.user_id)
        (seq,) = self._conn.execute(
            "UPDATE users SET task_seq = task_seq + 1 WHERE uid = ? RETURNING task_seq",
            (key.uid,),
        ).fetchone()
        pk = (key.uid << 32) | seq
        values = task_values(task, key.tz)
        self._conn.execute(
            f"INSERT INTO tasks (pk, uid, {', '.join(values)})"
            f" VALUES (?, ?, {', '.join('?' * len(values))})",
            (pk, key.uid, *values.values()),
        )
        tags, words = self._index(key.uid, _Stored(pk, frozenset(), frozenset(), {}), task)
        self._loaded[task.id] = _Stored(pk, tags, words, values)

    async def get(self, user_id: str, task_id: str) -> Task:
        uid = self._keys.uid(self._conn, user_id)
        row = None
        if uid is not None:
            row = self._conn.execute(
                f"SELECT {TASK_COLUMNS} FROM tasks WHERE id = ? AND uid = ?", (task_id, uid)
            ).fetchone()
        if row is None:
            raise TaskNotFound(task_id)
        task = task_from_row(row, user_id)
        columns = dict(zip(_COLUMN_NAMES, row, strict=True))
        self._loaded[task.id] = _Stored(row[0], frozenset(task.tags), words_of(task), columns)
        return task

    async def save(self, task: Task) -> None:
        stored = self._loaded[task.id]
        key = self._keys.require(self._conn, task.user_id)
        values = task_values(task, key.tz)
        changed = _changed_columns(stored.columns, values)
        assignments = ", ".join(f"{name} = ?" for name in changed)
        cursor = self._conn.execute(
            f"UPDATE tasks SET {assignments} WHERE pk = ? AND version = ?",
            (*changed.values(), stored.pk, task.version - 1),
        )
        if cursor.rowcount != 1:
            raise VersionConflict(expected=task.version - 1, current=task.version)
        tags, words = self._index(key.uid, stored, task)
        self._loaded[task.id] = _Stored(stored.pk, tags, words, values)

    async def remove(self, task: Task) -> None:
        stored = self._loaded.pop(task.id)
        key = self._keys.require(self._conn, task.user_id)
        self._conn.execute("DELETE FROM tasks WHERE pk = ?", (stored.pk,))
        self._index(key.uid, stored, None)

    async def has_occurrence(self, user_id: str, series_id: str, occurrence: int) -> bool:
        row = self._conn.execute(
            "SELECT 1 FROM tasks WHERE series_id = ? AND occurrence >= ?", (series_id, occurrence)
        ).fetchone()
        return row is not None

    def _index(
        self, uid: int, stored: _Stored, task: Task | None
    ) -> tuple[frozenset[str], frozenset[str]]:
        """Bring the tag and word indexes from ``stored`` to ``task`` (None: gone);
        the tags and words they now hold."""
        tags = frozenset(task.tags) if task else frozenset()
        words = words_of(task) if task else frozenset()
        self._write_index("task_tags", "tag", uid, stored.pk, stored.tags, tags)
        self._write_index("task_words", "word", uid, stored.pk, stored.words, words)
        return tags, words

    def _write_index(
        self,
        table: str,
        column: str,
        uid: int,
        pk: int,
        old: frozenset[str],
        new: frozenset[str],
    ) -> None:
        if old == new:
            return
        if removed := [(uid, value, pk) for value in old - new]:
            self._conn.executemany(
                f"DELETE FROM {table} WHERE uid = ? AND {column} = ? AND pk = ?", removed
            )
        if added := [(uid, value, pk) for value in new - old]:
            self._conn.executemany(
                f"INSERT INTO {table} (uid, {column}, pk) VALUES (?, ?, ?)", added
            )


class SqliteUserRepository:
    def __init__(
        self, transaction: Transaction, keys: UserKeys, changed: Callable[[str], None]
    ) -> None:
        self._transaction = transaction
        self._conn = transaction.conn
        self._keys = keys
        self._changed = changed

    async def add(self, user: User) -> None:
        try:
            self._conn.execute(
                "INSERT INTO users (uid, id, email, name, timezone, password_hash, created_at)"
                f" VALUES (({_NEXT_UID}), ?, ?, ?, ?, ?, ?)",
                (
                    user.id,
                    user.email,
                    user.name,
                    user.timezone,
                    user.password_hash,
                    to_millis(user.created_at),
                ),
            )
        except sqlite3.IntegrityError as exc:
            raise EmailTaken() from exc

    async def get(self, user_id: str) -> User | None:
        return read_user(self._conn, user_id)

    async def by_email(self, email: str) -> User | None:
        row = self._conn.execute(
            f"SELECT {USER_COLUMNS} FROM users WHERE email = ?", (email,)
        ).fetchone()
        return user_from_row(row) if row else None

    async def save(self, user: User) -> None:
        key = self._keys.require(self._conn, user.id)
        self._conn.execute(
            "UPDATE users SET name = ?, timezone = ?, password_hash = ?, session_version = ?"
            " WHERE uid = ?",
            (user.name, user.timezone, user.password_hash, user.session_version, key.uid),
        )
        if user.timezone != key.timezone:
            self._move_tasks_to_zone(key.uid, user.id, user.tz)
        self._transaction.after_commit(lambda: self._changed(user.id))

    async def revoke_token(self, user_id: str, token_id: str, expires_at: datetime) -> None:
        uid = self._keys.uid(self._conn, user_id)
        if uid is None:
            return
        self._conn.execute(
            "INSERT OR IGNORE INTO revoked_tokens (token_id, uid, expires_at) VALUES (?, ?, ?)",
            (token_id, uid, to_millis(expires_at)),
        )
        self._transaction.after_commit(lambda: self._changed(user_id))

    async def remove(self, user_id: str) -> list[str]:
        uid = self._keys.uid(self._conn, user_id)
        if uid is None:
            return []
        jobs = self._job_names(uid)
        for statement in _REMOVE_USER:
            self._conn.execute(statement, (uid,))
        self._transaction.after_commit(lambda: self._removed(user_id))
        return jobs

    def _job_names(self, uid: int) -> list[str]:
        """The jobs the user's tasks and snoozed notifications may have scheduled."""
        tasks = self._conn.execute("SELECT id FROM tasks WHERE uid = ?", (uid,)).fetchall()
        snoozed = self._conn.execute(
            "SELECT id FROM notifications WHERE uid = ? AND snoozed_until IS NOT NULL", (uid,)
        ).fetchall()
        return [REMINDER_JOB_PREFIX + task_id for (task_id,) in tasks] + [
            SNOOZE_JOB_PREFIX + notification_id for (notification_id,) in snoozed
        ]

    def _removed(self, user_id: str) -> None:
        self._keys.forget(user_id)
        self._changed(user_id)

    def _move_tasks_to_zone(self, uid: int, user_id: str, tz: ZoneInfo) -> None:
        """Date-only dues sit at the start of their day in the owner's zone, and every
        stored representation shows the owner's offsets: both follow the new zone."""
        rows = self._conn.execute(f"SELECT {TASK_COLUMNS} FROM tasks WHERE uid = ?", (uid,))
        updates = []
        for row in rows.fetchall():
            task = task_from_row(row, user_id)
            values = task_values(task, tz)
            updates.append((values["due_at"], values["view"], row[0]))
        self._conn.executemany("UPDATE tasks SET due_at = ?, view = ? WHERE pk = ?", updates)


class SqliteAuditLog:
    def __init__(self, conn: sqlite3.Connection, keys: UserKeys, clock: Clock) -> None:
        self._conn = conn
        self._keys = keys
        self._clock = clock

    async def record(self, entry: AuditEntry) -> None:
        uid = self._keys.existing_uid(self._conn, entry.user_id)
        if uid is None:
            return
        self._conn.execute(
            "INSERT OR IGNORE INTO audit_log"
            " (event_id, uid, task_id, event_type, occurred_at, actor, data, recorded_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entry.event_id,
                uid,
                entry.task_id,
                entry.event_type,
                to_millis(entry.occurred_at),
                entry.actor,
                orjson.dumps(entry.data),
                to_millis(self._clock.now()),
            ),
        )


class SqliteInbox:
    def __init__(self, conn: sqlite3.Connection, clock: Clock) -> None:
        self._conn = conn
        self._clock = clock

    async def claim(self, consumer: str, event_id: str) -> bool:
        cursor = self._conn.execute(
            "INSERT OR IGNORE INTO processed_events (consumer, event_id, processed_at)"
            " VALUES (?, ?, ?)",
            (consumer, event_id, to_millis(self._clock.now())),
        )
        return cursor.rowcount == 1


class SqliteUnitOfWork:
    """One write transaction holding the repositories and the outbox."""

    tasks: SqliteTaskRepository
    users: SqliteUserRepository
    audit: SqliteAuditLog
    inbox: SqliteInbox
    notifications: SqliteNotificationLog
    idempotency: SqliteIdempotencyAnswers

    def __init__(
        self,
        db: Database,
        keys: UserKeys,
        clock: Clock,
        *,
        durable: bool,
        after_commit: Callable[[], None],
        user_changed: Callable[[str], None],
    ) -> None:
        self._db = db
        self._keys = keys
        self._clock = clock
        self._durable = durable
        self._after_commit = after_commit
        self._user_changed = user_changed
        self._events: list[Event] = []
        self._context: Any = None
        self._transaction: Transaction | None = None

    async def __aenter__(self) -> Self:
        self._events = []
        self._context = self._db.transaction(durable=self._durable)
        transaction = self._transaction = await self._context.__aenter__()
        conn = transaction.conn
        self.tasks = SqliteTaskRepository(conn, self._keys)
        self.users = SqliteUserRepository(transaction, self._keys, self._user_changed)
        self.audit = SqliteAuditLog(conn, self._keys, self._clock)
        self.inbox = SqliteInbox(conn, self._clock)
        self.notifications = SqliteNotificationLog(conn, self._keys)
        self.idempotency = SqliteIdempotencyAnswers(conn)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Leave the unit; a durable one returns when its batch is on disk."""
        await self._context.__aexit__(exc_type, exc, tb)
        self._transaction = None

    def publish(self, *events: Event) -> None:
        self._events.extend(events)

    async def commit(self) -> None:
        transaction = self._require_transaction()
        if self._events:
            created_at = to_millis(self._clock.now())
            self._insert_events(transaction, created_at)
            transaction.after_commit(self._after_commit)
            self._events = []
        transaction.commit()

    def _insert_events(self, transaction: Transaction, created_at: int) -> None:
        """Write the events to the outbox; one whose id is there already was published
        by another unit (a deterministic id, such as a reminder's)."""
        traceparent = tracing.current_traceparent()
        try:
            transaction.conn.executemany(
                "INSERT INTO outbox"
                " (topic, event_id, type, partition_key, body, created_at, traceparent)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        str(e.topic),
                        e.id,
                        e.type,
                        e.subject,
                        orjson.dumps(e.envelope()),
                        created_at,
                        traceparent,
                    )
                    for e in self._events
                ],
            )
        except sqlite3.IntegrityError as exc:
            raise AlreadyHandled(str(exc)) from exc

    async def rollback(self) -> None:
        """Drop what this unit did (leaving the unit without committing does the same)."""
        self._events.clear()
        self._require_transaction()

    def _require_transaction(self) -> Transaction:
        if self._transaction is None:
            raise RuntimeError("the unit of work is not open")
        return self._transaction


class SqliteUnitOfWorkFactory:
    def __init__(
        self,
        db: Database,
        keys: UserKeys,
        clock: Clock,
        after_commit: Callable[[], None],
        user_changed: Callable[[str], None] = lambda user_id: None,
    ) -> None:
        self._db = db
        self._keys = keys
        self._clock = clock
        self.after_commit = after_commit
        self.user_changed = user_changed

    def __call__(self, *, durable: bool = True) -> SqliteUnitOfWork:
        return SqliteUnitOfWork(
            self._db,
            self._keys,
            self._clock,
            durable=durable,
            after_commit=lambda: self.after_commit(),
            user_changed=lambda user_id: self.user_changed(user_id),
        )
