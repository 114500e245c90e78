"""Marking a task done or not done: "mark X as done", "X is finished", "reopen X".

A message that names a date is not one of these: "finish the slides by
thursday" is a task to add.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from todo_chatbot.chat.language.commands import Command, CompleteTask, ReopenTask
from todo_chatbot.chat.language.intents.reading import Reader, match_body
from todo_chatbot.chat.language.intents.targets import target_of
from todo_chatbot.chat.language.priority import take_priority
from todo_chatbot.chat.language.selection import read_selection
from todo_chatbot.chat.language.when.moments import find_moments
from todo_chatbot.chat.language.when.values import Now
from todo_chatbot.chat.language.words import Sentence

_DONE = (
    r"(?:done|complete|completed|finished|checked off|checked|ticked off|ticked|crossed"
    r" off|closed|resolved|taken care of|sorted|handled|over)"
)
_COMPLETE_PATTERNS: Final = (
    re.compile(
        rf"(?:mark|set|flag|make|tick|check|cross|put)(?: off)? (?P<t>.+?) (?:as |to )?{_DONE}(?:"
        rf" now)?$"
    ),
    re.compile(
        r"(?:i |i've |ive |we |we've )?(?:(?:have|ve|'ve|just|already|finally|now) )*"
        r"(?:finished|completed|done|did|"
        r"accomplished|checked off|ticked off|crossed off|knocked out|wrapped up|got done|"
        r"dealt with|handled|sorted out|took care of)(?: with)? (?P<t>.+)$"
    ),
    re.compile(
        r"(?:complete|finish|close|resolve|check off|tick off|cross off|cross out|strike off|"
        r"strike through|knock out|wrap up|mark done|mark complete|mark as done|mark as complete|"
        r"tick|done with|finished with|completed)(?: off)? (?P<t>.+)$"
    ),
    re.compile(r"(?:done|finished|completed)(?: with)? (?P<t>.+)$"),
    re.compile(
        rf"(?P<t>.+?) (?:is|are|was|were|has been|have been|got|'s|s) (?:now |all |finally"
        rf" |already )?{_DONE}(?: now)?$"
    ),
    re.compile(r"(?P<t>.+?) (?:done|finished|completed)$"),
)
_NOT_DONE = (
    r"(?:not done|undone|incomplete|not complete|not completed|not finished|unfinished|pending|"
    r"open|active|to do|todo|uncompleted|in progress|not done yet|outstanding)"
)
_REOPEN_PATTERNS: Final = (
    re.compile(
        r"(?:reopen|re open|undo|uncheck|untick|unmark|uncomplete|un-complete|restore|reactivate|"
        r"revive|resurrect|unarchive|unfinish|undo completing|undo complete)(?: on)? (?P<t>.+)$"
    ),
    re.compile(
        rf"(?:mark|set|make|flag|put|move) (?P<t>.+?) (?:as |to |back to )?{_NOT_DONE}(?: again)?$"
    ),
    re.compile(
        r"(?P<t>.+?) (?:isn't|is not|isnt|wasn't|was not|wasnt|aren't|are not) (?:actually"
        r" |really )?"
        r"(?:done|finished|complete|completed)(?: yet| after all)?$"
    ),
    re.compile(
        r"(?:i )?(?:didn't|did not|didnt|haven't|have not|havent) (?:actually |really )?(?:finish|"
        r"complete|do|done|finished|completed) (?P<t>.+?)(?: yet| after all)?$"
    ),
)


def _read_with(
    patterns: tuple[re.Pattern[str], ...],
    build: Callable[[str], Command],
) -> Reader:
    def read(sentence: Sentence, now: Now) -> Command | None:
        for pattern in patterns:
            match = match_body(pattern, sentence)
            if match is None:
                continue
            if (
                _names_a_date(sentence, match, now) or _names_a_priority(sentence, match)
            ) and not _selects_many(match, now):
                return None
            target = target_of(sentence, match) if match.group("t") else ""
            if target.lower() in _PRONOUN_TARGETS and pattern is patterns[-1]:
                continue
            return build(target)
        return None

    return read


def _selects_many(match: re.Match[str], now: Now) -> bool:
    """ "complete all tasks due today": a date or a priority in a target that selects
    tasks (:mod:`..selection`) is part of the selection, not a task to add."""
    target = match.group("t")
    return target is not None and read_selection(target, now) is not None


def _names_a_date(sentence: Sentence, match: re.Match[str], now: Now) -> bool:
    """ "finish the slides by thursday" is a task to add: marking done needs no date."""
    if match.group("t") is None:
        return False
    span = sentence.span_of(match, "t")
    return bool(find_moments(sentence.copy(), now, span.start, span.end))


def _names_a_priority(sentence: Sentence, match: re.Match[str]) -> bool:
    """ "finish the slides asap" is a task to add: marking done needs no priority."""
    if match.group("t") is None:
        return False
    span = sentence.span_of(match, "t")
    probe = sentence.copy()
    return take_priority(probe, span.start, span.end) is not None


_PRONOUN_TARGETS: Final = frozenset({"what", "which", "who", "everything", "anything", "nothing"})


read_complete: Final[Reader] = _read_with(_COMPLETE_PATTERNS, CompleteTask)
read_reopen: Final[Reader] = _read_with(_REOPEN_PATTERNS, ReopenTask)
