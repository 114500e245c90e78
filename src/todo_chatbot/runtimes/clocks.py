"""Clocks: the system's, and one that tests move by hand."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path


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


class FileClock:
    """Tests only, across processes: the instant written in a file (ISO 8601), or the
    system clock while there is no file. Every service of a distributed test run
    reads the same file, so they all see the time the test set."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._seen: tuple[int, datetime] | None = None

    def now(self) -> datetime:
        try:
            modified = os.stat(self._path).st_mtime_ns
        except FileNotFoundError:
            return SystemClock().now()
        if self._seen is None or self._seen[0] != modified:
            moment = datetime.fromisoformat(self._path.read_text().strip())
            self._seen = (modified, _to_millisecond(moment.astimezone(UTC)))
        return self._seen[1]
