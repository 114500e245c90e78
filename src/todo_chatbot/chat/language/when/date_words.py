"""The numbers and names inside a date phrase: "march", "tuesdays", "5th", "a", "26".

Shared by the readers of :mod:`.days`, :mod:`.periods` and :mod:`.instants`.
"""

from __future__ import annotations

import re

from todo_chatbot.chat.language.words import MONTHS, WEEKDAYS


def month_number(name: str) -> int:
    return MONTHS.index(name) + 1


def weekday_number(name: str) -> int:
    return WEEKDAYS.index(name.rstrip("s"))


def day_of_month(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def written_number(text: str) -> float:
    """ "3", "2.5", "a", "an", "1/2" as a number."""
    if text in ("a", "an"):
        return 1.0
    if "/" in text:
        top, bottom = text.split("/")
        return int(top) / int(bottom)
    return float(text)


def written_year(text: str | None, default: int) -> int:
    """A written year; two digits mean this century unless that is over 20 years ahead."""
    if not text:
        return default
    value = int(text)
    if value >= 100:
        return value
    century = default - default % 100
    return century + value if century + value <= default + 20 else century - 100 + value
