"""Readers of exact instants: "now", "in 20 minutes", "an hour and a half from now".

An instant is ``now`` plus the duration, to the second.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from todo_chatbot.chat.language.when.date_words import written_number
from todo_chatbot.chat.language.when.values import Groups, Now, Piece

_UNIT_SECONDS: Final = {
    "seconds": 1,
    "second": 1,
    "minutes": 60,
    "minute": 60,
    "hours": 3600,
    "hour": 3600,
    "h": 3600,
}


def read_now(g: Groups, now: Now) -> Piece:
    return Piece(instant=now.instant)


def duration_seconds(text: str) -> float | None:
    """Seconds in "2 hours", "an hour and a half", "1 hour 30 minutes", "half an hour"."""
    total = 0.0
    chunk: list[str] = []
    last_unit = 0
    for word in text.split():
        if word in _UNIT_SECONDS:
            amount = _chunk_amount(chunk)
            if amount is None:
                return None
            last_unit = _UNIT_SECONDS[word]
            total += amount * last_unit
            chunk = []
        else:
            chunk.append(word)
    if chunk:
        if last_unit == 0 or _chunk_amount(chunk) != 0.5:
            return None
        total += 0.5 * last_unit
    return total if last_unit else None


def _chunk_amount(words: list[str]) -> float | None:
    """How many units the words before a unit say: "2", "a", "half an", "3 quarters of an"."""
    meaningful = [w for w in words if w not in ("and", "of", "more", "about", "around")]
    numbers = [written_number(w) for w in meaningful if w[0].isdigit()]
    number = numbers[0] if len(numbers) == 1 else None
    if len(numbers) > 1:
        return None
    if "half" in meaningful:
        return number + 0.5 if number is not None else 0.5
    if "quarter" in meaningful or "quarters" in meaningful:
        return (number or 1) * 0.25
    if number is not None:
        return number
    if meaningful and all(w in ("a", "an") for w in meaningful):
        return 1.0
    return None


def read_in_duration(g: Groups, now: Now) -> Piece | None:
    seconds = duration_seconds(g["dur"].strip())
    if seconds is None:
        return None
    return Piece(instant=now.instant + timedelta(seconds=round(seconds)))


def read_in_bare_minutes(g: Groups, now: Now) -> Piece:
    return Piece(instant=now.instant + timedelta(minutes=int(g["n"])))
