"""Limits on sign-in and registration attempts, per account (email) and per client
address, in fixed windows of time.

Every attempt is counted in the current window against each key it touches
(its email's and its address's) before the password is looked at, so attempts
sent at once cannot slip past the count together. A successful sign-in takes
its count back from its email only: an email's count is of failures, an
address's of every attempt (else an attacker could pay for each guess at
another's account with a sign-in to their own). Registration per address
counts every registration. An attempt over any limit is refused with
the seconds left in the window. Fixed windows let a burst of twice a limit
straddle the boundary of two windows; the windows are long enough that this
costs an attacker nothing worth having.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from todo_chatbot.accounts.ports import AttemptCounter
from todo_chatbot.core.errors import TooManyAttempts


@dataclass(frozen=True)
class AttemptLimits:
    """How many attempts a key may make in one window of ``window_seconds``."""

    failed_logins_per_account: int
    sign_ins_per_address: int
    registrations_per_address: int
    window_seconds: int


def account_key(email: str) -> str:
    """The key of an email's attempts (its digest: the counts keep no addresses)."""
    return "account:" + hashlib.sha256(email.encode()).hexdigest()


def address_key(address: str) -> str:
    return "address:" + address


def registration_key(address: str) -> str:
    return "registration:" + address


@dataclass(frozen=True)
class Admitted:
    """An attempt within every limit, counted in ``window`` against ``keys``."""

    counter: AttemptCounter
    window: int
    keys: tuple[str, ...]

    async def take_back(self, *keys: str) -> None:
        """Uncount the attempt from ``keys`` (it succeeded)."""
        for key in keys:
            if key in self.keys:
                await self.counter.take_back(key, self.window)


async def admit(
    *, counter: AttemptCounter, window_seconds: int, now: datetime, limits: Mapping[str, int]
) -> Admitted:
    """Count an attempt against each key of ``limits`` (key: its limit); raises
    TooManyAttempts if any key is over its limit."""
    moment = now.timestamp()
    window = math.floor(moment / window_seconds)
    ends = (window + 1) * window_seconds
    ends_at = datetime.fromtimestamp(ends, UTC)
    over = False
    for key, limit in limits.items():
        if await counter.add(key, window, ends_at) > limit:
            over = True
    if over:
        raise TooManyAttempts(max(1, math.ceil(ends - moment)))
    return Admitted(counter=counter, window=window, keys=tuple(limits))
