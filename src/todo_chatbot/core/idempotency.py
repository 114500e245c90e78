"""Idempotency keys: a write sent again with the key of one already done gets the first
answer and changes nothing more.

A key is claimed before the write runs (:meth:`IdempotencyKeys.claim`); the
answer is kept with the key, in the write's own unit of work when the write
has one (:class:`IdempotencyAnswers`), so a crash can never leave a write
done and its key free to run it again. The HTTP layer decides what a request
is and what its answer holds; here an answer is bytes and a few headers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from todo_chatbot.core.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class StoredAnswer:
    """The first answer to a request: what a retry with its key receives."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Claim:
    """A key this request holds while it runs; ``token`` tells its holder apart from a
    later request that took the key over once the claim had lapsed."""

    user_id: str
    key: str
    token: str


@dataclass(frozen=True)
class Claimed:
    """The key was free (or its claim had lapsed): run the request."""

    claim: Claim


@dataclass(frozen=True)
class Answered:
    """The key's request was done: answer this."""

    answer: StoredAnswer


@dataclass(frozen=True)
class Mismatched:
    """The key was used for another request (method, path or body)."""


@dataclass(frozen=True)
class Running:
    """The key's first request is still running (or died less than a lease ago)."""

    retry_after: timedelta


ClaimOutcome = Claimed | Answered | Mismatched | Running


class ClaimLost(Exception):
    """The claim lapsed and another request took the key over: this one must not write."""


@dataclass(frozen=True)
class ClaimRequest:
    """What claiming a key needs: whose key, which request, and for how long."""

    user_id: str
    key: str
    fingerprint: str
    now: datetime
    lease: timedelta
    """How long the claim holds off other requests with the key (then it lapses)."""
    keep: timedelta
    """How long the key and its answer are kept."""


class IdempotencyKeys(Protocol):
    """The keys and their answers, claimed and answered outside any unit of work."""

    async def claim(self, request: ClaimRequest) -> ClaimOutcome: ...

    async def answer(self, claim: Claim, answer: StoredAnswer) -> None:
        """Keep the answer of a request that wrote nothing in a unit of work."""
        ...

    async def release(self, claim: Claim) -> None:
        """Free a key whose request failed before it was answered (nothing was kept)."""
        ...

    async def prune(self, *, before: datetime) -> int:
        """Delete the keys that expired before ``before``; how many."""
        ...


class IdempotencyAnswers(Protocol):
    """A unit of work's part in idempotency: the answer commits with the write."""

    async def record(self, claim: Claim, answer: StoredAnswer) -> None:
        """Keep ``answer`` for the claimed key when the unit commits; :class:`ClaimLost`
        (at once or at commit) if the claim is no longer this request's."""
        ...


class IdempotentUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that can keep an idempotency key's answer with its write."""

    @property
    def idempotency(self) -> IdempotencyAnswers: ...


@dataclass(frozen=True)
class KeyRecord:
    """A key as a store keeps it."""

    fingerprint: str
    token: str
    locked_until: datetime
    expires_at: datetime
    answer: StoredAnswer | None


def judge(record: KeyRecord | None, request: ClaimRequest) -> ClaimOutcome | None:
    """What a request with a key the store holds as ``record`` gets, or None when the
    request may claim the key (it is new, expired, or its claim lapsed unanswered)."""
    if record is None or record.expires_at <= request.now:
        return None
    if record.fingerprint != request.fingerprint:
        return Mismatched()
    if record.answer is not None:
        return Answered(record.answer)
    if record.locked_until > request.now:
        return Running(record.locked_until - request.now)
    return None
