"""Changing one thing about a task: its title, tags, priority, repeat, reminder or due.

"rename X to Y", "tag X with work", "remove the deadline from X", "make X
urgent", "make X repeat every monday", "move X to friday at 2pm". Each
change has its own reader, tried in that order.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Final

from todo_chatbot.chat.language.commands import Command, TaskChanges, UpdateTask
from todo_chatbot.chat.language.intents.reading import match_body
from todo_chatbot.chat.language.intents.targets import target_in, target_of
from todo_chatbot.chat.language.phrases import clean_text
from todo_chatbot.chat.language.priority import LEVELS
from todo_chatbot.chat.language.recurring import take_repeat
from todo_chatbot.chat.language.reminders import at_reminder_hour
from todo_chatbot.chat.language.tags import read_tag_list
from todo_chatbot.chat.language.when.moments import best_moment, find_moments, release
from todo_chatbot.chat.language.when.resolving import resolve
from todo_chatbot.chat.language.when.values import Now
from todo_chatbot.chat.language.words import Sentence, Span

_LEVEL = "(?:" + "|".join(sorted(LEVELS, key=len, reverse=True)) + ")"
_UPDATE_TITLE: Final = (
    re.compile(r"(?:rename|retitle|re-name) (?P<t>.+?) (?:to|as|into) (?P<new>.+)$"),
    re.compile(
        r"(?:change|update|edit|set|modify|make) (?:the )?(?:title|name|text|wording|description) "
        r"(?:of|for|on) (?P<t>.+?) (?:to|into|as) (?P<new>.+)$"
    ),
    re.compile(
        r"(?:change|update|edit|set|modify) (?P<t>.+?)(?:'s| s)? (?:title|name|text)"
        r" (?:to|into|as) "
        r"(?P<new>.+)$"
    ),
)
_UPDATE_TAGS_ADD: Final = (
    re.compile(r"(?:tag|label) (?P<t>.+?) (?:with|as|=) (?P<tags>.+)$"),
    re.compile(
        r"(?:add|put|attach|apply) (?:the )?(?:tags?|labels?) (?P<tags>.+?) (?:to|on|onto)"
        r" (?P<t>.+)$"
    ),
    re.compile(
        r"(?:add|put|attach|apply) (?P<tags>#\S+(?: (?:and |, )?#\S+)*) (?:to|on|onto) (?P<t>.+)$"
    ),
)
_UPDATE_TAGS_REMOVE: Final = (
    re.compile(
        r"(?:remove|delete|drop|take off|take away|clear|detach|strip) (?:the )?(?:tags?|labels?) "
        r"(?P<tags>.+?) (?:from|on|off|of) (?P<t>.+)$"
    ),
    re.compile(
        r"(?:remove|delete|drop|take off|detach|strip) (?P<tags>#\S+(?: (?:and |, )?#\S+)*)"
        r" (?:from|on|off|of) (?P<t>.+)$"
    ),
    re.compile(r"untag (?P<t>.+?) (?:from |as )?(?P<tags>#?[\w-]+)$"),
)
_CLEAR_WORDS = (
    r"(?:remove|clear|delete|drop|unset|erase|take off|get rid of|cancel|turn"
    r" off|disable|reset|wipe)"
)
_UPDATE_CLEAR: Final = (
    (
        re.compile(
            rf"{_CLEAR_WORDS} (?:the |its )?(?:due date|due time|due|deadline|date|dates|time)s? "
            r"(?:from|of|on|for|off|in) (?P<t>.+)$"
        ),
        TaskChanges(due=None),
    ),
    (re.compile(r"(?:unschedule|undate) (?P<t>.+)$"), TaskChanges(due=None)),
    (
        re.compile(
            r"(?:make|set|leave) (?P<t>.+?) (?:with )?(?:no|without a?) (?:due date|deadline|date)$"
        ),
        TaskChanges(due=None),
    ),
    (
        re.compile(
            rf"{_CLEAR_WORDS} (?:the |its )?(?:reminders?|alerts?|notifications?|alarms?) "
            r"(?:from|of|on|for|off|in) (?P<t>.+)$"
        ),
        TaskChanges(remind_at=None, remind_before=None),
    ),
    (
        re.compile(
            rf"{_CLEAR_WORDS} (?:the |its )?(?:priority|prio|importance) (?:from|of|on|for|off)"
            rf" (?P<t>.+)$"
        ),
        TaskChanges(priority=None),
    ),
    (
        re.compile(
            r"(?:stop|don't|do not|dont|no longer|quit) (?:repeating|recurring|repeat|recur)"
            r" (?P<t>.+)$"
        ),
        TaskChanges(recurrence=None),
    ),
    (
        re.compile(
            rf"{_CLEAR_WORDS} (?:the |its )?(?:recurrence|repetition|repeat|repeats|recurring|"
            r"repeating|recurring schedule|series) (?:from|of|on|for|off) (?P<t>.+)$"
        ),
        TaskChanges(recurrence=None),
    ),
    (
        re.compile(
            r"(?:make|set) (?P<t>.+?) (?:to )?(?:one-time|one time|a one-off|one-off|one off|"
            r"non-recurring|non recurring|not recurring|not repeating|not repeat|stop repeating)$"
        ),
        TaskChanges(recurrence=None),
    ),
    (
        re.compile(
            r"(?P<t>.+?) (?:should )?(?:no longer|not|shouldn't|should not|doesn't|does not)"
            r" (?:repeat|recur)(?: anymore)?$"
        ),
        TaskChanges(recurrence=None),
    ),
)
_UPDATE_PRIORITY: Final = (
    re.compile(
        rf"(?:change|set|update|make|raise|lower|bump|put|move) (?:the"
        rf" )?(?:priority|prio|importance) "
        rf"(?:level )?(?:of|for|on) (?P<t>.+?) (?:to|as|at) (?P<level>{_LEVEL}|urgent|important)"
        r"(?: priority)?$"
    ),
    re.compile(
        rf"(?:change|set|update|make|raise|lower|bump|put|mark|flag) (?P<t>.+?)(?:'s| s)? "
        rf"(?:priority|prio|importance)(?: level)? (?:to|as|at)"
        rf" (?P<level>{_LEVEL}|urgent|important)$"
    ),
    re.compile(
        rf"(?:make|set|mark|flag|change|update|put|move|bump|raise|lower|label) (?P<t>.+?) "
        rf"(?:(?:to|as|at|a|an|the|into) ){{0,4}}(?P<level>{_LEVEL}|urgent|important|critical|top)"
        r"(?: priority| prio| pri| importance)?$"
    ),
)
_PRIORITY_VERBS: Final = (
    (re.compile(r"(?:prioritize|prioritise|escalate) (?P<t>.+)$"), "high"),
    (re.compile(r"(?:deprioritize|deprioritise|de-prioritize|de-prioritise) (?P<t>.+)$"), "low"),
)
_UPDATE_REPEAT = re.compile(
    r"(?:make|set|change|update|have) (?P<t>.+?) (?:to (?:(?:repeat|recur) )?|(?:repeat|recur|"
    r"repeating|recurring|happen|occur)(?: itself)? )(?=every|each|daily|weekly|monthly|yearly|"
    r"annually|on \w+days|biweekly|fortnightly|nightly|quarterly)"
)
_UPDATE_REMINDER = re.compile(
    r"(?:change|set|move|update|reschedule|push) (?:the |my )?(?:reminder|alert|notification) "
    r"(?:for|of|on|about) (?P<t>.+?) (?:to|for|at) "
)
_MOVE_VERBS = re.compile(
    r"(?:move|reschedule|re-schedule|postpone|push back|push|delay|defer|shift|bump|snooze|"
    r"change|update|put off|set|make)(?!\S)"
)
_DUE_WORDS = re.compile(
    r"(?<!\S)(?:(?:the |its )?(?:due date|due time|deadline|due|date|time) (?:of|for|on) |"
    r"(?:'s|s) (?:due date|deadline|due) )"
)


def read_one_update(sentence: Sentence, now: Now) -> Command | None:
    """The first change found: title, tags, a cleared field, priority, repeat, reminder, due."""
    for reader in (
        _update_title,
        _update_tags,
        _update_clear,
        _update_priority,
        _update_repeat,
        _update_reminder,
        _update_due,
    ):
        command = reader(sentence, now)
        if command is not None:
            return command
    return None


def _update_title(sentence: Sentence, now: Now) -> Command | None:
    for pattern in _UPDATE_TITLE:
        match = match_body(pattern, sentence)
        if match is not None:
            new = clean_text(sentence.original(sentence.span_of(match, "new")))
            return UpdateTask(target_of(sentence, match), TaskChanges(title=new))
    return None


def _update_tags(sentence: Sentence, now: Now) -> Command | None:
    for patterns, removing in ((_UPDATE_TAGS_ADD, False), (_UPDATE_TAGS_REMOVE, True)):
        for pattern in patterns:
            match = match_body(pattern, sentence)
            if match is None:
                continue
            span = sentence.span_of(match, "tags")
            tags, end = read_tag_list(sentence, span.start, span.end)
            if not tags or end != span.end:
                continue
            sentence.claim(span)
            target = target_of(sentence, match)
            changes = (
                TaskChanges(tags_remove=tuple(tags))
                if removing
                else TaskChanges(tags_add=tuple(tags))
            )
            return UpdateTask(target, changes)
    return None


def _update_clear(sentence: Sentence, now: Now) -> Command | None:
    for pattern, changes in _UPDATE_CLEAR:
        match = match_body(pattern, sentence)
        if match is not None:
            return UpdateTask(target_of(sentence, match), changes)
    return None


def _update_priority(sentence: Sentence, now: Now) -> Command | None:
    for pattern in _UPDATE_PRIORITY:
        match = match_body(pattern, sentence)
        if match is not None:
            level = LEVELS.get(match.group("level"))
            priority = level if level is not None else LEVELS["high"]
            return UpdateTask(target_of(sentence, match), TaskChanges(priority=priority))
    for pattern, word in _PRIORITY_VERBS:
        match = match_body(pattern, sentence)
        if match is not None:
            return UpdateTask(target_of(sentence, match), TaskChanges(priority=LEVELS[word]))
    return None


def _update_repeat(sentence: Sentence, now: Now) -> Command | None:
    match = match_body(_UPDATE_REPEAT, sentence)
    if match is None:
        return None
    found = take_repeat(sentence, sentence.span_of(match).end)
    if found is None:
        return None
    return UpdateTask(target_of(sentence, match), TaskChanges(recurrence=found[0].rule()))


def _update_reminder(sentence: Sentence, now: Now) -> Command | None:
    match = match_body(_UPDATE_REMINDER, sentence)
    if match is None:
        return None
    end = sentence.span_of(match).end
    moment = best_moment(sentence, now, end)
    if moment is None:
        return None
    value = resolve(moment, now)
    instant = value if isinstance(value, datetime) else at_reminder_hour(value, now)
    return UpdateTask(target_of(sentence, match), TaskChanges(remind_at=instant))


def _update_due(sentence: Sentence, now: Now) -> Command | None:
    verb = match_body(_MOVE_VERBS, sentence)
    if verb is None:
        return None
    verb_span = sentence.span_of(verb)
    moments = find_moments(sentence, now, verb_span.end)
    if not moments:
        return None
    chosen = moments[-1]
    for moment in moments[:-1]:
        release(sentence, moment)
    if verb.group(0) in ("set", "make") and not _mentions_due(
        sentence, verb_span.end, chosen.span.start
    ):
        release(sentence, chosen)
        return None
    sentence.claim(verb_span)
    _claim_due_words(sentence, verb_span.end, chosen.span.start)
    target = target_in(sentence, verb_span.end, chosen.span.start)
    return UpdateTask(target, TaskChanges(due=resolve(chosen, now)))


def _mentions_due(sentence: Sentence, lo: int, hi: int) -> bool:
    return any(sentence.norm(i) in ("due", "deadline", "date") for i in range(lo, hi))


def _claim_due_words(sentence: Sentence, lo: int, hi: int) -> None:
    for match in list(sentence.find(_DUE_WORDS, lo, hi)):
        sentence.claim(sentence.span_of(match))
    alive = [i for i in range(lo, hi) if sentence.alive[i]]
    while alive and sentence.norm(alive[-1]) in (
        "to",
        "until",
        "for",
        "on",
        "by",
        "till",
        "at",
        "due",
    ):
        sentence.claim(Span(alive[-1], alive[-1] + 1))
        alive.pop()
