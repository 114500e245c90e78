"""Finding moments in a sentence: the grammar's pieces, grouped where they stand together.

Pieces next to each other, with at most a few linking words between them
("friday *at* 5pm"), form one :class:`~.values.Moment`, at most one piece of
each kind. A task takes one moment: the one that says the most.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Final

from todo_chatbot.chat.language.calendar_math import safe_date
from todo_chatbot.chat.language.when.grammar import RULES, Rule
from todo_chatbot.chat.language.when.values import Days, Groups, Moment, Now, Piece
from todo_chatbot.chat.language.words import Sentence, Span

MOMENT_WORDS: Final = 40
"""The most words one moment can span; a rule looking for a moment at one place reads no further."""

_LINKS: Final = frozenset({"at", "on", "the", "of", ",", "in", "by", "@", "for", "around", "and"})


def find_pieces(sentence: Sentence, now: Now, lo: int = 0, hi: int | None = None) -> list[Piece]:
    """Every piece the grammar reads in words ``lo`` to ``hi``; their words are claimed."""
    pieces: list[Piece] = []
    for rule in RULES:
        found = [(m, sentence.span_of(m)) for m in sentence.find(rule.pattern, lo, hi)]
        for match, span in found:
            if span.start >= span.end or not all(sentence.alive[span.start : span.end]):
                continue
            groups: Groups = defaultdict(str, {k: v or "" for k, v in match.groupdict().items()})
            groups["_"] = match.group()
            piece = _read_piece(rule, groups, now)
            if piece is None:
                continue
            sentence.claim(span)
            pieces.append(replace(piece, span=span, prefix=groups.get("pre", "").strip()))
    pieces.sort(key=lambda piece: piece.span.start)
    return pieces


def _read_piece(rule: Rule, groups: Groups, now: Now) -> Piece | None:
    """The rule's piece; none for a date beyond the calendar's years 1 to 9999."""
    try:
        return rule.read(groups, now)
    except (OverflowError, ValueError):
        return None


def group_moments(sentence: Sentence, pieces: list[Piece]) -> list[Moment]:
    """Pieces next to each other (linking words between them allowed) make one moment."""
    groups: list[list[Piece]] = []
    for piece in pieces:
        if groups and _adjacent(sentence, groups[-1][-1], piece) and _fits(groups[-1], piece):
            groups[-1].append(piece)
        else:
            groups.append([piece])
    return [_moment(group) for group in groups]


def _adjacent(sentence: Sentence, left: Piece, right: Piece) -> bool:
    gap = range(left.span.end, right.span.start)
    return len(gap) <= 3 and all(
        sentence.alive[i] and sentence.words[i].norm in _LINKS for i in gap
    )


def _fits(group: list[Piece], piece: Piece) -> bool:
    """A moment takes one piece of each kind (a weekday may join a calendar date)."""
    for other in group:
        if _days_clash(piece, other):
            return False
        if piece.time is not None and other.time is not None:
            return False
        if piece.part is not None and other.part is not None:
            return False
        if piece.instant is not None and other.instant is not None:
            return False
        if piece.zone is not None and other.zone is not None:
            return False
    return piece.zone is None or any(other.time is not None for other in group)


def _days_clash(piece: Piece, other: Piece) -> bool:
    """Two days in one moment clash, unless one is a weekday beside a calendar date."""
    if piece.days is None or other.days is None:
        return False
    one_is_calendar = piece.calendar_date or other.calendar_date
    one_is_weekday = piece.weekday is not None or other.weekday is not None
    return not (one_is_calendar and one_is_weekday)


def _moment(group: list[Piece]) -> Moment:
    days = _reconcile_days(group)
    return Moment(
        span=Span(group[0].span.start, group[-1].span.end),
        prefix=group[0].prefix,
        days=days,
        time=next((p.time for p in group if p.time is not None), None),
        part=next((p.part for p in group if p.part is not None), None),
        instant=next((p.instant for p in group if p.instant is not None), None),
        zone=next((p.zone for p in group if p.zone is not None), None),
        pieces=tuple(group),
    )


def _reconcile_days(group: list[Piece]) -> Days | None:
    """A weekday beside a calendar date picks the year in which they agree."""
    with_days = [p for p in group if p.days is not None]
    if not with_days:
        return None
    calendar_piece = next((p for p in with_days if p.calendar_date), None)
    weekday_piece = next(
        (p for p in with_days if p.weekday is not None and p is not calendar_piece), None
    )
    if calendar_piece is None or calendar_piece.days is None:
        return with_days[0].days
    found = calendar_piece.days.point
    if weekday_piece is not None and weekday_piece.weekday is not None:
        for years in range(11):
            candidate = safe_date(found.year + years, found.month, found.day)
            if candidate is not None and candidate.weekday() == weekday_piece.weekday:
                return Days.single(candidate)
    return calendar_piece.days


def release(sentence: Sentence, moment: Moment) -> None:
    """Give a moment's words back (a date that turned out not to matter)."""
    for piece in moment.pieces:
        sentence.release(piece.span)


def claim_moment(sentence: Sentence, moment: Moment) -> None:
    """Claim a moment's words, the linking words between its pieces included."""
    sentence.claim(moment.span)


def find_moments(sentence: Sentence, now: Now, lo: int = 0, hi: int | None = None) -> list[Moment]:
    """The moments in words ``lo`` to ``hi``, in order; all their words are claimed."""
    moments = group_moments(sentence, find_pieces(sentence, now, lo, hi))
    for moment in moments:
        if not _places(moment):
            release(sentence, moment)
    placed = [moment for moment in moments if _places(moment)]
    for moment in placed:
        claim_moment(sentence, moment)
    return placed


def _places(moment: Moment) -> bool:
    """Whether a moment names a day or a time: a zone alone ("the IST team") names neither."""
    return any(
        value is not None for value in (moment.days, moment.time, moment.part, moment.instant)
    )


def best_moment(sentence: Sentence, now: Now, lo: int = 0, hi: int | None = None) -> Moment | None:
    """The one moment a task is about: the first with a time, else the first; others released."""
    moments = find_moments(sentence, now, lo, hi)
    if not moments:
        return None
    chosen = max(moments, key=lambda m: (_weight(m), -m.span.start))
    clock = _clock_for(chosen, moments)
    for moment in moments:
        if moment is not chosen and moment is not clock:
            release(sentence, moment)
    claim_moment(sentence, chosen)
    if clock is None:
        return chosen
    claim_moment(sentence, clock)
    return replace(chosen, time=clock.time, part=clock.part, pieces=chosen.pieces + clock.pieces)


def _clock_for(chosen: Moment, moments: list[Moment]) -> Moment | None:
    """A time said apart from its day ("tmrw dentist at 3"): the only clock-only moment left."""
    if chosen.days is None or chosen.time or chosen.part or chosen.instant or len(moments) != 2:
        return None
    other = moments[0] if moments[1] is chosen else moments[1]
    if other.days is None and other.instant is None and other.time is not None:
        return other
    return None


def _weight(moment: Moment) -> int:
    return sum(
        value is not None for value in (moment.days, moment.time or moment.part, moment.instant)
    )
