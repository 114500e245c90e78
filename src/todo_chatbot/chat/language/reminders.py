"""Reminder phrases inside a task: "remind me 1 hour before", "remind me at 4pm".

"remind me N minutes / hours / days before" is the due minus N (for a date-only
due, counted back from 09:00 that day), and the lead itself, in whole minutes,
is the task's ``remind_before``; "remind me at / on WHEN" is that instant,
where a time without a day falls on the due's day and a day without a time at
09:00. A message that *starts* with "remind me" is handled by the
intent reader: its one date is both the due and the reminder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import islice

from todo_chatbot.chat.language.when.moments import MOMENT_WORDS, find_moments, release
from todo_chatbot.chat.language.when.resolving import resolve, time_of_day, wall_instant
from todo_chatbot.chat.language.when.values import Moment, Now, TimeOfDay
from todo_chatbot.chat.language.words import Sentence, Span
from todo_chatbot.core.timekeeping import Due, to_instant, to_wall

REMINDER_HOUR = 9
"""A reminder for a day with no time of day rings at 09:00."""

_TRIGGER = (
    r"(?:(?:,|and|with|then|also|please|plus|&) ){0,4}(?:(?:can you |please )?(?:remind me|ping me|"
    r"nudge me|alert me|notify me|warn me)|(?:set |add |with |and )?(?:a |an )?(?:reminder|alert|"
    r"notification)s?)(?: me)?"
)
LEAD_AMOUNT = (
    r"(?P<amount>\d+(?:\.\d+)?|an?|half an?|a couple of|1/2) (?P<unit>minutes?|hours?|h|days?|"
    r"weeks?)(?: (?:and a half))?"
)
"""How long before: "1 hour", "30 minutes", "a day"; :func:`lead_of` reads it."""
LEAD_BEFORE = r"(?:before|earlier|ahead|in advance|prior|beforehand)"
"""The words that make an amount a lead: "before", "earlier", "in advance"."""
_LEAD = re.compile(
    rf"(?<!\S){_TRIGGER}(?: (?:about it|for it|for this|of it))? {LEAD_AMOUNT} {LEAD_BEFORE}"
    r"(?: (?:it|that|then|hand|the task|the event|due))?(?!\S)"
)
_AT = re.compile(rf"(?<!\S){_TRIGGER}(?= \S)")
_MOST_TRIGGERS = 8
"""How many "remind me" phrases a message's reminder is looked for after (the rest are title)."""
_UNIT_MINUTES = {"minute": 1, "hour": 60, "h": 60, "day": 24 * 60, "week": 7 * 24 * 60}


@dataclass(frozen=True)
class Reminder:
    """A reminder read from a task: a lead before the due, or a moment of its own."""

    lead: timedelta | None = None
    moment: Moment | None = None


def take_reminder(sentence: Sentence, now: Now) -> Reminder | None:
    """The reminder phrase in the message (not at its start), claimed."""
    for match in sentence.find(_LEAD):
        span = sentence.span_of(match)
        if span.start == 0:
            continue
        sentence.claim(span)
        return Reminder(lead=lead_of(match))
    triggers = (m for m in sentence.find(_AT) if sentence.span_of(m).start > 0)
    for match in list(islice(triggers, _MOST_TRIGGERS)):
        span = sentence.span_of(match)
        moments = find_moments(sentence, now, span.end, span.end + MOMENT_WORDS)
        if moments and moments[0].span.start == span.end:
            for other in moments[1:]:
                release(sentence, other)
            sentence.claim(Span(span.start, moments[0].span.end))
            return Reminder(moment=moments[0])
        for moment in moments:
            release(sentence, moment)
    return None


def remind_before(reminder: Reminder | None) -> timedelta | None:
    """The reminder's lead before the due in whole minutes; ``None`` for a moment of its own."""
    if reminder is None or reminder.lead is None:
        return None
    return in_whole_minutes(reminder.lead)


def in_whole_minutes(lead: timedelta) -> timedelta:
    """A lead as the typed commands carry it: whole minutes, at least 1."""
    return timedelta(minutes=whole_minutes(lead))


def whole_minutes(duration: timedelta) -> int:
    """``duration`` rounded to whole minutes (halves up), at least 1."""
    return max(1, int(duration / timedelta(minutes=1) + 0.5))


def lead_of(match: re.Match[str]) -> timedelta:
    """The lead a match of :data:`LEAD_AMOUNT` says."""
    amount, unit = match.group("amount"), match.group("unit")
    count = {"a": 1.0, "an": 1.0, "half a": 0.5, "half an": 0.5, "a couple of": 2.0}.get(amount)
    if count is None:
        count = 0.5 if amount == "1/2" else float(amount)
    return timedelta(minutes=count * _UNIT_MINUTES[unit.rstrip("s")])


def remind_at(reminder: Reminder, due: Due | None, now: Now) -> datetime | None:
    """The instant a reminder rings, given the task's due."""
    if reminder.lead is not None:
        if due is None:
            return None
        return _before(due, reminder.lead, now)
    if reminder.moment is None:
        return None
    moment = reminder.moment
    due_day = _day_of_due(due, now)
    if moment.days is None and moment.instant is None and due_day is not None:
        time = time_of_day(moment, has_day=True)
        if time is not None:
            return wall_instant(due_day, time, now, moment.zone)
    value = resolve(moment, now)
    return value if isinstance(value, datetime) else at_reminder_hour(value, now)


def at_reminder_hour(day: date, now: Now) -> datetime:
    return wall_instant(day, TimeOfDay(REMINDER_HOUR), now)


def _before(due: Due, lead: timedelta, now: Now) -> datetime:
    """``lead`` before the due; whole days are counted on the wall clock."""
    if not isinstance(due, datetime):
        due = at_reminder_hour(due, now)
    if lead % timedelta(days=1) == timedelta(0):
        return to_instant(to_wall(due, now.tz) - lead, now.tz)
    return due - lead


def _day_of_due(due: Due | None, now: Now) -> date | None:
    if due is None:
        return None
    if isinstance(due, datetime):
        return due.astimezone(now.tz).date()
    return due
