"""One message in, one command out: small talk and help first, then each reader in turn.

The order of :data:`_READERS` decides between intents that could both read a
message: a question about reminders ("what reminders do I have today?", "why
didn't I get reminded about X?") or a snooze of them all comes first, then a
snooze of the one that rang ("snooze 10 min", "remind me again later"), then a
lead on a task that exists ("remind me 2 hours before the dentist"); any
other "remind me ..." adds before anything else; a question lists tasks
before it could be read as a change; reopen comes before complete ("mark X as
not done"); anything left that is not a question adds a task. Two updates
joined by "and ... it" are parsed as two messages and merged.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from todo_chatbot.chat.language.commands import (
    UNSET,
    Command,
    Help,
    TaskChanges,
    Unknown,
    UpdateTask,
)
from todo_chatbot.chat.language.intents.adding import read_add, read_reminder_add
from todo_chatbot.chat.language.intents.deleting import read_delete
from todo_chatbot.chat.language.intents.list_requests import (
    read_list,
    read_next_page,
    read_question,
    read_sort_only,
    read_strong_list,
    starts_with_question,
)
from todo_chatbot.chat.language.intents.marking import read_complete, read_reopen
from todo_chatbot.chat.language.intents.next_dates import read_next_dates
from todo_chatbot.chat.language.intents.reading import (
    Reader,
    body_of,
    first_alive,
    match_body,
)
from todo_chatbot.chat.language.intents.reminder_leads import read_lead_update
from todo_chatbot.chat.language.intents.reminder_questions import read_reminder_question
from todo_chatbot.chat.language.intents.selecting import with_selection
from todo_chatbot.chat.language.intents.snoozing import read_snooze
from todo_chatbot.chat.language.intents.updating import read_one_update, read_reminder_update
from todo_chatbot.chat.language.nonsense import means_nothing
from todo_chatbot.chat.language.phrases import HELP, SMALL_TALK, claim_fillers, claim_note_lead
from todo_chatbot.chat.language.when.values import Now
from todo_chatbot.chat.language.words import COMMAND_WORDS, Sentence, near_word


def parse(text: str, *, now: datetime, tz: ZoneInfo) -> Command:
    """Read one chat message as a command, resolving dates against ``now`` in ``tz``."""
    moment = Now(now, tz)
    return with_selection(_parse(text, moment, parts_left=_MOST_PARTS), moment, text)


_POLITE_END = re.compile(r"(?: (?:please|thanks|thank you|thx|\?|!|\.))+$")
_MOST_PARTS: Final = 4
"""The most updates one message is split into ("... and make it ... and tag it ...")."""


def _parse(text: str, moment: Now, parts_left: int) -> Command:
    sentence = Sentence(text)
    if text.strip() in ("?", "??", "???"):
        return Help()
    whole = " ".join(w.norm for w in sentence.words if w.norm != ",")
    if not whole or SMALL_TALK.match(whole) or means_nothing(text):
        return Unknown()
    if HELP.match(_POLITE_END.sub("", whole)):
        return Help()  # before the fillers, which take "help me" as a lead ("help me add ...")
    claim_fillers(sentence)
    _correct_command_word(sentence)
    body = body_of(sentence)
    if not body:
        return Unknown()
    if HELP.match(body):
        return Help()
    if claim_note_lead(sentence):
        return _read_note(sentence, moment)
    for reader in _READERS:
        try:
            command = _read(reader, sentence, moment, parts_left)
        except (OverflowError, ValueError):
            return Unknown()  # a date it cannot place: beyond year 9999, a series that never falls
        if command is not None:
            return command
    return Unknown()


def _read_note(sentence: Sentence, now: Now) -> Command:
    """What follows "note to self:" or "memo:" is a task to add, whatever its verb."""
    try:
        return read_add(sentence, now) or Unknown()
    except (OverflowError, ValueError):
        return Unknown()


def _correct_command_word(sentence: Sentence) -> None:
    """A misspelt command word at the start read as meant: "shwo", "delet", "remnd", "wats"."""
    first = first_alive(sentence)
    if first < len(sentence):
        meant = near_word(sentence.norm(first), COMMAND_WORDS)
        if meant is not None:
            sentence.respell(first, meant)


def _read(reader: Reader, sentence: Sentence, now: Now, parts_left: int) -> Command | None:
    if reader is _read_update:
        return _read_update(sentence, now, parts_left)
    return reader(sentence, now)


_AND_THEN = re.compile(
    r"(?P<first>.+?) (?:and|,|, and|then|and then|and also|also) (?P<second>(?:make|set|mark|"
    r"change|tag|label|rename|move|push|reschedule|remove|clear|add|give) (?:it|that|this|them)"
    r"(?: .+)?)$"
)


def _read_update(sentence: Sentence, now: Now, parts_left: int = 1) -> Command | None:
    """One update, or two joined by "and ... it": "move X to friday and make it urgent"."""
    compound = match_body(_AND_THEN, sentence) if parts_left > 1 else None
    if compound is not None:
        first = _parse_part(sentence, compound, "first", now, 1)
        second = _parse_part(sentence, compound, "second", now, parts_left - 1)
        if isinstance(first, UpdateTask) and isinstance(second, UpdateTask):
            return UpdateTask(first.target, _merge(first.changes, second.changes))
    return read_one_update(sentence, now)


def _parse_part(
    sentence: Sentence, match: re.Match[str], group: str, now: Now, parts_left: int
) -> Command:
    text = sentence.original(sentence.span_of(match, group))
    return _parse(text, now, parts_left)


def _merge(first: TaskChanges, second: TaskChanges) -> TaskChanges:
    """The changes of both parts; where both set a field, the first part's stands."""
    merged = {
        name: getattr(first, name) if getattr(first, name) is not UNSET else getattr(second, name)
        for name in ("title", "due", "remind_at", "remind_before", "priority", "recurrence")
    }
    return TaskChanges(
        **merged,
        tags_add=first.tags_add + second.tags_add,
        tags_remove=first.tags_remove + second.tags_remove,
        due_shift=first.due_shift if first.due_shift is not None else second.due_shift,
        due_time=first.due_time if first.due_time is not None else second.due_time,
        later=first.later or second.later,
    )


_READERS: Final[tuple[Reader, ...]] = (
    read_reminder_question,
    read_snooze,
    read_lead_update,
    read_reminder_update,
    read_reminder_add,
    read_next_dates,
    read_next_page,
    starts_with_question,
    read_strong_list,
    read_sort_only,
    read_reopen,
    read_complete,
    _read_update,
    read_delete,
    read_list,
    read_question,
    read_add,
)
