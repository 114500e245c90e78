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
from functools import lru_cache
from typing import Final

from todo_chatbot.chat.language.numbers import ordinal_suffix, read_number_words

_TOKEN = re.compile(r"[#@!]?\w(?:[\w'.:/\-+&]*\w)?|[^\w\s]")
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
        self.words = _quoted_kept(self.tokens, _normalize(self.tokens))
        self.alive = [True] * len(self.words)
        self._text: str | None = None
        self._starts: list[int] = []
        self._edges: dict[int, bool] | None = None

    def copy(self) -> Sentence:
        """The same message with the same claims, to try a rule without committing."""
        twin = Sentence.__new__(Sentence)
        twin.raw, twin.tokens, twin.words = self.raw, self.tokens, self.words
        twin.alive = list(self.alive)
        twin._text, twin._starts, twin._edges = None, list(self._starts), self._edges
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

    def respell(self, index: int, norm: str) -> None:
        """Word ``index`` read as ``norm`` (a corrected command word); offsets are rebuilt."""
        word = self.words[index]
        self.words = [
            *self.words[:index],
            Word(norm, word.first, word.last),
            *self.words[index + 1 :],
        ]
        self._text = None
        self._starts = []

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
        high = self._through_closing_quote(low, high)
        low = self._from_opening_quote(low, high)
        chosen = [i for i in range(low, high + 1) if i in kept or self._joins(i, kept)]
        return _join_tokens(self.tokens, chosen, self.raw)

    def _through_closing_quote(self, low: int, high: int) -> int:
        """``high``, or the closing quote after it when its opening quote is at ``low`` or after."""
        edges = self._quote_edges()
        if edges.get(high + 1) is False:
            opening = max(i for i, is_opening in edges.items() if is_opening and i < high + 1)
            return high + 1 if opening >= low else high
        return high

    def _from_opening_quote(self, low: int, high: int) -> int:
        """``low``, or the opening quote just before it when its closing quote is by ``high``."""
        edges = self._quote_edges()
        if edges.get(low - 1) is True:
            closing = min(i for i, is_opening in edges.items() if not is_opening and i > low - 1)
            return low - 1 if closing <= high else low
        return low

    def _joins(self, index: int, kept: set[int]) -> bool:
        """A punctuation mark stays when the words on both sides of it stay."""
        token = self.tokens[index]
        if not token.is_punctuation:
            return False
        before = _nearest_word(self.tokens, index, -1)
        after = _nearest_word(self.tokens, index, +1)
        if token.text in _QUOTES and index in self._quote_edges():
            return (after if self._quote_edges()[index] else before) in kept
        return before in kept and after in kept

    def _quote_edges(self) -> dict[int, bool]:
        """The paired quote tokens: True for an opening quote, False for a closing one."""
        if self._edges is None:
            self._edges = _quote_pairs(self.tokens)
        return self._edges


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
    if lowered.startswith("!"):
        return _bang_priority(lowered[1:])
    if text[:1].isupper() and text[1:].islower():
        return _split_glued(lowered)  # a capitalized word may be a name: "Frida" is no Friday
    return [correct_date_word(word) for word in _split_glued(lowered)]


_BANG_LEVELS: Final = {"1": "high", "2": "medium", "3": "low", "hi": "high", "med": "medium"}


def _bang_priority(level: str) -> list[str]:
    """ "!high", "!1": a priority ("!1" high, "!2" medium, "!3" low); other "!word"s are words."""
    named = _BANG_LEVELS.get(level, level)
    if named in ("high", "medium", "low", "urgent", "important"):
        return [named] if named in ("urgent", "important") else [named, "priority"]
    return _token_forms(level)


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
    if _is_weekday_word(before) or _is_weekday_word(after):
        return True  # "mon wed fri"
    return (
        before in _DATE_NEIGHBOURS
        or _looks_numeric(before)
        or _looks_numeric(after)
        or after in ("morning", "afternoon", "evening", "night", "at", "@", ",", "the")
    )


def _is_weekday_word(word: str) -> bool:
    return word in WEEKDAYS or word in _WEEKDAY_ABBREVIATIONS


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


# ---------------------------------------------------------------- quotes and typos

_QUOTES: Final = {'"': '"', "\u201c": "\u201d", "\u201d": "\u201d"}
QUOTED_MARK: Final = "~"
"""Put before the normalized form of a quoted word so that no rule reads it: it is title."""


def _quoted_kept(tokens: list[Token], words: list[Word]) -> list[Word]:
    """Words between a pair of double quotes marked so that no rule reads them.

    `add "call at 5" tomorrow` is a task "call at 5" due tomorrow: the quotes
    turn parsing off inside them. An unpaired quote changes nothing.
    """
    inside = _quoted_tokens(tokens)
    if not inside:
        return words
    return [
        Word(QUOTED_MARK + word.norm, word.first, word.last) if word.first in inside else word
        for word in words
    ]


def _quoted_tokens(tokens: list[Token]) -> set[int]:
    inside: set[int] = set()
    opened: int | None = None
    for index, is_opening in _quote_pairs(tokens).items():
        if is_opening:
            opened = index
        elif opened is not None:
            inside.update(range(opened + 1, index))
    return inside


def _quote_pairs(tokens: list[Token]) -> dict[int, bool]:
    """Paired double quotes by token index: True opens, False closes; unpaired ones are left out."""
    pairs: dict[int, bool] = {}
    opened: int | None = None
    closing = ""
    for index, token in enumerate(tokens):
        if opened is None and token.text in _QUOTES:
            opened, closing = index, _QUOTES[token.text]
        elif opened is not None and token.text == closing:
            pairs[opened], pairs[index] = True, False
            opened = None
    return pairs


DATE_WORDS: Final = (
    *WEEKDAYS,
    *(month for month in MONTHS if len(month) >= 6),
    "tomorrow",
    "today",
    "tonight",
    "morning",
    "afternoon",
    "evening",
    "midnight",
    "weekend",
)
COMMAND_WORDS: Final = (
    "show",
    "list",
    "delete",
    "remove",
    "cancel",
    "complete",
    "finish",
    "remind",
    "whats",
    "what",
    "mark",
    "reopen",
    "rename",
    "reschedule",
    "postpone",
    "search",
    "display",
)


@lru_cache(maxsize=4096)
def correct_date_word(word: str) -> str:
    """A misspelt date word written out ("firday", "tomorow", "aftrenoon"); any other word as is."""
    return near_word(word, DATE_WORDS) or word


def near_word(word: str, vocabulary: tuple[str, ...]) -> str | None:
    """The word of ``vocabulary`` one slip away from ``word``, if there is one.

    A slip is a letter missing, a letter too many, or two neighbouring letters
    swapped; a changed letter counts only in words of 7 letters or more
    ("sundae" stays, "wednesdya" is "wednesday"); a word of 9 letters or more may
    be taken with two slips by a word of 7 or more with its first letter ("reschedual",
    "wensday"). Words of 3 letters are
    corrected only when they have no vowel ("lst"); a word that is a known
    word plus "s", "d" or "ed" stays as written ("mondays", "listed"); the first letter
    must be right unless it is swapped with the second ("hats" is never "whats").
    """
    if not 3 <= len(word) <= 12 or not word.isalpha() or word in vocabulary:
        return None
    if word in _REAL_NEIGHBOURS:
        return None
    if len(word) == 3 and any(vowel in word for vowel in "aeiou"):
        return None
    for known in vocabulary:
        if abs(len(known) - len(word)) > (2 if len(known) >= 9 else 1) or not _same_start(
            word, known
        ):
            continue
        if word in (known + "s", known + "d", known + "ed") or known == word + "s":
            continue
        if _one_slip(word, known) or (
            len(known) >= 9 and len(word) >= 7 and known[0] == word[0] and _two_slips(word, known)
        ):
            return known
    return None


_REAL_NEIGHBOURS: Final = frozenset({"compete", "competes", "finnish"})
"""Real words one slip from a command or date word ("compete" is not "complete")."""


def _same_start(word: str, known: str) -> bool:
    """The same first letter, or (same length) the first two swapped: "hats" is never "whats"."""
    if word[0] == known[0]:
        return True
    return len(word) == len(known) and word[:2] == known[1::-1]


def _two_slips(word: str, known: str) -> bool:
    """At most two slips (optimal string alignment distance, capped), for words of 9+ letters."""
    rows = [list(range(len(known) + 1))]
    for i, letter in enumerate(word, 1):
        row = [i] + [0] * len(known)
        for j, other in enumerate(known, 1):
            row[j] = min(row[j - 1] + 1, rows[-1][j] + 1, rows[-1][j - 1] + (letter != other))
            if i > 1 and j > 1 and letter == known[j - 2] and word[i - 2] == other:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1] <= 2


def _one_slip(word: str, known: str) -> bool:
    if len(word) == len(known):
        differ = [i for i, (a, b) in enumerate(zip(word, known, strict=True)) if a != b]
        if len(differ) == 2 and differ[1] == differ[0] + 1:
            i = differ[0]
            return word[i] == known[i + 1] and word[i + 1] == known[i]
        return len(differ) == 1 and len(word) >= 7
    shorter, longer = (word, known) if len(word) < len(known) else (known, word)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))
