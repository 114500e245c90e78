"""Which task a message means: the words it names ranked against task titles.

Titles and targets are compared folded (case, accents and punctuation
removed, leading "the/my/a/an" dropped), in four tiers, best first:

1. ``exact``: the same words in the same order ("take vitamins").
2. ``words``: every word of the target is a word of the title, in any order
   ("vitamins" in "Take vitamins").
3. ``partial``: every word of the target starts a word of the title, or shares
   all but its last letter with one ("vitam", "grocery" for "groceries",
   "studies" for "study"), or the target occurs inside the title.
4. ``fuzzy``: close spellings (the Indel similarity, difflib's ratio, computed
   by rapidfuzz: on the whole title or word by word, "vitamns" finds "Take
   vitamins").

Only the best tier that anything reaches counts: one task there is the
answer, several are a question. Pure functions: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from typing import Final

from rapidfuzz import fuzz

from todo_chatbot.core.words import fold, folded_words

_DETERMINERS: Final = frozenset({"the", "my", "a", "an", "that", "this"})
FUZZY_CUTOFF: Final = 0.8
"""Least similarity (0..1) of a fuzzy match, for a whole title or for each word."""
SUGGESTION_CUTOFF: Final = 0.45
"""Least similarity of a title offered as a suggestion when nothing matched."""
_MIN_PREFIX: Final = 3


class Tier(IntEnum):
    """How well a title matches; a higher tier wins."""

    FUZZY = 1
    PARTIAL = 2
    WORDS = 3
    EXACT = 4


@dataclass(frozen=True)
class Candidate:
    """A task that could be meant: its id, its title, and whatever else the caller keeps."""

    id: str
    title: str
    pending: bool = True


@dataclass(frozen=True)
class Match:
    candidate: Candidate
    tier: Tier
    score: float


def words_of(text: str) -> list[str]:
    """The folded words of ``text``, leading determiners dropped."""
    return list(_words(text))


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    """Titles recur from message to message: their words are kept."""
    words = folded_words(text)
    while len(words) > 1 and words[0] in _DETERMINERS:
        words.pop(0)
    return tuple(words)


def rank(target: str, candidates: Iterable[Candidate]) -> list[Match]:
    """The candidates in the best tier any of them reaches, best score first."""
    wanted = words_of(target)
    if not wanted:
        return []
    matches = [m for c in candidates if (m := _match(wanted, c)) is not None]
    if not matches:
        return []
    best = max(m.tier for m in matches)
    in_tier = [m for m in matches if m.tier == best]
    return sorted(in_tier, key=lambda m: (-m.score, fold(m.candidate.title)))


def decisive(matches: Sequence[Match]) -> Match | None:
    """The one match to act on, or None when there is no match or it is a tie.

    Several matches of one tier are a question, except that a fuzzy match far
    closer than the next one is taken (a typo rarely fits two titles as well).
    """
    if len(matches) == 1:
        return matches[0]
    clearly_closest = len(matches) > 1 and matches[0].score - matches[1].score >= 0.1
    if clearly_closest and matches[0].tier is Tier.FUZZY:
        return matches[0]
    return None


def suggestions(target: str, titles: Iterable[str], *, limit: int = 3) -> list[str]:
    """The titles closest to ``target`` when none matched, closest first."""
    wanted = " ".join(words_of(target))
    scored: list[tuple[float, str]] = []
    seen: set[str] = set()
    for title in titles:
        if title in seen:
            continue
        seen.add(title)
        score = _similarity(wanted, " ".join(words_of(title)), SUGGESTION_CUTOFF)
        words_score = _word_similarity(words_of(target), words_of(title), SUGGESTION_CUTOFF)
        best = max(score, words_score)
        if best >= SUGGESTION_CUTOFF:
            scored.append((best, title))
    scored.sort(key=lambda pair: (-pair[0], fold(pair[1])))
    return [title for _, title in scored[:limit]]


def _match(wanted: list[str], candidate: Candidate) -> Match | None:
    have = words_of(candidate.title)
    if not have:
        return None
    if wanted == have:
        return Match(candidate, Tier.EXACT, 1.0)
    coverage = len(wanted) / len(have)
    if all(word in have for word in wanted):
        return Match(candidate, Tier.WORDS, coverage)
    if all(any(_starts(word, other) for other in have) for word in wanted) or (
        " ".join(wanted) in " ".join(have)
    ):
        return Match(candidate, Tier.PARTIAL, coverage)
    score = max(
        _similarity(" ".join(wanted), " ".join(have), FUZZY_CUTOFF),
        _word_similarity(wanted, have, FUZZY_CUTOFF),
    )
    if score >= FUZZY_CUTOFF:
        return Match(candidate, Tier.FUZZY, score)
    return None


def _starts(word: str, other: str) -> bool:
    """``word`` begins ``other``, or the two differ only past a shared stem."""
    if len(word) >= _MIN_PREFIX and other.startswith(word):
        return True
    if len(word) < 4 or word[:4] != other[:4]:  # the stem rule needs 4 shared letters
        return False
    shared = len(_common_prefix(word, other))
    return shared >= max(4, min(len(word), len(other)) - 1)


def _common_prefix(first: str, second: str) -> str:
    size = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        size += 1
    return first[:size]


def _similarity(first: str, second: str, floor: float) -> float:
    """0..1 (difflib's ratio), or 0 below ``floor``.

    rapidfuzz computes the same number as difflib about 7 times faster (3.6 ms
    against 25 ms for a thousand titles, difflib already pruned by its quick
    upper bounds), which is the fuzzy path's whole cost.
    """
    return float(fuzz.ratio(first, second, score_cutoff=floor * 100)) / 100


def _word_similarity(wanted: Sequence[str], have: Sequence[str], floor: float) -> float:
    """How closely each wanted word matches its closest title word (the weakest counts);
    0 as soon as one wanted word has no title word at ``floor`` or above."""
    if not wanted or not have:
        return 0.0
    weakest = 1.0
    for word in wanted:
        closest = max(_similarity(word, other, floor) for other in have)
        if closest < floor:
            return 0.0
        weakest = min(weakest, closest)
    return weakest
