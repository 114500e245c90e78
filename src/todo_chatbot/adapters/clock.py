"""Clocks: the system's, and one that tests move by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def _to_millisecond(moment: datetime) -> datetime:
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


class SystemClock:
    """The machine's clock, to the millisecond (what the stores keep)."""

    def now(self) -> datetime:
        return _to_millisecond(datetime.now(UTC))


class ManualClock:
    """A clock that stands still until it is told to move."""

    def __init__(self, start: datetime) -> None:
        self._now = _to_millisecond(start.astimezone(UTC))

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = _to_millisecond(moment.astimezone(UTC))

    def advance(self, delta: timedelta) -> None:
        self._now = self._now + delta
