"""Short answers to a question the chat asked: a choice by number, yes, no, cancel.

"2", "2nd", "#2", "number two", "the second one", "option 2", "the last one"
pick from a list; "yes", "sure", "do it" confirm; "no", "cancel", "never
mind" call it off. Anything else is not such an answer (it may still be a
title, which the chat matches against the choices). Pure functions.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Final

from todo_chatbot.chat.language.numbers import ORDINAL_UNITS, UNITS
from todo_chatbot.core.words import fold

MAX_SPOKEN_CHOICE: Final = 10

_ORDINALS: Final = {
    word: value
    for word, value in (ORDINAL_UNITS | UNITS).items()
    if 1 <= value <= MAX_SPOKEN_CHOICE
}
"""Choices said in words: "second", "two" (up to ten: lists are short)."""
_LAST: Final = frozenset({"last", "final", "bottom"})
_FILLER: Final = frozenset(
    {
        "the",
        "a",
        "one",
        "option",
        "number",
        "no",
        "item",
        "task",
        "please",
        "pls",
        "it",
        "is",
        "its",
        "i",
        "mean",
        "meant",
        "want",
        "that",
        "s",
        "choice",
        "just",
        "ok",
        "okay",
    }
)
_NUMBERED: Final = re.compile(r"^#?(\d{1,3})(?:st|nd|rd|th)?$")

_YES: Final = frozenset(
    {
        "yes",
        "y",
        "yeah",
        "yep",
        "yup",
        "sure",
        "ok",
        "okay",
        "confirm",
        "confirmed",
        "do it",
        "go ahead",
        "yes please",
        "yes do it",
        "yes delete them",
        "yes delete all",
        "yes delete everything",
        "absolutely",
        "correct",
        "please do",
    }
)
_NO: Final = frozenset(
    {
        "no",
        "n",
        "nope",
        "nah",
        "cancel",
        "never mind",
        "nevermind",
        "stop",
        "forget it",
        "dont",
        "do not",
        "no thanks",
        "no thank you",
        "abort",
        "leave it",
        "keep them",
        "no dont",
        "cancel that",
        "not now",
    }
)
_PUNCTUATION: Final = re.compile(r"[^\w\s#]")


class Reply(Enum):
    YES = "yes"
    NO = "no"


def _plain(text: str) -> str:
    return " ".join(_PUNCTUATION.sub("", fold(text)).split())


def yes_or_no(text: str) -> Reply | None:
    """YES for a confirmation, NO for a refusal or "cancel", None for anything else."""
    plain = _plain(text)
    if plain in _YES:
        return Reply.YES
    if plain in _NO:
        return Reply.NO
    return None


def choice(text: str, options: int) -> int | None:
    """The 0-based option a reply picks from ``options`` listed ones, or None.

    A number out of range is None too: the caller says which numbers it takes.
    """
    picked = ordinal(text)
    if picked is None:
        return None
    if picked == -1:
        return options - 1
    return picked - 1 if 1 <= picked <= options else None


def ordinal(text: str) -> int | None:
    """The 1-based position a reply names ("2", "the second one"), -1 for "the last
    one", None when the reply names no position."""
    words = [w for w in _plain(text).split() if w not in _FILLER]
    if not words and _plain(text) == "one":
        return 1
    if len(words) != 1:
        return None
    word = words[0]
    if word in _LAST:
        return -1
    if word in _ORDINALS:
        return _ORDINALS[word]
    numbered = _NUMBERED.match(word)
    return int(numbered.group(1)) if numbered else None
