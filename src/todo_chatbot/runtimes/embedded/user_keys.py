"""What the SQLite store needs to know of a user for every row it touches: the user's
internal number (the key that keeps a user's rows together) and zone."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from todo_chatbot.core.timekeeping import zone


@dataclass(frozen=True)
class UserKey:
    """What the store needs to know of a user for every task it touches."""

    uid: int
    timezone: str

    @property
    def tz(self) -> ZoneInfo:
        return zone(self.timezone)


class UserKeys:
    """What the store needs of a user for the tasks it touches.

    A user's internal number never changes, so it is cached for the process's
    life; the zone can change (and, with several worker processes, in another
    process), so writes read it afresh.
    """

    def __init__(self) -> None:
        self._uids: dict[str, int] = {}

    def uid(self, conn: sqlite3.Connection, user_id: str) -> int | None:
        uid = self._uids.get(user_id)
        if uid is None:
            row = conn.execute("SELECT uid FROM users WHERE id = ?", (user_id,)).fetchone()
            if row is None:
                return None
            uid = self._uids[user_id] = row[0]
        return uid

    def existing_uid(self, conn: sqlite3.Connection, user_id: str) -> int | None:
        """The number of a user who still exists, read afresh: for what an event records
        after the fact, when the account may have been deleted through another process."""
        row = conn.execute("SELECT uid FROM users WHERE id = ?", (user_id,)).fetchone()
        return int(row[0]) if row else None

    def forget(self, user_id: str) -> None:
        """The user was deleted."""
        self._uids.pop(user_id, None)

    def require(self, conn: sqlite3.Connection, user_id: str) -> UserKey:
        """The user's number and current zone; raises LookupError for an unknown user."""
        row = conn.execute("SELECT uid, timezone FROM users WHERE id = ?", (user_id,)).fetchone()
        if row is None:
            raise LookupError(f"unknown user {user_id}")
        return UserKey(uid=row[0], timezone=row[1])
