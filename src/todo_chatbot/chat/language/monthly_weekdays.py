"""A monthly repeat on a numbered weekday said month first: "every month on the third
Tuesday", "monthly on the last Friday", "every 2 months on the first Monday".

(:mod:`.recurring` reads the weekday-first forms, "every 3rd Tuesday" and "the last
Friday of every month".) :func:`take_monthly_weekday` claims the words it reads.
"""

from __future__ import annotations

import re
from typing import Final

from todo_chatbot.chat.language.recurring import Repeat
from todo_chatbot.chat.language.words import WEEKDAYS, Sentence, Span

_NTH: Final = {
    "1st": 1,
    "first": 1,
    "2nd": 2,
    "second": 2,
    "3rd": 3,
    "third": 3,
    "4th": 4,
    "fourth": 4,
    "5th": 5,
    "fifth": 5,
    "last": -1,
}
_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
_PATTERN: Final = re.compile(
    r"(?<!\S)(?:(?:every|each|once a|once every) (?:(?P<n>\d{1,2}|other) )?months?|monthly)"
    rf" on (?:the |every )?(?P<nth>{'|'.join(_NTH)}) (?P<day>{_WEEKDAY})s?"
    r"(?: of (?:the|each|every) month)?(?!\S)"
)


def take_monthly_weekday(sentence: Sentence) -> tuple[Repeat, Span] | None:
    """The first "every month on the third Tuesday" phrase, or None."""
    for match in sentence.find(_PATTERN):
        count = match.group("n")
        interval = 2 if count == "other" else int(count or 1)
        if interval < 1:
            continue
        span = sentence.span_of(match)
        sentence.claim(span)
        weekday = WEEKDAYS.index(match.group("day"))
        return Repeat("MONTHLY", interval, (weekday,), nth=_NTH[match.group("nth")]), span
    return None
