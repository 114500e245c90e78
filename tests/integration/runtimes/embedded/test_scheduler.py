"""The embedded runtime's scheduler, on a real SQLite file and the real clock: a job
fires once at its instant, a job scheduled again fires only at its new time, a
cancelled one never, one already past at once, and jobs outlive the process."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from todo_chatbot.runtimes.clocks import SystemClock
from todo_chatbot.runtimes.embedded.scheduler import SqliteScheduler
from todo_chatbot.runtimes.embedded.sqlite.database import Database

CLOCK = SystemClock()


class Fired:
    """A job callback that records what fired when (and can fail the first tries)."""

    def __init__(self, failures: int = 0) -> None:
        self.calls: list[tuple[str, dict[str, Any], float]] = []
        self._failures = failures

    async def __call__(self, name: str, data: dict[str, Any]) -> None:
        if self._failures:
            self._failures -= 1
            raise RuntimeError("the callback failed")
        self.calls.append((name, data, time.time()))

    def names(self) -> list[str]:
        return [name for name, _, _ in self.calls]


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(tmp_path / "todo.sqlite3")
    database.migrate()
    database.start()
    yield database
    database.close()


def scheduler_on(database: Database) -> SqliteScheduler:
    scheduler = SqliteScheduler(database, CLOCK, changed=lambda: None)
    scheduler.changed = scheduler.wake
    return scheduler


def ahead(seconds: float) -> datetime:
    return CLOCK.now() + timedelta(seconds=seconds)


async def test_a_job_fires_once_at_its_instant(database: Database) -> None:
    scheduler, fired = scheduler_on(database), Fired()
    at = ahead(0.5)
    await scheduler.schedule("reminder-a", at, {"n": 1})
    scheduler.start(fired)
    await asyncio.sleep(1.2)
    await scheduler.stop()

    assert [(name, data) for name, data, _ in fired.calls] == [("reminder-a", {"n": 1})]
    assert at.timestamp() <= fired.calls[0][2] < at.timestamp() + 0.25
    assert scheduler.pending() == 0


async def test_scheduling_a_name_again_fires_only_at_the_new_time(database: Database) -> None:
    scheduler, fired = scheduler_on(database), Fired()
    scheduler.start(fired)
    await scheduler.schedule("reminder-a", ahead(0.3), {"at": "first"})
    await scheduler.schedule("reminder-a", ahead(0.8), {"at": "second"})
    await asyncio.sleep(0.6)
    assert fired.calls == []
    await asyncio.sleep(0.6)
    await scheduler.stop()

    assert [data for _, data, _ in fired.calls] == [{"at": "second"}]


async def test_an_earlier_job_wakes_the_sleeping_loop(database: Database) -> None:
    scheduler, fired = scheduler_on(database), Fired()
    await scheduler.schedule("later", ahead(30), {})
    scheduler.start(fired)
    await asyncio.sleep(0.1)
    await scheduler.schedule("sooner", ahead(0.2), {})
    await asyncio.sleep(0.5)
    await scheduler.stop()

    assert fired.names() == ["sooner"]


async def test_a_cancelled_job_never_fires_and_cancelling_nothing_is_fine(
    database: Database,
) -> None:
    scheduler, fired = scheduler_on(database), Fired()
    scheduler.start(fired)
    await scheduler.schedule("reminder-a", ahead(0.3), {})
    await scheduler.cancel("reminder-a")
    await scheduler.cancel("never-scheduled")
    await asyncio.sleep(0.6)
    await scheduler.stop()

    assert fired.calls == []


async def test_a_job_already_past_fires_at_once(database: Database) -> None:
    scheduler, fired = scheduler_on(database), Fired()
    scheduler.start(fired)
    started = time.time()
    await scheduler.schedule("reminder-a", ahead(-3600), {})
    await asyncio.sleep(0.3)
    await scheduler.stop()

    assert fired.names() == ["reminder-a"]
    assert fired.calls[0][2] - started < 0.2


async def test_a_failed_job_is_tried_again_a_second_later(database: Database) -> None:
    scheduler, fired = scheduler_on(database), Fired(failures=1)
    await scheduler.schedule("reminder-a", ahead(0), {})
    scheduler.start(fired)
    await asyncio.sleep(0.3)
    assert fired.calls == []
    await asyncio.sleep(1.2)
    await scheduler.stop()

    assert fired.names() == ["reminder-a"]


async def test_jobs_outlive_the_process_and_fire_when_it_is_back(tmp_path: Path) -> None:
    first = Database(tmp_path / "todo.sqlite3")
    first.migrate()
    first.start()
    await scheduler_on(first).schedule("reminder-a", ahead(0.2), {"kept": True})
    first.close()
    await asyncio.sleep(0.4)

    second = Database(tmp_path / "todo.sqlite3")
    second.start()
    scheduler, fired = scheduler_on(second), Fired()
    scheduler.start(fired)
    await asyncio.sleep(0.3)
    await scheduler.stop()
    second.close()

    assert [data for _, data, _ in fired.calls] == [{"kept": True}]


async def test_many_jobs_due_at_once_all_fire_once(database: Database) -> None:
    scheduler, fired = scheduler_on(database), Fired()
    at = ahead(0.3)
    for number in range(1000):
        await scheduler.schedule(f"job-{number}", at, {"n": number})
    scheduler.start(fired)
    await asyncio.sleep(1.5)
    await scheduler.stop()

    assert sorted(data["n"] for _, data, _ in fired.calls) == list(range(1000))
