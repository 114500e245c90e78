"""Questions about reminders, and snoozing them all at once.

- Which reminders ring when: "what reminders do I have today?", "any reminders
  tomorrow?", "my reminders this week", "what will you remind me about?". The
  message names reminders (or asks what it will be reminded of), its days are
  read as a list request's are, and every other word is one such a question is
  made of; without days it asks for every reminder still to come.
- Why a reminder did not come: "why didn't I get reminded about the dentist?",
  "why wasn't I reminded to call mom", "I never got a reminder for rent",
  "did the reminder for rent go off?". The words after the phrase name the task;
  without any ("why didn't I get reminded?") it is about "it", the task the
  conversation is on.
- Snoozing every reminder: "snooze all my reminders for an hour", "snooze
  everything until 3pm", "mute all reminders for 30 minutes". Its duration or
  moment is read as a snooze's; every other word is one a snooze is made of.

A message with words of its own ("show reminders about taxes") is none of these
and goes on to the other readers untouched.
"""

from __future__ import annotations

import re
from typing import Final

from todo_chatbot.chat.language.commands import (
    Command,
    ListReminders,
    SnoozeAll,
    WhyNoReminder,
)
from todo_chatbot.chat.language.intents.reading import first_alive, match_body
from todo_chatbot.chat.language.intents.snoozing import take_snooze_time
from todo_chatbot.chat.language.intents.targets import target_of
from todo_chatbot.chat.language.listing import take_day_range
from todo_chatbot.chat.language.when.values import Now
from todo_chatbot.chat.language.words import Sentence

_NOT = r"(?:didn't|didnt|did not|wasn't|wasnt|was not|haven't|havent|have not|hasn't|hasnt|"
_NOT += r"has not|don't|dont|do not|won't|wont|couldn't|couldnt|weren't|werent)"
_REMINDED = r"(?:reminded|notified|pinged|alerted|(?:a|any|my|the) (?:reminder|notification))"
_ABOUT = r"(?:about|of|for|to|on|regarding)"
_WHY_NOT: Final = (
    re.compile(
        rf"(?:so |but |hey |um |hmm )?(?:why|how come)(?: (?:exactly|again))? "
        rf"(?:{_NOT} i (?:get |got |getting |receive |see |hear )?{_REMINDED}|"
        rf"i {_NOT} (?:get |receive |see |hear )?{_REMINDED}|"
        rf"{_NOT} you remind me|(?:did|do|does) (?:i|you) not (?:get |remind me)|"
        rf"(?:was|were|wasn't|wasnt) i not (?:{_REMINDED})|"
        rf"(?:is|was) there no reminder|no reminder|"
        rf"(?:didn't|didnt|did not|hasn't|hasnt|has not|doesn't|doesnt) (?:the|my) "
        rf"(?:reminder|notification|alarm) {_ABOUT}) "
        rf"(?:(?:about|of|for|to|on|regarding|with) )?(?P<t>.+?)"
        r"(?: (?:go off|fire|ring|come|come through|show up|arrive|work|pop up))?$"
    ),
    re.compile(
        rf"i (?:never |didn't |didnt |did not |haven't |havent |have not )"
        rf"(?:get|got|receive|received|see|saw|hear|heard|gotten) (?:a |any |the |my )?"
        rf"(?:reminder|notification|ping|alert)s? {_ABOUT} (?P<t>.+)$"
    ),
    re.compile(
        rf"(?:did|has|have) (?:the|my) (?:reminder|notification|alarm)s? {_ABOUT} (?P<t>.+?) "
        r"(?:go off|gone off|fire|fired|ring|rung|come|come through|been sent|sent)(?: yet)?$"
    ),
)

_WHY_NOT_BARE: Final = re.compile(
    rf"(?:so |but |hey |um |hmm )?(?:why|how come) (?:{_NOT} i (?:get |got |receive )?"
    rf"{_REMINDED}|i {_NOT} (?:get |receive )?{_REMINDED}|{_NOT} you remind me|"
    r"(?:is|was) there no reminder|no reminder)(?: (?:about it|for it|this time|again))?$"
)
"""The question with no task named: about the task the conversation is on ("it")."""

_REMINDER_WORDS = re.compile(r"(?<!\S)(?:reminders|reminder|alarms|notifications)(?!\S)")
_REMINDED_OF = re.compile(
    r"(?<!\S)(?:will you remind me|are you (?:going to|gonna) remind me|are you reminding me|"
    r"am i (?:being |getting |going to be )?reminded|will i be reminded|will i get reminded|"
    r"do i get reminded|have you got to remind me|you'll remind me|you will remind me)"
    r"(?: (?:about|of|for))?(?!\S)"
)
_LIST_WORDS: Final = frozenset(
    {"what", "what's", "whats", "which", "any", "anything", "do", "does", "i", "have", "got"}
    | {"show", "list", "see", "check", "tell", "give", "me", "my", "the", "all", "set", "for"}
    | {"are", "is", "there", "coming", "up", "upcoming", "scheduled", "planned", "pending"}
    | {"on", "in", "of", "about", "please", "can", "you", "could", "lined", "due", "left", "will"}
    | {"go", "off", "ring", "a", "an", "there's", "theres", "wat", "when", "to", "be", "get"}
    | {"and", ",", "still", "next", "today's", "tomorrow's", "let", "know", "your", "it"}
)
"""The words a question about the reminders is made of, besides its days."""
_CREATING: Final = frozenset({"set", "add", "create", "make", "new", "schedule", "put", "start"})
"""A first word that asks for a reminder to be made ("set reminder"), not shown."""

_SNOOZE_ALL = re.compile(
    r"(?:(?:please|can you|could you|would you|pls) )?"
    r"(?:snooze|mute|silence|hold|pause|delay|postpone|quiet|hush) "
    r"(?:(?:all|every|each)(?: of)? (?:my |the |your )?(?:reminders|reminder|alarms|alerts|"
    r"notifications|them|one)|(?:my |the )?(?:reminders|alarms|alerts|notifications)|"
    r"everything|them all|all)(?!\S)"
)
_SNOOZE_ALL_WORDS: Final = frozenset(
    {"for", "until", "till", "til", "to", "by", "in", "at", "on", "a", "an", "bit", "while"}
    | {"please", "thanks", "thank", "you", ",", "and", "then", "now", "ok", "okay", "more"}
    | {"another", "right", "of", "them", "little", "few", "minutes"}
)
"""The words a snooze of every reminder is made of besides its verb and its time."""


def read_reminder_question(sentence: Sentence, now: Now) -> Command | None:
    """A question about reminders or a snooze of them all, or ``None`` (the sentence left
    as it was)."""
    return (
        _read_snooze_all(sentence, now)
        or _read_why_not(sentence)
        or _read_reminder_list(sentence, now)
    )


def _read_snooze_all(sentence: Sentence, now: Now) -> Command | None:
    start = match_body(_SNOOZE_ALL, sentence)
    if start is None:
        return None
    trial = sentence.copy()
    trial.claim(trial.span_of(start))
    minutes, until = take_snooze_time(trial, now)
    if any(trial.norm(i) not in _SNOOZE_ALL_WORDS for i in trial.alive_indices()):
        return None
    return SnoozeAll(until=until, minutes=minutes)


def _read_why_not(sentence: Sentence) -> Command | None:
    for pattern in _WHY_NOT:
        match = match_body(pattern, sentence)
        if match is not None and (target := target_of(sentence, match)):
            return WhyNoReminder(target)
    if match_body(_WHY_NOT_BARE, sentence) is not None:
        return WhyNoReminder("it")
    return None


def _read_reminder_list(sentence: Sentence, now: Now) -> Command | None:
    text = sentence.text
    if _REMINDER_WORDS.search(text) is None and _REMINDED_OF.search(text) is None:
        return None
    if sentence.norm(first_alive(sentence)) in _CREATING:
        return None
    trial = sentence.copy()
    for pattern in (_REMINDED_OF, _REMINDER_WORDS):
        for match in list(trial.find(pattern)):
            trial.claim(trial.span_of(match))
    day_from, day_to = take_day_range(trial, now)
    if any(trial.norm(i) not in _LIST_WORDS for i in trial.alive_indices()):
        return None
    return ListReminders(day_from=day_from, day_to=day_to)
