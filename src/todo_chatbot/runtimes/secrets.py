"""Secrets: values the system needs and must not keep in its settings files."""

from __future__ import annotations

from typing import Final, Protocol

TOKEN_SIGNING_KEY: Final = "token-signing-key"


class SecretStore(Protocol):
    async def get(self, name: str) -> str | None:
        """The secret's value, or None if there is no such secret."""
        ...
