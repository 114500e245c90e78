"""The parser's own vocabulary, for tests that mix its words at random.

Every word of every pattern the parser's modules define, and of their word
lists, with a few forms no pattern spells out (clock times, dates, tags,
punctuation).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator
from typing import Any

import todo_chatbot.chat.language as language

_EXTRA_FORMS = (
    '5', '12', '0', '31', '99', '2026', '9999', '10000', '99999', '123456789', '1e9', '5pm',
    '5:30', '17:45', '12/5', '2026-12-05', '31/12/9999', '12/31/9999', '9999-12-31', '1st',
    '15th', '#tag', '#work', ',', '@', '?', '!', '.', "'", '"', '-', '&', '+', 'IST', 'UTC',
    'CET', 'Monday', 'Dec', 'tmrw', 'x', 'bob',
)  # fmt: skip


def vocabulary() -> list[str]:
    """The parser's words, sorted, each once."""
    words: set[str] = set(_EXTRA_FORMS)
    for value in _module_values():
        for text in _texts_in(value):
            words.update(re.findall(r"[a-z][a-z']*", text))
    return sorted(words)


def _module_values() -> Iterator[Any]:
    for module_info in pkgutil.walk_packages(language.__path__, language.__name__ + "."):
        module = importlib.import_module(module_info.name)
        yield from vars(module).values()


def _texts_in(value: Any, depth: int = 0) -> Iterator[str]:
    """The pattern sources and words inside a module-level value (a pattern, a rule, a table)."""
    if depth > 3:
        return
    if isinstance(value, re.Pattern):
        yield value.pattern
    elif isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts_in(key, depth + 1)
            yield from _texts_in(item, depth + 1)
    elif isinstance(value, (tuple, list, set, frozenset)):
        for item in value:
            yield from _texts_in(item, depth + 1)
    elif hasattr(value, "pattern") and isinstance(value.pattern, re.Pattern):
        yield value.pattern.pattern
