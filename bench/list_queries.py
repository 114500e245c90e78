"""SQL time of the benchmark's lists, one by one, in process.

Opens a copy of the seeded data (100 users x 10,000 tasks) with the embedded
runtime's own ``SqliteTaskViews`` and times each of the twelve lists the load
generator asks for (``bench/loadgen``), for random users, without HTTP: what a
list costs the database layer, warm, with no writes in between.

    .venv/bin/python -m bench.list_queries [--runs 300]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.run import seeded_copy
from bench.seed import SEARCH_WORDS, TAGS
from todo_chatbot.runtimes.embedded.sqlite.database import Database
from todo_chatbot.runtimes.embedded.store import UserKeys
from todo_chatbot.runtimes.embedded.views import SqliteTaskViews
from todo_chatbot.tasks.queries import read_list_query

TAG, WORD = "<tag>", "<word>"


def lists(today: str, week_later: str) -> list[dict[str, list[str]]]:
    """The load generator's twelve lists (``listQuery`` in ``bench/loadgen/main.go``)."""
    return [
        {},
        {"sort": ["due"]},
        {"priority": ["high"], "sort": ["due"]},
        {"tag": [TAG]},
        {"tag": [TAG], "priority": ["high", "medium"], "sort": ["priority"]},
        {"due_from": [today], "due_to": [week_later], "sort": ["due"]},
        {"overdue": ["true"], "sort": ["due"]},
        {"q": [WORD]},
        {"q": [WORD], "status": ["all"], "sort": ["due"]},
        {"status": ["completed"], "limit": ["20"]},
        {"sort": ["title"]},
        {"status": ["all"], "sort": ["due"], "order": ["desc"], "limit": ["20"]},
    ]


def filled_in(params: dict[str, list[str]], rng: random.Random) -> dict[str, list[str]]:
    """One of ``lists()`` with its placeholders replaced by a random tag or word."""
    return {
        name: [
            rng.choice(TAGS) if v == TAG else rng.choice(SEARCH_WORDS) if v == WORD else v
            for v in values
        ]
        for name, values in params.items()
    }


async def time_lists(database: Path, runs: int) -> None:
    db = Database(database, synchronous="NORMAL")
    views = SqliteTaskViews(db, UserKeys())
    users = [user_id for (user_id,) in db.reader.execute("SELECT id FROM users")]
    rng = random.Random(1)
    now = datetime.now(UTC)
    today = now.date()
    means = []
    for params in lists(today.isoformat(), (today + timedelta(days=7)).isoformat()):
        times = []
        for _ in range(runs):
            query = read_list_query(filled_in(params, rng))
            started = time.perf_counter()
            await views.list_views(rng.choice(users), query, now=now, tz=ZoneInfo("UTC"))
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        mean = sum(times) / runs
        means.append(mean)
        shown = " ".join(f"{k}={'|'.join(v)}" for k, v in params.items()) or "(pending, newest)"
        print(
            f"{shown:<55} mean {mean:.3f}  p50 {times[runs // 2]:.3f}"
            f"  p95 {times[int(runs * 0.95)]:.3f} ms"
        )
    print(f"mean over the lists: {sum(means) / len(means):.3f} ms")
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=300, help="runs per list")
    args = parser.parse_args()
    with seeded_copy(100, 10_000, "todo-lists-") as data_dir:
        asyncio.run(time_lists(data_dir / "todo.sqlite3", args.runs))


if __name__ == "__main__":
    main()
