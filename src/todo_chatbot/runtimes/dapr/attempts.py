"""Counts of sign-in attempts in PostgreSQL (through the binding), so that every replica
of the backend counts against the same limits."""

from __future__ import annotations

from datetime import datetime

from todo_chatbot.core.timekeeping import to_millis
from todo_chatbot.runtimes.dapr.sql import SqlBinding


class PostgresAttempts:
    def __init__(self, sql: SqlBinding) -> None:
        self._sql = sql

    async def add(self, key: str, window: int, ends_at: datetime) -> int:
        count = await self._sql.scalar(
            "WITH counted AS ("
            " INSERT INTO attempts (key, period, count, ends_at)"
            " VALUES ($1, $2::bigint, 1, $3::bigint)"
            " ON CONFLICT (key, period) DO UPDATE SET count = attempts.count + 1"
            " RETURNING count)"
            " SELECT count FROM counted",
            [key, window, to_millis(ends_at)],
        )
        return int(count)

    async def take_back(self, key: str, window: int) -> None:
        await self._sql.execute(
            "UPDATE attempts SET count = count - 1"
            " WHERE key = $1 AND period = $2::bigint AND count > 0",
            [key, window],
        )


async def prune_attempts_and_revocations(sql: SqlBinding, *, now: datetime) -> int:
    """Forget counts of windows that have ended and revocations of expired tokens; how
    many rows."""
    moment = to_millis(now)
    attempts = await sql.execute("DELETE FROM attempts WHERE ends_at < $1::bigint", [moment])
    revoked = await sql.execute(
        "DELETE FROM revoked_tokens WHERE expires_at < $1::bigint", [moment]
    )
    return attempts + revoked
