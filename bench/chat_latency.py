"""Chat latency: how long ``POST /api/chat`` takes per message, one message at a time.

Starts a runtime of its own (``todo-chatbot run`` on a temporary data
directory, or the whole distributed stack), registers a user with
``--tasks`` tasks, then sends ``--rounds`` rounds of a fixed mix of messages
in one conversation (add with a due and reminder, list, a completion that
asks which task and its answer, a move, a misspelt completion, help, an
out-of-domain message) and prints p50/p95/max per kind of message and over
all, measured at the client (parser path; no LLM).

    .venv/bin/python -m bench.chat_latency --runtime embedded
    .venv/bin/python -m bench.chat_latency --runtime distributed --rounds 20
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from bench.run import serving_todo_chatbot
from devstack.stack import Stack

MIX = [
    ("add", "Buy {w} groceries tomorrow at 5pm, remind me 1 hour before"),
    ("add", "Take {w} vitamins every day at 8am #health"),
    ("add", "Buy {w} vitamins"),
    ("list", "what's pending?"),
    ("ambiguous", "mark {w} vitamins done"),
    ("answer", "2"),
    ("update", "move {w} groceries to next friday at 3pm"),
    ("fuzzy", "mark {w} grocries done"),
    ("help", "help"),
    ("unknown", "what's the weather like"),
]
WORDS = [
    "apple",
    "banana",
    "cherry",
    "damson",
    "elder",
    "fig",
    "grape",
    "hazel",
    "iris",
    "juniper",
    "kiwi",
    "lemon",
    "mango",
    "nectar",
    "olive",
    "peach",
    "quince",
    "raisin",
    "sloe",
    "tamarind",
    "ugli",
    "vanilla",
    "walnut",
    "yam",
    "zucchini",
    "almond",
    "basil",
    "cumin",
    "dill",
    "fennel",
]
"""One word per round, so that each round's tasks have titles of their own."""


@contextlib.contextmanager
def served(runtime: str, run_dir: Path) -> Iterator[str]:
    """A runtime of its own, started as a user would start it: its URL."""
    if runtime == "embedded":
        with serving_todo_chatbot(run_dir / "data") as (url, _):
            yield url
        return
    with Stack(run_dir / "stack").start() as stack:
        yield stack.backend_url


def measure(url: str, tasks: int, rounds: int, show: bool) -> dict[str, list[float]]:
    with httpx.Client(base_url=url, timeout=30) as client:
        token = client.post(
            "/api/auth/register",
            json={
                "email": "bench@example.com",
                "password": "correct horse",
                "timezone": "America/New_York",
            },
        ).json()["access_token"]
        client.headers["Authorization"] = f"Bearer {token}"
        for n in range(tasks):
            client.post("/api/tasks", json={"title": f"Seeded task {n} about topic {n % 37}"})
        conversation: str | None = None
        timings: dict[str, list[float]] = {}
        for n in range(rounds):
            for kind, template in MIX:
                message = template.format(w=WORDS[n % len(WORDS)])
                body = {"message": message, "conversation_id": conversation}
                started = time.perf_counter()
                answer = client.post("/api/chat", json=body)
                timings.setdefault(kind, []).append(time.perf_counter() - started)
                answer.raise_for_status()
                conversation = answer.json()["conversation_id"]
                if show and n == 0:
                    print(f"> {message}\n  {answer.json()['reply']}")
    return timings


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(timings: dict[str, list[float]]) -> None:
    print(f"{'message':<10} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    every = [value for values in timings.values() for value in values]
    for kind, values in [*timings.items(), ("all", every)]:
        print(
            f"{kind:<10} {len(values):>5} {statistics.median(values) * 1000:>8.1f}"
            f" {percentile(values, 0.95) * 1000:>8.1f} {max(values) * 1000:>8.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runtime", choices=["embedded", "distributed"], default="embedded")
    parser.add_argument("--tasks", type=int, default=200, help="tasks the user has first")
    parser.add_argument("--rounds", type=int, default=30, help="rounds of the message mix")
    parser.add_argument("--show", action="store_true", help="print each reply")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as run_dir, served(options.runtime, Path(run_dir)) as url:
        report(measure(url, options.tasks, options.rounds, options.show))


if __name__ == "__main__":
    main()
