"""Accounts: register, sign in and out, read and change the profile, change the
password, delete the account."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel

from todo_chatbot.accounts import use_cases as accounts
from todo_chatbot.accounts.users import User
from todo_chatbot.http.deps import AttemptGate, CurrentSession, CurrentUser, RuntimeDep
from todo_chatbot.http.responses import json_response
from todo_chatbot.http.schemas import LoginIn, ProfileIn, RegisterIn, TokenOut, UserOut, _Strict

router = APIRouter(prefix="/api", tags=["accounts"])

_BEARER: dict[str, Any] = {"security": [{"bearer": []}]}


class _Problem(BaseModel):
    """An error's answer (a 422's detail is a list of problems, see the contract)."""

    detail: str


_UNAUTHORIZED = {"model": _Problem, "description": "No valid access token (or it was revoked)"}
_TOO_MANY = {
    "model": _Problem,
    "description": "Too many attempts from this address or on this account; the"
    " Retry-After header says how many seconds until the window ends",
    "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds"}},
}
_INVALID = {"description": "A field breaks a rule (weak password, bad email...)"}


# What POST /api/me/password accepts.
class PasswordChangeIn(_Strict):
    current_password: str
    new_password: str


# What DELETE /api/me accepts: the password, to confirm.
class AccountDeletionIn(_Strict):
    password: str


def user_out(user: User) -> dict[str, object]:
    return {"id": user.id, "email": user.email, "name": user.name, "timezone": user.timezone}


def signed_in_response(signed_in: accounts.SignedIn, status_code: int) -> Response:
    return json_response(
        {
            "access_token": signed_in.access_token,
            "token_type": "bearer",
            "user": user_out(signed_in.user),
        },
        status_code,
    )


@router.post(
    "/auth/register",
    status_code=201,
    response_model=TokenOut,
    responses={
        409: {"model": _Problem, "description": "The email has an account"},
        422: _INVALID,
        429: _TOO_MANY,
    },
)
async def register(body: RegisterIn, runtime: RuntimeDep, gate: AttemptGate) -> Response:
    """Create an account (409 if the email is taken) and sign it in."""
    signed_in = await accounts.register(
        uow_factory=runtime.uow_factory,
        hasher=runtime.hasher,
        tokens=runtime.tokens,
        clock=runtime.clock,
        gate=gate,
        fields=body.model_dump(),
    )
    return signed_in_response(signed_in, 201)


@router.post(
    "/auth/login",
    response_model=TokenOut,
    responses={
        401: {"model": _Problem, "description": "Wrong email or password"},
        422: _INVALID,
        429: _TOO_MANY,
    },
)
async def login(body: LoginIn, runtime: RuntimeDep, gate: AttemptGate) -> Response:
    """Sign in with email and password (401 if either is wrong)."""
    signed_in = await accounts.log_in(
        uow_factory=runtime.uow_factory,
        hasher=runtime.hasher,
        tokens=runtime.tokens,
        gate=gate,
        fields=body.model_dump(),
    )
    return signed_in_response(signed_in, 200)


@router.post(
    "/auth/logout",
    status_code=204,
    responses={401: _UNAUTHORIZED},
    openapi_extra=_BEARER,
)
async def logout(session: CurrentSession, runtime: RuntimeDep) -> Response:
    """Sign out: the access token sent is revoked (the user's other sessions go on)."""
    await accounts.log_out(uow_factory=runtime.uow_factory, session=session)
    return Response(status_code=204)


@router.get("/me", response_model=UserOut, responses={401: _UNAUTHORIZED})
async def me(user: CurrentUser) -> Response:
    """The signed-in user."""
    return json_response(user_out(user))


@router.patch("/me", response_model=UserOut, responses={401: _UNAUTHORIZED, 422: _INVALID})
async def update_me(body: ProfileIn, user: CurrentUser, runtime: RuntimeDep) -> Response:
    """Change the name or the time zone (dates and times are then shown in it)."""
    updated = await accounts.update_profile(
        uow_factory=runtime.uow_factory,
        user_id=user.id,
        fields=body.model_dump(exclude_unset=True),
    )
    return json_response(user_out(updated))


@router.post(
    "/me/password",
    response_model=TokenOut,
    responses={
        401: _UNAUTHORIZED,
        422: {"description": "The current password is wrong, or the new one is weak"},
        429: _TOO_MANY,
    },
)
async def change_password(
    body: PasswordChangeIn, session: CurrentSession, runtime: RuntimeDep, gate: AttemptGate
) -> Response:
    """Change the password. Every access token of the account stops working (the one
    sent included); the answer carries a new one for this session."""
    signed_in = await accounts.change_password(
        uow_factory=runtime.uow_factory,
        hasher=runtime.hasher,
        tokens=runtime.tokens,
        gate=gate,
        session=session,
        fields=body.model_dump(),
    )
    return signed_in_response(signed_in, 200)


@router.delete(
    "/me",
    status_code=204,
    responses={
        401: _UNAUTHORIZED,
        422: {"description": "The password is wrong"},
        429: _TOO_MANY,
    },
)
async def delete_me(
    body: AccountDeletionIn, session: CurrentSession, runtime: RuntimeDep, gate: AttemptGate
) -> Response:
    """Delete the account, with its tasks, audit trail, conversations, notifications
    and scheduled reminders; its tokens stop working and its email is free again."""
    await accounts.delete_account(
        uow_factory=runtime.uow_factory,
        hasher=runtime.hasher,
        jobs=runtime.scheduler,
        gate=gate,
        session=session,
        fields=body.model_dump(),
    )
    return Response(status_code=204)
