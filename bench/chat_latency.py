"""How long a chat turn takes through HTTP on the embedded runtime: ``POST /api/chat``,
one message at a time, over a realistic mix, against a real server.

Starts ``todo-chatbot run`` on a temporary data directory (as a user would), signs
up one user, gives them ``--tasks`` tasks through the API (titles, dues, tags,
priorities and reminders of many kinds), then plays ``--rounds`` rounds of one
conversation: adds (with a due and reminder, with a repeat), lists and questions
(what's due, overdue, a tag, reminders tomorrow, why a reminder did not come, next
dates), a completion, a move, a correction, an undo. The first ``--warmup`` rounds
are not counted. Prints p50/p95/p99/max per kind of message and for all of them,
against the target of p95 under 10 ms (the issue's "Speed"). The parser path: no
LLM is configured.

    .venv/bin/python -m bench.chat_latency [--tasks 300] [--rounds 40] [--show]
    .venv/bin/python -m bench.chat_latency --profile /tmp/chat.prof   # the server's profile
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final

import httpx

from bench.latency import HEADER, percentile, sign_up, summary
from bench.run import ROOT, free_port, serving

TARGET_P95_MS: Final = 10.0
MIX: Final = [
    ("add", "Buy {w} groceries tomorrow at 5pm, remind me 1 hour before"),
    ("add", "call {w} dentist on friday at 10am #health !high"),
    ("add", "water the {w} plants every 3 days"),
    ("list", "what's due this week?"),
    ("list", "show my high priority tasks"),
    ("question", "what reminders do I have tomorrow?"),
    ("question", "why didn't I get reminded about {w} groceries?"),
    ("question", "when is water the {w} plants next?"),
    ("question", "what's overdue?"),
    ("complete", "mark {w} dentist done"),
    ("update", "move {w} groceries to next friday at 3pm"),
    ("correct", "make it 6pm"),
    ("undo", "undo"),
    ("list", "show me my work stuff"),
]
"""One round of the conversation: kinds of message and their text (``{w}`` a word of
the round, so that each round's tasks have titles of their own)."""
WORDS: Final = ["apple", "banana", "cherry", "damson", "elder", "fig", "grape", "hazel"]
TITLES: Final = [
    "Prepare the quarterly report",
    "Call the insurance company",
    "Buy a birthday present",
    "Renew the car registration",
    "Book flights for the conference",
    "Clean the garage",
    "Pay the electricity bill",
    "Review pull requests",
    "Schedule a haircut",
    "Email the landlord about the heating",
]
TAGS: Final = ["work", "home", "errands", "health", "finance"]


@contextlib.contextmanager
def embedded_server(data_dir: Path, profile: Path | None = None) -> Iterator[str]:
    """``todo-chatbot run`` on ``data_dir`` (this checkout's code, the ``.venv``'s script
    when there is one), under cProfile into ``profile`` if given; its URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    script = ROOT / ".venv" / "bin" / "todo-chatbot"
    start = [str(script)] if script.exists() else [sys.executable, "-m", "todo_chatbot.cli.main"]
    if profile is not None:
        profiled = ["-m", "cProfile", "-o", str(profile)]
        start = [sys.executable, *profiled, "-m", "todo_chatbot.cli.main"]
    command = [*start, "run", "--port", str(port), "--data-dir", str(data_dir)]
    env = {**os.environ, "TODO_LOG_LEVEL": "WARNING"}
    with serving(command, url, "/readyz", env=env):
        yield url


def seed_tasks(client: httpx.Client, count: int) -> None:
    """``count`` tasks of many kinds through the API: some due, some overdue, some with
    reminders (a few of them tomorrow), tags and priorities."""
    now = datetime.now(UTC).replace(microsecond=0)
    for n in range(count):
        task: dict[str, object] = {"title": f"{TITLES[n % len(TITLES)]} {n}"}
        if n % 3 == 0:
            task["due"] = (now + timedelta(days=n % 20 - 5)).date().isoformat()
        if n % 5 == 0:
            task["remind_at"] = (now + timedelta(hours=n % 72 - 12)).isoformat()
        if n % 4 == 0:
            task["tags"] = [TAGS[n % len(TAGS)]]
        if n % 6 == 0:
            task["priority"] = ["high", "medium", "low"][n % 3]
        client.post("/api/tasks", json=task).raise_for_status()


def measure(url: str, tasks: int, rounds: int, warmup: int, show: bool) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {}
    with httpx.Client(base_url=url, timeout=30) as client:
        client.headers["Authorization"] = f"Bearer {sign_up(client, 'chat@example.com')}"
        seed_tasks(client, tasks)
        conversation: str | None = None
        for n in range(warmup + rounds):
            for kind, template in MIX:
                message = template.format(w=f"{WORDS[n % len(WORDS)]}{n}")
                body = {"message": message, "conversation_id": conversation}
                started = time.perf_counter()
                answer = client.post("/api/chat", json=body)
                took = time.perf_counter() - started
                answer.raise_for_status()
                conversation = answer.json()["conversation_id"]
                if n >= warmup:
                    timings.setdefault(kind, []).append(took)
                if show and n == warmup:
                    print(f"> {message}\n  {answer.json()['reply']}")
    return timings


def report(timings: dict[str, list[float]]) -> None:
    print(HEADER)
    for kind, values in timings.items():
        print(summary(kind, values))
    every = [value for values in timings.values() for value in values]
    print(summary("all", every))
    p95 = percentile(every, 0.95) * 1000
    verdict = "meets" if p95 < TARGET_P95_MS else "misses"
    print(f"p95 {p95:.1f} ms {verdict} the target of {TARGET_P95_MS:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=300, help="tasks the user has first")
    parser.add_argument("--rounds", type=int, default=40, help="rounds of the mix measured")
    parser.add_argument("--warmup", type=int, default=3, help="rounds played first, not counted")
    parser.add_argument("--show", action="store_true", help="print one round's replies")
    parser.add_argument("--profile", type=Path, help="run the server under cProfile, into this")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="todo-chat-latency-") as run_dir,
        embedded_server(Path(run_dir) / "data", args.profile) as url,
    ):
        timings = measure(url, args.tasks, args.rounds, args.warmup, args.show)
    report(timings)


if __name__ == "__main__":
    main()
