"""Adding a task: "remind me to ...", "add ...", "I need to ...", or any statement.

The reader claims the leading phrase, then the tags, reminder, repeat,
priority and date; the words left are the title.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from todo_chatbot.chat.language.commands import AddTask, Command, NewTask
from todo_chatbot.chat.language.intents.reading import is_question, match_body
from todo_chatbot.chat.language.listing import read_list_request
from todo_chatbot.chat.language.monthly_weekdays import take_monthly_weekday
from todo_chatbot.chat.language.phrases import (
    TITLE_EDGES,
    claim_container,
    clean_text,
    trimmed_span,
)
from todo_chatbot.chat.language.priority import take_priority
from todo_chatbot.chat.language.recurring import first_due, take_repeat
from todo_chatbot.chat.language.reminders import (
    Reminder,
    at_reminder_hour,
    remind_at,
    remind_before,
    take_reminder,
)
from todo_chatbot.chat.language.repeat_after import take_repeat_after_completion
from todo_chatbot.chat.language.tags import (
    take_hashtags,
    take_quoted_destination,
    take_tag_phrases,
)
from todo_chatbot.chat.language.when.moments import best_moment
from todo_chatbot.chat.language.when.resolving import resolve, time_of_day
from todo_chatbot.chat.language.when.values import DayPart, Moment, Now, TimeOfDay
from todo_chatbot.chat.language.words import Sentence
from todo_chatbot.core.timekeeping import Due

_REMIND_START = re.compile(
    r"(?:(?:set|create|add|make|schedule|give me|send me|put in|new)(?: me)? (?:a |an )?"
    r"(?:reminder|notification|alert|alarm)s?|reminder|remind(?: me)?|alert me|notify me|"
    r"ping me|nudge me|warn me)(?: (?:to|that|about|of|for|on|regarding|:|when|i need to|"
    r"i have to|i should|again|once more|later|self|myself))*(?!\S)"
)
_REMIND_QUESTION = re.compile(
    r"remind me (?:again |once more )?(?:what|when|where|which|how|of what|of my (?:schedule|tasks|"
    r"agenda|list|plans))"
)
_ADD_START = re.compile(
    r"(?:(?:add|create|schedule|set up|setup|put|insert|enter|note down|jot down|jot|"
    r"note|capture)(?: me)?(?: (?:a|an|the|new|another|one more|one|this|some))*"
    r"(?: (?:task|tasks|todo|todos|to do|item|items|entry|note|reminder|to-do))?"
    r"|(?:make|set|book|create|write|log|save|record|start|open|plan)(?: me)? (?:a |an |the |"
    r"new |another )*(?:task|todo|to do|item|entry|note|reminder|to-do)|(?:make|set|book|"
    r"write|log|save|record|plan|arrange|organize|organise)(?: me)? (?:a |an |the |new |another )+"
    r"(?=meeting|appointment|event|call|session|date|reservation)|(?:new )?(?:task|todo|to do|"
    r"note|item|entry)s?)"
    r"(?: (?:to|onto|on) (?:my |the |our )?(?:todo |to do |to-do |task |shopping |grocery )?"
    r"(?:list|todos|tasks|todo list|to do list))?"
    r"(?: (?:to|for|that|called|named|titled|saying|about|:))*(?!\S)"
)
_NEED_START = re.compile(
    r"(?:i (?:(?:really|just|still|definitely|seriously|also|totally|probably|actually|"
    r"absolutely|urgently|badly) )?(?:(?:need|have|want|got|ought) to|must|should|gotta)|"
    r"i must|i should|i gotta|i've got to|ive got to|"
    r"i'll|i will|i wanna|need to|have to|gotta|must|remember to|don't forget to|dont forget to|"
    r"do not forget to|don't let me forget to|dont let me forget to|do not let me forget to|"
    r"don't let me forget|dont let me forget|make sure to|make sure i|be sure to|remember|"
    r"don't forget|dont forget|let's|lets|i'd like to|i would like to)"
    r"(?: (?:really|definitely|probably|actually|seriously|totally|still|just|also)){0,2}(?!\S)"
)


def read_reminder_add(sentence: Sentence, now: Now) -> Command | None:
    """ "remind me ...", "set a reminder ...": a task whose date is also its reminder.

    "remind me (again) what is on today" lists tasks instead.
    """
    if match_body(_REMIND_QUESTION, sentence):
        return read_list_request(sentence, now)
    match = match_body(_REMIND_START, sentence)
    if match is None:
        return None
    sentence.claim(sentence.span_of(match))
    return AddTask(_new_task(sentence, now, reminder=True))


def read_add(sentence: Sentence, now: Now) -> Command | None:
    """A statement is a task, after its leading "add", "new task", "I need to" and such."""
    if is_question(sentence):
        return None
    # Leading phrases may stack either way: "I need to add ...", "add: remember to ...".
    for pattern in (_NEED_START, _ADD_START, _NEED_START):
        match = match_body(pattern, sentence)
        if match is not None:
            sentence.claim(sentence.span_of(match))
    return AddTask(_new_task(sentence, now, reminder=False))


def _new_task(sentence: Sentence, now: Now, *, reminder: bool) -> NewTask:
    tags = take_hashtags(sentence) + take_tag_phrases(sentence)
    explicit = take_reminder(sentence, now)
    repeat = (
        take_repeat_after_completion(sentence)
        or take_monthly_weekday(sentence)
        or take_repeat(sentence)
    )
    priority = take_priority(sentence)
    moment = best_moment(sentence, now)
    claim_container(sentence)
    tags += take_quoted_destination(sentence)
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
        remind_before=remind_before(explicit),
        priority=priority,
        tags=tuple(tags),
        recurrence=rule,
        repeat_from="completion" if repeat is not None and repeat[0].after_completion else None,
    )


def _recurring_time(moment: Moment | None, part: DayPart | None) -> TimeOfDay | None:
    """A series' time of day: the one the message says, or its part of the day."""
    if moment is not None and moment.time is not None and moment.part is None and part:
        return time_of_day(replace(moment, part=part), has_day=True)  # "every morning at 6:30"
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
