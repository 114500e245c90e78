"""Passwords hashed with argon2id, and access tokens signed as JWTs (HS256) with a
key from the settings or, without one, from the runtime's secret store.

Hashing takes tens of milliseconds by design, so it runs in a worker thread.
Verified tokens are remembered (until they expire) so that the hot path of
every request does not decode and check a signature again.
"""

from __future__ import annotations

import asyncio
import secrets
from datetime import UTC, datetime, timedelta
from typing import Final, Protocol

import jwt
from argon2 import PasswordHasher as Argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from todo_chatbot.accounts.ports import AccessToken
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
    """Signed, expiring access tokens whose subject is the user id. Each carries its own
    id (``jti``: what signing out revokes) and the user's session version (``ver``:
    what a password change moves on); a token from before ``ver`` existed counts as
    version 0."""

    def __init__(self, key: bytes, clock: Clock, lifetime: timedelta) -> None:
        self._key = key
        self._clock = clock
        self._lifetime = lifetime
        self._verified: dict[str, AccessToken] = {}

    def issue(self, user_id: str, session_version: int) -> str:
        now = self._clock.now()
        claims = {
            "sub": user_id,
            "iat": int(now.timestamp()),
            "exp": int((now + self._lifetime).timestamp()),
            "jti": secrets.token_urlsafe(12),
            "ver": session_version,
        }
        return jwt.encode(claims, self._key, algorithm=_ALGORITHM)

    def read(self, token: str) -> AccessToken:
        access = self._verified.get(token)
        if access is None:
            access = self._decode(token)
            if len(self._verified) >= _CACHE_LIMIT:
                self._verified.clear()
            self._verified[token] = access
        if access.expires_at <= self._clock.now():
            raise NotAuthenticated("The access token has expired")
        return access

    def _decode(self, token: str) -> AccessToken:
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[_ALGORITHM],
                options={"require": ["sub", "exp", "iat", "jti"], "verify_exp": False},
            )
        except jwt.PyJWTError:
            raise NotAuthenticated("The access token is not valid") from None
        subject, expires, token_id = claims.get("sub"), claims.get("exp"), claims.get("jti")
        version = claims.get("ver", 0)
        if (
            not isinstance(subject, str)
            or not isinstance(token_id, str)
            or not isinstance(expires, int | float)
            or not isinstance(version, int)
        ):
            raise NotAuthenticated("The access token is not valid")
        try:
            expires_at = datetime.fromtimestamp(expires, UTC)
        except (OverflowError, OSError, ValueError):
            raise NotAuthenticated("The access token is not valid") from None
        return AccessToken(
            user_id=subject, token_id=token_id, session_version=version, expires_at=expires_at
        )


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
