"""What a message asks for, and the words that name its task.

:func:`parse` reads one message: it skips wake words and politeness, tells
help and small talk apart, then tries each intent's reader in turn (a message
that starts with "remind me" adds a task; questions list tasks or, when they
are about nothing the system keeps, are unknown; complete, reopen, update and
delete start with their verbs; anything else that is not a question adds a
task). Each reader claims the words it understands; what is left is the title
or the target.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from todo_chatbot.chat.language.commands import (
    UNSET,
    AddTask,
    Command,
    CompleteTask,
    DeleteTask,
    Help,
    NewTask,
    ReopenTask,
    TaskChanges,
    Unknown,
    UpdateTask,
)
from todo_chatbot.chat.language.listing import read_list_request
from todo_chatbot.chat.language.phrases import (
    DETERMINERS,
    HELP,
    QUESTION_WORDS,
    SMALL_TALK,
    TARGET_NOUNS,
    TITLE_EDGES,
    claim_container,
    claim_fillers,
    clean_text,
    trimmed_span,
)
from todo_chatbot.chat.language.priority import LEVELS, take_priority
from todo_chatbot.chat.language.recurring import first_due, take_repeat
from todo_chatbot.chat.language.reminders import (
    Reminder,
    at_reminder_hour,
    remind_at,
    take_reminder,
)
from todo_chatbot.chat.language.tags import read_tag_list, take_hashtags, take_tag_phrases
from todo_chatbot.chat.language.when.moments import best_moment, find_moments, release
from todo_chatbot.chat.language.when.resolving import resolve, time_of_day
from todo_chatbot.chat.language.when.values import DayPart, Moment, Now, TimeOfDay
from todo_chatbot.chat.language.words import Sentence, Span
from todo_chatbot.core.timekeeping import Due

Reader = Callable[[Sentence, Now], "Command | None"]


def parse(text: str, *, now: datetime, tz: ZoneInfo) -> Command:
    """Read one chat message as a command, resolving dates against ``now`` in ``tz``."""
    moment = Now(now, tz)
    sentence = Sentence(text)
    if text.strip() in ("?", "??", "???"):
        return Help()
    whole = " ".join(w.norm for w in sentence.words if w.norm != ",")
    if not whole or SMALL_TALK.match(whole):
        return Unknown()
    claim_fillers(sentence)
    body = _body(sentence)
    if not body:
        return Unknown()
    if HELP.match(body):
        return Help()
    for reader in _READERS:
        command = reader(sentence, moment)
        if command is not None:
            return command
    return Unknown()


def _body(sentence: Sentence) -> str:
    """The unclaimed words, one space apart."""
    return " ".join(sentence.norm(i) for i in sentence.alive_indices())


def _first_alive(sentence: Sentence) -> int:
    alive = sentence.alive_indices()
    return alive[0] if alive else len(sentence)


def _match_body(pattern: re.Pattern[str], sentence: Sentence) -> re.Match[str] | None:
    """``pattern`` matched from the first unclaimed word on."""
    start = _first_alive(sentence)
    if start >= len(sentence):
        return None
    text = sentence.text
    return pattern.match(text, sentence.span_start(start))


# ---------------------------------------------------------------- adding

_REMIND_START = re.compile(
    r"(?:(?:set|create|add|make|schedule|give me|send me|put in|new)(?: me)? (?:a |an )?"
    r"(?:reminder|notification|alert|alarm)s?|reminder|remind(?: me)?|alert me|notify me|"
    r"ping me|nudge me|warn me)(?: (?:to|that|about|of|for|on|regarding|:|when|i need to|"
    r"i have to|i should))*(?!\S)"
)
_REMIND_QUESTION = re.compile(
    r"remind me (?:what|when|where|which|how|of what|of my (?:schedule|tasks|agenda|list|plans))"
)
_ADD_START = re.compile(
    r"(?:(?:add|create|schedule|set up|setup|put|insert|enter|note down|jot down|jot|"
    r"note|capture|new)(?: me)?(?: (?:a|an|the|new|another|one more|one|this|some))*"
    r"(?: (?:task|tasks|todo|todos|to do|item|items|entry|note|reminder|to-do))?"
    r"|(?:make|set|book|create|write|log|save|record|start|open|plan)(?: me)? (?:a |an |the |"
    r"new |another )*(?:task|todo|to do|item|entry|note|reminder|to-do)|(?:make|set|book|"
    r"write|log|save|record|plan|arrange|organize|organise)(?: me)? (?:a |an |the |new |another )+"
    r"(?=meeting|appointment|event|call|session|date|reservation)|(?:new )?(?:task|todo|to do|"
    r"note|item|entry)s?)"
    r"(?: (?:to|for|that|called|named|titled|saying|about|:))*(?!\S)"
)
_NEED_START = re.compile(
    r"(?:i (?:need|have|want|got|ought) to|i must|i should|i gotta|i've got to|ive got to|"
    r"i'll|i will|i wanna|need to|have to|gotta|must|remember to|don't forget to|dont forget to|"
    r"do not forget to|don't let me forget to|dont let me forget to|do not let me forget to|"
    r"don't let me forget|dont let me forget|make sure to|make sure i|be sure to|remember|"
    r"don't forget|dont forget|let's|lets|i'd like to|i would like to)(?!\S)"
)


def _read_reminder_add(sentence: Sentence, now: Now) -> Command | None:
    if _match_body(_REMIND_QUESTION, sentence):
        return read_list_request(sentence, now)
    match = _match_body(_REMIND_START, sentence)
    if match is None:
        return None
    sentence.claim(sentence.span_of(match))
    return AddTask(_new_task(sentence, now, reminder=True))


def _read_add(sentence: Sentence, now: Now) -> Command | None:
    if _is_question(sentence):
        return None
    # Leading phrases may stack either way: "I need to add ...", "add: remember to ...".
    for pattern in (_NEED_START, _ADD_START, _NEED_START):
        match = _match_body(pattern, sentence)
        if match is not None:
            sentence.claim(sentence.span_of(match))
    return AddTask(_new_task(sentence, now, reminder=False))


def _new_task(sentence: Sentence, now: Now, *, reminder: bool) -> NewTask:
    tags = take_hashtags(sentence) + take_tag_phrases(sentence)
    explicit = take_reminder(sentence, now)
    repeat = take_repeat(sentence)
    priority = take_priority(sentence)
    moment = best_moment(sentence, now)
    claim_container(sentence)
    title = _leftover(sentence, TITLE_EDGES)
    due: Due | None = None
    rule: str | None = None
    if repeat is not None:
        found, _ = repeat
        rule = found.rule()
        time = _recurring_time(moment, found.part)
        start = moment.days.point if moment is not None and moment.days is not None else None
        due = first_due(found, time, now, start)
    elif moment is not None:
        due = resolve(moment, now)
    return NewTask(
        title=title,
        due=due,
        remind_at=_reminder(explicit, due, now, reminder=reminder),
        priority=priority,
        tags=tuple(tags),
        recurrence=rule,
    )


def _recurring_time(moment: Moment | None, part: DayPart | None) -> TimeOfDay | None:
    """A series' time of day: the one the message says, or its part of the day."""
    if moment is not None and (moment.time is not None or moment.part is not None):
        return time_of_day(moment, has_day=True)
    return None if part is None else part.time


def _reminder(
    explicit: Reminder | None, due: Due | None, now: Now, *, reminder: bool
) -> datetime | None:
    if explicit is not None:
        return remind_at(explicit, due, now)
    if not reminder or due is None:
        return None
    return due if isinstance(due, datetime) else at_reminder_hour(due, now)


def _leftover(sentence: Sentence, edges: frozenset[str], lo: int = 0, hi: int | None = None) -> str:
    span = trimmed_span(sentence, lo, len(sentence) if hi is None else hi, edges)
    return clean_text(sentence.leftover_text(span.start, span.end))


def _is_question(sentence: Sentence) -> bool:
    first = sentence.norm(_first_alive(sentence))
    return first in QUESTION_WORDS or sentence.raw.rstrip().endswith("?")


# ---------------------------------------------------------------- targets


def _target(sentence: Sentence, lo: int = 0, hi: int | None = None) -> str:
    """The words naming a task: no determiners, no "task", no "from my list"."""
    hi = len(sentence) if hi is None else hi
    claim_container(sentence, lo)
    alive = [i for i in range(lo, hi) if sentence.alive[i]]
    if len(alive) == 1 and sentence.norm(alive[0]) in _PRONOUNS:
        return clean_text(sentence.leftover_text(alive[0], alive[0] + 1))
    while alive and sentence.norm(alive[0]) in DETERMINERS | TARGET_NOUNS | TITLE_EDGES:
        sentence.claim(Span(alive[0], alive[0] + 1))
        alive.pop(0)
    while alive and sentence.norm(alive[-1]) in DETERMINERS | TARGET_NOUNS | TITLE_EDGES:
        sentence.claim(Span(alive[-1], alive[-1] + 1))
        alive.pop()
    if not alive:
        return ""
    return clean_text(sentence.leftover_text(alive[0], alive[-1] + 1))


_PRONOUNS: Final = frozenset({"it", "that", "this", "them", "these", "those"})


def _target_of(sentence: Sentence, match: re.Match[str], group: str = "t") -> str:
    span = sentence.span_of(match, group)
    return _target(sentence, span.start, span.end)


# ---------------------------------------------------------------- complete, reopen, delete

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


def _read_with(
    patterns: tuple[re.Pattern[str], ...],
    build: Callable[[str], Command],
) -> Reader:
    def read(sentence: Sentence, now: Now) -> Command | None:
        for pattern in patterns:
            match = _match_body(pattern, sentence)
            if match is None:
                continue
            if _names_a_date(sentence, match, now):
                return None
            target = _target_of(sentence, match) if match.group("t") else ""
            if target.lower() in _PRONOUN_TARGETS and pattern is patterns[-1]:
                continue
            return build(target)
        return None

    return read


def _names_a_date(sentence: Sentence, match: re.Match[str], now: Now) -> bool:
    """ "finish the slides by thursday" is a task to add: marking done needs no date."""
    if match.group("t") is None:
        return False
    span = sentence.span_of(match, "t")
    return bool(find_moments(sentence.copy(), now, span.start, span.end))


_PRONOUN_TARGETS: Final = frozenset({"what", "which", "who", "everything", "anything", "nothing"})


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


def _read_delete(sentence: Sentence, now: Now) -> Command | None:
    if _match_body(_CLEAR_ALL, sentence) is not None:
        return DeleteTask("all")
    preamble = _match_body(_DELETE_PREAMBLE, sentence)
    if preamble is not None:
        probe = sentence.copy()
        probe.claim(probe.span_of(preamble))
        found = _read_delete_after(probe, now)
        if found is not None:
            sentence.claim(sentence.span_of(preamble))
            return _read_delete_after(sentence, now)
    return _read_delete_after(sentence, now)


def _read_delete_after(sentence: Sentence, now: Now) -> Command | None:
    for pattern in _DELETE_PATTERNS:
        match = _match_body(pattern, sentence)
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
        find_moments(sentence, now, span.start, span.end)
        return DeleteTask(_target(sentence, span.start, span.end))
    return None


# ---------------------------------------------------------------- update

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
        TaskChanges(remind_at=None),
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
        rf"(?:(?:to|as|at|a|an|the|into) )*(?P<level>{_LEVEL}|urgent|important|critical|top)"
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


_AND_THEN = re.compile(
    r"(?P<first>.+?) (?:and|,|, and|then|and then|and also|also) (?P<second>(?:make|set|mark|"
    r"change|tag|label|rename|move|push|reschedule|remove|clear|add|give) (?:it|that|this|them)"
    r"(?: .+)?)$"
)


def _read_update(sentence: Sentence, now: Now) -> Command | None:
    """One update, or two joined by "and ... it": "move X to friday and make it urgent"."""
    compound = _match_body(_AND_THEN, sentence)
    if compound is not None:
        first = _parse_part(sentence, compound, "first", now)
        second = _parse_part(sentence, compound, "second", now)
        if isinstance(first, UpdateTask) and isinstance(second, UpdateTask):
            return UpdateTask(first.target, _merge(first.changes, second.changes))
    return _read_one_update(sentence, now)


def _parse_part(sentence: Sentence, match: re.Match[str], group: str, now: Now) -> Command:
    text = sentence.original(sentence.span_of(match, group))
    return parse(text, now=now.instant, tz=now.tz)


def _merge(first: TaskChanges, second: TaskChanges) -> TaskChanges:
    """The changes of both parts; where both set a field, the first part's stands."""
    merged = {
        name: getattr(first, name) if getattr(first, name) is not UNSET else getattr(second, name)
        for name in ("title", "due", "remind_at", "priority", "recurrence")
    }
    return TaskChanges(
        **merged,
        tags_add=first.tags_add + second.tags_add,
        tags_remove=first.tags_remove + second.tags_remove,
    )


def _read_one_update(sentence: Sentence, now: Now) -> Command | None:
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
        match = _match_body(pattern, sentence)
        if match is not None:
            new = clean_text(sentence.original(sentence.span_of(match, "new")))
            return UpdateTask(_target_of(sentence, match), TaskChanges(title=new))
    return None


def _update_tags(sentence: Sentence, now: Now) -> Command | None:
    for patterns, removing in ((_UPDATE_TAGS_ADD, False), (_UPDATE_TAGS_REMOVE, True)):
        for pattern in patterns:
            match = _match_body(pattern, sentence)
            if match is None:
                continue
            span = sentence.span_of(match, "tags")
            tags, end = read_tag_list(sentence, span.start, span.end)
            if not tags or end != span.end:
                continue
            sentence.claim(span)
            target = _target_of(sentence, match)
            changes = (
                TaskChanges(tags_remove=tuple(tags))
                if removing
                else TaskChanges(tags_add=tuple(tags))
            )
            return UpdateTask(target, changes)
    return None


def _update_clear(sentence: Sentence, now: Now) -> Command | None:
    for pattern, changes in _UPDATE_CLEAR:
        match = _match_body(pattern, sentence)
        if match is not None:
            return UpdateTask(_target_of(sentence, match), changes)
    return None


def _update_priority(sentence: Sentence, now: Now) -> Command | None:
    for pattern in _UPDATE_PRIORITY:
        match = _match_body(pattern, sentence)
        if match is not None:
            level = LEVELS.get(match.group("level"))
            priority = level if level is not None else LEVELS["high"]
            return UpdateTask(_target_of(sentence, match), TaskChanges(priority=priority))
    for pattern, word in _PRIORITY_VERBS:
        match = _match_body(pattern, sentence)
        if match is not None:
            return UpdateTask(_target_of(sentence, match), TaskChanges(priority=LEVELS[word]))
    return None


def _update_repeat(sentence: Sentence, now: Now) -> Command | None:
    match = _match_body(_UPDATE_REPEAT, sentence)
    if match is None:
        return None
    found = take_repeat(sentence, sentence.span_of(match).end)
    if found is None:
        return None
    return UpdateTask(_target_of(sentence, match), TaskChanges(recurrence=found[0].rule()))


def _update_reminder(sentence: Sentence, now: Now) -> Command | None:
    match = _match_body(_UPDATE_REMINDER, sentence)
    if match is None:
        return None
    end = sentence.span_of(match).end
    moment = best_moment(sentence, now, end)
    if moment is None:
        return None
    value = resolve(moment, now)
    instant = value if isinstance(value, datetime) else at_reminder_hour(value, now)
    return UpdateTask(_target_of(sentence, match), TaskChanges(remind_at=instant))


def _update_due(sentence: Sentence, now: Now) -> Command | None:
    verb = _match_body(_MOVE_VERBS, sentence)
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
    target = _target(sentence, verb_span.end, chosen.span.start)
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


# ---------------------------------------------------------------- listing

_TASK_NOUNS = (
    r"(?:list|lists|tasks|todos|to do|todo|reminders|schedule|calendar|agenda|plans|items|"
    r"to dos|to-dos|events|appointments|meetings|day|week|plate|stuff|things)"
)
_LOOK_AT_TASKS = (
    rf"(?:check|review|open|read|see|go over|read out|read back|get|give|fetch|print|recite|"
    rf"tell|bring up|pull up|sort|order|organize|arrange)(?: out| back| me| through| up)?"
    rf"(?: (?:my|the|all|your|me|what's on|whats on|what is on|of))*(?: [\w'-]+)? {_TASK_NOUNS}"
)
_LIST_START = re.compile(
    rf"(?:{_LOOK_AT_TASKS}|show|list|display|view|find|search|look for|look up|go through|"
    r"let me see|let me know|let me hear|lemme see|i want to see|i'd like to see|can i see|"
    r"what|which|when|where|whats|what's|how many|how much|do i|did i|have i|am i|are there|"
    r"is there|is anything|is my|are my|any|anything|(?:sort|order)(?: them| it)? by|filter|"
    r"search for|overdue|pending|upcoming|agenda|my tasks|tasks|todos|my todos|my list|"
    r"my schedule|my agenda|my day|my week|whats on|what's on|completed|done|finished|"
    r"give me|tell me)(?!\S)"
)
_COLLECTION = (
    r"(?:(?:my|the|all|upcoming|up coming|latest|recent|next|future|current|pending|today's|"
    r"tomorrow's|weekly|daily|work|this week's) )*(?:[\w'-]+ )?(?:schedule|agenda|calendar|plans?|"
    r"planning|to do list|todo list|list|lists|tasks|todos|to dos|reminders|events|appointments|"
    r"meetings|deadlines)(?: (?:for|on|in|this|next|today|tomorrow|from)(?: .*)?)?$"
)
_STRONG_LIST = re.compile(
    r"(?:(?:i )?(?:need|want|would like|'d like|have) to |let's |lets |let us )?"
    rf"(?:{_COLLECTION}|{_LOOK_AT_TASKS}|show|list|display|view|find|search|look for|look up|"
    r"go through|(?:sort|order)(?: them| it)? by|filter|overdue|pending|upcoming|agenda|"
    r"my tasks|tasks|todos|my todos|my list|my schedule|my agenda)(?!\S)"
)
_OUT_OF_DOMAIN = re.compile(
    r"(?:who (?:won|is|was|are|were|invented|wrote|sang|played|made|directed)|"
    r"(?:what|whats|what's|how much) (?:is |'s )?\d|what (?:is|are) (?:a|an|the meaning of)|"
    r"what(?:'s| is) the (?:capital|score|news|population|meaning|price|stock|distance|weather)|"
    r"how (?:far|tall|old|big|long) (?:is|are|was)|define|translate|why (?:is|are|do|does))(?!\S)"
)
_TASK_WORDS = re.compile(
    r"(?<!\S)(?:tasks?|todos?|to dos?|to-dos?|list|lists|reminders?|schedule|scheduled|calendar|"
    r"agenda|plans?|planned|events?|meetings?|appointments?|due|overdue|pending|completed|"
    r"finished|done|deadlines?|items?|errands?|chores?|anything|something|busy|free|plate|left|"
    r"upcoming|coming up|next|booked|going on|happening|priority|urgent|important|tagged|#\S+|"
    r"have to|have i|do i have|need to|got|birthday|party|concert|dinner|lunch|program|show|"
    r"game|match|sorted|sort|order|alphabetically|remaining|outstanding|open|doing|do)(?!\S)"
)


def _read_list(sentence: Sentence, now: Now) -> Command | None:
    if _match_body(_LIST_START, sentence) is None:
        return None
    if _match_body(_OUT_OF_DOMAIN, sentence) is not None:
        return Unknown()
    strong = _match_body(_STRONG_LIST, sentence) is not None
    body = " " + _body(sentence) + " "
    if not strong and not _TASK_WORDS.search(body) and not _has_moment(sentence, now):
        return Unknown()
    return read_list_request(sentence, now)


def _has_moment(sentence: Sentence, now: Now) -> bool:
    probe = sentence.copy()
    return bool(find_moments(probe, now))


def _read_question(sentence: Sentence, now: Now) -> Command | None:
    """A question that no reader took: about tasks it lists them, else it is unknown."""
    if not _is_question(sentence):
        return None
    if _match_body(_OUT_OF_DOMAIN, sentence) is not None:
        return Unknown()
    body = " " + _body(sentence) + " "
    if _TASK_WORDS.search(body) or _has_moment(sentence, now):
        return read_list_request(sentence, now)
    return Unknown()


def _starts_with_question(sentence: Sentence, now: Now) -> Command | None:
    first = sentence.norm(_first_alive(sentence))
    if first not in QUESTION_WORDS:
        return None
    if first in ("when", "when's") and _match_body(_OUT_OF_DOMAIN, sentence) is None:
        return read_list_request(sentence, now)
    return _read_list(sentence, now) or _read_question(sentence, now)


def _read_strong_list(sentence: Sentence, now: Now) -> Command | None:
    if _match_body(_STRONG_LIST, sentence) is None:
        return None
    return read_list_request(sentence, now)


_READERS: Final[tuple[Reader, ...]] = (
    _read_reminder_add,
    _starts_with_question,
    _read_strong_list,
    _read_with(_REOPEN_PATTERNS, ReopenTask),
    _read_with(_COMPLETE_PATTERNS, CompleteTask),
    _read_update,
    _read_delete,
    _read_list,
    _read_question,
    _read_add,
)
