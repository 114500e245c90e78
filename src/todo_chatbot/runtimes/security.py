"""Passwords hashed with argon2id, and access tokens signed as JWTs (HS256) with a
key from the settings or, without one, from the runtime's secret store.

Hashing takes tens of milliseconds by design, so it runs in a worker thread.
Verified tokens are remembered (until they expire) so that the hot path of
every request does not decode and check a signature again.
"""

from __future__ import annotations

import asyncio
import secrets
from datetime import timedelta
from typing import Final, Protocol

import jwt
from argon2 import PasswordHasher as Argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from todo_chatbot.config import Settings
from todo_chatbot.core.clock import Clock
from todo_chatbot.core.errors import NotAuthenticated

TOKEN_SIGNING_KEY: Final = "token-signing-key"

_ALGORITHM: Final = "HS256"
_CACHE_LIMIT: Final = 50_000


class Argon2PasswordHasher:
    def __init__(self) -> None:
        self._argon2 = Argon2()  # argon2id with the RFC 9106 low-memory parameters
        self._dummy = self._argon2.hash(secrets.token_urlsafe(16))

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._argon2.hash, password)

    async def verify(self, password_hash: str, password: str) -> bool:
        return await asyncio.to_thread(self._check, password_hash, password)

    async def burn(self, password: str) -> None:
        await asyncio.to_thread(self._check, self._dummy, password)

    def _check(self, password_hash: str, password: str) -> bool:
        try:
            return self._argon2.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


class JwtTokenIssuer:
    """Signed, expiring access tokens whose subject is the user id."""

    def __init__(self, key: bytes, clock: Clock, lifetime: timedelta) -> None:
        self._key = key
        self._clock = clock
        self._lifetime = lifetime
        self._verified: dict[str, tuple[str, float]] = {}

    def issue(self, user_id: str) -> str:
        now = self._clock.now()
        claims = {
            "sub": user_id,
            "iat": int(now.timestamp()),
            "exp": int((now + self._lifetime).timestamp()),
            "jti": secrets.token_urlsafe(8),
        }
        return jwt.encode(claims, self._key, algorithm=_ALGORITHM)

    def subject(self, token: str) -> str:
        now = self._clock.now().timestamp()
        cached = self._verified.get(token)
        if cached is not None:
            user_id, expires = cached
        else:
            user_id, expires = self._decode(token)
            if len(self._verified) >= _CACHE_LIMIT:
                self._verified.clear()
            self._verified[token] = (user_id, expires)
        if expires <= now:
            raise NotAuthenticated("The access token has expired")
        return user_id

    def _decode(self, token: str) -> tuple[str, float]:
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[_ALGORITHM],
                options={"require": ["sub", "exp", "iat"], "verify_exp": False},
            )
        except jwt.PyJWTError:
            raise NotAuthenticated("The access token is not valid") from None
        subject, expires = claims.get("sub"), claims.get("exp")
        if not isinstance(subject, str) or not isinstance(expires, int | float):
            raise NotAuthenticated("The access token is not valid")
        return subject, float(expires)


class SecretStore(Protocol):
    """Secrets: values the system needs and must not keep in its settings files."""

    async def get(self, name: str) -> str | None:
        """The secret's value, or None if there is no such secret."""
        ...


async def token_issuer(settings: Settings, secrets: SecretStore, clock: Clock) -> JwtTokenIssuer:
    """Access tokens signed with the key from settings, else from the secret store."""
    configured = settings.secret_key.get_secret_value() if settings.secret_key else None
    key = configured or await secrets.get(TOKEN_SIGNING_KEY)
    if not key:
        raise RuntimeError(f"no {TOKEN_SIGNING_KEY!r} in the secret store")
    return JwtTokenIssuer(key.encode(), clock, timedelta(seconds=settings.token_ttl_seconds))
