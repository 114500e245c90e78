"""What a password must be, after NIST SP 800-63B (5.1.1.2): long enough, not too long to
hash, and not one that attackers try first.

The list of common passwords is zxcvbn's (the 30,000 most frequent in the Xato
corpus of ten million leaked passwords), shipped with the ``zxcvbn`` package and
read once, on first use; nothing is fetched at run time. No rules about kinds of
characters: 800-63B advises against them. A password that is only white space or
one character repeated is refused too, whatever its length.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Final

from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_PASSWORD: Final = 8
MAX_PASSWORD: Final = 1024
"""Long passphrases are welcome; this bounds the work one hash may cost."""


@cache
def common_passwords() -> frozenset[str]:
    """The most common passwords, lower case."""
    return frozenset(FREQUENCY_LISTS["passwords"])


def is_common(password: str) -> bool:
    return password.strip().lower() in common_passwords()


def read_password(value: Any) -> str:
    """A new password, checked; raises ValueError saying what is wrong with it."""
    if not isinstance(value, str):
        raise ValueError("is required")
    if not MIN_PASSWORD <= len(value) <= MAX_PASSWORD:
        raise ValueError(f"must be {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    if not value.strip():
        raise ValueError("must not be only spaces")
    if len(set(value)) == 1:
        raise ValueError("must not be one character repeated")
    if is_common(value):
        raise ValueError("is one of the most common passwords; choose a less guessable one")
    return value
