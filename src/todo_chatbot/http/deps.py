"""Dependencies of the routes: the runtime, the signed-in user, If-Match.

Every dependency is ``async``: FastAPI runs a plain ``def`` one in a worker
thread, a hop that costs more than the work itself.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from todo_chatbot.accounts.limits import AttemptLimits
from todo_chatbot.accounts.use_cases import Gate, Session, authenticate, open_session
from todo_chatbot.accounts.users import User
from todo_chatbot.core.errors import NotAuthenticated, ValidationFailed
from todo_chatbot.runtimes.runtime import Runtime, Service
from todo_chatbot.tasks.events import Actor
from todo_chatbot.tasks.queries import DEFAULT_LIMIT, MAX_LIMIT
from todo_chatbot.tasks.use_cases import Caller


async def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def get_service(request: Request) -> Service:
    service: Service = request.app.state.runtime
    return service


ServiceDep = Annotated[Service, Depends(get_service)]


def bearer_token(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated("A bearer access token is required")
    return token.strip()


async def current_user(request: Request) -> User:
    """The user whose bearer token the request carries (401 without a valid one)."""
    runtime: Runtime = request.app.state.runtime
    return await authenticate(
        directory=runtime.users, tokens=runtime.tokens, token=bearer_token(request)
    )


CurrentUser = Annotated[User, Depends(current_user)]


async def current_session(request: Request) -> Session:
    """The user and the access token the request carries (401 without a valid one)."""
    runtime: Runtime = request.app.state.runtime
    return await open_session(
        directory=runtime.users, tokens=runtime.tokens, token=bearer_token(request)
    )


CurrentSession = Annotated[Session, Depends(current_session)]


async def attempt_gate(request: Request) -> Gate:
    """What limits sign-in attempts, for the client's address: the peer's, or the one a
    trusted proxy's X-Forwarded-For names (the server resolves it: ``trusted_proxies``)."""
    runtime: Runtime = request.app.state.runtime
    settings = runtime.settings
    return Gate(
        counter=runtime.attempts,
        limits=AttemptLimits(
            failed_logins_per_account=settings.failed_logins_per_account,
            sign_ins_per_address=settings.sign_ins_per_address,
            registrations_per_address=settings.registrations_per_address,
            window_seconds=settings.attempt_window_seconds,
        ),
        clock=runtime.clock,
        address=request.client.host if request.client else "unknown",
    )


AttemptGate = Annotated[Gate, Depends(attempt_gate)]


def caller_of(user: User) -> Caller:
    return Caller(user_id=user.id, tz=user.tz, actor=Actor.USER)


MAX_VERSION_DIGITS = 18
"""A version fits a signed 64-bit integer in both stores."""


async def expected_version(
    if_match: Annotated[
        str | None,
        Header(description="The task version the change is based on; 412 if it moved on"),
    ] = None,
) -> int | None:
    """The version in ``If-Match`` (``3``, ``"3"`` or ``W/"3"``), or None."""
    if if_match is None or if_match.strip() == "*":
        return None
    text = if_match.strip().removeprefix("W/").strip('"')
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_VERSION_DIGITS:
        raise ValidationFailed.single("if-match", 'must be a task version such as "3"', "header")
    return int(text)


ExpectedVersion = Annotated[int | None, Depends(expected_version)]


def read_limit(raw: str | None) -> int:
    """A page's ``limit`` parameter: 1 to 200, 50 when absent."""
    if raw is None or raw == "":
        return DEFAULT_LIMIT
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 3) or not 1 <= int(raw) <= MAX_LIMIT:
        raise ValidationFailed.single(
            "limit", f"must be a whole number from 1 to {MAX_LIMIT}", "query"
        )
    return int(raw)
