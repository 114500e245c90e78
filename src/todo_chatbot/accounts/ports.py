"""The ports accounts need: where users are kept, password hashing, access tokens."""

from __future__ import annotations

from typing import Protocol

from todo_chatbot.accounts.users import User
from todo_chatbot.core.unit_of_work import UnitOfWork


class UserRepository(Protocol):
    async def add(self, user: User) -> None:
        """Store a new user; raises EmailTaken."""
        ...

    async def get(self, user_id: str) -> User | None: ...

    async def by_email(self, email: str) -> User | None: ...

    async def save(self, user: User) -> None: ...


class AccountsUnitOfWork(UnitOfWork, Protocol):
    @property
    def users(self) -> UserRepository: ...


class UserDirectory(Protocol):
    """Fast lookups of users by id, for authentication and for the zone of a task's
    owner (may cache)."""

    async def get(self, user_id: str) -> User | None: ...


class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str: ...

    async def verify(self, password_hash: str, password: str) -> bool:
        """True when ``password`` matches; never raises for a wrong one."""
        ...

    async def burn(self, password: str) -> None:
        """Spend the time a verification would, so unknown emails answer as slowly."""
        ...


class TokenIssuer(Protocol):
    def issue(self, user_id: str) -> str: ...

    def subject(self, token: str) -> str:
        """The user id a valid, unexpired token was issued for; raises NotAuthenticated."""
        ...
