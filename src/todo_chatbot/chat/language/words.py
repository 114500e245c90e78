"""Tokens and normalized words: what every rule of the parser reads.

A message is cut into :class:`Token` objects that remember where they stand in
the original text, then into normalized :class:`Word` objects: lower case,
abbreviations and common misspellings written out ("tmrw" is "tomorrow",
"hrs" is "hours", "5p" is "5 pm"), spelled-out numbers as digits ("twenty
three" is "23", "third" is "3rd"). A word may stand for several tokens
("twenty three") and a token for several words ("5pm").

:class:`Sentence` holds the words and lets each rule find its pattern in the
words still unclaimed and claim them; what nobody claims is the title or the
target, rebuilt from the original tokens so that the user's casing stays.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from todo_chatbot.chat.language.numbers import ordinal_suffix, read_number_words

_TOKEN = re.compile(r"[#@]?\w(?:[\w'.:/\-+&]*\w)?|[^\w\s]")
_DEAD = "_"

MONTHS: Final = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MONTH_ABBREVIATIONS: Final = {
    "jan": "january",
    "feb": "february",
    "mar": "march",
    "apr": "april",
    "jun": "june",
    "jul": "july",
    "aug": "august",
    "sep": "september",
    "sept": "september",
    "oct": "october",
    "nov": "november",
    "dec": "december",
}
_WEEKDAY_ABBREVIATIONS: Final = {
    "mon": "monday",
    "tue": "tuesday",
    "tues": "tuesday",
    "wed": "wednesday",
    "weds": "wednesday",
    "thu": "thursday",
    "thur": "thursday",
    "thurs": "thursday",
    "fri": "friday",
    "sat": "saturday",
    "sun": "sunday",
}
_WORD_FORMS: Final = {
    **dict.fromkeys(("tmrw", "tmr", "tmrrw", "tmw", "tmrow", "tmro", "tomorow"), "tomorrow"),
    **dict.fromkeys(("tommorow", "tommorrow", "tomorrows", "2morrow", "2moro"), "tomorrow"),
    **dict.fromkeys(("2morow", "2mrw", "tomm", "tomorro", "tomrrow", "tomorrw"), "tomorrow"),
    **dict.fromkeys(("tonite", "2nite", "tonigh", "tonights", "tonght"), "tonight"),
    **dict.fromkeys(("tdy", "todays", "2day", "tody"), "today"),
    "yday": "yesterday",
    "nite": "night",
    "midnite": "midnight",
    "midday": "noon",
    "12noon": "noon",
    "mornin": "morning",
    "morn": "morning",
    "arvo": "afternoon",
    "eve": "evening",
    **dict.fromkeys(("min", "mins", "mn", "mnt", "mnts", "minuts", "minits"), "minutes"),
    **dict.fromkeys(("hr", "hrs", "hors", "hous"), "hours"),
    **dict.fromkeys(("sec", "secs"), "seconds"),
    **dict.fromkeys(("wk", "wks"), "weeks"),
    **dict.fromkeys(("mo", "mos", "mth", "mths", "mnth", "mnths"), "months"),
    **dict.fromkeys(("yr", "yrs"), "years"),
    "a.m": "am",
    "p.m": "pm",
    "o'clock": "oclock",
    **dict.fromkeys(("pls", "plz", "plse", "pleas", "plez"), "please"),
    **dict.fromkeys(("til", "till", "untill", "thru"), "until"),
    **dict.fromkeys(("cob", "eob"), "eod"),
    "nxt": "next",
    **dict.fromkeys(("wknd", "wkend", "wkd", "week-end"), "weekend"),
    **dict.fromkeys(("wknds", "wkends", "week-ends"), "weekends"),
    "everyday": "every day",
    "evry": "every",
    "b4": "before",
    "u": "you",
    "ur": "your",
    "thx": "thanks",
    "thanx": "thanks",
    "ty": "thanks",
    "to-do": "todo",
    "to-dos": "todos",
    "todo's": "todos",
    "re-open": "reopen",
    "bi-weekly": "biweekly",
    "mid-day": "noon",
    "high-priority": "high priority",
    "low-priority": "low priority",
    "medium-priority": "medium priority",
    "&": "and",
    "+": "and",
}
_AMBIGUOUS: Final = frozenset({"may", "march", "mar", "sun", "sat", "wed", "jan", "jun"})
"""Words that are dates only next to a date word: "I may", "buy sun cream", "call Jan"."""

_DATE_NEIGHBOURS: Final = frozenset(
    {"on", "by", "next", "this", "every", "each", "until", "before", "after", "from", "due"}
    | {"last", "of", "in", "during", "early", "mid", "late", "since", "coming", "am"}
    | {"pm", "at", "morning", "afternoon", "evening", "night", "noon", "@", ","}
)
_POSSESSIVE_DATES: Final = frozenset(
    {"tomorrow", "today", "tonight", "yesterday", "week", "month", "year", "weekend"}
    | set(WEEKDAYS)
)
_UNIT_SUFFIXES: Final = {
    "h": "h",
    "hr": "hours",
    "hrs": "hours",
    "hour": "hours",
    "hours": "hours",
    "m": "minutes",
    "min": "minutes",
    "mins": "minutes",
    "minute": "minutes",
    "minutes": "minutes",
    "s": "seconds",
    "sec": "seconds",
    "secs": "seconds",
    "d": "days",
    "day": "days",
    "days": "days",
    "w": "weeks",
    "wk": "weeks",
    "wks": "weeks",
    "week": "weeks",
    "weeks": "weeks",
}
_TIME_WITH_MERIDIEM = re.compile(r"^(\d{1,4}(?::\d\d){0,2})(am|pm|a|p|a\.m|p\.m)\.?$")
_HOUR_H_MINUTES = re.compile(r"^(\d{1,2})h(\d\d)$")
_NUMBER_WITH_UNIT = re.compile(r"^(\d+(?:\.\d+)?|\d/\d)([a-z]+)$")
_DAY_MONTH_GLUED = re.compile(r"^(\d{1,2})([a-z]{3,9})$")
_MONTH_DAY_GLUED = re.compile(r"^([a-z]{3,9})(\d{1,2})$")
_ISH = re.compile(r"^(\w+?)ish$")
_PUNCTUATION_WORDS: Final = frozenset({",", "@"})


@dataclass(frozen=True, slots=True)
class Token:
    """A piece of the original message: a word or one punctuation mark."""

    text: str
    start: int
    end: int

    @property
    def is_punctuation(self) -> bool:
        return not any(ch.isalnum() for ch in self.text)


@dataclass(frozen=True, slots=True)
class Word:
    """A normalized word standing for the tokens ``first`` to ``last``."""

    norm: str
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class Span:
    """Words ``start`` (included) to ``end`` (excluded) of a sentence."""

    start: int
    end: int


class Sentence:
    """The words of one message and which of them a rule has claimed."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.tokens = [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(raw)]
        self.words = _normalize(self.tokens)
        self.alive = [True] * len(self.words)
        self._text: str | None = None
        self._starts: list[int] = []

    def copy(self) -> Sentence:
        """The same message with the same claims, to try a rule without committing."""
        twin = Sentence.__new__(Sentence)
        twin.raw, twin.tokens, twin.words = self.raw, self.tokens, self.words
        twin.alive = list(self.alive)
        twin._text, twin._starts = None, list(self._starts)
        return twin

    def __len__(self) -> int:
        return len(self.words)

    @property
    def text(self) -> str:
        """The normalized words one space apart, each claimed word as a run of ``_``.

        A claimed word keeps its length, so word offsets never move and a match
        found before a claim still points at the same words after it.
        """
        if self._text is None:
            if not self._starts:
                at = 0
                for word in self.words:
                    self._starts.append(at)
                    at += len(word.norm) + 1
            self._text = " ".join(
                word.norm if alive else _DEAD * len(word.norm)
                for word, alive in zip(self.words, self.alive, strict=True)
            )
        return self._text

    def span_start(self, index: int) -> int:
        """Where word ``index`` begins in :attr:`text`."""
        self.text  # noqa: B018 - builds the offsets
        return self._starts[index] if index < len(self._starts) else len(self.text)

    def norm(self, index: int) -> str:
        return self.words[index].norm if 0 <= index < len(self.words) else ""

    def span_of(self, match: re.Match[str], group: int | str = 0) -> Span:
        """The words that a match (or one of its groups) covers.

        Read on the text the match was made on: claims since then left every offset
        in place, and rebuilding :attr:`text` after each claim would cost the whole
        message each time.
        """
        if not self._starts:
            self.text  # noqa: B018 - builds the offsets
        text = match.string
        start, end = match.span(group)
        while start < end and text[start] == " ":
            start += 1
        while end > start and text[end - 1] == " ":
            end -= 1
        first = bisect_right(self._starts, start) - 1
        last = bisect_right(self._starts, max(end - 1, start)) - 1
        return Span(first, last + 1)

    def find(
        self, pattern: re.Pattern[str], lo: int = 0, hi: int | None = None
    ) -> Iterator[re.Match[str]]:
        """Matches of ``pattern`` on whole words, within words ``lo`` to ``hi``."""
        text = self.text
        begin = self._starts[lo] if lo < len(self._starts) else len(text)
        end = len(text) if hi is None or hi >= len(self._starts) else self._starts[hi] - 1
        return pattern.finditer(text, begin, max(begin, end))

    def claim(self, span: Span) -> None:
        for index in range(span.start, span.end):
            self.alive[index] = False
        self._text = None

    def release(self, span: Span) -> None:
        for index in range(span.start, span.end):
            self.alive[index] = True
        self._text = None

    def alive_indices(self) -> list[int]:
        return [i for i, alive in enumerate(self.alive) if alive]

    def original(self, span: Span) -> str:
        """The original text of the tokens behind words ``span``, casing kept."""
        if span.start >= span.end:
            return ""
        first = self.words[span.start].first
        last = self.words[span.end - 1].last
        return self.raw[self.tokens[first].start : self.tokens[last].end]

    def leftover_text(self, lo: int = 0, hi: int | None = None) -> str:
        """The unclaimed part of words ``lo`` to ``hi``, rebuilt from the original tokens."""
        hi = len(self.words) if hi is None else hi
        kept: set[int] = set()
        spanned: set[int] = set()
        for index in range(lo, hi):
            word = self.words[index]
            token_range = range(word.first, word.last + 1)
            spanned.update(token_range)
            if self.alive[index]:
                kept.update(token_range)
        if not kept:
            return ""
        low, high = min(spanned), max(spanned)
        chosen = [i for i in range(low, high + 1) if i in kept or self._joins(i, kept)]
        return _join_tokens(self.tokens, chosen, self.raw)

    def _joins(self, index: int, kept: set[int]) -> bool:
        """A punctuation mark stays when the words on both sides of it stay."""
        token = self.tokens[index]
        if not token.is_punctuation:
            return False
        before = _nearest_word(self.tokens, index, -1)
        after = _nearest_word(self.tokens, index, +1)
        return before in kept and after in kept


def _nearest_word(tokens: list[Token], index: int, step: int) -> int:
    index += step
    while 0 <= index < len(tokens) and tokens[index].is_punctuation:
        index += step
    return index


def _join_tokens(tokens: list[Token], chosen: list[int], raw: str) -> str:
    parts: list[str] = []
    previous: int | None = None
    for index in chosen:
        token = tokens[index]
        if previous is not None:
            touching = previous == index - 1 and tokens[previous].end == token.start
            if not touching:
                parts.append(" ")
        parts.append(token.text)
        previous = index
    return "".join(parts).strip()


# ---------------------------------------------------------------- normalization


def _normalize(tokens: list[Token]) -> list[Word]:
    pieces: list[tuple[str, int]] = []
    for index, token in enumerate(tokens):
        for form in _token_forms(token.text):
            pieces.append((form, index))
    pieces = _resolve_ambiguous(pieces)
    return _merge_phrases(pieces)


def _token_forms(text: str) -> list[str]:
    """The normalized words of one token (none for most punctuation)."""
    lowered = text.lower().replace("\u2019", "'")
    if not any(ch.isalnum() for ch in lowered):
        return [lowered] if lowered in _PUNCTUATION_WORDS or lowered in ("&", "+") else []
    if lowered in _WORD_FORMS:
        return _WORD_FORMS[lowered].split()
    if lowered.startswith("@"):
        return ["@", *_token_forms(lowered[1:])]
    if lowered.startswith("#"):
        return [lowered]
    return _split_glued(lowered)


def _split_glued(word: str) -> list[str]:
    match = _TIME_WITH_MERIDIEM.match(word)
    if match:
        return [match.group(1), "am" if match.group(2).startswith("a") else "pm"]
    match = _HOUR_H_MINUTES.match(word)
    if match:
        return [f"{int(match.group(1)):02d}:{match.group(2)}"]
    match = _NUMBER_WITH_UNIT.match(word)
    if match and match.group(2) in _UNIT_SUFFIXES:
        return [match.group(1), _UNIT_SUFFIXES[match.group(2)]]
    if match and match.group(2) == "ish":
        return [match.group(1)]
    match = _DAY_MONTH_GLUED.match(word)
    if match and _month_name(match.group(2)):
        return [match.group(1), _month_name(match.group(2))]
    match = _MONTH_DAY_GLUED.match(word)
    if match and _month_name(match.group(1)):
        return [_month_name(match.group(1)), match.group(2)]
    if word.endswith("'s") and word[:-2] in _POSSESSIVE_DATES | set(_WORD_FORMS):
        return _token_forms(word[:-2])
    match = _ISH.match(word)
    if match and match.group(1) in ("morning", "afternoon", "evening", "night", "noon"):
        return [match.group(1)]
    if "-" in word:
        return _split_hyphenated(word)
    if word.endswith(".") and word[:-1] in _WEEKDAY_ABBREVIATIONS:
        return [_WEEKDAY_ABBREVIATIONS[word[:-1]]]
    return [word]


def _month_name(word: str) -> str:
    if word in MONTHS:
        return word
    return _MONTH_ABBREVIATIONS.get(word, "")


def _split_hyphenated(word: str) -> list[str]:
    """ "twenty-three" and "three-quarters" split; "e-mail" stays whole."""
    parts = word.split("-")
    joined = "".join(parts)
    if joined in _WORD_FORMS:
        return _WORD_FORMS[joined].split()
    if joined in ("weekend", "weekends", "todo", "todos", "reopen", "biweekly", "midday"):
        return ["noon" if joined == "midday" else joined]
    if any(read_number_words([part], 0) for part in parts if part.isalpha()):
        return [part for part in parts if part]
    return [word]


def _resolve_ambiguous(pieces: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Expand weekday and month abbreviations; ambiguous ones only beside a date word."""
    resolved: list[tuple[str, int]] = []
    for index, (word, token) in enumerate(pieces):
        if word in _AMBIGUOUS and not _beside_date_word(pieces, index):
            resolved.append((_PLAIN_FORMS.get(word, word), token))
        elif word == "second" and _is_unit_second(pieces, index):
            resolved.append(("seconds", token))
        else:
            expanded = _WEEKDAY_ABBREVIATIONS.get(word) or _MONTH_ABBREVIATIONS.get(word)
            resolved.append((expanded or word, token))
    return resolved


_PLAIN_FORMS: Final = {"may": "may~", "march": "march~"}
"""Month names read as ordinary words ("I may", "march on"), marked so no date rule takes them."""


def _beside_date_word(pieces: list[tuple[str, int]], index: int) -> bool:
    before = pieces[index - 1][0] if index > 0 else ""
    after = pieces[index + 1][0] if index + 1 < len(pieces) else ""
    if index + 1 == len(pieces) and pieces[index][0] in _WEEKDAY_ABBREVIATIONS:
        return True
    return (
        before in _DATE_NEIGHBOURS
        or _looks_numeric(before)
        or _looks_numeric(after)
        or after in ("morning", "afternoon", "evening", "night", "at", "@", ",", "the")
    )


def _looks_numeric(word: str) -> bool:
    return bool(word) and (word[0].isdigit() or read_number_words([word], 0) is not None)


def _is_unit_second(pieces: list[tuple[str, int]], index: int) -> bool:
    before = pieces[index - 1][0] if index > 0 else ""
    return before in ("a", "an", "one", "1", "per", "the", "this") and not (
        index + 1 < len(pieces) and pieces[index + 1][0] in (*WEEKDAYS, "of", "week", "day")
    )


def _merge_phrases(pieces: list[tuple[str, int]]) -> list[Word]:
    """Join multi-word forms: spelled-out numbers, "a m", "o clock", "a couple of"."""
    forms = [form for form, _ in pieces]
    words: list[Word] = []
    at = 0
    while at < len(pieces):
        length, merged = _phrase_at(forms, at)
        first, last = pieces[at][1], pieces[at + length - 1][1]
        words.append(Word(merged, first, last))
        at += length
    return words


_COUNT_PHRASES: Final = (
    (("a", "couple", "of"), "2"),
    (("a", "pair", "of"), "2"),
    (("couple", "of"), "2"),
    (("a", "couple"), "2"),
    (("a", "few"), "3"),
    (("few",), "3"),
)


def _phrase_at(forms: list[str], at: int) -> tuple[int, str]:
    """(words used, normalized form) of the phrase that begins at ``forms[at]``."""
    word = forms[at]
    following = forms[at + 1] if at + 1 < len(forms) else ""
    for phrase, value in _COUNT_PHRASES:
        if tuple(forms[at : at + len(phrase)]) == phrase:
            return len(phrase), value
    if word == "mid" and following == "day":
        return 2, "noon"
    if word == "o" and following == "clock":
        return 2, "oclock"
    if word in ("a", "p") and following == "m" and at > 0 and _looks_numeric(forms[at - 1]):
        return 2, "am" if word == "a" else "pm"
    if word == "second":
        return 1, "2nd"
    number = read_number_words(forms, at)
    if number is not None:
        return number.length, ordinal_suffix(number.value) if number.ordinal else str(number.value)
    return 1, word
