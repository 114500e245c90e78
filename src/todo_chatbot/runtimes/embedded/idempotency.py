"""Idempotency keys on SQLite (table ``idempotency_keys``).

Writers take turns on the database (across worker processes too), so a claim,
read and written in one transaction, sees every other claim of the key. A
unit of work keeps its answer with a statement in its own transaction.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any, Final

import orjson

from todo_chatbot.core.idempotency import (
    Claim,
    Claimed,
    ClaimLost,
    ClaimOutcome,
    ClaimRequest,
    KeyRecord,
    StoredAnswer,
    judge,
)
from todo_chatbot.core.ids import new_id
from todo_chatbot.core.timekeeping import from_millis, to_millis
from todo_chatbot.runtimes.embedded.sqlite.database import Database

_ANSWER: Final = (
    "UPDATE idempotency_keys SET status = ?, headers = ?, body = ?"
    " WHERE user_id = ? AND key = ? AND token = ? AND status IS NULL"
)


def _answer_params(claim: Claim, answer: StoredAnswer) -> tuple[Any, ...]:
    return (
        answer.status,
        orjson.dumps(answer.headers),
        answer.body,
        claim.user_id,
        claim.key,
        claim.token,
    )


class SqliteIdempotencyAnswers:
    """A unit of work's answers: kept in its transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    async def record(self, claim: Claim, answer: StoredAnswer) -> None:
        if self._conn.execute(_ANSWER, _answer_params(claim, answer)).rowcount != 1:
            raise ClaimLost(claim.key)


class SqliteIdempotencyKeys:
    """Claiming, answering, releasing and pruning keys, each in a transaction of its own."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def claim(self, request: ClaimRequest) -> ClaimOutcome:
        # Not waiting for the disk: the write the claim is for commits after it, and
        # a flush that covers the write covers every commit before it.
        async with self._db.transaction(durable=False) as transaction:
            conn = transaction.conn
            record = _read(conn, request.user_id, request.key)
            outcome = judge(record, request)
            if outcome is None:
                claim = Claim(request.user_id, request.key, new_id())
                _write_claim(conn, claim, request)
                outcome = Claimed(claim)
            transaction.commit()
        return outcome

    async def answer(self, claim: Claim, answer: StoredAnswer) -> None:
        async with self._db.transaction() as transaction:
            transaction.conn.execute(_ANSWER, _answer_params(claim, answer))
            transaction.commit()

    async def release(self, claim: Claim) -> None:
        async with self._db.transaction() as transaction:
            transaction.conn.execute(
                "DELETE FROM idempotency_keys"
                " WHERE user_id = ? AND key = ? AND token = ? AND status IS NULL",
                (claim.user_id, claim.key, claim.token),
            )
            transaction.commit()

    async def prune(self, *, before: datetime) -> int:
        async with self._db.transaction(durable=False) as transaction:
            pruned = transaction.conn.execute(
                "DELETE FROM idempotency_keys WHERE expires_at < ?", (to_millis(before),)
            ).rowcount
            transaction.commit()
        return int(pruned)


def _read(conn: sqlite3.Connection, user_id: str, key: str) -> KeyRecord | None:
    row = conn.execute(
        "SELECT fingerprint, token, locked_until, expires_at, status, headers, body"
        " FROM idempotency_keys WHERE user_id = ? AND key = ?",
        (user_id, key),
    ).fetchone()
    if row is None:
        return None
    fingerprint, token, locked_until, expires_at, status, headers, body = row
    answer = None
    if status is not None:
        answer = StoredAnswer(status=status, body=bytes(body), headers=orjson.loads(headers))
    return KeyRecord(
        fingerprint=fingerprint,
        token=token,
        locked_until=from_millis(locked_until),
        expires_at=from_millis(expires_at),
        answer=answer,
    )


def _write_claim(conn: sqlite3.Connection, claim: Claim, request: ClaimRequest) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO idempotency_keys"
        " (user_id, key, fingerprint, token, locked_until, expires_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            claim.user_id,
            claim.key,
            request.fingerprint,
            claim.token,
            to_millis(request.now + request.lease),
            to_millis(request.now + request.keep),
        ),
    )
