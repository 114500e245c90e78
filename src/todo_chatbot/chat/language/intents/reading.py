"""What the intent readers share: a reader's type and the message's unclaimed words.

A reader looks at the words no earlier step claimed (the *body*), matching its
patterns from the first of them on.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from todo_chatbot.chat.language.commands import Command
from todo_chatbot.chat.language.phrases import QUESTION_WORDS
from todo_chatbot.chat.language.when.values import Now
from todo_chatbot.chat.language.words import Sentence

Reader = Callable[[Sentence, Now], "Command | None"]


def body_of(sentence: Sentence) -> str:
    """The unclaimed words, one space apart."""
    return " ".join(sentence.norm(i) for i in sentence.alive_indices())


def first_alive(sentence: Sentence) -> int:
    """The index of the first unclaimed word; the sentence's length when none is left."""
    return next((i for i, alive in enumerate(sentence.alive) if alive), len(sentence))


def match_body(pattern: re.Pattern[str], sentence: Sentence) -> re.Match[str] | None:
    """``pattern`` matched from the first unclaimed word to the end of the last one (a
    trailing "please" claimed by the fillers does not keep "$" from matching)."""
    start = first_alive(sentence)
    if start >= len(sentence):
        return None
    text = sentence.text
    last = max(sentence.alive_indices())
    end = sentence.span_start(last) + len(sentence.norm(last))
    return pattern.match(text, sentence.span_start(start), end)


def is_question(sentence: Sentence) -> bool:
    """Whether the message starts with a question word or ends with "?"."""
    first = sentence.norm(first_alive(sentence))
    return first in QUESTION_WORDS or sentence.raw.rstrip().endswith("?")
