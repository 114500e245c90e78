"""CPU per request through the real app, in process, without sockets.

Calls the API's ASGI app directly (the embedded runtime on a copy of the
seeded data, 100 users x 10,000 tasks), one request at a time, and prints the
process's CPU per request for each kind of request, beside the minimal
FastAPI endpoint called the same way. Over HTTP the server's own stack and
this machine's noise (10% between identical runs) hide changes of a few
percent; here two runs of the same code agree on reads within a few
microseconds, so this is where the framework's share of a request is
measured.

    .venv/bin/python -m bench.app_costs [--requests 3000] [--rounds 3] [--durability normal]

``--durability normal`` leaves out the fsync each write waits for (the
kernel's share of it varies from run to run), to compare writes' own work.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import orjson
import uvloop
from fastapi import FastAPI

from bench.list_queries import filled_in, lists
from bench.minimal_app import app as minimal_app
from bench.run import seeded_copy
from todo_chatbot.config import Settings
from todo_chatbot.http.app import create_app_from_settings
from todo_chatbot.runtimes.embedded.wiring import EmbeddedRuntime

Call = Callable[[int], Awaitable[int]]


async def call(
    app: Any, method: str, path: str, *, query: str = "", body: bytes = b"", token: str = ""
) -> int:
    """One request through ``app``; its status. (httpx's ASGI transport would
    count its own request and response objects in every figure.)"""
    headers = [(b"host", b"bench")]
    if token:
        headers.append((b"authorization", f"Bearer {token}".encode()))
    if body:
        headers += [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    received = False
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal received
        if received:
            await asyncio.Event().wait()  # the client stays connected
        received = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


def requests(app: FastAPI, runtime: EmbeddedRuntime) -> dict[str, Call]:
    """Each kind of request, as a call taking the request's number."""
    conn = runtime.database.reader
    users = [user_id for (user_id,) in conn.execute("SELECT id FROM users")]
    tokens = {user_id: runtime.tokens.issue(user_id) for user_id in users}
    task_ids = {
        user_id: [
            task_id
            for (task_id,) in conn.execute(
                "SELECT id FROM tasks WHERE uid = (SELECT uid FROM users WHERE id = ?) LIMIT 500",
                (user_id,),
            )
        ]
        for user_id in users
    }
    today = datetime.now(UTC).date()
    queries = lists(today.isoformat(), (today + timedelta(days=7)).isoformat())
    rng = random.Random(7)

    def some_task() -> tuple[str, str]:
        user_id = rng.choice(users)
        return tokens[user_id], rng.choice(task_ids[user_id])

    async def get(_: int) -> int:
        token, task_id = some_task()
        return await call(app, "GET", f"/api/tasks/{task_id}", token=token)

    async def a_list(number: int) -> int:
        query = urlencode(filled_in(queries[number % len(queries)], rng), doseq=True)
        token = tokens[rng.choice(users)]
        return await call(app, "GET", "/api/tasks", query=query, token=token)

    async def create(number: int) -> int:
        body = orjson.dumps(
            {
                "title": f"Bench task {number}",
                "priority": "high",
                "tags": ["work"],
                "due": "2027-01-05",
            }
        )
        return await call(app, "POST", "/api/tasks", body=body, token=tokens[rng.choice(users)])

    async def update(_: int) -> int:
        token, task_id = some_task()
        body = orjson.dumps({"priority": rng.choice(["high", "low"]), "due": "2027-01-07"})
        return await call(app, "PATCH", f"/api/tasks/{task_id}", body=body, token=token)

    async def healthz(_: int) -> int:
        return await call(app, "GET", "/healthz")

    async def me(_: int) -> int:
        return await call(app, "GET", "/api/me", token=tokens[rng.choice(users)])

    async def minimal(_: int) -> int:
        return await call(minimal_app, "GET", "/ping")

    return {
        "minimal FastAPI endpoint": minimal,
        "GET /healthz": healthz,
        "GET /api/me": me,
        "GET /api/tasks/{id}": get,
        "GET /api/tasks (the twelve lists)": a_list,
        "POST /api/tasks": create,
        "PATCH /api/tasks/{id}": update,
    }


async def measure(data_dir: Path, count: int, rounds: int, durability: str) -> None:
    settings = Settings(
        data_dir=data_dir, log_level="WARNING", deliver_events=False, durability=durability
    )
    app = create_app_from_settings(settings)
    async with app.router.lifespan_context(app):
        for name, request in requests(app, app.state.runtime).items():
            for number in range(200):  # warm up
                await request(number)
            best = float("inf")
            for _ in range(rounds):
                started = time.process_time()
                for number in range(count):
                    status = await request(number)
                    if status >= 400:
                        raise SystemExit(f"{name}: answered {status}")
                best = min(best, (time.process_time() - started) / count)
            print(f"{name:<36} {best * 1000:.4f} ms of CPU per request (best of {rounds})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=3000, help="requests per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--durability", choices=["full", "normal"], default="full")
    args = parser.parse_args()
    with seeded_copy(100, 10_000, "todo-app-costs-") as data_dir:
        uvloop.run(measure(data_dir, args.requests, args.rounds, args.durability))


if __name__ == "__main__":
    main()
