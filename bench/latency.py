"""What a person waits for: a chat reply, a change reaching an open client, a reminder
after its time, and what many open clients cost.

Each measurement starts a runtime of its own (``todo-chatbot run`` on a
temporary data directory, or the whole distributed stack) and drives it from
the outside, through the API and ``/ws``:

- ``chat``: ``POST /api/chat`` one message at a time, a fixed mix (add with a
  due and reminder, list, a completion that asks which task and its answer, a
  move, a misspelt completion, help, an out-of-domain message), after
  ``--tasks`` tasks; p50/p95/max per kind of message (parser path, no LLM).
- ``live``: a task write (``PATCH``) reaching a client connected to ``/ws``,
  one write at a time, from sending the request to receiving the message.
- ``reminders``: ``--reminders`` tasks whose reminders fall in the same minute
  (spread over it); each reminder's lateness (its notification's time against
  its ``remind_at``), and how many were lost or doubled.
- ``connections``: ``--connections`` clients open on ``/ws`` at once
  (``--per-user`` per user); the time for one user's change to reach all of
  that user's connections, and for a burst (a change by every user at once) to
  reach every connection; the serving process's memory per connection, and
  whether its event loop stalled (``event_loop_stalls_total``).

    .venv/bin/python -m bench.latency chat --runtime embedded
    .venv/bin/python -m bench.latency live --runtime distributed
    .venv/bin/python -m bench.latency reminders --reminders 10000
    .venv/bin/python -m bench.latency connections --connections 1000
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import orjson
from websockets.asyncio.client import ClientConnection, connect

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
]
"""One word per round, so that each round's tasks have titles of their own."""


@dataclass(frozen=True)
class Served:
    """A runtime under test: the API's URL, ``/ws``'s, and the process serving ``/ws``."""

    api: str
    live: str
    live_pid: int


@contextlib.contextmanager
def served(runtime: str, run_dir: Path) -> Iterator[Served]:
    """A runtime of its own, started as a user would start it."""
    if runtime == "embedded":
        with serving_todo_chatbot(run_dir / "data") as (url, pid):
            yield Served(url, url.replace("http://", "ws://") + "/ws", pid)
        return
    with Stack(run_dir / "stack").start() as stack:
        websocket = stack.services["websocket"]
        assert websocket.app is not None
        yield Served(stack.backend_url, f"{stack.websocket_url}/ws", websocket.app.pid)


def sign_up(client: httpx.Client, email: str) -> str:
    answer = client.post(
        "/api/auth/register",
        json={"email": email, "password": "correct horse", "timezone": "UTC"},
    )
    answer.raise_for_status()
    token: str = answer.json()["access_token"]
    return token


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def summary(name: str, values: list[float], unit: float = 1000.0) -> str:
    return (
        f"{name:<12} {len(values):>6} {statistics.median(values) * unit:>9.1f}"
        f" {percentile(values, 0.95) * unit:>9.1f} {percentile(values, 0.99) * unit:>9.1f}"
        f" {max(values) * unit:>9.1f}"
    )


HEADER = f"{'':<12} {'n':>6} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9} {'max ms':>9}"


# --- chat ------------------------------------------------------------------------------


def measure_chat(served: Served, tasks: int, rounds: int, show: bool) -> None:
    with httpx.Client(base_url=served.api, timeout=30) as client:
        client.headers["Authorization"] = f"Bearer {sign_up(client, 'chat@example.com')}"
        for n in range(tasks):
            client.post("/api/tasks", json={"title": f"Seeded task {n} about topic {n % 37}"})
        conversation: str | None = None
        timings: dict[str, list[float]] = {}
        for n in range(rounds):
            for kind, template in MIX:
                message = template.format(w=f"{WORDS[n % len(WORDS)]}{n}")
                body = {"message": message, "conversation_id": conversation}
                started = time.perf_counter()
                answer = client.post("/api/chat", json=body)
                timings.setdefault(kind, []).append(time.perf_counter() - started)
                answer.raise_for_status()
                conversation = answer.json()["conversation_id"]
                if show and n == 0:
                    print(f"> {message}\n  {answer.json()['reply']}")
    print(HEADER)
    for kind, values in timings.items():
        print(summary(kind, values))
    print(summary("all", [v for values in timings.values() for v in values]))


# --- a write reaching an open client --------------------------------------------------


async def measure_live(served: Served, writes: int) -> None:
    with httpx.Client(base_url=served.api, timeout=30) as client:
        token = sign_up(client, "live@example.com")
    task_id = create_task(served.api, token)
    headers = {"Authorization": f"Bearer {token}"}
    async with (
        httpx.AsyncClient(base_url=served.api, headers=headers, timeout=30) as client,
        connect(f"{served.live}?token={token}") as socket,
    ):
        await asyncio.sleep(0.5)
        await drain(socket)
        timings = []
        for n in range(writes):
            started = time.perf_counter()
            await client.patch(f"/api/tasks/{task_id}", json={"title": f"Moved {n}"})
            while True:
                message = orjson.loads(await socket.recv())
                if message.get("task", {}).get("title") == f"Moved {n}":
                    break
            timings.append(time.perf_counter() - started)
    print(HEADER)
    print(summary("write → ws", timings))


async def drain(socket: ClientConnection) -> None:
    with contextlib.suppress(TimeoutError):
        while True:
            await asyncio.wait_for(socket.recv(), 0.2)


# --- reminders due in the same minute -------------------------------------------------


def measure_reminders(served: Served, count: int, clients: int) -> None:
    with httpx.Client(base_url=served.api, timeout=60) as client:
        token = sign_up(client, "reminders@example.com")
    headers = {"Authorization": f"Bearer {token}"}
    estimate = timedelta(seconds=max(20.0, count / 150))
    minute = (datetime.now(UTC) + estimate).replace(second=0, microsecond=0) + timedelta(minutes=1)
    due = [minute + timedelta(seconds=n * 60 / count) for n in range(count)]
    print(f"creating {count} tasks with reminders in the minute from {minute:%H:%M:%S}Z ...")
    started = time.monotonic()
    local = threading.local()

    def create(at: datetime) -> tuple[str, str]:
        if not hasattr(local, "client"):
            local.client = httpx.Client(base_url=served.api, headers=headers, timeout=60)
        body = {"title": f"Due at {at:%H:%M:%S.%f}", "remind_at": at.isoformat()}
        task = local.client.post("/api/tasks", json=body).json()
        return task["id"], task["remind_at"]

    with ThreadPoolExecutor(clients) as pool:
        created = list(pool.map(create, due))
    print(f"  created in {time.monotonic() - started:.1f} s; waiting for the minute to pass")
    remind_at = {task_id: datetime.fromisoformat(at) for task_id, at in created}
    wait = (minute + timedelta(minutes=1, seconds=20) - datetime.now(UTC)).total_seconds()
    time.sleep(max(0.0, wait))
    notifications = read_notifications(served.api, headers)
    by_task: dict[str, list[datetime]] = {}
    for notification in notifications:
        fired = datetime.fromisoformat(notification["created_at"].replace("Z", "+00:00"))
        by_task.setdefault(notification["task_id"], []).append(fired)
    lateness = [
        (min(times) - remind_at[task_id]).total_seconds()
        for task_id, times in by_task.items()
        if task_id in remind_at
    ]
    lost = len(remind_at.keys() - by_task.keys())
    doubled = sum(1 for times in by_task.values() if len(times) > 1)
    print(HEADER)
    print(summary("lateness", lateness))
    print(f"lost {lost}, doubled {doubled}, of {count}")


def read_notifications(api: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    cursor: str | None = None
    with httpx.Client(base_url=api, headers=headers, timeout=60) as client:
        while True:
            params: dict[str, str | int] = {"limit": 200}
            if cursor:
                params["cursor"] = cursor
            page = client.get("/api/notifications", params=params).json()
            found += page["items"]
            cursor = page["next_cursor"]
            if cursor is None:
                return found


# --- many open connections ------------------------------------------------------------


async def measure_connections(served: Served, connections: int, per_user: int) -> None:
    users = max(1, connections // per_user)
    with httpx.Client(base_url=served.api, timeout=30) as client:
        tokens = [sign_up(client, f"c{n}@example.com") for n in range(users)]
    tasks = [create_task(served.api, token) for token in tokens]
    before = memory(served.live_pid)
    stalls_before = stalls(served)
    async with contextlib.AsyncExitStack() as stack:
        writers = [
            await stack.enter_async_context(
                httpx.AsyncClient(
                    base_url=served.api, headers={"Authorization": f"Bearer {t}"}, timeout=60
                )
            )
            for t in tokens
        ]
        opened = time.perf_counter()
        sockets = [
            [await stack.enter_async_context(open_socket(served, token)) for _ in range(per_user)]
            for token in tokens
        ]
        opening = time.perf_counter() - opened
        await asyncio.sleep(1.0)
        after = memory(served.live_pid)
        one = await reach([writers[0]], [tasks[0]], [sockets[0]])
        burst = await reach(writers, tasks, sockets)
    total = users * per_user
    print(f"{total} connections ({users} users x {per_user}) opened in {opening:.1f} s")
    print(
        f"one user's change: answered in {one.written * 1000:.1f} ms, on all their"
        f" {per_user} connections in {one.delivered * 1000:.1f} ms"
    )
    print(
        f"a change by each of the {users} users at once: all answered in"
        f" {burst.written * 1000:.0f} ms, on all {total} connections in"
        f" {burst.delivered * 1000:.0f} ms"
    )
    print(
        f"memory of the process serving /ws: {before / 2**20:.0f} → {after / 2**20:.0f} MiB,"
        f" {(after - before) / total / 1024:.1f} KiB a connection"
    )
    print(f"event loop stalls over 250 ms meanwhile: {stalls(served) - stalls_before:.0f}")


def create_task(api: str, token: str) -> str:
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=api, headers=headers, timeout=30) as client:
        task_id: str = client.post("/api/tasks", json={"title": "Shared"}).json()["id"]
    return task_id


@contextlib.asynccontextmanager
async def open_socket(served: Served, token: str) -> AsyncIterator[ClientConnection]:
    async with connect(f"{served.live}?token={token}", open_timeout=60) as socket:
        yield socket


@dataclass(frozen=True)
class Reached:
    written: float
    """Seconds until every write was answered."""
    delivered: float
    """Seconds until every connection had its user's change."""


async def reach(
    writers: list[httpx.AsyncClient], tasks: list[str], sockets: list[list[ClientConnection]]
) -> Reached:
    """Each user renames their task at once; how long until that was answered, and
    until every one of their connections had the change."""
    title = f"Shared {time.time_ns()}"
    started = time.perf_counter()

    async def received(socket: ClientConnection) -> None:
        while True:
            message = orjson.loads(await socket.recv())
            if message.get("task", {}).get("title") == title:
                return

    waiting = [asyncio.create_task(received(s)) for group in sockets for s in group]
    await asyncio.gather(
        *(
            w.patch(f"/api/tasks/{task}", json={"title": title})
            for w, task in zip(writers, tasks, strict=True)
        )
    )
    written = time.perf_counter() - started
    await asyncio.gather(*waiting)
    return Reached(written, time.perf_counter() - started)


def memory(pid: int) -> int:
    """The process's proportional set size, in bytes."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no Pss for process {pid}")


def stalls(served: Served) -> float:
    base = served.live.removeprefix("ws://").removesuffix("/ws")
    text = httpx.get(f"http://{base}/metrics", timeout=30).text
    return sum(
        float(line.split()[-1])
        for line in text.splitlines()
        if line.startswith("event_loop_stalls_total")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("measure", choices=["chat", "live", "reminders", "connections"])
    parser.add_argument("--runtime", choices=["embedded", "distributed"], default="embedded")
    parser.add_argument("--tasks", type=int, default=200, help="chat: tasks the user has first")
    parser.add_argument("--rounds", type=int, default=30, help="chat: rounds of the mix")
    parser.add_argument("--show", action="store_true", help="chat: print each reply")
    parser.add_argument("--writes", type=int, default=300, help="live: writes one at a time")
    parser.add_argument("--reminders", type=int, default=10_000, help="reminders: how many")
    parser.add_argument("--clients", type=int, default=16, help="reminders: concurrent creates")
    parser.add_argument("--connections", type=int, default=1000, help="connections: how many")
    parser.add_argument("--per-user", type=int, default=4, help="connections: per user")
    options = parser.parse_args()
    # Hundreds of users sign up from this one address: lift the limit on registrations.
    os.environ.setdefault("TODO_REGISTRATIONS_PER_ADDRESS", "1000000")
    with tempfile.TemporaryDirectory() as run_dir, served(options.runtime, Path(run_dir)) as s:
        if options.measure == "chat":
            measure_chat(s, options.tasks, options.rounds, options.show)
        elif options.measure == "live":
            asyncio.run(measure_live(s, options.writes))
        elif options.measure == "reminders":
            measure_reminders(s, options.reminders, options.clients)
        else:
            asyncio.run(measure_connections(s, options.connections, options.per_user))


if __name__ == "__main__":
    main()
