"""Group commit: the parts that ``Database.transaction`` puts together.

Units of work take turns at the writer's connection through a ``Gate``, and
those that queue meanwhile share one SQLite transaction, a ``Batch``, each in
a savepoint of its own (its ``Transaction``), so that one unit's failure drops
only what that unit did. Worker processes take turns at writing the file
(``ProcessTurn``), and a turn is one batch: the units that queued while the
process waited for it commit together.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


class Batch:
    """Units of work that share one SQLite transaction, and what its commit tells them."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.opened = loop.time()
        self.committed: asyncio.Future[int] = loop.create_future()
        """The commit's number (what ``WalSyncer.flushed`` waits for), or its error."""
        self.committed.add_done_callback(_retrieve)
        self.hooks: list[Callable[[], None]] = []

    def fail(self, error: BaseException) -> None:
        if not self.committed.done():
            self.committed.set_exception(error)


def _retrieve(future: asyncio.Future[int]) -> None:
    """Mark a batch's failure as seen: every unit in it is told already."""
    if not future.cancelled():
        future.exception()


class Transaction:
    """One unit of work's part of a batch: a savepoint of the batch's transaction."""

    def __init__(self, conn: sqlite3.Connection, batch: Batch) -> None:
        self.conn = conn
        self.committed = False
        self._batch = batch
        self._hooks: list[Callable[[], None]] = []

    def commit(self) -> None:
        """Keep what this unit did; it is durable once its batch commits (and,
        for a durable unit, is flushed), which the unit waits for when it ends."""
        self.conn.execute("RELEASE unit")
        self.committed = True
        self._batch.hooks.extend(self._hooks)

    def after_commit(self, hook: Callable[[], None]) -> None:
        """Run ``hook`` once the batch is committed (never if it is not)."""
        self._hooks.append(hook)

    def end(self) -> None:
        """Drop what the unit did, unless it committed."""
        if not self.committed:
            self.conn.execute("ROLLBACK TO unit")
            self.conn.execute("RELEASE unit")


class Gate:
    """Units of work take turns at the writer's connection through this gate.

    Unlike ``asyncio.Lock``, which hands the lock to one waiter per pass of
    the event loop, a release wakes every waiting unit: in the loop's next
    pass they run one after another (a unit's statements wait on nothing), so
    all of them join the open batch and it commits once. Handed over one at a
    time, a queue that formed while the first unit waited (for another
    process's turn) outlived it: under load every unit then waited its place
    in a line of dozens, one pass each, and the batch stayed open meanwhile.
    """

    def __init__(self) -> None:
        self._held = False
        self._waiting: list[asyncio.Future[None]] = []
        self._let_through: set[asyncio.Future[None]] = set()

    def locked(self) -> bool:
        return self._held

    def has_let_through(self) -> bool:
        """Whether units woken by the last releases have yet to run."""
        return bool(self._let_through)

    async def acquire(self) -> None:
        while self._held:
            woken = asyncio.get_running_loop().create_future()
            self._waiting.append(woken)
            try:
                await woken
            except asyncio.CancelledError:
                if woken in self._waiting:
                    self._waiting.remove(woken)
                raise
            finally:
                self._let_through.discard(woken)
        self._held = True

    def release(self) -> None:
        self._held = False
        waiting, self._waiting = self._waiting, []
        for woken in waiting:
            if not woken.done():
                woken.set_result(None)
                self._let_through.add(woken)


class WritersTurn:
    """One process writes the file: its turn is always there."""

    async def acquire(self) -> None:
        return None

    def release(self) -> None:
        return None


class ProcessTurn(WritersTurn):
    """Worker processes take turns at writing, on an ``flock``: a turn is one batch.

    SQLite's busy handler polls: a waiting process sleeps and retries, and the
    process that just wrote usually wins again. A blocked ``flock`` is woken by
    the kernel the moment the lock is free. The wait happens in a thread, so
    the event loop serves requests meanwhile, and the units of work that
    arrive during it all join the batch that the turn then commits.
    """

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        self._waiter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-turn")

    async def acquire(self) -> None:
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting = asyncio.get_running_loop().run_in_executor(
                self._waiter, fcntl.flock, self._fd, fcntl.LOCK_EX
            )
            try:
                await asyncio.shield(waiting)
            except asyncio.CancelledError:
                # The thread still gets the lock: give it back once it has.
                waiting.add_done_callback(lambda _: self.release())
                raise

    def release(self) -> None:
        fcntl.flock(self._fd, fcntl.LOCK_UN)
