"""Password hashing and access tokens."""

from __future__ import annotations

from typing import Protocol


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
