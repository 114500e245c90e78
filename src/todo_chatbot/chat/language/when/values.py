"""What the date grammar reads: days, times of day, parts of the day, pieces and moments.

``Now`` is the moment a message is read. A grammar rule reads a :class:`Piece`;
neighbouring pieces make a :class:`Moment`, which :mod:`.resolving` turns into a due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from todo_chatbot.chat.language.words import Span

_NOT_PLACED = Span(0, 0)
"""The span of a piece that a reader made and the grammar has not yet placed."""


@dataclass(frozen=True)
class Now:
    """The moment a message is read: the instant, the zone, and the wall clock there."""

    instant: datetime
    tz: ZoneInfo

    @property
    def wall(self) -> datetime:
        return self.instant.astimezone(self.tz).replace(tzinfo=None)

    @property
    def today(self) -> date:
        return self.wall.date()


@dataclass(frozen=True)
class Days:
    """A day or a run of days: ``first`` to ``last``; a task due then is due on ``point``."""

    first: date
    last: date
    point: date

    @classmethod
    def single(cls, day: date) -> Days:
        return cls(day, day, day)


@dataclass(frozen=True)
class TimeOfDay:
    """A time of day; ``known_half`` when am/pm or a 24-hour form fixes the hour."""

    hour: int
    minute: int = 0
    second: int = 0
    known_half: bool = True
    after_midnight: bool = False


@dataclass(frozen=True)
class DayPart:
    """A part of the day: its usual time, whether it reads hours as pm, and its day if named."""

    time: TimeOfDay
    afternoon_hours: bool | None
    day_offset: int | None = None


@dataclass(frozen=True)
class Piece:
    """What one grammar rule read, and the words it read it from.

    A reader leaves ``span`` and ``prefix`` empty; the grammar fills them in.
    """

    span: Span = _NOT_PLACED
    prefix: str = ""
    days: Days | None = None
    weekday: int | None = None
    calendar_date: bool = False
    time: TimeOfDay | None = None
    part: DayPart | None = None
    instant: datetime | None = None
    zone: timedelta | None = None


@dataclass(frozen=True)
class Moment:
    """Neighbouring pieces read together: at most one of each kind."""

    span: Span
    prefix: str
    days: Days | None
    time: TimeOfDay | None
    part: DayPart | None
    instant: datetime | None
    zone: timedelta | None
    pieces: tuple[Piece, ...]


Groups = dict[str, str]
"""A match's named groups, "" for those that did not take part; "_" is the whole match."""
