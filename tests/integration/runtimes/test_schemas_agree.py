"""The two stores' schemas hold the same things.

Each runtime keeps its own schema (SQLite's in ``runtimes/embedded/sqlite/schema.py``,
PostgreSQL's in ``runtimes/dapr/schema.py``), written for its engine. This test
reads both as the engines built them and proves that every table and column of
one has its counterpart in the other, except for the differences listed here,
each with its reason: a column added to one store and forgotten in the other
fails it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Final

from todo_chatbot.runtimes.dapr.wiring import DaprBackendRuntime
from todo_chatbot.runtimes.embedded.sqlite.database import Database

Columns = dict[str, frozenset[str]]

ONLY_IN_SQLITE: Final[dict[str, str]] = {
    "task_tags": "the tag index (PostgreSQL: a GIN index on tasks.tags)",
    "task_words": "the keyword index's folded words (PostgreSQL: tasks.search)",
    "tasks_fts": "the keyword index's stems (PostgreSQL: tasks.search)",
    "consumer_offsets": "the in-process bus's positions (Kafka keeps the consumer groups')",
    "scheduled_jobs": "the embedded scheduler's jobs (the Dapr scheduler keeps them)",
    "retired_uids": "deleted users' numbers, never given again (PostgreSQL keys users by id)",
}
ONLY_IN_POSTGRES: Final[dict[str, str]] = {
    "todo_schema_versions": "migrations applied (SQLite: PRAGMA user_version)",
    "dapr_state": "the Dapr state store's table (the outbox relay's lease)",
    "dapr_metadata": "the Dapr state store's own bookkeeping",
    "unhandled_events": "each consumer's events published and not handled yet, its lag (the"
    " embedded bus reads its lag from consumer_offsets)",
}
COLUMN_DIFFERENCES: Final[dict[tuple[str, str], str]] = {
    # SQLite numbers users and refers to them by number; PostgreSQL by id.
    ("users", "sqlite:uid"): "users are numbered to keep a user's rows together",
    ("users", "sqlite:task_seq"): "a task's key is (user number, sequence)",
    ("tasks", "sqlite:uid"): "the owner by number",
    ("tasks", "postgres:user_id"): "the owner by id",
    ("tasks", "postgres:search"): "the keyword index (SQLite: tasks_fts, task_words)",
    ("audit_log", "sqlite:uid"): "the owner by number",
    ("audit_log", "postgres:user_id"): "the owner by id",
    ("audit_log", "postgres:sequence"): "commit order from the relay (SQLite: the id is it)",
    ("notifications", "sqlite:uid"): "the owner by number",
    ("notifications", "postgres:user_id"): "the owner by id",
    ("conversations", "sqlite:pk"): "conversations are numbered to key their messages",
    ("conversations", "sqlite:uid"): "the owner by number",
    ("conversations", "postgres:user_id"): "the owner by id",
    ("conversation_messages", "sqlite:conversation"): "the conversation by number",
    ("conversation_messages", "postgres:conversation_id"): "the conversation by id",
    ("outbox", "postgres:attempts"): "the relay's tries to publish (the bus's are per consumer)",
    ("dead_letters", "sqlite:attempts"): "the bus's tries (Dapr's resiliency retries)",
    ("revoked_tokens", "sqlite:uid"): "the owner by number",
    ("revoked_tokens", "postgres:user_id"): "the owner by id",
}


def sqlite_columns(path: Path) -> Columns:
    database = Database(path)
    database.migrate()
    database.close()
    with sqlite3.connect(path) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " AND name NOT LIKE 'tasks_fts_%'"
            )
        ]
        return {
            table: frozenset(row[1] for row in conn.execute(f"PRAGMA table_info({table})"))
            for table in tables
        }


async def postgres_columns(runtime: DaprBackendRuntime) -> Columns:
    rows = await runtime.sql.rows(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema()"
    )
    columns: dict[str, set[str]] = {}
    for row in rows:
        columns.setdefault(row["table_name"], set()).add(row["column_name"])
    return {table: frozenset(names) for table, names in columns.items()}


def differences(sqlite: Columns, postgres: Columns) -> dict[tuple[str, str], str]:
    """What one schema has that the other has not, as (table, "engine:column")."""
    found: dict[tuple[str, str], str] = {}
    for table in sqlite.keys() - postgres.keys() - ONLY_IN_SQLITE.keys():
        found[(table, "sqlite:*")] = "a table only SQLite has"
    for table in postgres.keys() - sqlite.keys() - ONLY_IN_POSTGRES.keys():
        found[(table, "postgres:*")] = "a table only PostgreSQL has"
    for table in sqlite.keys() & postgres.keys():
        for column in sqlite[table] - postgres[table]:
            found[(table, f"sqlite:{column}")] = "a column only SQLite has"
        for column in postgres[table] - sqlite[table]:
            found[(table, f"postgres:{column}")] = "a column only PostgreSQL has"
    return found


async def test_both_stores_keep_the_same_tables_and_columns(
    tmp_path: Path, contract_backend: DaprBackendRuntime
) -> None:
    sqlite = sqlite_columns(tmp_path / "todo.sqlite3")
    postgres = await postgres_columns(contract_backend)

    unexplained = differences(sqlite, postgres).keys() - COLUMN_DIFFERENCES.keys()
    assert not unexplained, f"only one store has: {sorted(unexplained)}"
    stale = COLUMN_DIFFERENCES.keys() - differences(sqlite, postgres).keys()
    assert not stale, f"listed as a difference, but both stores agree: {sorted(stale)}"
    assert {"users", "tasks", "outbox", "audit_log"} <= sqlite.keys() & postgres.keys()


def test_a_column_in_one_store_only_is_a_difference() -> None:
    sqlite = {"tasks": frozenset({"id", "title", "colour"})}
    postgres = {"tasks": frozenset({"id", "title"}), "labels": frozenset({"id"})}
    assert differences(sqlite, postgres) == {
        ("tasks", "sqlite:colour"): "a column only SQLite has",
        ("labels", "postgres:*"): "a table only PostgreSQL has",
    }
