"""Asking when a task is next due: "when is call mom next?", "when's pay rent due next",
"show the next 5 dates of pay rent", "what are the next dates for the gym".

"When is my next meeting?" stays a list request: it asks for the next task of a kind,
not for the next date of one task."""

from __future__ import annotations

import re
from typing import Final

from todo_chatbot.chat.language.commands import Command, NextDates
from todo_chatbot.chat.language.intents.reading import match_body
from todo_chatbot.chat.language.intents.targets import target_of
from todo_chatbot.chat.language.when.values import Now
from todo_chatbot.chat.language.words import Sentence

DEFAULT_DATES: Final = 5
"""Dates listed when a message asks for the next dates without a number."""
MOST_DATES: Final = 100

_DATES = r"(?:dates|due dates|occurrences|times|days|repeats|ones|few dates|few times)"
_WHEN_NEXT: Final = (
    re.compile(
        r"(?:so |and |then )?when(?:'s| is| s| will(?: i| we)?| does| do i have| do i need|"
        r" am i| do i)"
        r"(?: to do| to| doing)? (?P<t>.+?) (?:be |come |come up |happen |recur |repeat |"
        r"due |coming up |happening )?(?:due )?next(?: time)?(?: again)?$"
    ),
)
_NEXT_DATES: Final = re.compile(
    r"(?:(?:please |can you |could you )?(?:show|list|give|tell|get)(?: me)? |what are |"
    r"which are )?(?:the |my )?next (?:(?P<n>\d{1,3}) )?" + _DATES + r" (?:of|for) (?P<t>.+)$"
)


def read_next_dates(sentence: Sentence, now: Now) -> Command | None:
    """A question about a task's next dates, or None."""
    for pattern in _WHEN_NEXT:
        match = match_body(pattern, sentence)
        if match is not None and (target := target_of(sentence, match)):
            return NextDates(target, 1)
    match = match_body(_NEXT_DATES, sentence)
    if match is None:
        return None
    target = target_of(sentence, match)
    if not target:
        return None
    count = int(match.group("n")) if match.group("n") else DEFAULT_DATES
    return NextDates(target, max(1, min(count, MOST_DATES)))
