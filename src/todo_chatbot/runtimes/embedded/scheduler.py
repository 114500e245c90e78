"""The embedded runtime's scheduler: jobs kept in the database, fired at their instant.

``schedule`` and ``cancel`` (the scheduler port, in the shape of Dapr's Jobs
API: scheduling a name again replaces its job) write ``scheduled_jobs`` from any
worker process, durably. The process that leads (the one running the event bus)
runs :meth:`SqliteScheduler.run`: it sleeps until the earliest job's instant, and
is woken when a job is scheduled or cancelled, in its own process or, through
the doorbell, in another one. There is no scan on a timer: the loop reads the
one earliest instant from an index.

Due jobs are handed to the callback many at a time (their effects then share
commits) and deleted once it returns, unless they were scheduled again
meanwhile. At least once: a job whose callback failed stays and is tried again
a second later, and jobs that came due while no process ran fire at start-up.
The callbacks are idempotent (a reminder's event id is derived from its task and
time), so a job fired twice has one effect.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

import orjson
import structlog

from todo_chatbot.core.background import cancel_and_wait
from todo_chatbot.core.clock import Clock
from todo_chatbot.core.timekeeping import to_millis
from todo_chatbot.runtimes.embedded.sqlite.database import Database

log = structlog.get_logger(__name__)

JobCallback = Callable[[str, dict[str, Any]], Awaitable[None]]

BATCH: Final = 200
"""Due jobs handed to the callback at once."""
MAX_SLEEP: Final = 60.0
"""Seconds the loop sleeps at most before it looks again (the clock may have jumped)."""
RETRY_AFTER_MS: Final = 1000
"""A job whose callback failed is tried again this much later."""


@dataclass(frozen=True)
class _Job:
    name: str
    due_at: int
    data: dict[str, Any]


class SqliteScheduler:
    """The jobs of one data directory; ``changed`` is called after each schedule or
    cancel has committed (the wiring wakes the leading process's loop with it).

    ``durable=False`` makes scheduling return before the disk has the job: for a
    scheduler that follows the outbox (a power cut that loses the job also loses
    the consumer's later position, so the event comes again)."""

    def __init__(
        self, db: Database, clock: Clock, *, changed: Callable[[], None], durable: bool = True
    ) -> None:
        self._db = db
        self._clock = clock
        self.changed = changed
        self._durable = durable
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def schedule(self, name: str, at: datetime, data: dict[str, Any]) -> None:
        async with self._db.transaction(durable=self._durable) as transaction:
            transaction.conn.execute(
                "INSERT INTO scheduled_jobs (name, due_at, data) VALUES (?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET due_at = excluded.due_at, data = excluded.data",
                (name, to_millis(at), orjson.dumps(data)),
            )
            transaction.after_commit(lambda: self.changed())
            transaction.commit()

    async def cancel(self, name: str) -> None:
        """Delete the job; an unknown name is not an error."""
        async with self._db.transaction(durable=self._durable) as transaction:
            transaction.conn.execute("DELETE FROM scheduled_jobs WHERE name = ?", (name,))
            transaction.after_commit(lambda: self.changed())
            transaction.commit()

    def wake(self) -> None:
        """Jobs changed: the loop looks again at what is due next."""
        self._wakeup.set()

    def pending(self) -> int:
        (count,) = self._db.reader.execute("SELECT count(*) FROM scheduled_jobs").fetchone()
        return int(count)

    def start(self, callback: JobCallback) -> None:
        self._task = asyncio.create_task(self.run(callback), name="scheduler")

    async def stop(self) -> None:
        await cancel_and_wait(self._task)
        self._task = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def run(self, callback: JobCallback) -> None:
        """Fire jobs as they come due, until cancelled."""
        while True:
            self._wakeup.clear()
            due = self._due_jobs()
            if due:
                await self._fire(due, callback)
                continue
            await self._sleep_until_next()

    def _now(self) -> int:
        return to_millis(self._clock.now())

    def _due_jobs(self) -> list[_Job]:
        rows = self._db.reader.execute(
            "SELECT name, due_at, data FROM scheduled_jobs WHERE due_at <= ?"
            " ORDER BY due_at LIMIT ?",
            (self._now(), BATCH),
        ).fetchall()
        return [_Job(name, due_at, orjson.loads(data)) for name, due_at, data in rows]

    async def _sleep_until_next(self) -> None:
        row = self._db.reader.execute("SELECT min(due_at) FROM scheduled_jobs").fetchone()
        delay = MAX_SLEEP if row[0] is None else (row[0] - self._now()) / 1000
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wakeup.wait(), min(max(delay, 0.0), MAX_SLEEP))

    async def _fire(self, jobs: list[_Job], callback: JobCallback) -> None:
        outcomes = await asyncio.gather(
            *(callback(job.name, job.data) for job in jobs), return_exceptions=True
        )
        done = [job for job, outcome in zip(jobs, outcomes, strict=True) if outcome is None]
        failed = [job for job, outcome in zip(jobs, outcomes, strict=True) if outcome is not None]
        for job, outcome in zip(jobs, outcomes, strict=True):
            if isinstance(outcome, asyncio.CancelledError):
                raise outcome
            if isinstance(outcome, BaseException):
                log.error("scheduler.job_failed", job=job.name, error=repr(outcome))
        async with self._db.transaction(durable=False) as transaction:
            conn = transaction.conn
            conn.executemany(
                "DELETE FROM scheduled_jobs WHERE name = ? AND due_at = ?",
                [(job.name, job.due_at) for job in done],
            )
            conn.executemany(
                "UPDATE scheduled_jobs SET due_at = ? WHERE name = ? AND due_at = ?",
                [(self._now() + RETRY_AFTER_MS, job.name, job.due_at) for job in failed],
            )
            transaction.commit()
