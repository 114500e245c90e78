"""Spelled-out numbers: "twenty three" is 23, "twenty first" is the 21st.

:func:`read_number_words` looks at a run of lower-case words and says how many
of them form one number, and which. It joins only what English joins: tens
with units ("twenty three"), hundreds and thousands ("one hundred and twenty",
"two thousand and seventeen"). Two numbers side by side stay apart, so "ten
thirty" reads as 10 and 30, the way a time is said.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

UNITS: Final = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS: Final = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
ORDINAL_UNITS: Final = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "twelveth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
}
ORDINAL_TENS: Final = {"twentieth": 20, "thirtieth": 30}
_SCALES: Final = {"hundred": 100, "thousand": 1000}


@dataclass(frozen=True)
class SpelledNumber:
    """``length`` words that read as ``value``; ``ordinal`` for "third", "21st"."""

    value: int
    length: int
    ordinal: bool


def ordinal_suffix(value: int) -> str:
    """``1`` -> ``"1st"``, ``12`` -> ``"12th"``, ``22`` -> ``"22nd"``."""
    if 10 <= value % 100 <= 20:
        return f"{value}th"
    return f"{value}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(value % 10, 'th') }"


def read_number_words(words: list[str], start: int) -> SpelledNumber | None:
    """The spelled-out number that begins at ``words[start]``, or None."""
    total, length, ordinal = _read_below_thousand(words, start)
    if length == 0:
        return None
    at = start + length
    if not ordinal and at < len(words) and words[at] == "thousand":
        total *= 1000
        at += 1
        rest, rest_length, ordinal = _read_below_thousand(words, _skip_and(words, at))
        if rest_length:
            total += rest
            at = _skip_and(words, at) + rest_length
    return SpelledNumber(total, at - start, ordinal)


def _skip_and(words: list[str], at: int) -> int:
    return at + 1 if at < len(words) and words[at] == "and" else at


def _read_below_thousand(words: list[str], start: int) -> tuple[int, int, bool]:
    """(value, words used, ordinal) for a number under 1000 at ``start``."""
    value, length, ordinal = _read_below_hundred(words, start)
    if length == 0 or ordinal:
        return value, length, ordinal
    at = start + length
    if at < len(words) and words[at] == "hundred" and 0 < value < 10:
        value *= _SCALES["hundred"]
        at += 1
        rest, rest_length, ordinal = _read_below_hundred(words, _skip_and(words, at))
        if rest_length:
            value += rest
            at = _skip_and(words, at) + rest_length
    return value, at - start, ordinal


def _read_below_hundred(words: list[str], start: int) -> tuple[int, int, bool]:
    if start >= len(words):
        return 0, 0, False
    word = words[start]
    if word in UNITS:
        return UNITS[word], 1, False
    if word in ORDINAL_UNITS:
        return ORDINAL_UNITS[word], 1, True
    if word in ORDINAL_TENS:
        return ORDINAL_TENS[word], 1, True
    if word not in TENS:
        return 0, 0, False
    tens = TENS[word]
    following = words[start + 1] if start + 1 < len(words) else ""
    if following in UNITS and 1 <= UNITS[following] <= 9:
        return tens + UNITS[following], 2, False
    if following in ORDINAL_UNITS and ORDINAL_UNITS[following] <= 9:
        return tens + ORDINAL_UNITS[following], 2, True
    return tens, 1, False
