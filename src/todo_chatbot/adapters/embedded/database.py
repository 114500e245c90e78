"""The SQLite database of the embedded runtime: connections, schema, migrations.

One file in the data directory holds everything. WAL mode lets reads run
beside the single writer. There are three connections, all used from the
event loop's thread (each statement takes microseconds, and a thread hop
would cost more than it saves):

- ``writer`` commits what users change and flushes it to disk on every commit
  (``synchronous=FULL`` by default), so an acknowledged write survives a power
  cut;
- ``lazy_writer`` commits state that can be rebuilt from the outbox (handler
  effects, consumer offsets) without waiting for the disk; the next durable
  commit flushes it, and WAL recovery never keeps a later commit without the
  earlier ones;
- ``reader`` answers lists and lookups.

An ``asyncio.Lock`` makes write transactions take turns. A durable commit
waits for the disk in a worker thread, so the event loop serves reads in the
meantime; and the WAL is copied back into the database file (checkpointed)
by a background thread instead of by whichever commit happens to cross the
threshold.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Final, Literal

import structlog

log = structlog.get_logger(__name__)

Synchronous = Literal["FULL", "NORMAL", "OFF"]

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
    -- view is the task's JSON representation in the owner's zone, rendered
    -- on every write so that reads answer without building objects.
    CREATE TABLE tasks (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        uid INTEGER NOT NULL,
        title TEXT NOT NULL COLLATE NOCASE,
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
    CREATE INDEX tasks_by_title ON tasks(uid, status, title);
    CREATE UNIQUE INDEX tasks_series_occurrence ON tasks(series_id, occurrence)
        WHERE series_id IS NOT NULL AND occurrence IS NOT NULL;

    CREATE TABLE task_tags (
        uid INTEGER NOT NULL,
        tag TEXT NOT NULL,
        pk INTEGER NOT NULL,
        PRIMARY KEY (uid, tag, pk)
    ) WITHOUT ROWID;

    CREATE VIRTUAL TABLE tasks_fts USING fts5(
        title, description,
        content='tasks', content_rowid='pk',
        tokenize='porter unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER tasks_fts_insert AFTER INSERT ON tasks BEGIN
        INSERT INTO tasks_fts(rowid, title, description)
        VALUES (new.pk, new.title, new.description);
    END;
    CREATE TRIGGER tasks_fts_delete AFTER DELETE ON tasks BEGIN
        INSERT INTO tasks_fts(tasks_fts, rowid, title, description)
        VALUES ('delete', old.pk, old.title, old.description);
    END;
    CREATE TRIGGER tasks_fts_update AFTER UPDATE OF title, description ON tasks BEGIN
        INSERT INTO tasks_fts(tasks_fts, rowid, title, description)
        VALUES ('delete', old.pk, old.title, old.description);
        INSERT INTO tasks_fts(rowid, title, description)
        VALUES (new.pk, new.title, new.description);
    END;

    -- The transactional outbox: events commit with the change that made them.
    CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        topic TEXT NOT NULL,
        event_id TEXT NOT NULL UNIQUE,
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


class Database:
    """The connections to one SQLite file, and the lock writers take turns on."""

    def __init__(self, path: Path, *, synchronous: Synchronous = "FULL") -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.writer = _connect(path, synchronous=synchronous)
        self.lazy_writer = _connect(path, synchronous="NORMAL")
        self.reader = _connect(path, synchronous="NORMAL")
        self._waits_for_disk = synchronous == "FULL"
        self._lock = asyncio.Lock()
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

    @asynccontextmanager
    async def transaction(self, *, durable: bool = True) -> AsyncIterator[sqlite3.Connection]:
        """A write transaction; the caller commits (:meth:`commit`), anything else rolls back."""
        conn = self.writer if durable else self.lazy_writer
        async with self._lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")

    async def commit(self, conn: sqlite3.Connection) -> None:
        """Commit; a commit that waits for the disk does so off the event loop.

        Once started, the commit finishes even if the caller is cancelled, so
        the transaction never sees a rollback racing its own commit.
        """
        if conn is not self.writer or not self._waits_for_disk:
            conn.execute("COMMIT")
            return
        done = asyncio.get_running_loop().run_in_executor(self._committer, conn.execute, "COMMIT")
        try:
            await asyncio.shield(done)
        except asyncio.CancelledError:
            await done
            raise

    def start(self) -> None:
        """Start checkpointing the WAL in the background."""
        self._checkpointer.start()

    def optimize(self) -> None:
        """Refresh the query planner's statistics where they are stale."""
        self.writer.execute("PRAGMA optimize")

    def close(self) -> None:
        self._checkpointer.stop()
        self._committer.shutdown(wait=True)
        self.writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for conn in (self.reader, self.lazy_writer, self.writer):
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
