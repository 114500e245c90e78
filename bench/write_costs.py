"""CPU a create costs the embedded runtime, in process, by what it waits for.

Builds the embedded runtime on a copy of the seeded data (100 users x 10,000
tasks) and creates 4,000 tasks through the use case, twenty at a time, without
HTTP. Each setting runs in a fresh process: durable units (each returns once
an fsync covers its commit) or not, with event delivery (the audit and
recurring consumers) on or off. Prints the process's CPU per create and the
fsyncs made, so the cost of durability and of events can be told apart.

    .venv/bin/python -m bench.write_costs
"""

from __future__ import annotations

import argparse
import asyncio
import random
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.run import seeded_copy
from todo_chatbot.config import Settings
from todo_chatbot.observability.logs import configure_logging
from todo_chatbot.runtimes.embedded.bus import EmbeddedEventBus
from todo_chatbot.runtimes.embedded.sqlite import wal
from todo_chatbot.runtimes.embedded.wiring import build_embedded_runtime
from todo_chatbot.tasks.events import Actor
from todo_chatbot.tasks.use_cases import Caller, add_task

WORDS = ["buy", "call", "email", "fix", "plan", "review", "write", "pay", "book", "clean"]
SETTINGS = [("durable", "on"), ("durable", "off"), ("not durable", "off")]


def count_fsyncs() -> list[int]:
    """Count the WAL flushes of this process."""
    counted = [0]
    flush = wal.WalSyncer._fsync

    def counting(self: wal.WalSyncer) -> None:
        counted[0] += 1
        flush(self)

    wal.WalSyncer._fsync = counting  # type: ignore[method-assign]
    return counted


async def delivered(bus: EmbeddedEventBus) -> None:
    """Return once every consumer has had every event."""
    while any(bus.lag().values()):  # noqa: ASYNC110 (the bus has no "caught up" event)
        await asyncio.sleep(0.01)


async def measure(data_dir: Path, durable: bool, deliver: bool, creates: int) -> str:
    settings = Settings(data_dir=data_dir, deliver_events=deliver, log_level="WARNING")
    configure_logging(settings.log_level, json=False)
    fsyncs = count_fsyncs()
    runtime = await build_embedded_runtime(settings)
    await runtime.start()
    rng = random.Random(3)
    users = [row[0] for row in runtime.database.reader.execute("SELECT id FROM users")]

    async def create() -> None:
        fields = {
            "title": " ".join(rng.choice(WORDS) for _ in range(4)),
            "priority": rng.choice(["high", "medium", "low"]),
            "tags": [rng.choice(["work", "home", "errand"])],
            "due": f"2026-12-{rng.randrange(1, 28):02d}",
        }
        caller = Caller(user_id=rng.choice(users), tz=ZoneInfo("UTC"), actor=Actor.USER)
        uow = runtime.uow_factory(durable=durable)
        await add_task(uow=uow, clock=runtime.clock, caller=caller, fields=fields)

    for _ in range(200):  # warm up
        await create()
    started, commits, flushed = time.process_time(), runtime.database.commits, fsyncs[0]
    for _ in range(creates // 20):
        await asyncio.gather(*(create() for _ in range(20)))
    if deliver:
        await delivered(runtime.bus)
    spent = time.process_time() - started
    commits, flushed = runtime.database.commits - commits, fsyncs[0] - flushed
    await runtime.stop()
    return (
        f"{'durable' if durable else 'not durable':<12} events {'on' if deliver else 'off':<4}"
        f" {1000 * spent / creates:.3f} ms of CPU per create"
        f"  ({commits} commits, {flushed} fsyncs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creates", type=int, default=4_000)
    parser.add_argument("--one", nargs=2, metavar=("DURABILITY", "EVENTS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        durability, events = args.one
        with seeded_copy(100, 10_000, "todo-writes-") as data_dir:
            line = asyncio.run(
                measure(data_dir, durability == "durable", events == "on", args.creates)
            )
        print(line, flush=True)
        return
    for durability, events in SETTINGS:
        subprocess.run(
            [
                *(sys.executable, "-m", "bench.write_costs"),
                *("--creates", str(args.creates), "--one", durability, events),
            ],
            check=True,
        )


if __name__ == "__main__":
    main()
