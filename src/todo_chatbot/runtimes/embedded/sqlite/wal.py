"""Flushing the WAL to disk off the event loop, for units of work that must be durable.

Commits append to the WAL without waiting for the disk; a durable unit of work
then waits until a background thread has flushed the WAL (``fsync``) past its
commit. One flush covers every commit made before it began, so a hundred
writes arriving together cost a few flushes, not a hundred, and an
acknowledged write survives a power cut: this is SQLite's ``synchronous =
FULL`` with the flush moved off the writer and shared. State that can be
rebuilt from the outbox (a handler's effects, a consumer's position) does not
wait for the flush; the next flush covers it, and WAL recovery never keeps a
later commit without the earlier ones. With ``durability = normal`` nothing
waits (SQLite's ``synchronous = NORMAL``: safe from crashes of the process).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import os
import threading
from pathlib import Path

import structlog

log = structlog.get_logger(__name__)


class WalSyncer:
    """Flushes the WAL to disk from a thread; writers wait for their commit number.

    Each flush covers every commit counted before it started.
    """

    def __init__(self, wal: Path) -> None:
        self._wal = wal
        self.commits = 0
        self._flushed = 0
        self._waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = 0
        self._wakeup = threading.Event()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._fd: int | None = None

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._thread = threading.Thread(target=self._run, name="sqlite-wal-flush", daemon=True)
        self._thread.start()

    async def flushed(self, commit: int) -> None:
        """Return once ``commit`` is on disk."""
        if self._flushed >= commit:
            return
        if self._thread is None:
            await asyncio.to_thread(self._flush_now, commit)
            return
        future = asyncio.get_running_loop().create_future()
        self._order += 1
        heapq.heappush(self._waiting, (commit, self._order, future))
        self._wakeup.set()
        await asyncio.shield(future)

    def stop(self) -> None:
        self._stopping = True
        self._wakeup.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _run(self) -> None:
        while True:
            self._wakeup.wait()
            self._wakeup.clear()
            if self._stopping:
                return
            target = self.commits
            if target <= self._flushed:
                continue
            try:
                self._fsync()
            except OSError as exc:
                log.error("database.flush_failed", error=repr(exc))
                self._deliver(target, exc)
                continue
            self._deliver(target, None)

    def _flush_now(self, commit: int) -> None:
        self._fsync()
        self._flushed = max(self._flushed, commit)

    def _fsync(self) -> None:
        """fsync the WAL file (opened again if SQLite replaced it)."""
        current = os.stat(self._wal).st_ino
        if self._fd is not None and os.fstat(self._fd).st_ino != current:
            os.close(self._fd)
            self._fd = None
        if self._fd is None:
            self._fd = os.open(self._wal, os.O_RDONLY)
        os.fsync(self._fd)

    def _deliver(self, target: int, error: OSError | None) -> None:
        assert self._loop is not None
        with contextlib.suppress(RuntimeError):  # the loop has closed
            self._loop.call_soon_threadsafe(self._release, target, error)

    def _release(self, target: int, error: OSError | None) -> None:
        """On the loop: wake the writers whose commits the flush covered."""
        if error is None:
            self._flushed = max(self._flushed, target)
        while self._waiting and self._waiting[0][0] <= target:
            _commit, _order, future = heapq.heappop(self._waiting)
            if future.done():
                continue
            if error is None:
                future.set_result(None)
            else:
                future.set_exception(error)
        if self._waiting:
            self._wakeup.set()
