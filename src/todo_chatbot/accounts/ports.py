"""The ports accounts need: where users are kept, password hashing, access tokens,
counting sign-in attempts, cancelling an account's scheduled jobs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from todo_chatbot.accounts.users import User
from todo_chatbot.core.unit_of_work import UnitOfWork


class UserRepository(Protocol):
    async def add(self, user: User) -> None:
        """Store a new user; raises EmailTaken."""
        ...

    async def get(self, user_id: str) -> User | None: ...

    async def by_email(self, email: str) -> User | None: ...

    async def save(self, user: User) -> None:
        """Store the name, time zone, password hash and session version."""
        ...

    async def revoke_token(self, user_id: str, token_id: str, expires_at: datetime) -> None:
        """Refuse the token ``token_id`` from now on (it is forgotten once expired)."""
        ...

    async def remove(self, user_id: str) -> list[str]:
        """Delete the user and everything they own (tasks, audit entries, conversations,
        notifications, revoked tokens); the names of the jobs scheduled for it."""
        ...


class AccountsUnitOfWork(UnitOfWork, Protocol):
    @property
    def users(self) -> UserRepository: ...


class UserDirectory(Protocol):
    """Fast lookups of users by id, for authentication and for the zone of a task's
    owner (may cache)."""

    async def get(self, user_id: str) -> User | None: ...

    async def signed_in(self, user_id: str, token_id: str) -> User | None:
        """The user, unless the account is gone or the token ``token_id`` was revoked."""
        ...


class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str: ...

    async def verify(self, password_hash: str, password: str) -> bool:
        """True when ``password`` matches; never raises for a wrong one."""
        ...

    async def burn(self, password: str) -> None:
        """Spend the time a verification would, so unknown emails answer as slowly."""
        ...


@dataclass(frozen=True)
class AccessToken:
    """What a valid, unexpired access token says."""

    user_id: str
    token_id: str
    session_version: int
    expires_at: datetime


class TokenIssuer(Protocol):
    def issue(self, user_id: str, session_version: int) -> str: ...

    def read(self, token: str) -> AccessToken:
        """What a valid, unexpired token says; raises NotAuthenticated."""
        ...


class AttemptCounter(Protocol):
    """Counts attempts per key and fixed time window, shared by every process and
    replica of the runtime."""

    async def add(self, key: str, window: int, ends_at: datetime) -> int:
        """Count one attempt in ``window`` (which ends at ``ends_at``, when its counts
        may be forgotten); how many there now are."""
        ...

    async def take_back(self, key: str, window: int) -> None:
        """Uncount one attempt of ``window`` (it turned out to be a good one)."""
        ...


class JobCanceller(Protocol):
    async def cancel(self, name: str) -> None:
        """Cancel the job; an unknown name is not an error."""
        ...
