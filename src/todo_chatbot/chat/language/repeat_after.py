"""A repeat counted from the completion: "3 days after I finish it", "a week after
completion", and Todoist's "every! 3 days" (the "!" says: from when it is done).

:func:`take_repeat_after_completion` reads either as a
:class:`~todo_chatbot.chat.language.recurring.Repeat` marked ``after_completion``
(the task's ``repeat_from`` is then ``completion``); it claims the words it reads.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Final

from todo_chatbot.chat.language.recurring import Repeat, take_repeat
from todo_chatbot.chat.language.words import Sentence, Span

_UNIT_FREQ: Final = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY", "year": "YEARLY"}
_AFTER: Final = re.compile(
    r"(?<!\S)(?:(?:repeat|repeating|again|every time|each time) )?"
    r"(?P<n>\d{1,3}|a|an|one) (?P<unit>days?|weeks?|months?|years?) after (?:"
    r"(?:i|you|we|i've|i have|you've) (?:finish|finished|complete|completed|do|did|done|"
    r"am done with|'m done with|m done with|mark|marked|check off|checked off)"
    r"(?: it| that| this| them| the last one| each one)?(?: done| off| as done)?|"
    r"(?:completion|completing it|finishing it|it is done|it's done|it is finished|"
    r"it's finished|it's completed|it is completed|each completion|the last completion|"
    r"the last one is done|it was done|last done|last completed))(?!\S)"
)
_EVERY_BANG: Final = re.compile(r"(?i)(?<![\w!])every!(?=\s)")


def take_repeat_after_completion(sentence: Sentence) -> tuple[Repeat, Span] | None:
    """A repeat counted from the completion, if the message says one; else None."""
    for match in sentence.find(_AFTER):
        count = match.group("n")
        interval = int(count) if count.isdigit() else 1
        if not 1 <= interval <= 1000:
            continue
        span = sentence.span_of(match)
        sentence.claim(span)
        freq = _UNIT_FREQ[match.group("unit").rstrip("s")]
        return Repeat(freq, interval, after_completion=True), span
    if _EVERY_BANG.search(sentence.raw):
        found = take_repeat(sentence)
        if found is not None:
            return replace(found[0], after_completion=True), found[1]
    return None
