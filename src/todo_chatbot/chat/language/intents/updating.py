"""Changing one thing about a task: its title, tags, priority, repeat, reminder or due.

"rename X to Y", "tag X with work", "remove the deadline from X", "make X
urgent", "make X repeat every monday", "move X to friday at 2pm". Each
change has its own reader, tried in that order.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Final

from todo_chatbot.chat.language.commands import Command, NewTask, TaskChanges, UpdateTask
from todo_chatbot.chat.language.intents.reading import match_body
from todo_chatbot.chat.language.intents.targets import target_in, target_of
from todo_chatbot.chat.language.phrases import clean_text
from todo_chatbot.chat.language.priority import LEVELS
from todo_chatbot.chat.language.recurring import take_repeat
from todo_chatbot.chat.language.reminders import at_reminder_hour
from todo_chatbot.chat.language.tags import read_tag_list
from todo_chatbot.chat.language.when.moments import best_moment, find_moments, release
from todo_chatbot.chat.language.when.resolving import resolve, time_of_day
from todo_chatbot.chat.language.when.values import Moment, Now
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
_NAMED_TAGS = r"(?P<tags>#?[\w-]+(?:(?: and| ,| , and| or| &) #?[\w-]+){0,4})"
"""Tags named before the word "tag": "the work tag", "the home and errands tags"."""
_UPDATE_TAGS_ADD: Final = (
    re.compile(r"(?:tag|label) (?P<t>.+?) (?:with|as|=) (?P<tags>.+)$"),
    re.compile(
        r"(?:add|put|attach|apply) (?:the )?(?:tags?|labels?) (?P<tags>.+?) (?:to|on|onto)"
        r" (?P<t>.+)$"
    ),
    re.compile(
        r"(?:add|put|attach|apply) (?P<tags>#\S+(?: (?:and |, )?#\S+)*) (?:to|on|onto) (?P<t>.+)$"
    ),
    re.compile(
        rf"(?:add|put|attach|apply|give) (?:the |a |an )?{_NAMED_TAGS} (?:tags?|labels?) "
        r"(?:to|on|onto) (?P<t>.+)$"
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
    re.compile(
        rf"(?:remove|delete|drop|take|take off|strip|clear|detach|pull) (?:the |that |its )?"
        rf"{_NAMED_TAGS} (?:tags?|labels?) (?:off of|off|from|on|of) (?P<t>.+)$"
    ),
)
_CLEAR_WORDS = (
    r"(?:remove|clear|delete|drop|unset|erase|take off|get rid of|cancel|turn"
    r" off|disable|reset|wipe|stop|mute|silence)"
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
            r"(?:don't|do not|dont|stop|quit|no need to|never) (?:remind|reminding|notify|"
            r"notifying|alert|alerting|ping|pinging|nudge|nudging) me (?:about|of|for|to do|"
            r"regarding|on|to) (?P<t>.+?)(?: (?:anymore|any more|again))?$"
        ),
        TaskChanges(remind_at=None, remind_before=None),
    ),
    (
        re.compile(
            r"(?:turn|switch|shut|shut up) (?:the |its |my )?(?:reminders?|alerts?|notifications?|"
            r"alarms?) off (?:for|on|of|from|about) (?P<t>.+)$"
        ),
        TaskChanges(remind_at=None, remind_before=None),
    ),
    (
        re.compile(
            r"no (?:more )?(?:reminders?|alerts?|notifications?) (?:for|about|on|of) (?P<t>.+?)"
            r"(?: (?:anymore|any more|please))?$"
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
_IS = r"(?:is|are|'s|s|was|should be|needs to be|need to be|must be|has to be|ought to be)"
_CORRECTING = r"(?: (?:actually|really|now|instead|in fact|more like|supposed to be))*"
_PRIORITY_STATEMENTS: Final = (
    # "pay rent should be low priority", "the report is actually high priority"
    re.compile(
        rf"(?P<t>.+?) {_IS}{_CORRECTING} (?:(?:a|an|of) )?(?P<level>{_LEVEL})"
        r"(?: |-)?(?:priority|prio|pri|importance)(?: (?:now|instead|actually))?$"
    ),
    # "taxes should be urgent", "the report is actually important"
    re.compile(
        r"(?P<t>.+?) (?:should be|needs to be|must be|(?:is|are|'s|s)(?: (?:actually|really|now|"
        r"in fact))+)(?: (?:very|really|super|more))? (?P<level>urgent|important|critical)"
        r"(?: (?:now|instead|actually))?$"
    ),
    # "gym isn't urgent", "the report is not important anymore"
    re.compile(
        r"(?P<t>.+?) (?:isn't|is not|isnt|aren't|are not|'s not) (?:actually |really |that |very )*"
        r"(?:urgent|important|a priority)(?P<level>)(?: (?:anymore|any more|after all))?$"
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
    """The first change found: title, tags, a cleared field, priority, repeat, reminder, due.

    A correcting word before it ("actually make X low priority", "sorry, move X to friday")
    is skipped when an update follows.
    """
    lead = match_body(_CORRECTION_LEAD, sentence)
    if lead is not None:
        probe = sentence.copy()
        probe.claim(probe.span_of(lead))
        corrected = _first_update(probe, now)
        if corrected is not None:
            return corrected
    return _first_update(sentence, now)


def _first_update(sentence: Sentence, now: Now) -> Command | None:
    for reader in (
        _update_title,
        _update_tags,
        _update_clear,
        _update_priority,
        _update_repeat,
        _update_reminder,
        _update_due_statement,
        _update_due_shift,
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
        if match is not None and _set_apart(sentence, match):
            return None  # "update the website - p1": a new task's priority
        if match is not None:
            level = LEVELS.get(match.group("level"))
            priority = level if level is not None else LEVELS["high"]
            return UpdateTask(target_of(sentence, match), TaskChanges(priority=priority))
    for pattern in _PRIORITY_STATEMENTS:
        match = match_body(pattern, sentence)
        if match is not None:
            level = LEVELS.get(
                match.group("level"), LEVELS["high"] if match.group("level") else LEVELS["low"]
            )
            return UpdateTask(target_of(sentence, match), TaskChanges(priority=level))
    for pattern, word in _PRIORITY_VERBS:
        match = match_body(pattern, sentence)
        if match is not None:
            return UpdateTask(target_of(sentence, match), TaskChanges(priority=LEVELS[word]))
    return None


def _set_apart(sentence: Sentence, match: re.Match[str]) -> bool:
    """Whether a dash, comma, colon or bracket stands between the target and its level."""
    target, level = sentence.span_of(match, "t"), sentence.span_of(match, "level")
    if target.end <= target.start or level.start >= len(sentence):
        return False
    between = sentence.raw[
        sentence.tokens[sentence.words[target.end - 1].last].end : sentence.tokens[
            sentence.words[level.start].first
        ].start
    ]
    return any(mark in between for mark in "-,:(\u2013\u2014")


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


_REMINDER_ON_TASK = re.compile(
    r"(?:set|put|add|create|place|schedule|attach|stick)(?: me)? (?:a |an )?(?:reminder|alert|"
    r"alarm|notification) (?P<prep>on|onto|for|to) (?P<rest>.+)$|"
    r"(?:remind|ping|nudge|alert|notify) me (?P<about>about|of) (?P<rest2>.+)$"
)
_TASK_POINTERS: Final = frozenset({"task", "todo", "item", "entry", "one"})


def read_reminder_update(sentence: Sentence, now: Now) -> Command | None:
    """A reminder set on a task the user has: "put a reminder on pay rent at 9am friday".

    "on X" names a task the user has; "for / to X" and "remind me about / of X"
    do when X is pointed at as one ("for the dentist task", "to the report",
    "about my dentist appointment"); "set a reminder for 5pm to call mom", "add a
    reminder to call mom" and "remind me about taxes tomorrow" are new tasks. The
    moment ends the message.
    """
    match = match_body(_REMINDER_ON_TASK, sentence)
    if match is None:
        return None
    prep = match.group("prep") or match.group("about")
    rest = sentence.span_of(match, "rest" if match.group("rest") else "rest2")
    probe = sentence.copy()
    moments = find_moments(probe, now, rest.start)
    if not moments:
        return None
    moment = moments[-1]
    tail = [i for i in range(moment.span.end, len(probe)) if probe.alive[i]]
    if tail or (len(moments) > 1 and match.group("about")):
        return None
    if not _names_a_task(probe, prep, rest.start, moment.span.start):
        return None
    value = resolve(moment, now)
    instant = value if isinstance(value, datetime) else at_reminder_hour(value, now)
    target = _without_edges(target_in(probe, rest.start, moment.span.start))
    if prep == "on" or target.lower() in ("it", "this", "that"):
        return UpdateTask(target, TaskChanges(remind_at=instant))
    # "remind me about the party tomorrow" may name no task yet: then it is one to add
    instead = NewTask(title=target, due=value, remind_at=instant)
    return UpdateTask(target, TaskChanges(remind_at=instant), or_add=instead)


def _names_a_task(sentence: Sentence, prep: str, lo: int, hi: int) -> bool:
    words = [sentence.norm(i) for i in range(lo, hi) if sentence.alive[i]]
    while words and words[-1] in ("for", "at", "on", "by", "due"):
        words.pop()
    if not words or words[0] in ("me", "myself"):
        return False
    if prep in ("on", "onto"):
        return True
    if _CLAUSE_WORDS & set(words) or any(word.endswith("'s") for word in words):
        return False  # a task of its own ("... the meeting to print slides"), an event's owner
    if prep in ("to", "for", "about", "of"):
        return words[0] in _POINTERS or words[-1] in _TASK_POINTERS
    return False


_POINTERS: Final = frozenset({"the", "my", "that", "this", "it"})
_CLAUSE_WORDS: Final = frozenset({"to", "i", "we", "there", "you", "is", "are"})
"""Words that make a clause, not a task's name ("the dentist appointment I have")."""
"""How a message points at a task the user has: "remind me about *the* dentist at 3"."""


def _without_edges(target: str) -> str:
    words = target.split()
    while words and words[-1].lower() in ("for", "at", "on", "by", "due"):
        words.pop()
    return " ".join(words)


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
    if verb.group(0) in ("set", "make") and not (
        _mentions_due(sentence, verb_span.end, chosen.span.start)
        or _set_to(sentence, verb.group(0), verb_span.end, chosen.span.start)
    ):
        release(sentence, chosen)
        return None
    sentence.claim(verb_span)
    _claim_due_words(sentence, verb_span.end, chosen.span.start)
    target = target_in(sentence, verb_span.end, chosen.span.start)
    later = _LATER_VERBS.fullmatch(verb.group(0)) is not None
    clock = _time_alone(chosen)
    if clock is not None:
        return UpdateTask(target, TaskChanges(due_time=clock, later=later))
    return UpdateTask(target, TaskChanges(due=resolve(chosen, now), later=later))


def _time_alone(moment: Moment) -> time | None:
    """The time of day of a moment that names no day ("7pm", "the evening"): a move to
    it keeps the day the task is due."""
    if moment.days is not None or moment.instant is not None or moment.zone is not None:
        return None
    if moment.part is not None and moment.part.day_offset is not None:
        return None
    clock = time_of_day(moment, has_day=True)
    if clock is None or clock.after_midnight:
        return None
    return time(clock.hour, clock.minute, clock.second)


_LATER_VERBS = re.compile(r"postpone|push back|push|delay|defer|put off|bump")
_SHIFT_UNITS: Final = {"minute": 1, "min": 1, "hour": 60, "hr": 60, "day": 1440, "week": 10080}
_DUE_SHIFT = re.compile(
    r"(?P<verb>postpone|push back|push out|push|delay|defer|put off|bump|move|shift|reschedule|"
    r"bring forward|pull forward|bring|pull)"
    r" (?P<t>.+?)(?: (?P<dir>back|out|forward|ahead|up|later|earlier))?"
    r" (?:by |for )?(?P<n>\d+|a|an|a couple of|a few|couple of)"
    r" (?P<unit>minute|min|hour|hr|day|week|wk)s?"
    r"(?: (?P<after>later|earlier|sooner|back|out|forward|ahead))?(?: please)?$"
)
"""A move by an amount: "postpone X by 2 days", "push X back an hour", "move X 3 days
later", "bring X forward a day" (earlier)."""
_EARLIER_WORDS: Final = frozenset({"earlier", "sooner", "forward", "up"})
_AMOUNT_WORDS: Final = {"a": 1, "an": 1, "a couple of": 2, "couple of": 2, "a few": 3}


def _update_due_shift(sentence: Sentence, now: Now) -> Command | None:
    """ "postpone X by 2 days": the due moves by the amount, keeping the rest."""
    match = match_body(_DUE_SHIFT, sentence)
    if match is None:
        return None
    amount = _AMOUNT_WORDS.get(match["n"]) or int(match["n"])
    unit = "week" if match["unit"] == "wk" else match["unit"]
    shift = timedelta(minutes=amount * _SHIFT_UNITS[unit])
    verb = match["verb"]
    directions = {match["dir"], match["after"]} - {None}
    earlier = bool(directions & _EARLIER_WORDS) or verb in ("bring", "pull")
    if earlier and _LATER_VERBS.fullmatch(verb) and verb != "push":
        return None
    target = target_of(sentence, match)
    changes = TaskChanges(due_shift=-shift if earlier else shift, later=not earlier)
    return UpdateTask(target, changes)


_DUE_STATEMENT = re.compile(
    r"(?P<t>.+?) (?:(?:is|are|'s|s|was)(?: (?:actually|really|now|instead|in fact|supposed to be|"
    r"meant to be))+|(?:should|needs to|need to|has to|must|ought to) be)(?: (?:due|done|finished|"
    r"ready|happening|scheduled|set))?(?!\S)"
)
"""A due said again, with a word that corrects ("actually", "now", "should be"): "X is due
friday" alone may be a new task."""
_CORRECTION_LEAD = re.compile(
    r"(?:(?:actually|no|nope|sorry|oops|correction|wait|my bad|i meant|scratch that)(?: ,)? )+"
)
_PLAIN_DUE_STATEMENT = re.compile(
    r"(?P<t>.+?) (?:is|are|'s|s|was|should be|needs to be)(?: (?:actually|really|now|instead))*"
    r"(?: (?:due|happening|scheduled|set))?(?!\S)"
)
_DUE_LINKS: Final = frozenset({"on", "by", "at", "for", "until", "till"})
_CORRECTION_TAIL: Final = frozenset({"instead", "now", "actually", "please", "not", "then"})


def _update_due_statement(sentence: Sentence, now: Now) -> Command | None:
    """ "the report is actually due tomorrow", "taxes should be due friday": the due moves.

    A correcting word may also lead: "actually the report is due friday", "sorry, ...".
    """
    lead = match_body(_CORRECTION_LEAD, sentence)
    if lead is not None:
        probe = sentence.copy()
        probe.claim(probe.span_of(lead))
        corrected = _due_statement(probe, now, _PLAIN_DUE_STATEMENT)
        if corrected is not None:
            return corrected
    return _due_statement(sentence, now, _DUE_STATEMENT)


def _due_statement(sentence: Sentence, now: Now, pattern: re.Pattern[str]) -> Command | None:
    match = match_body(pattern, sentence)
    if match is None:
        return None
    end = sentence.span_of(match).end
    probe = sentence.copy()
    moment = best_moment(probe, now, end)
    before = {probe.norm(i) for i in range(end, moment.span.start)} if moment else {""}
    if moment is None or not before <= _DUE_LINKS:
        return None
    rest = {probe.norm(i) for i in range(moment.span.end, len(probe)) if probe.alive[i]}
    if not rest <= _CORRECTION_TAIL:
        return None
    best_moment(sentence, now, end)
    for index in range(moment.span.end, len(sentence)):
        sentence.claim(Span(index, index + 1))
    return UpdateTask(target_of(sentence, match), TaskChanges(due=resolve(moment, now)))


def _set_to(sentence: Sentence, verb: str, lo: int, hi: int) -> bool:
    """ "set the dentist to friday at 2pm": "set" a task pointed at, "to" a moment."""
    words = [sentence.norm(i) for i in range(lo, hi) if sentence.alive[i]]
    return (
        verb == "set"
        and len(words) >= 3
        and words[0] in ("the", "my", "that", "this")
        and words[-1] == "to"
        and not {"reminder", "alarm", "timer", "alert"} & set(words)
    )


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
