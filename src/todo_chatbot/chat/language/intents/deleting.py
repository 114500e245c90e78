"""Deleting a task, or all of them: "delete X", "take X off my list", "clear my list"."""

from __future__ import annotations

import re
from typing import Final

from todo_chatbot.chat.language.commands import Command, DeleteTask
from todo_chatbot.chat.language.intents.reading import match_body
from todo_chatbot.chat.language.intents.targets import target_in
from todo_chatbot.chat.language.when.moments import find_moments
from todo_chatbot.chat.language.when.values import Now
from todo_chatbot.chat.language.words import Sentence, Span

_DELETE_PATTERNS: Final = (
    re.compile(
        r"(?:take|get|move|strike|scratch|cross|knock) (?P<t>.+?) (?:off|out of|off of|from)"
        r" (?:(?:my|the|our|your) )?(?:[\w'-]+ ){0,2}?(?:list|lists|calendar|schedule|todos|"
        r"tasks|agenda|reminders)(?: list)?$"
    ),
    re.compile(
        r"(?:delete|remove|cancel|erase|clear|drop|discard|trash|bin|scrap|scratch|nuke|kill|"
        r"axe|ditch|dump|forget about|get rid of|take off|wipe|wipe out|empty|purge|eliminate|"
        r"throw away|throw out|call off|unschedule|take away|strike|rm|del)(?: out)?(?: off)?"
        r"(?: (?P<t>.*))?$"
    ),
)
_EVERYTHING_WORDS: Final = frozenset(
    {"all", "everything", "every", "entire", "whole", "clean", "out"}
)
_CONTAINER_WORDS: Final = frozenset(
    {"list", "lists", "calendar", "schedule", "tasks", "task", "todos", "todo", "items", "events"}
    | {"reminders", "agenda", "data", "entries", "things", "stuff", "appointments", "dates"}
    | {"of", "my", "the", "on", "in", "from", "off", "everything", "all", "and", "planner"}
    | {"to-dos", "meetings", "notes", "information", "info", "to", "do"}
)


_DELETE_PREAMBLE = re.compile(
    r"(?:(?:i )?(?:want|need|would like|'d like) to |i'd like to |do |just |completely |"
    r"please |go ahead and |(?:in|on|from) (?:my |the )?(?:[\w'-]+ )?(?:calendar|list|to dos|todos|"
    r"schedule|tasks|agenda) |open (?:my |the )?(?:calendar|list|tasks|schedule) |find and |"
    r"then |and )+"
)
_CLEAR_ALL = re.compile(
    r"(?:(?:completely|please|just) )*(?:clean|clear|wipe|empty|purge)(?: out| up| off)? "
    r"(?:(?:my|the|our|everything on|everything in|everything off|all of) )*(?:whole |entire )?"
    r"(?:calendar|list|schedule|agenda|to do list|todo list|tasks|todos|to dos|planner)"
    r"(?: clean| out| completely| please)*$"
)


def read_delete(sentence: Sentence, now: Now) -> Command | None:
    """ "delete X", "take X off my list"; "clear my list" and "delete everything" delete all.

    Words before the verb ("I want to", "in my calendar") are skipped when a
    delete follows them.
    """
    if match_body(_CLEAR_ALL, sentence) is not None:
        return DeleteTask("all")
    preamble = match_body(_DELETE_PREAMBLE, sentence)
    if preamble is not None:
        probe = sentence.copy()
        probe.claim(probe.span_of(preamble))
        found = _read_delete_after(probe, now)
        if found is not None:
            sentence.claim(sentence.span_of(preamble))
            return _read_delete_after(sentence, now)
    return _read_delete_after(sentence, now)


_CHORE_VERBS: Final = frozenset(
    {"clear", "empty", "wipe", "drop", "strike", "scratch", "kill", "bin", "dump", "axe", "trash"}
    | {"nuke", "purge", "eliminate", "throw", "discard", "scrap", "ditch"}
)
_EVENT_WORDS: Final = frozenset(
    {"task", "todo", "reminder", "event", "meeting", "appointment", "entry", "item", "activity"}
    | {"list", "lists", "calendar", "schedule", "tasks", "todos", "items", "events", "reminders"}
    | {"agenda", "entries", "appointments", "meetings", "planner", "to-dos", "everything", "all"}
)


def _is_chore(verb: str, sentence: Sentence, span: Span) -> bool:
    """ "clear the gutters", "empty the dishwasher": a chore to add, not a delete.

    A verb that also names a chore deletes only a task the message points at as
    one: "clear my next activity", "drop it from the list", "clear haircut today".
    """
    if verb not in _CHORE_VERBS or span.start >= span.end:
        return False
    words = [sentence.norm(i) for i in range(span.start, span.end)]
    return words[0] in _CHORE_OBJECT_STARTS and not set(words) & _EVENT_WORDS


_CHORE_OBJECT_STARTS: Final = frozenset(
    {"the", "a", "an", "some", "out", "up", "off", "down", "away", "over"}
)


def _read_delete_after(sentence: Sentence, now: Now) -> Command | None:
    for pattern in _DELETE_PATTERNS:
        match = match_body(pattern, sentence)
        if match is None:
            continue
        if match.group("t") is None:
            return DeleteTask("")
        span = sentence.span_of(match, "t")
        words = {sentence.norm(i) for i in range(span.start, span.end)}
        if words <= _CONTAINER_WORDS | _EVERYTHING_WORDS and (
            words & _EVERYTHING_WORDS
            or match.group(0).split()[0] in ("clear", "wipe", "empty", "purge")
        ):
            return DeleteTask("all")
        if _is_chore(match.group(0).split()[0], sentence, span):
            return None
        find_moments(sentence, now, span.start, span.end)
        return DeleteTask(target_in(sentence, span.start, span.end))
    return None
