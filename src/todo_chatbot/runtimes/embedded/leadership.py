"""Which process of a data directory runs the background services.

With several worker processes serving one data directory, exactly one of them
delivers events, checkpoints the WAL and keeps house: the one holding an
exclusive lock on ``leader.lock``. The operating system releases the lock when
that process dies, and another takes over at its next try.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path


class Leadership:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_acquire(self) -> bool:
        """Take the lock if no other process holds it; True if this process leads."""
        if self._fd is not None:
            return True
        fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
