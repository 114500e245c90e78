"""Accounts: register, log in, read and change the profile."""

from __future__ import annotations

from fastapi import APIRouter, Response

from todo_chatbot.accounts import use_cases as accounts
from todo_chatbot.accounts.users import User
from todo_chatbot.http.deps import CurrentUser, RuntimeDep
from todo_chatbot.http.responses import json_response
from todo_chatbot.http.schemas import LoginIn, ProfileIn, RegisterIn, TokenOut, UserOut

router = APIRouter(prefix="/api", tags=["accounts"])


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


@router.post("/auth/register", status_code=201, response_model=TokenOut)
async def register(body: RegisterIn, runtime: RuntimeDep) -> Response:
    """Create an account (409 if the email is taken) and sign it in."""
    signed_in = await accounts.register(
        uow_factory=runtime.uow_factory,
        hasher=runtime.hasher,
        tokens=runtime.tokens,
        clock=runtime.clock,
        fields=body.model_dump(),
    )
    return signed_in_response(signed_in, 201)


@router.post("/auth/login", response_model=TokenOut)
async def login(body: LoginIn, runtime: RuntimeDep) -> Response:
    """Sign in with email and password (401 if either is wrong)."""
    signed_in = await accounts.log_in(
        uow_factory=runtime.uow_factory,
        hasher=runtime.hasher,
        tokens=runtime.tokens,
        fields=body.model_dump(),
    )
    return signed_in_response(signed_in, 200)


@router.get("/me", response_model=UserOut)
async def me(user: CurrentUser) -> Response:
    """The signed-in user."""
    return json_response(user_out(user))


@router.patch("/me", response_model=UserOut)
async def update_me(body: ProfileIn, user: CurrentUser, runtime: RuntimeDep) -> Response:
    """Change the name or the time zone (dates and times are then shown in it)."""
    updated = await accounts.update_profile(
        uow_factory=runtime.uow_factory,
        user_id=user.id,
        fields=body.model_dump(exclude_unset=True),
    )
    return json_response(user_out(updated))
