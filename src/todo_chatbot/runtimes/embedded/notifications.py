"""Notifications on SQLite: kept once per event (in a unit of work), listed newest
first, and marked read or snoozed as the user handles them."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any, Final

from todo_chatbot.core.timekeeping import from_millis, to_millis
from todo_chatbot.notifications.notification import (
    Notification,
    NotificationKind,
    NotificationNotFound,
    NotificationPage,
)
from todo_chatbot.runtimes.embedded.sqlite.database import Database
from todo_chatbot.runtimes.embedded.user_keys import UserKeys
from todo_chatbot.runtimes.sql.notification_pages import decode_cursor, encode_cursor

_COLUMNS: Final = (
    "id, event_id, kind, task_id, title, message, created_at, read_at, late, sequence,"
    " snoozed_until"
)


class SqliteNotificationLog:
    """Where a unit of work keeps notifications (one per event id)."""

    def __init__(self, conn: sqlite3.Connection, keys: UserKeys) -> None:
        self._conn = conn
        self._keys = keys

    async def record(self, notification: Notification) -> None:
        uid = self._keys.existing_uid(self._conn, notification.user_id)
        if uid is None:
            return
        self._conn.execute(
            "INSERT OR IGNORE INTO notifications"
            " (id, event_id, uid, kind, task_id, title, message, created_at, read_at, late,"
            " sequence, snoozed_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                notification.id,
                notification.event_id,
                uid,
                notification.kind.value,
                notification.task_id,
                notification.title,
                notification.message,
                to_millis(notification.created_at),
                _millis(notification.read_at),
                int(notification.late),
                notification.sequence,
                _millis(notification.snoozed_until),
            ),
        )


class SqliteNotifications:
    """A user's notifications, read and marked outside any unit of work."""

    def __init__(self, db: Database, keys: UserKeys) -> None:
        self._db = db
        self._keys = keys

    async def list_notifications(
        self, user_id: str, *, unread_only: bool, limit: int, cursor: str | None
    ) -> NotificationPage:
        uid = self._keys.uid(self._db.reader, user_id)
        if uid is None:
            return NotificationPage(items=[], next_cursor=None)
        where: list[str] = ["uid = ?"]
        params: list[Any] = [uid]
        if unread_only:
            where.append("read_at IS NULL")
        if cursor is not None:
            created_at, notification_id = decode_cursor(cursor)
            where.append("(created_at, id) < (?, ?)")
            params += [created_at, notification_id]
        rows = self._db.reader.execute(
            f"SELECT {_COLUMNS} FROM notifications WHERE {' AND '.join(where)}"
            " ORDER BY created_at DESC, id DESC LIMIT ?",
            [*params, limit + 1],
        ).fetchall()
        items = [_notification(row, user_id) for row in rows[:limit]]
        more = len(rows) > limit
        return NotificationPage(items=items, next_cursor=encode_cursor(items[-1]) if more else None)

    async def get(self, user_id: str, notification_id: str) -> Notification:
        uid = self._keys.uid(self._db.reader, user_id)
        row = None
        if uid is not None:
            row = self._db.reader.execute(
                f"SELECT {_COLUMNS} FROM notifications WHERE uid = ? AND id = ?",
                (uid, notification_id),
            ).fetchone()
        if row is None:
            raise NotificationNotFound(notification_id)
        return _notification(row, user_id)

    async def since(self, user_id: str, sequence: int, *, limit: int) -> list[Notification]:
        uid = self._keys.uid(self._db.reader, user_id)
        if uid is None:
            return []
        rows = self._db.reader.execute(
            f"SELECT {_COLUMNS} FROM notifications WHERE uid = ? AND sequence > ?"
            " ORDER BY sequence LIMIT ?",
            (uid, sequence, limit),
        ).fetchall()
        return [_notification(row, user_id) for row in rows]

    async def mark_read(self, user_id: str, notification_id: str, *, at: datetime) -> Notification:
        await self._update(
            user_id,
            notification_id,
            "read_at = coalesce(read_at, ?)",
            [to_millis(at)],
        )
        return await self.get(user_id, notification_id)

    async def mark_all_read(self, user_id: str, *, at: datetime) -> int:
        uid = self._keys.uid(self._db.reader, user_id)
        if uid is None:
            return 0
        async with self._db.transaction() as transaction:
            marked = transaction.conn.execute(
                "UPDATE notifications SET read_at = ? WHERE uid = ? AND read_at IS NULL",
                (to_millis(at), uid),
            ).rowcount
            transaction.commit()
        return int(marked)

    async def mark_snoozed(
        self, user_id: str, notification_id: str, *, until: datetime, at: datetime
    ) -> Notification:
        await self._update(
            user_id,
            notification_id,
            "read_at = coalesce(read_at, ?), snoozed_until = ?",
            [to_millis(at), to_millis(until)],
        )
        return await self.get(user_id, notification_id)

    async def _update(
        self, user_id: str, notification_id: str, assignments: str, params: list[Any]
    ) -> None:
        uid = self._keys.uid(self._db.reader, user_id)
        if uid is None:
            raise NotificationNotFound(notification_id)
        async with self._db.transaction() as transaction:
            changed = transaction.conn.execute(
                f"UPDATE notifications SET {assignments} WHERE uid = ? AND id = ?",
                (*params, uid, notification_id),
            ).rowcount
            transaction.commit()
        if changed != 1:
            raise NotificationNotFound(notification_id)


def _notification(row: tuple[Any, ...], user_id: str) -> Notification:
    (
        notification_id,
        event_id,
        kind,
        task_id,
        title,
        message,
        created_at,
        read_at,
        late,
        sequence,
        snoozed_until,
    ) = row
    return Notification(
        id=notification_id,
        user_id=user_id,
        kind=NotificationKind(kind),
        task_id=task_id,
        title=title,
        message=message,
        created_at=from_millis(created_at),
        event_id=event_id,
        late=bool(late),
        sequence=sequence,
        read_at=from_millis(read_at) if read_at is not None else None,
        snoozed_until=from_millis(snoozed_until) if snoozed_until is not None else None,
    )


def _millis(moment: datetime | None) -> int | None:
    return to_millis(moment) if moment is not None else None
