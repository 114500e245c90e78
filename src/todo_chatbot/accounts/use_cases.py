"""Account use cases: register, sign in, read and change the profile."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from todo_chatbot.accounts.ports import (
    AccountsUnitOfWork,
    PasswordHasher,
    TokenIssuer,
    UserDirectory,
)
from todo_chatbot.accounts.users import (
    User,
    read_email,
    read_profile_changes,
    read_registration,
)
from todo_chatbot.core.clock import Clock
from todo_chatbot.core.errors import InvalidCredentials, NotAuthenticated, ValidationFailed
from todo_chatbot.core.ids import new_id
from todo_chatbot.core.unit_of_work import UnitOfWorkFactory, in_unit_of_work


@dataclass(frozen=True)
class SignedIn:
    user: User
    access_token: str


async def register(
    *,
    uow_factory: UnitOfWorkFactory[AccountsUnitOfWork],
    hasher: PasswordHasher,
    tokens: TokenIssuer,
    clock: Clock,
    fields: Mapping[str, Any],
) -> SignedIn:
    """Create an account and sign it in; raises EmailTaken."""
    registration = read_registration(fields)
    user = User(
        id=new_id(),
        email=registration.email,
        name=registration.name,
        timezone=registration.timezone,
        password_hash=await hasher.hash(registration.password),
        created_at=clock.now(),
    )
    async with uow_factory() as uow:
        await uow.users.add(user)
        await uow.commit()
    return SignedIn(user=user, access_token=tokens.issue(user.id))


async def log_in(
    *,
    uow_factory: UnitOfWorkFactory[AccountsUnitOfWork],
    hasher: PasswordHasher,
    tokens: TokenIssuer,
    fields: Mapping[str, Any],
) -> SignedIn:
    """Check an email and password; the same error for either being wrong."""
    password = fields.get("password")
    try:
        email = read_email(fields.get("email"))
    except ValueError:
        raise ValidationFailed.single("email", "is not an email address") from None
    if not isinstance(password, str):
        raise ValidationFailed.single("password", "is required")
    async with uow_factory() as uow:
        user = await uow.users.by_email(email)
    if user is None:
        await hasher.burn(password)
        raise InvalidCredentials()
    if not await hasher.verify(user.password_hash, password):
        raise InvalidCredentials()
    return SignedIn(user=user, access_token=tokens.issue(user.id))


async def authenticate(*, directory: UserDirectory, tokens: TokenIssuer, token: str) -> User:
    """The user a bearer token stands for; raises NotAuthenticated."""
    user = await directory.get(tokens.subject(token))
    if user is None:
        raise NotAuthenticated("The account no longer exists")
    return user


async def update_profile(
    *, uow_factory: UnitOfWorkFactory[AccountsUnitOfWork], user_id: str, fields: Mapping[str, Any]
) -> User:
    """Change the name or time zone; dates and times are then shown in the new zone."""
    changes = read_profile_changes(fields)

    async def change(uow: AccountsUnitOfWork) -> User:
        user = await uow.users.get(user_id)
        if user is None:
            raise NotAuthenticated("The account no longer exists")
        for name, value in changes.items():
            setattr(user, name, value)
        if changes:
            await uow.users.save(user)
            await uow.commit()
        return user

    return await in_unit_of_work(uow_factory(), change)
