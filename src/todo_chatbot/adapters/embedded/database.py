"""The SQLite database of the embedded runtime: connections, schema, migrations,
and the group commit that makes durable writes cheap.

One file in the data directory holds everything. WAL mode lets reads run
beside the writer. Statements run on the event loop's thread (each takes
microseconds; a thread hop would cost more than it saves), through two
connections: ``reader`` answers lists and lookups, ``writer`` changes things.

Write transactions take turns (an ``asyncio.Lock``). Each one is a savepoint
inside a *batch*: while one writer works, the others queue, and the last of
the queue commits the whole batch at once. A durable batch (``synchronous =
FULL``, the default) waits for the disk in a worker thread while the event loop
serves reads; every writer in it is answered only after that. So ten writes
arriving together cost one flush to disk, not ten, and an acknowledged write
survives a power cut. State that can be rebuilt from the outbox (a handler's
effects, a consumer's position) is written *lazily*: it joins whichever batch
is open, and when it opens one, that batch commits without waiting for the
disk (``synchronous = NORMAL``): the next durable commit flushes it, and WAL
recovery never keeps a later commit without the earlier ones.

The WAL is copied back into the database file (checkpointed) by a background
thread instead of by whichever commit crosses the threshold.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

import structlog

log = structlog.get_logger(__name__)

Synchronous = Literal["FULL", "NORMAL", "OFF"]

MAX_BATCH: Final = 64
"""Units of work one commit may carry; a bound on how long the first one waits."""

SCHEMA: Final[list[str]] = [
    # 1: users, tasks with their tags and keyword index, events, audit, jobs.
    """
    CREATE TABLE users (
        uid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        email TEXT NOT NULL UNIQUE,
        name TEXT,
        timezone TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        task_seq INTEGER NOT NULL DEFAULT 0
    );

    -- pk = (uid << 32) | the user's task sequence number: a user's tasks are
    -- stored together, pk order is creation order, and a user's range of pk
    -- bounds the keyword index's search. Times are epoch milliseconds.
    -- due_at is the due instant, or for a date-only due (due_date set) the
    -- start of that date in the owner's zone. tags are separated by spaces.
    -- title_key orders titles: case-folded, without accents.
    -- view is the task's JSON representation in the owner's zone, rendered
    -- on every write so that reads answer without building objects.
    CREATE TABLE tasks (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        uid INTEGER NOT NULL,
        title TEXT NOT NULL,
        title_key TEXT NOT NULL,
        description TEXT,
        status INTEGER NOT NULL,
        priority INTEGER,
        tags TEXT NOT NULL DEFAULT '',
        due_date TEXT,
        due_at INTEGER,
        remind_at INTEGER,
        recurrence TEXT,
        series_id TEXT,
        series_anchor TEXT,
        occurrence INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        completed_at INTEGER,
        version INTEGER NOT NULL,
        view BLOB NOT NULL
    );
    CREATE INDEX tasks_by_status ON tasks(uid, status);
    CREATE INDEX tasks_by_due ON tasks(uid, status, due_at);
    CREATE INDEX tasks_by_priority ON tasks(uid, status, priority);
    CREATE INDEX tasks_by_title ON tasks(uid, status, title_key);
    CREATE UNIQUE INDEX tasks_series_occurrence ON tasks(series_id, occurrence)
        WHERE series_id IS NOT NULL AND occurrence IS NOT NULL;

    CREATE TABLE task_tags (
        uid INTEGER NOT NULL,
        tag TEXT NOT NULL,
        pk INTEGER NOT NULL,
        PRIMARY KEY (uid, tag, pk)
    ) WITHOUT ROWID;

    -- Keyword search: tasks_fts holds word stems ("invoices" finds "invoice"),
    -- tasks_prefix whole words, for the word still being typed ("meetin").
    CREATE VIRTUAL TABLE tasks_fts USING fts5(
        title, description,
        content='tasks', content_rowid='pk',
        tokenize='porter unicode61 remove_diacritics 2'
    );
    CREATE VIRTUAL TABLE tasks_prefix USING fts5(
        title, description,
        content='tasks', content_rowid='pk',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER tasks_fts_insert AFTER INSERT ON tasks BEGIN
        INSERT INTO tasks_fts(rowid, title, description)
        VALUES (new.pk, new.title, new.description);
        INSERT INTO tasks_prefix(rowid, title, description)
        VALUES (new.pk, new.title, new.description);
    END;
    CREATE TRIGGER tasks_fts_delete AFTER DELETE ON tasks BEGIN
        INSERT INTO tasks_fts(tasks_fts, rowid, title, description)
        VALUES ('delete', old.pk, old.title, old.description);
        INSERT INTO tasks_prefix(tasks_prefix, rowid, title, description)
        VALUES ('delete', old.pk, old.title, old.description);
    END;
    CREATE TRIGGER tasks_fts_update AFTER UPDATE OF title, description ON tasks BEGIN
        INSERT INTO tasks_fts(tasks_fts, rowid, title, description)
        VALUES ('delete', old.pk, old.title, old.description);
        INSERT INTO tasks_fts(rowid, title, description)
        VALUES (new.pk, new.title, new.description);
        INSERT INTO tasks_prefix(tasks_prefix, rowid, title, description)
        VALUES ('delete', old.pk, old.title, old.description);
        INSERT INTO tasks_prefix(rowid, title, description)
        VALUES (new.pk, new.title, new.description);
    END;

    -- The transactional outbox: events commit with the change that made them.
    CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        topic TEXT NOT NULL,
        event_id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        partition_key TEXT NOT NULL,
        body BLOB NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX outbox_by_topic ON outbox(topic, seq);

    CREATE TABLE consumer_offsets (
        consumer TEXT PRIMARY KEY,
        topic TEXT NOT NULL,
        position INTEGER NOT NULL
    );
    CREATE TABLE processed_events (
        consumer TEXT NOT NULL,
        event_id TEXT NOT NULL,
        processed_at INTEGER NOT NULL,
        PRIMARY KEY (consumer, event_id)
    ) WITHOUT ROWID;
    CREATE TABLE dead_letters (
        id INTEGER PRIMARY KEY,
        consumer TEXT NOT NULL,
        topic TEXT NOT NULL,
        event_id TEXT,
        body BLOB NOT NULL,
        error TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        failed_at INTEGER NOT NULL
    );

    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL UNIQUE,
        uid INTEGER NOT NULL,
        task_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        occurred_at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        data BLOB NOT NULL
    );
    CREATE INDEX audit_by_user ON audit_log(uid, id);
    CREATE INDEX audit_by_task ON audit_log(uid, task_id, id);

    CREATE TABLE jobs (
        name TEXT PRIMARY KEY,
        due_at INTEGER NOT NULL,
        data BLOB NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX jobs_by_due ON jobs(due_at);
    """,
]


@dataclass
class _Batch:
    """Units of work committed together by one COMMIT."""

    durable: bool
    done: asyncio.Future[None]
    units: int = 0
    hooks: list[Callable[[], None]] = field(default_factory=list)


class Transaction:
    """One unit of work's share of a batch: its statements and whether it committed."""

    def __init__(self, conn: sqlite3.Connection, batch: _Batch) -> None:
        self.conn = conn
        self._batch = batch
        self.committed = False

    def commit(self) -> None:
        """Keep this unit's changes; they reach the disk with the batch."""
        self.conn.execute("RELEASE unit")
        self.committed = True
        self._batch.units += 1

    def after_commit(self, hook: Callable[[], None]) -> None:
        """Run ``hook`` once the batch is committed (never if it fails)."""
        self._batch.hooks.append(hook)


class Database:
    """The two connections to one SQLite file, and the batches writers share."""

    def __init__(self, path: Path, *, synchronous: Synchronous = "FULL") -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.writer = _connect(path, synchronous=synchronous)
        self.reader = _connect(path, synchronous="NORMAL")
        self._synchronous = synchronous
        self._lock = asyncio.Lock()
        self._queued = 0
        self._batch: _Batch | None = None
        self._committer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-commit")
        self._checkpointer = _Checkpointer(path)

    def migrate(self) -> None:
        """Bring the schema up to date, one numbered step at a time."""
        conn = self.writer
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        for number, script in enumerate(SCHEMA[current:], start=current + 1):
            log.info("database.migrate", version=number, path=str(self.path))
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _statements(script):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def start(self) -> None:
        """Start checkpointing the WAL in the background."""
        self._checkpointer.start()

    @asynccontextmanager
    async def transaction(self, *, durable: bool = True) -> AsyncIterator[Transaction]:
        """A unit of work: what it does counts only if it calls ``commit()``.

        A durable unit returns once its batch is on disk; a lazy one at once.
        """
        self._queued += 1
        try:
            await self._lock.acquire()
        finally:
            self._queued -= 1
        try:
            batch = self._join_batch(durable)
            transaction = Transaction(self.writer, batch)
            self.writer.execute("SAVEPOINT unit")
            try:
                yield transaction
            finally:
                self._end_unit(transaction)
        finally:
            try:
                if self._batch is not None and (
                    self._queued == 0 or self._batch.units >= MAX_BATCH
                ):
                    await self._commit_batch()
            finally:
                self._lock.release()
        if durable and transaction.committed:
            await asyncio.shield(batch.done)

    def _join_batch(self, durable: bool) -> _Batch:
        batch = self._batch
        wants_disk = durable and self._synchronous == "FULL"
        if batch is not None and wants_disk and not batch.durable:
            self._commit_lazy_batch()
            batch = None
        if batch is None:
            mode = self._synchronous if wants_disk or self._synchronous == "OFF" else "NORMAL"
            self.writer.execute(f"PRAGMA synchronous = {mode}")
            self.writer.execute("BEGIN IMMEDIATE")
            batch = self._batch = _Batch(
                durable=wants_disk, done=asyncio.get_running_loop().create_future()
            )
        return batch

    def _end_unit(self, transaction: Transaction) -> None:
        if not transaction.committed and self.writer.in_transaction:
            self.writer.execute("ROLLBACK TO unit")
            self.writer.execute("RELEASE unit")
        if not self.writer.in_transaction and self._batch is not None:
            # SQLite rolled the whole batch back (a disk or I/O error): none of it stands.
            failed, self._batch = self._batch, None
            failed.done.set_exception(sqlite3.OperationalError("the batch was rolled back"))
            failed.done.exception()

    def _commit_lazy_batch(self) -> None:
        batch, self._batch = self._batch, None
        assert batch is not None
        self.writer.execute("COMMIT")
        self._finish(batch)

    async def _commit_batch(self) -> None:
        """COMMIT the open batch; a durable one waits for the disk off the event loop.

        Once started, the commit runs to its end even if this task is cancelled.
        """
        batch, self._batch = self._batch, None
        assert batch is not None
        try:
            if batch.durable:
                loop = asyncio.get_running_loop()
                done = loop.run_in_executor(self._committer, self.writer.execute, "COMMIT")
                try:
                    await asyncio.shield(done)
                except asyncio.CancelledError:
                    await done
                    raise
            else:
                self.writer.execute("COMMIT")
        except BaseException as exc:
            if self.writer.in_transaction:
                self.writer.execute("ROLLBACK")
            if not batch.done.done():
                batch.done.set_exception(exc)
                batch.done.exception()
            raise
        self._finish(batch)

    @staticmethod
    def _finish(batch: _Batch) -> None:
        batch.done.set_result(None)
        for hook in batch.hooks:
            try:
                hook()
            except Exception:
                log.exception("database.after_commit_failed")

    def optimize(self) -> None:
        """Refresh the query planner's statistics where they are stale."""
        self.writer.execute("PRAGMA optimize")

    def close(self) -> None:
        if self._batch is not None and self.writer.in_transaction:
            self._commit_lazy_batch()
        self._checkpointer.stop()
        self._committer.shutdown(wait=True)
        self.writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for conn in (self.reader, self.writer):
            conn.close()


class _Checkpointer:
    """Copies the WAL back into the database file every so often, off the event loop."""

    def __init__(self, path: Path, interval: float = 0.5) -> None:
        self._path = path
        self._interval = interval
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
        conn = _connect(self._path, synchronous="FULL")
        try:
            while not self._stopping.wait(self._interval):
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                except sqlite3.Error:
                    log.warning("database.checkpoint_failed", exc_info=True)
        finally:
            conn.close()


def _connect(path: Path, *, synchronous: Synchronous) -> sqlite3.Connection:
    conn = sqlite3.connect(
        path, isolation_level=None, check_same_thread=False, cached_statements=256
    )
    for pragma in (
        "PRAGMA journal_mode = WAL",
        f"PRAGMA synchronous = {synchronous}",
        "PRAGMA busy_timeout = 10000",
        "PRAGMA cache_size = -32000",
        "PRAGMA temp_store = MEMORY",
        "PRAGMA mmap_size = 1073741824",
        "PRAGMA wal_autocheckpoint = 0",
    ):
        conn.execute(pragma)
    return conn


def _statements(script: str) -> list[str]:
    """Split a script into statements, keeping trigger bodies whole."""
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        statements.append(pending.strip())
    return statements
