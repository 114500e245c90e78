"""Checkpoints: the WAL copied back into the database file by a background
thread instead of by whichever commit crosses the threshold, and started over
once it is long. The thread syncs the database file through the descriptor
that ``connections.DATABASE_FILES`` keeps open (closing one would release the
process's locks on the file).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Final

import structlog

from todo_chatbot.runtimes.embedded.sqlite.connections import connect

log = structlog.get_logger(__name__)

RESTART_ATTEMPTS: Final = 200
"""Tries a restarting checkpoint makes, each failing at once if readers are in the
WAL, before it leaves the restart to the next round."""

RESTART_PAUSE: Final = 0.0005
"""Seconds between two of those tries."""


class Checkpointer:
    """Copies the WAL back into the database file every so often, off the event loop.

    A passive checkpoint never blocks a writer, but under a steady stream of
    commits it never catches up with the end of the WAL either, and SQLite
    starts the WAL over only once a writer finds it wholly copied back: left
    alone, the file grows for as long as the writes go on (gigabytes in a
    minute of load), and each commit then appends to a growing file, which
    costs more than overwriting one. So once the WAL holds ``restart_frames``
    pages, a restarting checkpoint takes the write lock for the short time it
    needs to copy what the passive one left, and the next commit starts the
    WAL over from its beginning; writers meanwhile wait on the event loop
    (``Database._begin``).

    That time must stay short. A passive checkpoint that does not reach the
    WAL's end (under load, none does) leaves the pages it copied unsynced in
    the database file, and the restarting one synced them all while holding
    the lock: 50 to 60 ms of tens of megabytes every half second, every writer
    waiting. So the file is synced first, with no lock held, and what was
    committed meanwhile copied (twice: the second round is short). And SQLite's
    own wait for readers to leave the WAL sleeps whole milliseconds with the
    lock held; instead each try fails at once and the next comes half a
    millisecond later.
    """

    def __init__(self, path: Path, interval: float, restart_frames: int, sync_fd: int) -> None:
        self._path = path
        self._interval = interval
        self._restart_frames = restart_frames
        self._sync_fd = sync_fd
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _run(self) -> None:
        conn = connect(self._path, synchronous="FULL", busy_timeout_ms=0)
        try:
            while not self._stopping.wait(self._interval):
                try:
                    self._checkpoint(conn)
                except sqlite3.Error:
                    log.warning("database.checkpoint_failed", exc_info=True)
        finally:
            conn.close()

    def _checkpoint(self, conn: sqlite3.Connection) -> None:
        _busy, wal_frames, _copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        if wal_frames >= self._restart_frames:
            self._restart(conn)

    def _restart(self, conn: sqlite3.Connection) -> None:
        for _ in range(2):
            os.fdatasync(self._sync_fd)
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        for _ in range(RESTART_ATTEMPTS):
            busy, _frames, _copied = conn.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
            if not busy:
                return
            time.sleep(RESTART_PAUSE)
