"""A reminder's lead on a task that exists: "remind me 2 hours before the dentist".

The lead is the change (``remind_before``, in whole minutes). The message
names the task but not its due, so the instant the reminder rings
(``remind_at``) is left to the task's own due. The task is one the user has
when the message points at it ("the dentist", "it") or speaks of "the
reminder for" it; an event named otherwise ("two days before my wife's
birthday"), with a date of its own ("before the flight on friday at 7am") or
with a task of its own ("before the meeting to print the slides") is left to
the adding reader.
"""

from __future__ import annotations

import re
from typing import Final

from todo_chatbot.chat.language.commands import Command, TaskChanges, UpdateTask
from todo_chatbot.chat.language.intents.reading import match_body
from todo_chatbot.chat.language.intents.targets import target_of
from todo_chatbot.chat.language.reminders import (
    LEAD_AMOUNT,
    LEAD_BEFORE,
    in_whole_minutes,
    lead_of,
)
from todo_chatbot.chat.language.when.moments import find_moments
from todo_chatbot.chat.language.when.values import Now
from todo_chatbot.chat.language.words import Sentence

_REMIND_ME = r"(?:remind|ping|nudge|alert|notify|warn) me"
_A_REMINDER = (
    r"(?:add|set|create|put|make|schedule|set up)(?: me)? (?:a |an )?"
    r"(?:reminder|alert|notification)"
)
_THE_REMINDER = (
    r"(?:change|set|move|update|reschedule|push) (?:the |my )?(?:reminder|alert|notification)"
)
_LEAD_AT_END = rf"{LEAD_AMOUNT} {LEAD_BEFORE}(?: (?:it|that|then|hand|the task|the event|due))?$"
_KNOWN = r"(?:the|this|that|these|those|it|them)(?!\S)"
"""How a message points at a task the user has: "the dentist", "it". A possessive
("my wife's birthday", "Jeff's birthday") names an event, which may be no task."""
_BARE = r"(?!(?:my|our|his|her|their|your|a|an|\S+'s|\S+s')(?!\S))[a-z]"
"""A task named by its title alone ("remind me 30 min before call mom"), not an event
owned by someone or "a" thing."""
_LEAD_ON_TASK: Final = (
    # "remind me 2 hours before the dentist", "add a reminder 1 hour before the call"
    re.compile(
        rf"(?:{_REMIND_ME}|{_A_REMINDER}) {LEAD_AMOUNT} (?:before|ahead of|prior to) "
        rf"(?P<t>(?:{_KNOWN}|{_BARE}).*)$"
    ),
    # "remind me about the dentist 2 hours before", "set a reminder for the report a day before"
    re.compile(
        rf"(?:{_REMIND_ME} (?:about|of|for)|{_A_REMINDER} (?:for|on|to|about|of)) "
        rf"(?P<t>{_KNOWN}.*?) {_LEAD_AT_END}"
    ),
    # "set the reminder for the report to a day before"
    re.compile(rf"{_THE_REMINDER} (?:for|of|on|about) (?P<t>.+?) (?:to|for|at) {_LEAD_AT_END}"),
)


def read_lead_update(sentence: Sentence, now: Now) -> Command | None:
    """A lead before the due of the task the message names, as its only change.

    Tried on copies, so that a message it does not take reaches the next reader whole.
    """
    for pattern in _LEAD_ON_TASK:
        match = match_body(pattern, sentence)
        if match is None or _names_a_new_task(sentence, match, now):
            continue
        target = target_of(sentence.copy(), match)
        if target:
            return UpdateTask(target, TaskChanges(remind_before=in_whole_minutes(lead_of(match))))
    return None


def _names_a_new_task(sentence: Sentence, match: re.Match[str], now: Now) -> bool:
    """Whether the task's words hold a date or time ("before the flight on friday at
    7am") or a task of their own ("before the meeting to print the slides")."""
    span = sentence.span_of(match, "t")
    if any(sentence.norm(i) == "to" for i in range(span.start, span.end)):
        return True
    return bool(find_moments(sentence.copy(), now, span.start, span.end))
