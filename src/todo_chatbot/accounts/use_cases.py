"""Account use cases: register, sign in and out, read and change the profile, change
the password, delete the account."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from todo_chatbot.accounts.limits import (
    Admitted,
    AttemptLimits,
    account_key,
    address_key,
    admit,
    registration_key,
)
from todo_chatbot.accounts.passwords import read_password
from todo_chatbot.accounts.ports import (
    AccessToken,
    AccountsUnitOfWork,
    AttemptCounter,
    JobCanceller,
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
from todo_chatbot.core.errors import (
    FieldError,
    InvalidCredentials,
    NotAuthenticated,
    ValidationFailed,
)
from todo_chatbot.core.ids import new_id
from todo_chatbot.core.unit_of_work import UnitOfWorkFactory, in_unit_of_work


@dataclass(frozen=True)
class SignedIn:
    user: User
    access_token: str


@dataclass(frozen=True)
class Session:
    """A signed-in user and the access token the request carried."""

    user: User
    token: AccessToken


@dataclass(frozen=True)
class Gate:
    """What limits attempts: the shared counter, the limits, and where the attempt
    comes from (the client's address)."""

    counter: AttemptCounter
    limits: AttemptLimits
    clock: Clock
    address: str

    async def admit(self, limits: Mapping[str, int]) -> Admitted:
        return await admit(
            counter=self.counter,
            window_seconds=self.limits.window_seconds,
            now=self.clock.now(),
            limits=limits,
        )

    async def admit_sign_in(self, email: str) -> Admitted:
        """A password attempt on ``email``'s account from this address."""
        return await self.admit(
            {
                account_key(email): self.limits.failed_logins_per_account,
                address_key(self.address): self.limits.sign_ins_per_address,
            }
        )


async def register(
    *,
    uow_factory: UnitOfWorkFactory[AccountsUnitOfWork],
    hasher: PasswordHasher,
    tokens: TokenIssuer,
    clock: Clock,
    gate: Gate,
    fields: Mapping[str, Any],
) -> SignedIn:
    """Create an account and sign it in; raises EmailTaken, TooManyAttempts.

    A registration counts against its address, and one for a taken email also
    against that email's account (the 409 tells whether an email has one)."""
    registration = read_registration(fields)
    admitted = await gate.admit(
        {
            registration_key(gate.address): gate.limits.registrations_per_address,
            account_key(registration.email): gate.limits.failed_logins_per_account,
        }
    )
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
    await admitted.take_back(account_key(registration.email))
    return SignedIn(user=user, access_token=tokens.issue(user.id, user.session_version))


async def log_in(
    *,
    uow_factory: UnitOfWorkFactory[AccountsUnitOfWork],
    hasher: PasswordHasher,
    tokens: TokenIssuer,
    gate: Gate,
    fields: Mapping[str, Any],
) -> SignedIn:
    """Check an email and password; the same error, after the same work, for either
    being wrong. Raises TooManyAttempts past the limits of failures."""
    password = fields.get("password")
    try:
        email = read_email(fields.get("email"))
    except ValueError as exc:
        raise ValidationFailed.single("email", str(exc)) from None
    if not isinstance(password, str):
        raise ValidationFailed.single("password", "is required")
    admitted = await gate.admit_sign_in(email)
    async with uow_factory() as uow:
        user = await uow.users.by_email(email)
    if user is None:
        await hasher.burn(password)
        raise InvalidCredentials()
    if not await hasher.verify(user.password_hash, password):
        raise InvalidCredentials()
    await admitted.take_back(account_key(email))
    return SignedIn(user=user, access_token=tokens.issue(user.id, user.session_version))


async def open_session(*, directory: UserDirectory, tokens: TokenIssuer, token: str) -> Session:
    """The session a bearer token stands for; raises NotAuthenticated if the token is
    not valid, expired, revoked, from before a password change, or its account gone."""
    access = tokens.read(token)
    user = await directory.signed_in(access.user_id, access.token_id)
    if user is None:
        raise NotAuthenticated("The access token was revoked or its account no longer exists")
    if user.session_version != access.session_version:
        raise NotAuthenticated("The session has ended (the password was changed)")
    return Session(user=user, token=access)


async def authenticate(*, directory: UserDirectory, tokens: TokenIssuer, token: str) -> User:
    """The user a bearer token stands for; raises NotAuthenticated."""
    session = await open_session(directory=directory, tokens=tokens, token=token)
    return session.user


async def log_out(*, uow_factory: UnitOfWorkFactory[AccountsUnitOfWork], session: Session) -> None:
    """Revoke the session's access token (the user's other sessions go on)."""
    async with uow_factory() as uow:
        await uow.users.revoke_token(
            session.user.id, session.token.token_id, session.token.expires_at
        )
        await uow.commit()


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


async def _confirm_password(
    *, hasher: PasswordHasher, gate: Gate, user: User, password: Any, field: str
) -> None:
    """Check the account's password given to confirm a change (counted like a sign-in);
    raises ValidationFailed naming ``field`` if it is wrong."""
    if not isinstance(password, str) or not password:
        raise ValidationFailed.single(field, "is required")
    admitted = await gate.admit_sign_in(user.email)
    if not await hasher.verify(user.password_hash, password):
        raise ValidationFailed.single(field, "is not the account's password")
    await admitted.take_back(account_key(user.email))


async def change_password(
    *,
    uow_factory: UnitOfWorkFactory[AccountsUnitOfWork],
    hasher: PasswordHasher,
    tokens: TokenIssuer,
    gate: Gate,
    session: Session,
    fields: Mapping[str, Any],
) -> SignedIn:
    """Set a new password given the current one. Every access token of the user stops
    working, the one used included; the answer carries a new one for this session."""
    try:
        new_password = read_password(fields.get("new_password"))
    except ValueError as exc:
        raise ValidationFailed([FieldError("new_password", str(exc))]) from None
    await _confirm_password(
        hasher=hasher,
        gate=gate,
        user=session.user,
        password=fields.get("current_password"),
        field="current_password",
    )
    new_hash = await hasher.hash(new_password)

    async def change(uow: AccountsUnitOfWork) -> User:
        user = await uow.users.get(session.user.id)
        if user is None:
            raise NotAuthenticated("The account no longer exists")
        user.password_hash = new_hash
        user.session_version += 1
        await uow.users.save(user)
        await uow.commit()
        return user

    user = await in_unit_of_work(uow_factory(), change)
    return SignedIn(user=user, access_token=tokens.issue(user.id, user.session_version))


async def delete_account(
    *,
    uow_factory: UnitOfWorkFactory[AccountsUnitOfWork],
    hasher: PasswordHasher,
    jobs: JobCanceller,
    gate: Gate,
    session: Session,
    fields: Mapping[str, Any],
) -> None:
    """Delete the account and all its data, given its password; its email is free again
    and every token of it stops working."""
    await _confirm_password(
        hasher=hasher,
        gate=gate,
        user=session.user,
        password=fields.get("password"),
        field="password",
    )
    async with uow_factory() as uow:
        job_names = await uow.users.remove(session.user.id)
        await uow.commit()
    for name in job_names:
        await jobs.cancel(name)
