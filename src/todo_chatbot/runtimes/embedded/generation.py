"""A value that every process of one data directory shares, to tell their caches
that what they remember has changed.

It is eight bytes of a small file beside the database, memory-mapped by each
process: reading it costs a memory read where asking the database would cost a
query. A change writes a fresh random value rather than adding one, so two
processes changing it at once need no lock: whatever either writes differs
from what a reader remembers, and that is all a reader asks.
"""

from __future__ import annotations

import mmap
import os
from pathlib import Path
from typing import Final

_SIZE: Final = 8


class SharedGeneration:
    """The generation a cache was filled in; any process may start a new one."""

    def __init__(self, path: Path) -> None:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.fstat(fd).st_size < _SIZE:
                os.ftruncate(fd, _SIZE)
            self._map = mmap.mmap(fd, _SIZE)
        finally:
            os.close(fd)

    def current(self) -> bytes:
        return self._map[:_SIZE]

    def advance(self) -> None:
        """Start a new generation: every cache filled before is stale."""
        self._map[:_SIZE] = os.urandom(_SIZE)

    def close(self) -> None:
        self._map.close()
