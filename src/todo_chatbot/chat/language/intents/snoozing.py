"""Snoozing the reminder that just rang: "snooze 10 min", "remind me again at 3pm".

A snooze starts with "snooze", or with "remind me" (ping, nudge, ask ... me)
and a word that says it is the same reminder once more: "again", "once more",
"later", or "not now" before it; "not now" alone is one too. A duration ("for 10 minutes", "another
hour", a bare "15") gives whole minutes; a moment ("until 3pm", "tomorrow
morning") the instant it rings again, a day without a time at 09:00 as
reminders do; neither leaves both to the chat's default.

Every other word must be one a snooze is made of ("it", "the reminder",
"for", "until", "a bit" ...). A message that names a task ("snooze the report
to friday") or adds one ("remind me again tomorrow to water the plants") is
not a snooze and goes on to the other readers untouched.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Final

from todo_chatbot.chat.language.commands import Command, Snooze
from todo_chatbot.chat.language.intents.reading import match_body
from todo_chatbot.chat.language.reminders import at_reminder_hour, whole_minutes
from todo_chatbot.chat.language.when.instants import duration_seconds
from todo_chatbot.chat.language.when.moments import best_moment
from todo_chatbot.chat.language.when.resolving import resolve
from todo_chatbot.chat.language.when.values import Now
from todo_chatbot.chat.language.words import Sentence

_START = re.compile(
    r"(?:(?P<not_now>not now|not yet|not right now|not at the moment)(?!\S)(?: ,)? ?)?"
    r"(?:(?:(?:can you|could you|would you|will you|please) )?"
    r"(?P<verb>snooze|(?:remind|ping|nudge|alert|notify|ask) me)(?!\S))?"
)
_AGAIN = re.compile(r"(?<!\S)(?:again|once more|one more time|later(?: on)?)(?!\S)")
_DURATION = re.compile(
    r"(?<!\S)(?:(?:for|in|by)(?: another| an extra)? |another |an extra )?"
    r"(?P<dur>(?:(?:\d+(?:\.\d+)?|an?|half|quarter|quarters|and|of|more) ){1,6}"
    r"(?:seconds?|minutes?|hours?|h|days?|weeks?)(?: and a half)?(?: (?:and )?\d+ minutes?)?)"
    r"(?: more)?(?!\S)"
)
_BARE_MINUTES = re.compile(r"(?<!\S)(?:(?:for|in|by|another) )?(?P<n>\d+)(?: more)?(?!\S)")
_SNOOZE_WORDS: Final = frozenset(
    {"it", "that", "this", "one", "me", "the", "my", "reminder", "alarm", "alert", "notification"}
    | {"about", "of", "for", "until", "to", "by", "in", "at", "on", "a", "an", "bit", "while"}
    | {"little", "few", "minutes", "now", "please", "thanks", "thank", "you", ",", "and", "then"}
    | {"ok", "okay", "more", "another"}
)
"""The words a snooze is made of besides its verb, its duration or moment, and "again"."""


def read_snooze(sentence: Sentence, now: Now) -> Command | None:
    """A snooze of the reminder that just rang, or ``None`` (the sentence left as it was)."""
    start = match_body(_START, sentence)
    if start is None or not (start.group("verb") or start.group("not_now")):
        return None
    trial = sentence.copy()
    trial.claim(trial.span_of(start))
    again = _claim_again(trial)
    if start.group("verb") not in ("snooze", None) and not again and not start.group("not_now"):
        return None
    minutes, until = take_snooze_time(trial, now)
    if not _only_snooze_words(trial):
        return None
    return Snooze(until=until, minutes=minutes)


def take_snooze_time(sentence: Sentence, now: Now) -> tuple[int | None, datetime | None]:
    """A snooze's duration in whole minutes, or else the moment it ends; both claimed."""
    minutes = _take_minutes(sentence)
    until = None if minutes is not None else _take_until(sentence, now)
    return minutes, until


def _claim_again(sentence: Sentence) -> bool:
    """Claim "again", "once more", "later": whether the message says one."""
    found = False
    for match in list(sentence.find(_AGAIN)):
        sentence.claim(sentence.span_of(match))
        found = True
    return found


def _take_minutes(sentence: Sentence) -> int | None:
    """A duration, claimed, in whole minutes: "for 10 minutes", "half an hour", "15"."""
    for match in list(sentence.find(_DURATION)):
        seconds = _seconds(match.group("dur"))
        if seconds:
            sentence.claim(sentence.span_of(match))
            return whole_minutes(timedelta(seconds=seconds))
    for match in list(sentence.find(_BARE_MINUTES)):
        if _is_bare_duration(sentence, match) and int(match.group("n")) > 0:
            sentence.claim(sentence.span_of(match))
            return int(match.group("n"))
    return None


def _seconds(duration: str) -> float | None:
    """Seconds in "10 minutes", "an hour and a half", and in "2 days", "a week"."""
    *amount, unit = duration.split()
    hours = _HOURS_IN.get(unit)
    if hours is None:
        return duration_seconds(duration)
    seconds = duration_seconds(" ".join([*amount, "hours"]))
    return None if seconds is None else seconds * hours


_HOURS_IN: Final = {"day": 24, "days": 24, "week": 7 * 24, "weeks": 7 * 24}


def _is_bare_duration(sentence: Sentence, match: re.Match[str]) -> bool:
    """A number is minutes when it ends the message and is no clock time ("until 8")."""
    span = sentence.span_of(match)
    ends = not any(sentence.alive[span.end :])
    return ends and sentence.norm(span.start - 1) not in _BEFORE_A_TIME


_BEFORE_A_TIME: Final = frozenset({"until", "to", "at", "around", "about"})


def _take_until(sentence: Sentence, now: Now) -> datetime | None:
    """The moment the reminder rings again, claimed; a day alone rings at 09:00.

    A moment already past ("later today" after 09:00) says no more than "later".
    """
    moment = best_moment(sentence, now)
    if moment is None:
        return None
    value = resolve(moment, now)
    until = value if isinstance(value, datetime) else at_reminder_hour(value, now)
    return until if until > now.instant else None


def _only_snooze_words(sentence: Sentence) -> bool:
    return all(sentence.norm(i) in _SNOOZE_WORDS for i in sentence.alive_indices())
