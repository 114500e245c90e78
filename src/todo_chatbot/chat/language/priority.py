"""Priority phrases: "high priority", "priority: low", "p1", "urgent", "asap".

``p1``/``p2``/``p3`` are high/medium/low; "urgent", "important", "asap" and
"critical" are high; "not urgent" and "no rush" are low.
"""

from __future__ import annotations

import re
from typing import Final

from todo_chatbot.chat.language.words import Sentence
from todo_chatbot.tasks.task import Priority

LEVELS: Final = {
    "high": Priority.HIGH,
    "highest": Priority.HIGH,
    "top": Priority.HIGH,
    "max": Priority.HIGH,
    "maximum": Priority.HIGH,
    "hi": Priority.HIGH,
    "1": Priority.HIGH,
    "p1": Priority.HIGH,
    "medium": Priority.MEDIUM,
    "med": Priority.MEDIUM,
    "mid": Priority.MEDIUM,
    "normal": Priority.MEDIUM,
    "moderate": Priority.MEDIUM,
    "average": Priority.MEDIUM,
    "2": Priority.MEDIUM,
    "p2": Priority.MEDIUM,
    "low": Priority.LOW,
    "lowest": Priority.LOW,
    "lo": Priority.LOW,
    "min": Priority.LOW,
    "3": Priority.LOW,
    "p3": Priority.LOW,
}
_LEVEL = r"(?:high|highest|top|max|maximum|hi|medium|med|mid|normal|moderate|average|low|lowest|lo)"
_LINK = r"(?P<pre>(?:(?:with|at|as|is|of|a|an|to|it|it's|its|that's|mark|set|make) ){0,4})"

PATTERNS: Final = (
    re.compile(
        rf"(?<!\S){_LINK}(?P<level>{_LEVEL}) ?-?(?:priority|prio|pri|importance)(?: level)?(?!\S)"
    ),
    re.compile(
        rf"(?<!\S){_LINK}(?:priority|prio|pri)(?: level)?(?: is| of| to| as| =)? "
        rf"(?P<level>{_LEVEL}|[123])(?!\S)"
    ),
    re.compile(r"(?<!\S)(?P<pre>)(?P<level>p[123])(?!\S)"),
    re.compile(
        r"(?<!\S)(?P<pre>(?:(?:it's|its|it|is|that's|this) ){0,2})(?P<low>not (?:very )?"
        r"(?:urgent|important)|no rush|not a priority|"
        r"low importance|whenever i can|someday)(?!\S)"
    ),
    re.compile(
        r"(?<!\S)(?P<pre>(?:(?:as|is|it|it's|its|that's|thats|mark|make) ){0,4})"
        r"(?:(?:very|super|really|extremely|most) )?"
        r"(?P<high>urgent|urgently|important|critical|asap|as soon as possible|top priority|"
        r"high prio)(?!\S)"
    ),
)


def level_of(match: re.Match[str]) -> Priority:
    groups = match.groupdict()
    if groups.get("high"):
        return Priority.HIGH
    if groups.get("low"):
        return Priority.LOW
    return LEVELS[match.group("level")]


def take_priority(sentence: Sentence, lo: int = 0, hi: int | None = None) -> Priority | None:
    """The first priority the words ``lo`` to ``hi`` state; its words are claimed."""
    for pattern in PATTERNS:
        for match in sentence.find(pattern, lo, hi):
            sentence.claim(sentence.span_of(match))
            return level_of(match)
    return None


def take_priorities(sentence: Sentence) -> tuple[Priority, ...]:
    """Every priority a list request names ("high and medium priority tasks")."""
    found: list[Priority] = []
    joined = re.compile(
        rf"(?<!\S)(?P<levels>{_LEVEL}(?: (?:and|or|,|, or|, and) {_LEVEL})+) "
        r"(?:priority|prio|pri)(?!\S)"
    )
    for match in list(sentence.find(joined)):
        span = sentence.span_of(match)
        if not all(sentence.alive[span.start : span.end]):
            continue
        sentence.claim(span)
        for level in re.findall(_LEVEL, match.group("levels")):
            if LEVELS[level] not in found:
                found.append(LEVELS[level])
    for pattern in PATTERNS:
        for match in list(sentence.find(pattern)):
            sentence.claim(sentence.span_of(match))
            if level_of(match) not in found:
                found.append(level_of(match))
    return tuple(found)
