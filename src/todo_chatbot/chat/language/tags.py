"""Tags: "#word", and "tagged / tag / label(ed) (with | as) a, b and c".

A tag is lower-cased, without "#", and follows the task's tag syntax (letters,
digits, "-" and "_", at most :data:`~todo_chatbot.tasks.task.MAX_TAG` long).
"""

from __future__ import annotations

import re
from typing import Final

from todo_chatbot.chat.language.words import Sentence, Span
from todo_chatbot.tasks.task import MAX_TAG

_TAG_WORD = re.compile(r"^[\w-]+$")
_HASHTAG = re.compile(r"(?<!\S)#(?P<tag>[\w-]+)(?!\S)")
_INTRODUCERS = re.compile(
    r"(?<!\S)(?:(?:and|,|with|then|also) ){0,4}(?:tagged|tag it|tag them|tag|tags|labeled|labelled|"
    r"label it|label|labels|with (?:the )?tags?|with (?:the )?labels?|under (?:the )?tags?)"
    r"(?: (?:with|as|it as|them as|them with|it with|=))?(?!\S)"
)
_SEPARATORS: Final = frozenset({",", "and", "&", "or"})
_NOT_TAGS: Final = frozenset(
    {"due", "priority", "every", "remind", "reminder", "by", "on", "at", "for", "to", "in"}
    | {"and", "the", "a", "an", "with", "as", "it", "tomorrow", "today", "tonight"}
    | {"sorted", "sort", "order", "ordered", "from"}
    | {"before", "after", "until", "this", "next", "that", "which", "is", "are", "tasks"}
    | {"task", "items", "todos"}
)


_PRIORITY_WORDS: Final = frozenset({"priority", "prio", "pri", "importance"})


def is_tag(word: str) -> bool:
    return 1 <= len(word) <= MAX_TAG and bool(_TAG_WORD.match(word)) and word not in _NOT_TAGS


def take_hashtags(sentence: Sentence) -> list[str]:
    """Every "#word" in the message, claimed, with a place word before it ("under #home")."""
    tags: list[str] = []
    for match in list(sentence.find(_HASHTAG)):
        tag = match.group("tag").lower()
        if 1 <= len(tag) <= MAX_TAG:
            span = sentence.span_of(match)
            sentence.claim(span)
            before = span.start - 1
            if before >= 0 and sentence.alive[before] and sentence.norm(before) in _PLACE_WORDS:
                sentence.claim(Span(before, span.start))
            _add(tags, tag)
    return tags


_PLACE_WORDS: Final = frozenset({"under", "into", "in", "to", "on", "onto"})


_DESTINATION = re.compile(
    r"(?<!\S)(?:to|into) (?:my |the )?(?P<tag>[a-z][\w-]*)"
    r"(?: list| tag| pile| shelf)?$"
)


def take_quoted_destination(sentence: Sentence) -> list[str]:
    """ "add "The 5th Wave" to reading": where a title that is all quoted goes is a tag
    (the quotes say the title is all of it, so "to X" after it can only name a list)."""
    for match in sentence.find(_DESTINATION):
        span = sentence.span_of(match)
        tag = match.group("tag")
        before = [sentence.norm(i) for i in sentence.alive_indices() if i < span.start]
        if before and all(word.startswith("~") for word in before) and is_tag(tag):
            sentence.claim(span)
            return [tag]
    return []


def take_tag_phrases(sentence: Sentence, lo: int = 0, hi: int | None = None) -> list[str]:
    """Tags named after "tagged", "tag", "label(ed)" ... in words ``lo`` to ``hi``, claimed."""
    tags: list[str] = []
    for match in list(sentence.find(_INTRODUCERS, lo, hi)):
        start = sentence.span_of(match)
        if not all(sentence.alive[start.start : start.end]):
            continue
        listed, end = read_tag_list(sentence, start.end, hi)
        if not listed:
            continue
        sentence.claim(Span(start.start, end))
        for tag in listed:
            _add(tags, tag)
    return tags


def read_tag_list(sentence: Sentence, at: int, hi: int | None = None) -> tuple[list[str], int]:
    """Tags listed from word ``at`` ("a, b and c", "#a #b"); returns them and where they end."""
    hi = len(sentence) if hi is None else hi
    tags: list[str] = []
    end = at
    index = at
    while index < hi and sentence.alive[index]:
        word = sentence.norm(index).lstrip("#")
        if not is_tag(word) or sentence.norm(index + 1) in _PRIORITY_WORDS:
            break  # "tags: home, outdoor, low priority"
        tags.append(word)
        end = index + 1
        index += 1
        if _stops_after(sentence, end - 1):
            break  # "tag it work: draft the memo"
        while index < hi and sentence.alive[index] and sentence.norm(index) in _SEPARATORS:
            index += 1
    return tags, end


def _stops_after(sentence: Sentence, index: int) -> bool:
    """Whether a colon, full stop or dash follows word ``index``: the list of tags ends there."""
    if index + 1 >= len(sentence):
        return False
    end = sentence.tokens[sentence.words[index].last].end
    start = sentence.tokens[sentence.words[index + 1].first].start
    return any(mark in sentence.raw[end:start] for mark in ":;.!?-()\u2013\u2014")


def _add(tags: list[str], tag: str) -> None:
    if tag not in tags:
        tags.append(tag)
