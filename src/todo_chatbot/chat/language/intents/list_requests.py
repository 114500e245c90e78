"""Which messages ask for a list of tasks, and which questions are about nothing kept.

List verbs ("show", "sort by", "my schedule") and questions about tasks or
dates list tasks; a question about anything else ("who won the game") is
unknown. :func:`~todo_chatbot.chat.language.listing.read_list_request` reads
the filters and the order.
"""

from __future__ import annotations

import re

from todo_chatbot.chat.language.commands import Command, ListTasks, Unknown
from todo_chatbot.chat.language.intents.reading import (
    body_of,
    first_alive,
    is_question,
    match_body,
)
from todo_chatbot.chat.language.listing import read_list_request, take_sort
from todo_chatbot.chat.language.phrases import QUESTION_WORDS
from todo_chatbot.chat.language.when.moments import find_moments
from todo_chatbot.chat.language.when.values import Now
from todo_chatbot.chat.language.words import Sentence, Span

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
    r"tomorrow's|weekly|daily|work|this week's) )*(?:(?!(?:no|not|without) )[\w'-]+ )?"
    r"(?:schedule|agenda|calendar|plans?|"
    r"planning|to do list|todo list|list|lists|tasks|todos|to dos|reminders|events|appointments|"
    r"meetings|deadlines)(?: (?:for|on|in|this|next|today|tomorrow|from)(?: .*)?)?$"
)
_STRONG_LIST = re.compile(
    r"(?:(?:i )?(?:need|want|would like|'d like|have) to |let's |lets |let us )?"
    rf"(?:{_COLLECTION}|{_LOOK_AT_TASKS}|show|list|display|view|find|search|look for|look up|"
    r"go through|(?:sort|order)(?: them| it| em| 'em| these| those)? by|filter|overdue|pending|"
    r"upcoming|agenda|my tasks|tasks|todos|my todos|my list|my schedule|my agenda|"
    r"(?:everything|all|things|stuff|the (?:things|stuff|tasks)) (?:that )?i(?:'ve| have)? "
    r"(?:already |just )?(?:finished|completed|did|done|checked off|ticked off|got done))(?!\S)"
)
_OUT_OF_DOMAIN = re.compile(
    r"(?:who (?:won|is|was|are|were|invented|wrote|sang|played|made|directed)|"
    r"(?:what|whats|what's|how much) (?:is |'s )?\d|what (?:is|are) (?:a|an|the meaning of)|"
    r"what(?:'s| is) the (?:capital|score|news|population|meaning|price|stock|distance|weather)|"
    r"how (?:far|tall|old|big|long) (?:is|are|was)|define|translate|why (?:is|are|do|does)|"
    r"how (?:do|does|did|can|could) (?!i |you |we |my |our |me )\S+(?: \S+)? (?:work|happen|"
    r"grow|fly|live|form|exist|function|die|breathe|sleep|move|make|get)s?)(?!\S)"
)
_TASK_WORDS = re.compile(
    r"(?<!\S)(?:tasks?|todos?|to dos?|to-dos?|list|lists|reminders?|schedule|scheduled|calendar|"
    r"agenda|plans?|planned|events?|meetings?|appointments?|due|overdue|pending|completed|"
    r"finished|done|deadlines?|items?|errands?|chores?|anything|something|busy|free|plate|left|"
    r"upcoming|coming up|next|booked|going on|happening|priority|urgent|important|tagged|#\S+|"
    r"have to|have i|do i have|need to|got|birthday|party|concert|dinner|lunch|program|show|"
    r"game|match|sorted|sort|order|alphabetically|remaining|outstanding|open|doing|do|finish|"
    r"complete|accomplish|accomplished|achieve|achieved|get done|got done|tick off|check off)"
    r"(?!\S)"
)


def read_list(sentence: Sentence, now: Now) -> Command | None:
    """A message that starts like a list request: a list if about tasks or dates, else unknown."""
    if match_body(_LIST_START, sentence) is None:
        return None
    if match_body(_OUT_OF_DOMAIN, sentence) is not None:
        return Unknown()
    strong = match_body(_STRONG_LIST, sentence) is not None
    body = " " + body_of(sentence) + " "
    if not strong and not _TASK_WORDS.search(body) and not _has_moment(sentence, now):
        return Unknown()
    return read_list_request(sentence, now)


def _has_moment(sentence: Sentence, now: Now) -> bool:
    probe = sentence.copy()
    return bool(find_moments(probe, now))


def read_question(sentence: Sentence, now: Now) -> Command | None:
    """A question that no reader took: about tasks it lists them, else it is unknown."""
    if not is_question(sentence):
        return None
    if match_body(_OUT_OF_DOMAIN, sentence) is not None:
        return Unknown()
    body = " " + body_of(sentence) + " "
    if _TASK_WORDS.search(body) or _has_moment(sentence, now):
        return read_list_request(sentence, now)
    return Unknown()


def starts_with_question(sentence: Sentence, now: Now) -> Command | None:
    """A message whose first word asks; "when ..." lists tasks unless it asks about the world."""
    first = sentence.norm(first_alive(sentence))
    if first not in QUESTION_WORDS:
        return None
    if first in ("when", "when's") and match_body(_OUT_OF_DOMAIN, sentence) is None:
        return read_list_request(sentence, now)
    return read_list(sentence, now) or read_question(sentence, now)


_SORT_ONLY_WORDS = frozenset(
    {"please", "show", "list", "them", "it", "everything", "tasks", "my", "me", "sort", "sorted"}
    | {"order", "ordered", "by", "in", "the", "and", "with", "now", "instead", "put", "all"}
    | {"todos", "items", "ones", "things", "stuff", ",", "ok", "okay", "can", "you", "just"}
)


_SORT_HINT = re.compile(
    r"(?<!\S)(?:first|1st|alphabetical|alphabetically|a-z|z-a|a|z|by|order|newest|oldest|"
    r"latest|earliest|next|top)(?!\S)"
)
"""A word every sort phrase holds; a message without one is no sort."""


def read_sort_only(sentence: Sentence, now: Now) -> Command | None:
    """A message that is only an order: "newest first", "alphabetically please"."""
    if not _SORT_HINT.search(sentence.text):
        return None  # no sort phrase can match: spare the copy and the sort's patterns
    probe = sentence.copy()
    if take_sort(probe) is None:
        return None
    if any(probe.norm(i) not in _SORT_ONLY_WORDS for i in probe.alive_indices()):
        return None
    return read_list_request(sentence, now)


_NEXT_PAGE = re.compile(
    r"(?:(?:ok|okay|and|please|so) )*(?:(?:show|list|give|tell|let me see|see|get)(?: me)? )?"
    r"(?:(?:some|any|the|a few) )?(?:more|next page|next one|next ones|next few|next \d+|rest|"
    r"page 2|second page|following page|following ones)"
    r"(?: (?:ones|tasks|todos|items|of them|of my tasks|of the list|of the tasks|please|pls))*"
    r"|(?:keep going|go on|continue|carry on)(?: please)?"
)
"""A request for the next page of the last listing: "show more", "next page", "the rest"."""


def read_next_page(sentence: Sentence, now: Now) -> Command | None:
    """ "show more", "next page": the listing before goes on (the chat keeps where)."""
    match = match_body(_NEXT_PAGE, sentence)
    if match is None:
        return None
    end = sentence.span_of(match).end
    if any(index >= end for index in sentence.alive_indices()):
        return None
    for index in sentence.alive_indices():
        sentence.claim(Span(index, index + 1))
    return ListTasks(next_page=True)


def read_strong_list(sentence: Sentence, now: Now) -> Command | None:
    """A message that starts as only a list request can ("show", "my schedule", "sort by")."""
    if match_body(_STRONG_LIST, sentence) is None:
        return None
    return read_list_request(sentence, now)
