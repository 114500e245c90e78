"""Notifications on PostgreSQL, through the binding: listed newest first, and marked
read or snoozed as the user handles them (each change one statement)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from todo_chatbot.core.timekeeping import from_millis, to_millis
from todo_chatbot.notifications.notification import (
    Notification,
    NotificationKind,
    NotificationNotFound,
    NotificationPage,
)
from todo_chatbot.runtimes.dapr.sql import SqlBinding
from todo_chatbot.runtimes.sql.notification_pages import decode_cursor, encode_cursor

_COLUMNS: Final = (
    "id, event_id, kind, task_id, title, message, created_at, read_at, late, sequence,"
    " snoozed_until"
)


class PostgresNotifications:
    def __init__(self, sql: SqlBinding) -> None:
        self._sql = sql

    async def list_notifications(
        self, user_id: str, *, unread_only: bool, limit: int, cursor: str | None
    ) -> NotificationPage:
        where, params = ["user_id = $1"], [user_id]
        if unread_only:
            where.append("read_at IS NULL")
        if cursor is not None:
            created_at, notification_id = decode_cursor(cursor)
            where.append(f"(created_at, id) < (${len(params) + 1}::bigint, ${len(params) + 2})")
            params += [str(created_at), notification_id]
        rows = await self._sql.rows(
            f"SELECT {_COLUMNS} FROM notifications WHERE {' AND '.join(where)}"
            f" ORDER BY created_at DESC, id DESC LIMIT {limit + 1}",
            params,
        )
        items = [_notification(row, user_id) for row in rows[:limit]]
        more = len(rows) > limit
        return NotificationPage(items=items, next_cursor=encode_cursor(items[-1]) if more else None)

    async def get(self, user_id: str, notification_id: str) -> Notification:
        row = await self._sql.first(
            f"SELECT {_COLUMNS} FROM notifications WHERE user_id = $1 AND id = $2",
            [user_id, notification_id],
        )
        if row is None:
            raise NotificationNotFound(notification_id)
        return _notification(row, user_id)

    async def since(self, user_id: str, sequence: int, *, limit: int) -> list[Notification]:
        rows = await self._sql.rows(
            f"SELECT {_COLUMNS} FROM notifications WHERE user_id = $1 AND sequence > $2::bigint"
            f" ORDER BY sequence LIMIT {limit}",
            [user_id, sequence],
        )
        return [_notification(row, user_id) for row in rows]

    async def mark_read(self, user_id: str, notification_id: str, *, at: datetime) -> Notification:
        return await self._update(
            user_id, notification_id, "read_at = coalesce(read_at, $3::bigint)", [to_millis(at)]
        )

    async def mark_all_read(self, user_id: str, *, at: datetime) -> int:
        return await self._sql.execute(
            "UPDATE notifications SET read_at = $2::bigint WHERE user_id = $1 AND read_at IS NULL",
            [user_id, to_millis(at)],
        )

    async def mark_snoozed(
        self, user_id: str, notification_id: str, *, until: datetime, at: datetime
    ) -> Notification:
        return await self._update(
            user_id,
            notification_id,
            "read_at = coalesce(read_at, $3::bigint), snoozed_until = $4::bigint",
            [to_millis(at), to_millis(until)],
        )

    async def _update(
        self, user_id: str, notification_id: str, assignments: str, params: list[Any]
    ) -> Notification:
        changed = await self._sql.execute(
            f"UPDATE notifications SET {assignments} WHERE user_id = $1 AND id = $2",
            [user_id, notification_id, *params],
        )
        if changed != 1:
            raise NotificationNotFound(notification_id)
        return await self.get(user_id, notification_id)


def _notification(row: dict[str, Any], user_id: str) -> Notification:
    return Notification(
        id=row["id"],
        user_id=user_id,
        kind=NotificationKind(row["kind"]),
        task_id=row["task_id"],
        title=row["title"],
        message=row["message"],
        created_at=from_millis(row["created_at"]),
        event_id=row["event_id"],
        late=bool(row["late"]),
        sequence=row["sequence"],
        read_at=from_millis(row["read_at"]) if row["read_at"] is not None else None,
        snoozed_until=from_millis(row["snoozed_until"])
        if row["snoozed_until"] is not None
        else None,
    )
