"""Targets that select many tasks: "all work tasks due today", "everything tagged errands".

A command's target is a *selection* when it reads wholly as a list request's
filter (:func:`~todo_chatbot.chat.language.listing.read_list_request`: status,
tags, due range, overdue, priority, search) and either

- starts with a word for many ("all", "every", "everything", "each"), as in
  "all work tasks due today" or "every task mentioning paint"; or
- holds a filter no title would ("overdue", "completed", "high priority",
  "tagged errands", "mentioning paint"), as in "push my overdue tasks".

A single word left before "tasks" is a tag ("all *work* tasks"). Anything
else left over means the words name one task ("all hands meeting notes"),
and the target stays a name. "all" alone (and "everything") is not a
selection: "delete all" still means every task, asked about as before.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Final

from todo_chatbot.chat.language.listing import read_list_request
from todo_chatbot.chat.language.tags import is_tag
from todo_chatbot.chat.language.when.values import Now
from todo_chatbot.chat.language.words import Sentence, Span
from todo_chatbot.tasks.queries import StatusFilter, TaskFilter

_MANY = re.compile(r"^(?:all|every|everything|each|any)(?!\S)")
_FILTER_START = re.compile(
    r"^(?:tagged|labelled|labeled|with (?:the )?tag|mentioning|containing|due|overdue|"
    r"completed|done|finished)(?!\S)"
)
_FILLER: Final = frozenset(
    {"all", "every", "everything", "each", "any", "of", "my", "the", "tasks", "task", "todos"}
    | {"todo", "items", "item", "things", "ones", "that", "which", "are", "is", "with", "i"}
    | {"have", "those", ",", "and", "stuff", "reminders"}
)
_SEARCH_LEADS: Final = frozenset(
    {"mentioning", "mention", "containing", "contains", "about", "matching", "called", "named"}
    | {"titled", "regarding", "involving", "say", "says", "words", "word", "text"}
)
"""The words before a search's keywords, which the list reader leaves unclaimed."""
_TASK_NOUNS: Final = frozenset({"tasks", "task", "todos", "items", "things", "ones", "stuff"})


def read_selection(target: str, now: Now) -> TaskFilter | None:
    """The filter ``target`` selects tasks by, or None when it names one task."""
    text = " ".join(target.lower().split())
    if not text or text in ("all", "everything", "every", "each", "any"):
        return None
    many = _MANY.match(text) is not None
    if not many and _FILTER_START.match(text) is None:
        return None
    sentence = Sentence(target)
    tag = _tag_before_noun(sentence)
    found = read_list_request(sentence, now).filter
    if tag is not None and tag not in found.tags:
        found = replace(found, tags=(*found.tags, tag))
    allowed = _FILLER | _SEARCH_LEADS if found.search else _FILLER
    if any(sentence.norm(i) not in allowed for i in sentence.alive_indices()):
        return None
    if found.status is StatusFilter.ALL and found == TaskFilter(status=StatusFilter.ALL):
        return None
    if not many and found == TaskFilter():
        return None
    return found


def _tag_before_noun(sentence: Sentence) -> str | None:
    """ "all work tasks": the one word between "all" and "tasks" is a tag; both claimed."""
    words = [sentence.norm(i) for i in range(len(sentence))]
    if len(words) < 3 or words[0] not in ("all", "every", "each", "any"):
        return None
    if words[2] not in _TASK_NOUNS or words[1] in _FILLER or not is_tag(words[1]):
        return None
    if words[1] in _NOT_TAGS:
        return None
    sentence.claim(Span(0, 2))  # "all" says how many here, not "all statuses"
    return words[1]


_NOT_TAGS: Final = frozenset(
    {"pending", "open", "completed", "done", "finished", "overdue", "late", "urgent", "important"}
    | {"other", "remaining", "outstanding", "unfinished", "incomplete", "old", "new", "today's"}
    | {"tomorrow's", "recurring", "repeating", "high", "low", "medium"}
)
