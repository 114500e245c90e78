"""Idempotency keys on PostgreSQL (table ``idempotency_keys``), through the binding.

Replicas claim a key with a conditional write: an insert that the primary key
lets only one of them make, or a take-over of a lapsed claim that names the
token it read. A unit of work keeps its answer as one more operation of its
``todo_apply``, which raises SQLSTATE ``TDK01`` if the claim was taken over.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final, Protocol

import orjson

from todo_chatbot.core.idempotency import (
    Claim,
    Claimed,
    ClaimOutcome,
    ClaimRequest,
    KeyRecord,
    Running,
    StoredAnswer,
    judge,
)
from todo_chatbot.core.ids import new_id
from todo_chatbot.core.timekeeping import from_millis, to_millis
from todo_chatbot.runtimes.dapr.sql import UNIQUE_VIOLATION, SqlBinding, SqlError

CLAIM_TAKEN_OVER: Final = "TDK01"
"""The SQLSTATE ``todo_apply`` raises when a unit's claim is no longer its own."""

_ANSWER: Final = (
    "UPDATE idempotency_keys SET status = $4, headers = $5, body = $6"
    " WHERE user_id = $1 AND key = $2 AND token = $3 AND status IS NULL"
)


class _Operations(Protocol):
    def add(self, op: str, **fields: Any) -> None: ...


def _answer_fields(claim: Claim, answer: StoredAnswer) -> dict[str, Any]:
    return {
        "user_id": claim.user_id,
        "key": claim.key,
        "token": claim.token,
        "status": answer.status,
        "headers": orjson.dumps(answer.headers).decode(),
        "body": answer.body.decode(),
    }


class PostgresIdempotencyAnswers:
    """A unit of work's answers: an operation of its ``todo_apply``."""

    def __init__(self, pending: _Operations) -> None:
        self._pending = pending

    async def record(self, claim: Claim, answer: StoredAnswer) -> None:
        self._pending.add("answer_idempotency_key", **_answer_fields(claim, answer))


class PostgresIdempotencyKeys:
    """Claiming, answering, releasing and pruning keys, each one statement or two."""

    def __init__(self, sql: SqlBinding) -> None:
        self._sql = sql

    async def claim(self, request: ClaimRequest) -> ClaimOutcome:
        record = await self._read(request.user_id, request.key)
        outcome = judge(record, request)
        if outcome is not None:
            return outcome
        claim = Claim(request.user_id, request.key, new_id())
        if record is None:
            claimed = await self._insert(claim, request)
        else:
            claimed = await self._take_over(claim, request, record.token)
        return Claimed(claim) if claimed else Running(request.lease)

    async def answer(self, claim: Claim, answer: StoredAnswer) -> None:
        fields = _answer_fields(claim, answer)
        await self._sql.execute(
            _ANSWER,
            [fields[name] for name in ("user_id", "key", "token", "status", "headers", "body")],
        )

    async def release(self, claim: Claim) -> None:
        await self._sql.execute(
            "DELETE FROM idempotency_keys"
            " WHERE user_id = $1 AND key = $2 AND token = $3 AND status IS NULL",
            [claim.user_id, claim.key, claim.token],
        )

    async def prune(self, *, before: datetime) -> int:
        return await self._sql.execute(
            "DELETE FROM idempotency_keys WHERE expires_at < $1", [to_millis(before)]
        )

    async def _read(self, user_id: str, key: str) -> KeyRecord | None:
        row = await self._sql.first(
            "SELECT fingerprint, token, locked_until, expires_at, status, headers, body"
            " FROM idempotency_keys WHERE user_id = $1 AND key = $2",
            [user_id, key],
        )
        if row is None:
            return None
        answer = None
        if row["status"] is not None:
            answer = StoredAnswer(
                status=row["status"],
                body=row["body"].encode(),
                headers=orjson.loads(row["headers"]),
            )
        return KeyRecord(
            fingerprint=row["fingerprint"],
            token=row["token"],
            locked_until=from_millis(row["locked_until"]),
            expires_at=from_millis(row["expires_at"]),
            answer=answer,
        )

    async def _insert(self, claim: Claim, request: ClaimRequest) -> bool:
        """Claim a new key; False if another replica claimed it first."""
        try:
            await self._sql.execute(
                "INSERT INTO idempotency_keys"
                " (user_id, key, fingerprint, token, locked_until, expires_at)"
                " VALUES ($1, $2, $3, $4, $5, $6)",
                [claim.user_id, claim.key, *_claim_values(claim, request)],
            )
        except SqlError as exc:
            if exc.sqlstate == UNIQUE_VIOLATION:
                return False
            raise
        return True

    async def _take_over(self, claim: Claim, request: ClaimRequest, read_token: str) -> bool:
        """Claim a key whose claim lapsed or that expired; False if another did first."""
        changed = await self._sql.execute(
            "UPDATE idempotency_keys SET fingerprint = $3, token = $4, locked_until = $5,"
            " expires_at = $6, status = NULL, headers = NULL, body = NULL"
            " WHERE user_id = $1 AND key = $2 AND token = $7",
            [claim.user_id, claim.key, *_claim_values(claim, request), read_token],
        )
        return changed == 1


def _claim_values(claim: Claim, request: ClaimRequest) -> list[Any]:
    return [
        request.fingerprint,
        claim.token,
        to_millis(request.now + request.lease),
        to_millis(request.now + request.keep),
    ]
