"""The API benchmark: seed, load, measure, print.

Seeds (once per machine, cached outside the work tree) a data set of users with
realistic tasks, serves a copy of it with ``todo-chatbot run`` exactly as a
user would, and drives the API with the Go load generator: lists with filters,
sorts and keyword search 60%, single reads 10%, creates 15%, updates and
completions 15%, over 100 connections. Two phases:

- capacity: a closed loop (each connection sends as soon as it has an
  answer), which finds the most requests per second the server can answer;
- target rate: an open loop at ``--rate`` requests per second (2,000 by
  default), whose latencies count from when each request was due.

Then a minimal FastAPI endpoint, served by the same stack (uvicorn, uvloop,
httptools, the same worker count), is driven in a closed loop for the ratio.
Prints requests/s and p50/p95/p99 per operation, and the server's CPU and memory.

    make bench                                  # 100 users x 10,000 tasks
    make bench ARGS="--users 10 --duration 10 --workers 2"
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from bench.seed import PASSWORD, SEARCH_WORDS, TAGS, SeedPlan, seed
from todo_chatbot.http.app import TELEMETRY

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "todo-chatbot" / "bench"
SEED_VERSION = 7  # 7: the keyword index compacted, as housekeeping keeps it

minimal_app = FastAPI(telemetry=TELEMETRY)
"""The smallest FastAPI endpoint, configured like the real API: the ceiling the
mix's capacity is compared with (served by ``serving_minimal``)."""


@minimal_app.get("/ping")
async def ping() -> dict[str, bool]:
    return {"ok": True}


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def loadgen_binary() -> Path:
    """The Go load generator, built once per version of its source and modules."""
    folder = ROOT / "bench" / "loadgen"
    source = b"".join((folder / name).read_bytes() for name in ("main.go", "go.mod", "go.sum"))
    binary = CACHE / f"loadgen-{hashlib.sha256(source).hexdigest()[:12]}"
    if not binary.exists():
        log("building the load generator (go build)")
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["go", "build", "-o", str(binary), "."], cwd=ROOT / "bench" / "loadgen", check=True
        )
    return binary


def seeded_database(users: int, tasks: int) -> Path:
    """The seeded database, made once per size and seed version."""
    folder = CACHE / f"seed-v{SEED_VERSION}-{users}x{tasks}"
    database = folder / "todo.sqlite3"
    if not database.exists():
        log(f"seeding {users} users x {tasks} tasks (once; cached in {folder})")
        building = folder.with_suffix(".building")
        shutil.rmtree(building, ignore_errors=True)
        plan = SeedPlan(users=users, tasks_per_user=tasks, now=datetime.now(UTC))
        asyncio.run(seed(building, plan))
        building.rename(folder)
    return database


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(command: list[str], url: str, ready_path: str, **popen: Any) -> Iterator[int]:
    """Run a server until the block ends; yields its process id."""
    server = subprocess.Popen(command, **popen)
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                raise SystemExit(f"the server exited with {server.returncode}")
            try:
                if httpx.get(url + ready_path, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the server did not become ready")
            time.sleep(0.1)
        yield server.pid
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def process_tree(pid: int) -> list[int]:
    """``pid`` and every process below it (the worker processes)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        tree.append(current)
        pending.extend(children.get(current, []))
    return tree


def process_memory(pid: int) -> dict[str, int]:
    """Resident memory of the server's processes, summed, in MiB (from /proc).

    ``VmRSS`` counts a page of the database file once per map that touched it
    (mapped reads keep one per connection); ``Pss`` shares each page among its
    maps, so the sum counts it once."""
    totals = {"VmRSS": 0, "VmHWM": 0, "RssAnon": 0, "RssFile": 0, "Pss": 0}
    for member in process_tree(pid):
        for source in ("status", "smaps_rollup"):
            for line in Path(f"/proc/{member}/{source}").read_text().splitlines():
                name, _, value = line.partition(":")
                if name in totals:
                    totals[name] += int(value.split()[0])
    return {name: kib // 1024 for name, kib in totals.items()}


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by the server's processes."""
    total = 0.0
    for member in process_tree(pid):
        parts = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")
    return total


def make_plan(url: str, users: int, today: str) -> dict[str, Any]:
    """Sign every user in and pick task ids to read and change."""
    plan_users = []
    with httpx.Client(base_url=url, timeout=30) as client:
        for number in range(users):
            answer = client.post(
                "/api/auth/login",
                json={"email": f"bench{number}@example.com", "password": PASSWORD},
            )
            answer.raise_for_status()
            token = answer.json()["access_token"]
            listed = client.get(
                "/api/tasks",
                params={"status": "all", "limit": 200, "sort": "due"},
                headers={"Authorization": f"Bearer {token}"},
            )
            listed.raise_for_status()
            plan_users.append(
                {"token": token, "task_ids": [task["id"] for task in listed.json()["items"]]}
            )
    return {"users": plan_users, "tags": list(TAGS), "words": list(SEARCH_WORDS), "today": today}


def drive(binary: Path, url: str, args: argparse.Namespace, *extra: str) -> dict[str, Any]:
    command = [
        str(binary),
        *("-url", url, "-c", str(args.connections)),
        *("-d", f"{args.duration}s", "-warmup", f"{args.warmup}s"),
        *extra,
    ]
    completed = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(completed.stdout)
    return result


def measured(pid: int, run: Any) -> dict[str, Any]:
    """Run a load phase and add the server's CPU seconds and memory to its figures."""
    before = cpu_seconds(pid)
    result: dict[str, Any] = run()
    result["server_cpu_seconds"] = cpu_seconds(pid) - before
    result["memory_mib"] = process_memory(pid)
    return result


@contextmanager
def seeded_copy(users: int, tasks: int, prefix: str) -> Iterator[Path]:
    """A scratch data directory holding a copy of the seeded database."""
    source = seeded_database(users, tasks)
    with tempfile.TemporaryDirectory(prefix=prefix) as scratch:
        data_dir = Path(scratch)
        log("copying the seeded database")
        shutil.copy(source, data_dir / "todo.sqlite3")
        # Written back now, not during the measurement, where the copy's
        # hundreds of megabytes would compete with the server's own syncs.
        os.sync()
        yield data_dir


@contextmanager
def serving_todo_chatbot(data_dir: Path, workers: int = 1) -> Iterator[tuple[str, int]]:
    """``todo-chatbot run`` on ``data_dir``, as a user would start it: its URL and the
    server's process id."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        str(ROOT / ".venv" / "bin" / "todo-chatbot"),
        *("run", "--port", str(port), "--data-dir", str(data_dir)),
        *("--workers", str(workers)),
    ]
    env = {**os.environ, "TODO_LOG_LEVEL": "WARNING"}
    with serving(command, url, "/readyz", env=env) as pid:
        yield url, pid


@contextmanager
def serving_embedded(data_dir: Path, users: int, workers: int) -> Iterator[tuple[str, int, Path]]:
    """``todo-chatbot run`` on ``data_dir`` with its users signed in: the URL, the
    server's process id and the load generator's plan."""
    with serving_todo_chatbot(data_dir, workers) as (url, pid):
        log("signing in the users")
        plan_path = data_dir / "plan.json"
        plan_path.write_text(
            json.dumps(make_plan(url, users, datetime.now(UTC).date().isoformat()))
        )
        yield url, pid, plan_path


def run_api(
    args: argparse.Namespace,
    binary: Path,
    after: Callable[[Path, dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Serve a copy of the seeded data and drive it; ``after`` may read the data
    directory (and add to the results) before it goes away."""
    with seeded_copy(args.users, args.tasks, "todo-bench-") as data_dir:
        with serving_embedded(data_dir, args.users, args.workers) as (url, pid, plan_path):
            results: dict[str, Any] = {"memory_mib_loaded": process_memory(pid)}
            mix = ("-plan", str(plan_path), "-mix", args.mix)
            log(f"capacity: closed loop, {args.connections} connections, {args.duration}s")
            results["capacity"] = measured(pid, lambda: drive(binary, url, args, *mix))
            if args.rate:
                log(f"target: open loop at {args.rate} requests/s, {args.duration}s")
                results["target_started_ms"] = int(time.time() * 1000)
                results["target"] = measured(
                    pid, lambda: drive(binary, url, args, *mix, "-rate", str(args.rate))
                )
            results["database_mib"] = round((data_dir / "todo.sqlite3").stat().st_size / 2**20)
        if after is not None:
            after(data_dir, results)
    return results


@contextmanager
def serving_minimal(workers: int) -> Iterator[tuple[str, int]]:
    """The minimal FastAPI endpoint (``/ping``) on the API's server stack: its URL
    and the server's process id."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        str(ROOT / ".venv" / "bin" / "uvicorn"),
        "bench.run:minimal_app",
        *("--port", str(port), "--loop", "uvloop", "--http", "httptools"),
        *("--no-access-log", "--log-level", "warning", "--workers", str(workers)),
    ]
    with serving(command, url, "/ping", cwd=ROOT) as pid:
        yield url, pid


def run_minimal(args: argparse.Namespace, binary: Path) -> dict[str, Any]:
    with serving_minimal(args.workers) as (url, pid):
        log("minimal endpoint: closed loop")
        return measured(pid, lambda: drive(binary, url, args, "-path", "/ping"))


def table(result: dict[str, Any]) -> list[str]:
    lines = [
        f"{'operation':<10} {'requests':>9} {'req/s':>8}"
        f" {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"
    ]
    for name, stats in [*sorted(result["ops"].items()), ("all", result["total"])]:
        lines.append(
            f"{name:<10} {stats['count']:>9} {stats['rps']:>8.0f} {stats['p50_ms']:>8.1f}"
            f" {stats['p95_ms']:>8.1f} {stats['p99_ms']:>8.1f} {stats['errors']:>7}"
        )
    cpu = result["server_cpu_seconds"] / result["seconds"]
    lines.append(f"server CPU: {cpu:.2f} cores on average")
    if result.get("error_sample"):
        lines += ["errors (sample):", *result["error_sample"]]
    return lines


def report(api: dict[str, Any], minimal: dict[str, Any] | None, args: argparse.Namespace) -> str:
    lines = [
        f"Data: {args.users} users x {args.tasks} tasks; {args.workers} worker process(es);"
        f" {args.connections} connections; {args.duration}s measured after {args.warmup}s"
        f" warm-up; mix {args.mix}",
        "",
        "Capacity (closed loop):",
        *table(api["capacity"]),
    ]
    if "target" in api:
        lines += ["", f"At {args.rate} requests/s (open loop):", *table(api["target"])]
    if minimal is not None:
        ratio = api["capacity"]["total"]["rps"] / minimal["total"]["rps"]
        lines += [
            "",
            f"Minimal FastAPI endpoint (closed loop): {minimal['total']['rps']:.0f} req/s,"
            f" p95 {minimal['total']['p95_ms']:.1f} ms; the mix's capacity is {ratio:.2f} of it",
        ]
    memory = api["capacity"]["memory_mib"]
    lines += [
        "",
        f"Server memory with the data loaded: {api['memory_mib_loaded']['Pss']} MiB"
        f" proportional ({api['memory_mib_loaded']['VmRSS']} MiB resident); after the load"
        f" {memory['Pss']} MiB proportional, {memory['RssAnon']} MiB of it private"
        f" ({memory['VmRSS']} MiB resident, peak {memory['VmHWM']} MiB);"
        f" database file {api['database_mib']} MiB",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--tasks", type=int, default=10_000, help="tasks per user")
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--duration", type=int, default=30, help="measured seconds per phase")
    parser.add_argument("--warmup", type=int, default=5, help="unmeasured seconds first")
    parser.add_argument("--mix", default="list=60,get=10,create=15,update=15")
    parser.add_argument("--rate", type=int, default=2000, help="open-loop rate (0: skip)")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument("--no-minimal", action="store_true", help="skip the minimal endpoint")
    args = parser.parse_args()

    binary = loadgen_binary()
    api = run_api(args, binary)
    minimal = None if args.no_minimal else run_minimal(args, binary)
    text = report(api, minimal, args)
    print(text)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    record = {"api": api, "minimal": minimal, "args": vars(args)}
    (results / f"api-{stamp}.json").write_text(json.dumps(record, indent=2))
    (results / f"api-{stamp}.txt").write_text(text + "\n")


if __name__ == "__main__":
    main()
