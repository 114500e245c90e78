"""The SQLite database of the embedded runtime: one file, its two connections,
and the group commit, WAL flushes and checkpoints that ``Database`` ties together.

One file in the data directory holds everything. WAL mode lets reads run
beside the writer. Statements run on the event loop's thread (each takes
microseconds; a thread hop would cost more than it saves), through two
connections: ``writer`` changes things and answers reads while it has no
transaction open; the second one answers reads meanwhile (see ``reader``).
Units of work take turns at the writer, and those that queue share a
transaction, each in a savepoint (see ``transaction`` and ``group_commit``).

A durable unit of work returns once the WAL is flushed past its commit (see
``wal``); another thread copies the WAL back into the database file (see
``checkpoints``). The schema and its migrations are in ``schema``, the
settings of the connections in ``connections``.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Final

import structlog

from todo_chatbot.runtimes.embedded.sqlite.checkpoints import Checkpointer
from todo_chatbot.runtimes.embedded.sqlite.connections import (
    DATABASE_FILES,
    MMAP_SIZE,
    Synchronous,
    connect,
    writers_map_size,
)
from todo_chatbot.runtimes.embedded.sqlite.group_commit import (
    Batch,
    Gate,
    ProcessTurn,
    Transaction,
    WritersTurn,
)
from todo_chatbot.runtimes.embedded.sqlite.schema import run_migrations
from todo_chatbot.runtimes.embedded.sqlite.wal import WalSyncer

log = structlog.get_logger(__name__)

WRITE_WAIT_LIMIT: Final = 30.0
"""Seconds a writer waits for another process's write before giving up."""

BATCH_WINDOW: Final = 0.002
"""Seconds a batch stays open for units still waiting to join it."""


class Database:
    """The two connections to one SQLite file, and the flushing of its WAL."""

    def __init__(
        self,
        path: Path,
        *,
        synchronous: Synchronous = "FULL",
        shared: bool = False,
        checkpoint_interval: float = 0.5,
        wal_restart_frames: int = 8192,
        batch_window: float = BATCH_WINDOW,
        vfs: str | None = None,
    ) -> None:
        """``shared``: other processes write this file too (worker processes).
        ``wal_restart_frames``: the WAL's length, in pages, that makes the
        checkpointer start it over. ``vfs``: the SQLite VFS that the two
        connections read and write the file through (``mapped_reads``), or
        SQLite's default."""
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._writers_turn: WritersTurn = (
            ProcessTurn(Path(f"{path}-writer.lock")) if shared else WritersTurn()
        )
        self._batch_window = batch_window
        self._waits_for_disk = synchronous == "FULL"
        self.writer = connect(
            path,
            synchronous="OFF" if synchronous == "OFF" else "NORMAL",
            busy_timeout_ms=0,
            mmap_size=writers_map_size(shared=shared, mapped_reads=vfs is not None),
            vfs=vfs,
        )
        self._reader = connect(
            path, synchronous="NORMAL", mmap_size=MMAP_SIZE if vfs else 0, vfs=vfs
        )
        self._sync_fd = DATABASE_FILES.open(path)
        self._lock = Gate()
        self._arriving = 0
        self._batch: Batch | None = None
        self._commits = 0
        self._syncer = WalSyncer(Path(f"{path}-wal"))
        self._checkpointer = Checkpointer(
            path, checkpoint_interval, wal_restart_frames, self._sync_fd
        )

    @property
    def reader(self) -> sqlite3.Connection:
        """The connection for reads: the writer's own while it has no transaction open.

        SQLite drops a connection's whole page cache when it next reads after
        another connection committed, so a separate reader would start nearly
        every list cold (the pages changed lately then come from the WAL one
        read call each, doubling a list's cost). The writer's cache survives
        its own commits. While a unit of work holds the writer, reads go to the
        second connection, which sees only what is committed.

        Mapped reads (``vfs``) give both connections a memory map that
        outlives those drops (see ``writers_map_size``). Without them, only
        the writer's connection reads through SQLite's own memory map, and
        only while no other process writes the file: SQLite unmaps the whole
        file each time it drops a connection's cache, and every page is then
        faulted in again, which costs more than reading pages with a system
        call. The second connection is dropped at nearly every use, and with
        worker processes so is the writer's (each one's commits drop the
        other's cache).
        """
        return self._reader if self.writer.in_transaction else self.writer

    def migrate(self) -> None:
        """Bring the schema up to date, one numbered step at a time (any process may)."""
        self.writer.execute("PRAGMA busy_timeout = 30000")
        try:
            run_migrations(self.writer, self.path)
        finally:
            self.writer.execute("PRAGMA busy_timeout = 0")

    def start(self) -> None:
        """Start flushing the WAL to disk for durable units of work."""
        self._syncer.start(asyncio.get_running_loop())

    def start_checkpointing(self) -> None:
        """Checkpoint the WAL in the background (one process of a data dir is enough)."""
        self._checkpointer.start()

    @asynccontextmanager
    async def transaction(self, *, durable: bool = True) -> AsyncIterator[Transaction]:
        """A unit of work: what it does counts only if it calls ``commit()``.

        Units share transactions (group commit): the first opens one, and the
        units that queue for the writer meanwhile (while another process has
        its turn, above all) join it, each in a savepoint of its own, so that
        one unit's failure drops only what that unit did. The batch commits as
        soon as no unit is in it or waiting to join (or once it is
        ``BATCH_WINDOW`` old and the units let through the gate have joined),
        and each unit returns only after that: a durable one once the commit is
        also on disk.
        """
        self._arriving += 1
        try:
            await self._lock.acquire()
        finally:
            self._arriving -= 1
        try:
            batch = self._batch or await self._open_batch()
            self.writer.execute("SAVEPOINT unit")
            transaction = Transaction(self.writer, batch)
            try:
                yield transaction
            except BaseException as exc:
                self._end_unit(transaction, batch, exc)
                raise
            self._end_unit(transaction, batch, None)
        finally:
            self._lock.release()
        if batch is self._batch and self._batch_is_complete(batch):
            self._commit(batch)
        if transaction.committed:
            number = await asyncio.shield(batch.committed)
            if durable and self._waits_for_disk:
                await self._syncer.flushed(number)

    def _end_unit(
        self, transaction: Transaction, batch: Batch, error: BaseException | None
    ) -> None:
        if not self.writer.in_transaction:
            # SQLite rolled the whole transaction back (a full disk, an I/O error):
            # the units that went before in this batch are lost with it.
            self._abandon(batch, error or sqlite3.OperationalError("the transaction ended"))
            return
        try:
            transaction.end()
        except sqlite3.Error as exc:
            self._abandon(batch, exc)
            raise

    async def _open_batch(self) -> Batch:
        await self._writers_turn.acquire()
        try:
            await self._begin()
        except BaseException:
            self._writers_turn.release()
            raise
        loop = asyncio.get_running_loop()
        batch = self._batch = Batch(loop)
        loop.call_soon(self._commit_batch, batch)
        return batch

    def _commit_batch(self, batch: Batch) -> None:
        """On the loop: commit ``batch`` once no unit is in it or about to join it."""
        if batch is not self._batch:
            return  # abandoned
        loop = asyncio.get_running_loop()
        if self._lock.locked():  # a unit is inside and waits for something: look later
            loop.call_later(0.001, self._commit_batch, batch)
        elif not self._batch_is_complete(batch):
            loop.call_soon(self._commit_batch, batch)
        else:
            self._commit(batch)

    def _batch_is_complete(self, batch: Batch) -> bool:
        """No unit waits to join, or the batch has been open long enough and
        none of the units that the gate has let through is still to run.

        Those units queued while the batch waited for the writer's turn, and
        run in the loop's next pass. Committed before they join, the batch
        would leave them a new one to open, and the first of them would hold
        the gate through another wait for the turn while the others queued
        behind it again: under load one write in ten went round the gate two
        to eight times, 18 to 90 ms.
        """
        if not self._arriving:
            return True
        age = asyncio.get_running_loop().time() - batch.opened
        return age >= self._batch_window and not self._lock.has_let_through()

    def _commit(self, batch: Batch) -> None:
        try:
            self.writer.execute("COMMIT")
        except sqlite3.Error as exc:
            self._abandon(batch, exc)
            return
        self._batch = None
        self._writers_turn.release()
        batch.committed.set_result(self.note_commit())
        for hook in batch.hooks:
            try:
                hook()
            except Exception:
                log.exception("database.after_commit_failed")

    def _abandon(self, batch: Batch, error: BaseException) -> None:
        """Roll the batch back (if SQLite has not) and tell its units why."""
        if self.writer.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.writer.execute("ROLLBACK")
        if batch is self._batch:
            self._batch = None
            self._writers_turn.release()
        batch.fail(error)

    async def _begin(self) -> None:
        """BEGIN IMMEDIATE, waiting on the event loop while another process writes.

        SQLite's own busy handler would sleep in this thread and stall every
        request of the process; here the wait lets them run.
        """
        pause = 0.0002
        waited = 0.0
        while True:
            try:
                self.writer.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or waited > WRITE_WAIT_LIMIT:
                    raise
            await asyncio.sleep(pause)
            waited += pause
            pause = min(pause * 2, 0.005)

    @property
    def commits(self) -> int:
        """Transactions this process has committed so far."""
        return self._commits

    def note_commit(self) -> int:
        self._commits += 1
        self._syncer.commits = self._commits
        return self._commits

    def optimize(self) -> None:
        """Refresh the query planner's statistics where they are stale."""
        if self._batch is not None:
            self._commit(self._batch)
        with contextlib.suppress(sqlite3.OperationalError):  # busy in another process
            self.writer.execute("PRAGMA optimize")

    def close(self) -> None:
        if self._batch is not None:
            self._commit(self._batch)
        self._syncer.stop()
        self._checkpointer.stop()
        self.writer.execute("PRAGMA busy_timeout = 5000")
        with contextlib.suppress(sqlite3.OperationalError):  # another process still writes
            self.writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for conn in (self._reader, self.writer):
            conn.close()
        DATABASE_FILES.close(self.path)


def _is_busy(error: sqlite3.OperationalError) -> bool:
    """SQLITE_BUSY: another connection holds the write lock."""
    return getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY or "locked" in str(error)
