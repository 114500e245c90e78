"""The words that name the task a command is about: "mark *the report* as done"."""

from __future__ import annotations

import re
from typing import Final

from todo_chatbot.chat.language.phrases import (
    DETERMINERS,
    TARGET_NOUNS,
    TITLE_EDGES,
    claim_container,
    clean_text,
)
from todo_chatbot.chat.language.words import Sentence, Span


def target_in(sentence: Sentence, lo: int = 0, hi: int | None = None) -> str:
    """The words naming a task: no determiners, no "task", no "from my list"."""
    hi = len(sentence) if hi is None else hi
    claim_container(sentence, lo)
    alive = [i for i in range(lo, hi) if sentence.alive[i]]
    if len(alive) == 1 and sentence.norm(alive[0]) in _PRONOUNS:
        return clean_text(sentence.leftover_text(alive[0], alive[0] + 1))
    while alive and (
        sentence.norm(alive[0]) in DETERMINERS | TARGET_NOUNS | TITLE_EDGES
        or _is_the_one(sentence, alive)
        or _is_a_misspelt_noun(sentence, alive)
    ):
        named = (
            sentence.norm(alive[0]) in TARGET_NOUNS
            or _is_the_one(sentence, alive)
            or _is_a_misspelt_noun(sentence, alive)
        )
        sentence.claim(Span(alive[0], alive[0] + 1))
        alive.pop(0)
        if named and alive and sentence.norm(alive[0]) in _NAMING:
            sentence.claim(Span(alive[0], alive[0] + 1))  # "the task called X"
            alive.pop(0)
    while alive and sentence.norm(alive[-1]) in DETERMINERS | TARGET_NOUNS | TITLE_EDGES:
        sentence.claim(Span(alive[-1], alive[-1] + 1))
        alive.pop()
    if not alive:
        return ""
    return clean_text(sentence.leftover_text(alive[0], alive[-1] + 1))


def _is_the_one(sentence: Sentence, alive: list[int]) -> bool:
    """ "the one called X": "one" (read as the number 1) names the task that follows."""
    first = alive[0]
    following = sentence.norm(alive[1]) if len(alive) > 1 else ""
    return (
        sentence.norm(first) == "1"
        and sentence.original(Span(first, first + 1)).lower() == "one"
        and following in _NAMING
    )


def _is_a_misspelt_noun(sentence: Sentence, alive: list[int]) -> bool:
    """ "the tast about the bank": a word one letter off "task" or "todo", before a word
    that says what the task is about, is that noun misspelt."""
    if len(alive) < 2 or sentence.norm(alive[1]) not in _NAMING | _ABOUT:
        return False
    word = sentence.norm(alive[0])
    return any(_one_letter_off(word, noun) for noun in _MISSPELT_NOUNS)


def _one_letter_off(word: str, known: str) -> bool:
    """Same length and first letter, one other letter changed."""
    if len(word) != len(known) or word[:1] != known[:1]:
        return False
    return sum(a != b for a, b in zip(word, known, strict=True)) == 1


_MISSPELT_NOUNS: Final = ("task", "tasks", "todo", "todos")
_ABOUT: Final = frozenset({"about", "for", "regarding", "re", "on", "with", "to"})
_NAMING: Final = frozenset({"called", "named", "titled", "labelled", "labeled", "saying"})
_PRONOUNS: Final = frozenset({"it", "that", "this", "them", "these", "those"})


def target_of(sentence: Sentence, match: re.Match[str], group: str = "t") -> str:
    """The task named by ``group`` of ``match``."""
    span = sentence.span_of(match, group)
    return target_in(sentence, span.start, span.end)
