"""The command line beyond ``run``: the AsyncAPI document and the dead letters."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import orjson

from todo_chatbot.cli.asyncapi import asyncapi_document
from todo_chatbot.runtimes.embedded.sqlite.database import Database


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "todo_chatbot.cli.main", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_asyncapi_prints_the_document() -> None:
    done = cli("asyncapi")

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == asyncapi_document()


def test_dead_letters_lists_what_no_handler_could_take(data_dir: Path) -> None:
    database = Database(data_dir / "todo.sqlite3")
    database.migrate()
    for consumer, event_id in (("audit", "e-1"), ("recurring", "e-2")):
        database.writer.execute(
            "INSERT INTO dead_letters (consumer, topic, event_id, body, error, attempts, failed_at)"
            " VALUES (?, 'task-events', ?, ?, 'boom', 5, 0)",
            (consumer, event_id, orjson.dumps({"id": event_id})),
        )
    database.close()

    everything = cli("dead-letters", "--data-dir", str(data_dir))
    audit_only = cli("dead-letters", "--data-dir", str(data_dir), "--consumer", "audit")

    assert everything.returncode == 0, everything.stderr
    assert [json.loads(line)["event_id"] for line in everything.stdout.splitlines()] == [
        "e-2",
        "e-1",
    ]
    assert [json.loads(line)["consumer"] for line in audit_only.stdout.splitlines()] == ["audit"]


def test_dead_letters_of_a_missing_data_dir_says_so(tmp_path: Path) -> None:
    done = cli("dead-letters", "--data-dir", str(tmp_path / "nothing"))

    assert done.returncode != 0
    assert "no database" in done.stderr
