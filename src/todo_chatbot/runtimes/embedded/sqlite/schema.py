"""The database's schema and the migrations that bring a file up to it.

``SCHEMA`` lists the schema's steps in order. A file's ``PRAGMA user_version``
counts the steps it has had; ``run_migrations`` applies the others. Any process
may run it, even while others do: each step is a transaction of its own that
reads the version first.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Final

import structlog

log = structlog.get_logger(__name__)

SCHEMA: Final[list[str]] = [
    # 1: users, tasks with their tags and keyword indexes, events, audit.
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
    -- without positions or lengths (detail=none, columnsize=0: searches match
    -- words, never phrases, and writes cost a third less). task_words holds
    -- each task's words, folded, by user: the word still being typed
    -- ("meetin") is a range of it, where an FTS5 prefix query would merge the
    -- word lists of every user.
    CREATE VIRTUAL TABLE tasks_fts USING fts5(
        title, description,
        content='tasks', content_rowid='pk', detail=none, columnsize=0,
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
    CREATE TABLE task_words (
        uid INTEGER NOT NULL,
        word TEXT NOT NULL,
        pk INTEGER NOT NULL,
        PRIMARY KEY (uid, word, pk)
    ) WITHOUT ROWID;

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
    """,
    # 2: notifications (a reminder's time has come), one per event.
    """
    CREATE TABLE notifications (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL UNIQUE,
        uid INTEGER NOT NULL,
        kind TEXT NOT NULL,
        task_id TEXT,
        title TEXT NOT NULL,
        message TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        read_at INTEGER
    );
    CREATE INDEX notifications_by_user ON notifications(uid, created_at);
    """,
    # 3: when the audit service recorded each entry (its lag behind the change).
    """
    ALTER TABLE audit_log ADD COLUMN recorded_at INTEGER;
    """,
    # 4: chat conversations, their messages and the state between messages.
    """
    -- turn grows by one on every write; state (JSON) holds the pending
    -- question. A message's place is (turn, position): the turn that wrote it.
    CREATE TABLE conversations (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        uid INTEGER NOT NULL,
        title TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        turn INTEGER NOT NULL,
        state BLOB NOT NULL
    );
    CREATE INDEX conversations_by_user ON conversations(uid, updated_at);
    CREATE TABLE conversation_messages (
        conversation INTEGER NOT NULL,
        turn INTEGER NOT NULL,
        position INTEGER NOT NULL,
        role TEXT NOT NULL,
        content TEXT NOT NULL,
        actions BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (conversation, turn, position)
    ) WITHOUT ROWID;
    """,
    # 5: a reminder relative to the due.
    """
    ALTER TABLE tasks ADD COLUMN remind_before_minutes INTEGER;
    """,
    # 6: the scheduler's jobs (a reminder's, by its task), fired at due_at.
    """
    CREATE TABLE scheduled_jobs (
        name TEXT PRIMARY KEY,
        due_at INTEGER NOT NULL,
        data BLOB NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX scheduled_jobs_by_time ON scheduled_jobs(due_at);
    """,
    # 7: notifications late or snoozed, and their event's place in commit order
    # (what live clients know them by, and ask for again after a reconnection).
    """
    ALTER TABLE notifications ADD COLUMN late INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE notifications ADD COLUMN sequence INTEGER;
    ALTER TABLE notifications ADD COLUMN snoozed_until INTEGER;
    CREATE INDEX notifications_by_sequence ON notifications(uid, sequence);
    DROP INDEX notifications_by_user;
    CREATE INDEX notifications_by_user ON notifications(uid, created_at, id);
    """,
    # 8: idempotency keys: a request's claim on its key, then its first answer
    # (status NULL while it runs). Times are epoch milliseconds.
    """
    CREATE TABLE idempotency_keys (
        user_id TEXT NOT NULL,
        key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        token TEXT NOT NULL,
        locked_until INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        status INTEGER,
        headers BLOB,
        body BLOB,
        PRIMARY KEY (user_id, key)
    ) WITHOUT ROWID;
    CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys(expires_at);
    """,
    # 9: sessions that end (a password change moves session_version on; signing out
    # revokes one token), attempts counted per key and window (the limits on
    # sign-in), and the numbers of deleted users (never given to another user).
    """
    ALTER TABLE users ADD COLUMN session_version INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE revoked_tokens (
        token_id TEXT PRIMARY KEY,
        uid INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX revoked_tokens_by_user ON revoked_tokens(uid);
    CREATE INDEX revoked_tokens_by_expiry ON revoked_tokens(expires_at);
    CREATE TABLE attempts (
        key TEXT NOT NULL,
        period INTEGER NOT NULL,
        count INTEGER NOT NULL,
        ends_at INTEGER NOT NULL,
        PRIMARY KEY (key, period)
    ) WITHOUT ROWID;
    CREATE TABLE retired_uids (uid INTEGER PRIMARY KEY);
    """,
    # 10: the W3C trace context (traceparent) of the request or event that caused
    # each event, NULL when it was not traced.
    """
    ALTER TABLE outbox ADD COLUMN traceparent TEXT;
    """,
    # 11: what a recurring task's next occurrence is counted from ('due' or 'completion'),
    # and the stored views show it (and no skipped dates, which were not recorded).
    """
    ALTER TABLE tasks ADD COLUMN repeat_from TEXT NOT NULL DEFAULT 'due';
    UPDATE tasks SET view = CAST(json_set(CAST(view AS TEXT),
        '$.repeat_from', CASE WHEN recurrence IS NULL THEN NULL ELSE 'due' END,
        '$.skipped_occurrences', json('[]')) AS BLOB);
    """,
]


def run_migrations(conn: sqlite3.Connection, path: Path) -> None:
    """Bring ``conn``'s schema up to date, one numbered step at a time (``path``
    names the file in the log)."""
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            if current >= len(SCHEMA):
                conn.execute("COMMIT")
                return
            log.info("database.migrate", version=current + 1, path=str(path))
            for statement in _statements(SCHEMA[current]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {current + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


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
