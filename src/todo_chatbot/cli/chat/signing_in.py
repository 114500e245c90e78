"""Signing in from the terminal: email and password asked (or taken from
``TODO_CHAT_EMAIL`` and ``TODO_CHAT_PASSWORD``), and an account offered when
the server knows no such email and password.

The server answers a wrong password and an unknown email alike (it does not
tell which emails have accounts), so the offer comes after either; registering
an email that has an account answers 409, which then means the password was
wrong.
"""

from __future__ import annotations

import os
from typing import Final

from todo_chatbot.cli.chat.api import (
    Api,
    ApiError,
    EmailTaken,
    InvalidInput,
    SignedIn,
    WrongCredentials,
)
from todo_chatbot.cli.chat.asking import Asker
from todo_chatbot.cli.parse_command import machine_zone

EMAIL_VARIABLE: Final = "TODO_CHAT_EMAIL"
PASSWORD_VARIABLE: Final = "TODO_CHAT_PASSWORD"
ATTEMPTS: Final = 3


def sign_in(api: Api, asker: Asker, *, email_hint: str | None) -> SignedIn:
    """A new access token for the person at ``asker``; :class:`ApiError` if none came."""
    password_from_environment = os.environ.get(PASSWORD_VARIABLE)
    attempts = 1 if password_from_environment else ATTEMPTS
    for _ in range(attempts):
        email = _email(asker, email_hint)
        password = password_from_environment or asker.secret("Password: ")
        try:
            return api.login(email, password)
        except WrongCredentials as exc:
            asker.tell(exc.message)
        if password_from_environment:
            break
        registered = offer_account(api, asker, email, password)
        if registered is not None:
            return registered
        email_hint = email
    raise ApiError(f"Not signed in at {api.server}.")


def offer_account(api: Api, asker: Asker, email: str, password: str) -> SignedIn | None:
    """Register ``email`` if the person wants to; None if not (or it failed, said why)."""
    if not asker.confirm(f"Create an account for {email} with that password? [y/N] "):
        return None
    if asker.terminal and asker.secret("The same password again: ") != password:
        asker.tell("The two passwords differ.")
        return None
    try:
        signed_in = api.register(email, password, machine_zone().key)
    except EmailTaken:
        asker.tell(f"{email} has an account: the password was wrong.")
        return None
    except InvalidInput as exc:
        asker.tell(f"The server refused it: {exc.message}")
        return None
    asker.tell(f"Account created for {email} (time zone {machine_zone().key}).")
    return signed_in


def _email(asker: Asker, hint: str | None) -> str:
    from_environment = os.environ.get(EMAIL_VARIABLE)
    if from_environment:
        return from_environment
    while True:
        typed = asker.line(f"Email [{hint}]: " if hint else "Email: ").strip() or hint
        if typed:
            return typed
