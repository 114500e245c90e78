"""The unit of work and repositories of the distributed runtime, on PostgreSQL.

Reads go to the database as they are asked for; writes are gathered as
operations and sent at commit as one statement (``todo_apply``), so a change
and the events it publishes (rows of ``outbox``) commit together or not at
all. Concurrency is optimistic: a task is written only over the version that
was read, and a task's stored view only in the zone its owner still has;
either condition failing raises :class:`ConcurrentChange` and the use case
runs again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Any, Final, Self
from zoneinfo import ZoneInfo

import orjson

from todo_chatbot.accounts.users import User
from todo_chatbot.audit.trail import AuditEntry
from todo_chatbot.core.clock import Clock
from todo_chatbot.core.errors import EmailTaken, TaskNotFound
from todo_chatbot.core.idempotency import ClaimLost
from todo_chatbot.core.timekeeping import from_millis, to_millis, zone
from todo_chatbot.core.unit_of_work import AlreadyHandled, ConcurrentChange
from todo_chatbot.notifications.notification import Notification
from todo_chatbot.observability import tracing
from todo_chatbot.runtimes.dapr.idempotency import CLAIM_TAKEN_OVER, PostgresIdempotencyAnswers
from todo_chatbot.runtimes.dapr.sql import (
    SERIALIZATION_FAILURE,
    UNIQUE_VIOLATION,
    SqlBinding,
    SqlError,
)
from todo_chatbot.runtimes.sql.task_rows import TASK_COLUMNS, task_from_row, task_values
from todo_chatbot.tasks.events import Event
from todo_chatbot.tasks.reminders import REMINDER_JOB_PREFIX, SNOOZE_JOB_PREFIX
from todo_chatbot.tasks.task import Task

TASK_SELECT: Final = TASK_COLUMNS.replace("tags,", "array_to_string(tags, ' ') AS tags,")
"""The task columns in ``task_from_row``'s order, tags as one space-separated string."""
TASK_KEYS: Final = [name.strip().split()[-1] for name in TASK_COLUMNS.split(",")]
USER_SELECT: Final = "id, email, name, timezone, password_hash, created_at, session_version"
_USER_CHANGES: Final = ("update_user", "revoke_token", "remove_user")
"""Operations after which what is remembered of the user (``id``) must be read afresh."""
_HANDLED_ONCE: Final = ("processed_events_pkey", "tasks_series_occurrence", "outbox_event_id_key")
"""Unique indexes whose violation means another unit of work did this one's work."""


class UserZones:
    """Each user's zone, remembered: every task write renders in it, and the store
    checks at commit that it is still the owner's (so a stale entry costs a retry)."""

    def __init__(self, sql: SqlBinding) -> None:
        self._sql = sql
        self._zones: dict[str, str] = {}

    def remember(self, user_id: str, timezone: str) -> None:
        self._zones[user_id] = timezone

    def forget(self, user_id: str) -> None:
        self._zones.pop(user_id, None)

    async def of(self, user_id: str) -> str:
        found = self._zones.get(user_id)
        if found is None:
            found = await self._sql.scalar(
                "SELECT coalesce((SELECT timezone FROM users WHERE id = $1), '')", [user_id]
            )
            if not found:
                raise LookupError(f"unknown user {user_id}")
            self._zones[user_id] = found
        return found


def task_from_record(record: dict[str, Any], user_id: str) -> Task:
    return task_from_row(tuple(record[key] for key in TASK_KEYS), user_id)


def user_from_record(record: dict[str, Any]) -> User:
    return User(
        id=record["id"],
        email=record["email"],
        name=record["name"],
        timezone=record["timezone"],
        password_hash=record["password_hash"],
        created_at=from_millis(record["created_at"]),
        session_version=record["session_version"],
    )


def task_row(task: Task, tz: ZoneInfo) -> dict[str, Any]:
    """The values of a ``tasks`` row (``todo_task_fields``) for ``task``."""
    values = task_values(task, tz)
    values["tags"] = list(task.tags)
    values["view"] = values["view"].decode()
    values["user_id"] = task.user_id
    return values


class _Pending:
    """The operations a unit of work will send at commit, in order."""

    def __init__(self) -> None:
        self.operations: list[dict[str, Any]] = []

    def add(self, op: str, **fields: Any) -> None:
        self.operations.append({"op": op, **fields})


class PostgresTaskRepository:
    def __init__(self, sql: SqlBinding, zones: UserZones, pending: _Pending) -> None:
        self._sql = sql
        self._zones = zones
        self._pending = pending

    async def add(self, task: Task) -> None:
        await self._write("insert_task", task)

    async def get(self, user_id: str, task_id: str) -> Task:
        record = await self._sql.first(
            f"SELECT {TASK_SELECT} FROM tasks WHERE id = $1 AND user_id = $2", [task_id, user_id]
        )
        if record is None:
            raise TaskNotFound(task_id)
        return task_from_record(record, user_id)

    async def save(self, task: Task) -> None:
        await self._write("update_task", task, expected_version=task.version - 1)

    async def remove(self, task: Task) -> None:
        self._pending.add("delete_task", id=task.id, expected_version=task.version)

    async def has_occurrence(self, user_id: str, series_id: str, occurrence: int) -> bool:
        found = await self._sql.scalar(
            "SELECT EXISTS (SELECT 1 FROM tasks WHERE series_id = $1 AND occurrence >= $2)",
            [series_id, occurrence],
        )
        return bool(found)

    async def _write(self, op: str, task: Task, **fields: Any) -> None:
        timezone = await self._zones.of(task.user_id)
        self._pending.add(op, row=task_row(task, zone(timezone)), timezone=timezone, **fields)


class PostgresUserRepository:
    def __init__(self, sql: SqlBinding, zones: UserZones, pending: _Pending) -> None:
        self._sql = sql
        self._zones = zones
        self._pending = pending
        self._loaded_zones: dict[str, str] = {}
        self._loaded_fields: dict[str, dict[str, Any]] = {}

    async def add(self, user: User) -> None:
        """Raises EmailTaken for an email in use (and the commit does, should another
        registration take it in between)."""
        taken = await self._sql.scalar(
            "SELECT EXISTS (SELECT 1 FROM users WHERE email = $1)", [user.email]
        )
        if taken:
            raise EmailTaken()
        self._pending.add(
            "insert_user",
            row={
                "id": user.id,
                "email": user.email,
                "name": user.name,
                "timezone": user.timezone,
                "password_hash": user.password_hash,
                "created_at": to_millis(user.created_at),
            },
        )

    async def get(self, user_id: str) -> User | None:
        record = await self._sql.first(f"SELECT {USER_SELECT} FROM users WHERE id = $1", [user_id])
        return self._loaded(record)

    async def by_email(self, email: str) -> User | None:
        record = await self._sql.first(f"SELECT {USER_SELECT} FROM users WHERE email = $1", [email])
        return self._loaded(record)

    async def save(self, user: User) -> None:
        """Write the fields changed since ``user`` was read, and only those: another
        unit that changed others meanwhile (a password against a time zone) keeps its
        change."""
        loaded = self._loaded_fields.get(user.id, {})
        changed = {
            name: value for name, value in _saved_fields(user).items() if loaded.get(name) != value
        }
        self._pending.add("update_user", id=user.id, **changed)
        if self._loaded_zones.get(user.id) != user.timezone:
            await self._move_tasks_to_zone(user)

    async def revoke_token(self, user_id: str, token_id: str, expires_at: datetime) -> None:
        self._pending.add(
            "revoke_token", id=user_id, token_id=token_id, expires_at=to_millis(expires_at)
        )

    async def remove(self, user_id: str) -> list[str]:
        tasks = await self._sql.rows("SELECT id FROM tasks WHERE user_id = $1", [user_id])
        snoozed = await self._sql.rows(
            "SELECT id FROM notifications WHERE user_id = $1 AND snoozed_until IS NOT NULL",
            [user_id],
        )
        self._pending.add("remove_user", id=user_id)
        return [REMINDER_JOB_PREFIX + row["id"] for row in tasks] + [
            SNOOZE_JOB_PREFIX + row["id"] for row in snoozed
        ]

    def _loaded(self, record: dict[str, Any] | None) -> User | None:
        if record is None:
            return None
        user = user_from_record(record)
        self._loaded_zones[user.id] = user.timezone
        self._loaded_fields[user.id] = _saved_fields(user)
        return user

    async def _move_tasks_to_zone(self, user: User) -> None:
        """Date-only dues sit at the start of their day in the owner's zone, and every
        stored view shows the owner's offsets: both follow the new zone. A task
        written meanwhile makes the commit fail (and the change run again)."""
        records = await self._sql.rows(
            f"SELECT {TASK_SELECT} FROM tasks WHERE user_id = $1 ORDER BY pk", [user.id]
        )
        for record in records:
            values = task_values(task_from_record(record, user.id), user.tz)
            self._pending.add(
                "rerender_task",
                id=record["id"],
                expected_version=record["version"],
                due_at=values["due_at"],
                view=values["view"].decode(),
            )
        last_pk = records[-1]["pk"] if records else 0
        self._pending.add("check_no_tasks_after", user_id=user.id, pk=last_pk)


class PostgresAuditLog:
    def __init__(self, pending: _Pending, clock: Clock) -> None:
        self._pending = pending
        self._clock = clock

    async def record(self, entry: AuditEntry) -> None:
        self._pending.add(
            "record_audit",
            row={
                "sequence": entry.sequence,
                "event_id": entry.event_id,
                "user_id": entry.user_id,
                "task_id": entry.task_id,
                "event_type": entry.event_type,
                "occurred_at": to_millis(entry.occurred_at),
                "actor": entry.actor,
                "data": orjson.dumps(entry.data).decode(),
                "recorded_at": to_millis(self._clock.now()),
            },
        )


class PostgresNotificationLog:
    def __init__(self, pending: _Pending) -> None:
        self._pending = pending

    async def record(self, notification: Notification) -> None:
        self._pending.add(
            "record_notification",
            row={
                "id": notification.id,
                "event_id": notification.event_id,
                "user_id": notification.user_id,
                "kind": notification.kind.value,
                "task_id": notification.task_id,
                "title": notification.title,
                "message": notification.message,
                "created_at": to_millis(notification.created_at),
                "read_at": to_millis(notification.read_at) if notification.read_at else None,
                "late": notification.late,
                "sequence": notification.sequence,
                "snoozed_until": to_millis(notification.snoozed_until)
                if notification.snoozed_until
                else None,
            },
        )


async def prune_inbox(sql: SqlBinding, *, before: datetime) -> int:
    """Forget the handled event ids recorded before ``before``; how many."""
    return await sql.execute(
        "DELETE FROM processed_events WHERE processed_at < $1::bigint", [to_millis(before)]
    )


class PostgresInbox:
    def __init__(self, sql: SqlBinding, clock: Clock, pending: _Pending) -> None:
        self._sql = sql
        self._clock = clock
        self._pending = pending
        self._claimed: set[tuple[str, str]] = set()

    async def claim(self, consumer: str, event_id: str) -> bool:
        """False if the event was handled (or claimed in this unit); else claimed at
        commit (where a claim made meanwhile by another unit raises AlreadyHandled)."""
        if (consumer, event_id) in self._claimed:
            return False
        handled = await self._sql.scalar(
            "SELECT EXISTS (SELECT 1 FROM processed_events WHERE consumer = $1 AND event_id = $2)",
            [consumer, event_id],
        )
        if handled:
            return False
        self._claimed.add((consumer, event_id))
        self._pending.add(
            "claim", consumer=consumer, event_id=event_id, at=to_millis(self._clock.now())
        )
        return True


def outbox_row(event: Event, now: datetime) -> dict[str, Any]:
    return {
        "topic": str(event.topic),
        "event_id": event.id,
        "type": event.type,
        "partition_key": event.subject,
        "body": orjson.dumps(event.envelope()).decode(),
        "created_at": to_millis(now),
        "traceparent": tracing.current_traceparent(),
    }


class PostgresUnitOfWork:
    """Reads as they come, writes in one ``todo_apply`` statement at commit."""

    tasks: PostgresTaskRepository
    users: PostgresUserRepository
    audit: PostgresAuditLog
    inbox: PostgresInbox
    notifications: PostgresNotificationLog
    idempotency: PostgresIdempotencyAnswers

    def __init__(
        self,
        sql: SqlBinding,
        zones: UserZones,
        clock: Clock,
        after_commit: Callable[[], None],
        user_changed: Callable[[str], None] = lambda user_id: None,
    ) -> None:
        self._sql = sql
        self._zones = zones
        self._clock = clock
        self._after_commit = after_commit
        self._user_changed = user_changed
        self._events: list[Event] = []
        self._pending = _Pending()
        self._open = False

    async def __aenter__(self) -> Self:
        self._events = []
        self._pending = _Pending()
        self.tasks = PostgresTaskRepository(self._sql, self._zones, self._pending)
        self.users = PostgresUserRepository(self._sql, self._zones, self._pending)
        self.audit = PostgresAuditLog(self._pending, self._clock)
        self.inbox = PostgresInbox(self._sql, self._clock, self._pending)
        self.notifications = PostgresNotificationLog(self._pending)
        self.idempotency = PostgresIdempotencyAnswers(self._pending)
        self._open = True
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Leaving without a commit drops what the unit gathered."""
        self._open = False
        self._events = []
        self._pending = _Pending()

    def publish(self, *events: Event) -> None:
        self._events.extend(events)

    async def commit(self) -> None:
        if not self._open:
            raise RuntimeError("the unit of work is not open")
        now = self._clock.now()
        for event in self._events:
            self._pending.add("publish", row=outbox_row(event, now))
        operations, published = self._pending.operations, bool(self._events)
        self._pending, self._events = _Pending(), []
        if not operations:
            return
        try:
            await self._sql.execute("SELECT todo_apply($1::jsonb)", [operations])
        except SqlError as exc:
            raise self._translated(exc, operations) from exc
        for operation in operations:
            if operation["op"] in _USER_CHANGES:
                self._user_changed(operation["id"])
        if published:
            self._after_commit()

    async def rollback(self) -> None:
        self._events = []
        self._pending = _Pending()

    def _translated(self, exc: SqlError, operations: list[dict[str, Any]]) -> Exception:
        if exc.sqlstate == CLAIM_TAKEN_OVER:
            return ClaimLost(exc.message)
        if exc.sqlstate == SERIALIZATION_FAILURE:
            for operation in operations:
                user_id = operation.get("row", {}).get("user_id") or operation.get("user_id")
                if user_id:
                    self._zones.forget(user_id)
            return ConcurrentChange(exc.message)
        if exc.sqlstate == UNIQUE_VIOLATION:
            if "users_email_key" in exc.message:
                return EmailTaken()
            if any(name in exc.message for name in _HANDLED_ONCE):
                return AlreadyHandled(exc.message)
        return exc


class PostgresUnitOfWorkFactory:
    def __init__(
        self,
        sql: SqlBinding,
        zones: UserZones,
        clock: Clock,
        after_commit: Callable[[], None] = lambda: None,
        user_changed: Callable[[str], None] = lambda user_id: None,
    ) -> None:
        self._sql = sql
        self._zones = zones
        self._clock = clock
        self.after_commit = after_commit
        self.user_changed = user_changed

    def __call__(self, *, durable: bool = True) -> PostgresUnitOfWork:
        """A unit of work; every commit is durable (PostgreSQL's own), whatever ``durable``."""
        return PostgresUnitOfWork(
            self._sql,
            self._zones,
            self._clock,
            after_commit=lambda: self.after_commit(),
            user_changed=lambda user_id: self.user_changed(user_id),
        )


def _saved_fields(user: User) -> dict[str, Any]:
    """What ``update_user`` writes of a user."""
    return {
        "name": user.name,
        "timezone": user.timezone,
        "password_hash": user.password_hash,
        "session_version": user.session_version,
    }
