"""Counts of sign-in attempts in the SQLite file, so that every worker process serving
the data directory counts against the same limits."""

from __future__ import annotations

from datetime import datetime

from todo_chatbot.core.timekeeping import to_millis
from todo_chatbot.runtimes.embedded.sqlite.database import Database


class SqliteAttempts:
    """An attempt is one small write; it need not wait for the disk (a count lost to a
    power cut costs nothing worth keeping)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(self, key: str, window: int, ends_at: datetime) -> int:
        async with self._db.transaction(durable=False) as transaction:
            (count,) = transaction.conn.execute(
                "INSERT INTO attempts (key, period, count, ends_at) VALUES (?, ?, 1, ?)"
                " ON CONFLICT (key, period) DO UPDATE SET count = count + 1 RETURNING count",
                (key, window, to_millis(ends_at)),
            ).fetchone()
            transaction.commit()
        return int(count)

    async def take_back(self, key: str, window: int) -> None:
        async with self._db.transaction(durable=False) as transaction:
            transaction.conn.execute(
                "UPDATE attempts SET count = count - 1 WHERE key = ? AND period = ? AND count > 0",
                (key, window),
            )
            transaction.commit()
