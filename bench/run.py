"""The API benchmark: seed, load, measure, print.

Seeds (once per machine, cached) a data set of users with realistic tasks,
serves it with ``todo-chatbot run`` exactly as a user would, drives the API
with the Go load generator (lists with filters, sorts and keyword search 60%,
single reads 10%, creates 15%, updates and completions 15%; 100 connections),
then serves a minimal FastAPI endpoint on the same server stack and drives it
the same way. Prints requests/s and p50/p95/p99 per operation, the ratio to
the minimal endpoint, and the server's memory.

    make bench                       # 100 users x 10,000 tasks, 30 s
    make bench ARGS="--users 10 --duration 10"
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bench.seed import PASSWORD, SEARCH_WORDS, TAGS, SeedPlan, seed

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "todo-chatbot" / "bench"
SEED_VERSION = 4


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def loadgen_binary() -> Path:
    """The Go load generator, built once per source version."""
    source = (ROOT / "bench" / "loadgen" / "main.go").read_bytes()
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
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(url: str, process: subprocess.Popen[bytes], path: str = "/readyz") -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        try:
            if httpx.get(url + path, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise SystemExit("server did not become ready")


def process_memory(pid: int) -> dict[str, int]:
    """Resident memory now and at its peak, in MiB (from /proc)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
            fields[name] = int(value.split()[0]) // 1024
    return fields


def cpu_seconds(pid: int) -> float:
    parts = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


def make_plan(url: str, users: int, today: str) -> dict[str, Any]:
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
        "-url",
        url,
        "-c",
        str(args.connections),
        "-d",
        f"{args.duration}s",
        "-warmup",
        f"{args.warmup}s",
        *extra,
    ]
    completed = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(completed.stdout)
    return result


def run_api(args: argparse.Namespace, binary: Path) -> dict[str, Any]:
    source = seeded_database(args.users, args.tasks)
    with tempfile.TemporaryDirectory(prefix="todo-bench-") as scratch:
        data_dir = Path(scratch)
        log("copying the seeded database")
        shutil.copy(source, data_dir / "todo.sqlite3")
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "todo-chatbot"),
                "run",
                "--port",
                str(port),
                "--data-dir",
                str(data_dir),
            ],
            env={**os.environ, "TODO_LOG_LEVEL": "WARNING"},
        )
        try:
            wait_ready(url, server)
            log("signing in the users")
            plan = make_plan(url, args.users, datetime.now(UTC).date().isoformat())
            plan_path = data_dir / "plan.json"
            plan_path.write_text(json.dumps(plan))
            memory_before = process_memory(server.pid)
            cpu_before = cpu_seconds(server.pid)
            log(f"driving the API: {args.connections} connections for {args.duration}s")
            result = drive(binary, url, args, "-plan", str(plan_path), "-mix", args.mix)
            result["server_cpu_seconds"] = cpu_seconds(server.pid) - cpu_before
            result["memory_mib_before"] = memory_before
            result["memory_mib_after"] = process_memory(server.pid)
            result["database_mib"] = round((data_dir / "todo.sqlite3").stat().st_size / 2**20)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    return result


def run_minimal(args: argparse.Namespace, binary: Path) -> dict[str, Any]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "uvicorn"),
            "bench.minimal_app:app",
            "--port",
            str(port),
            "--loop",
            "uvloop",
            "--http",
            "httptools",
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
    )
    try:
        wait_ready(url, server, "/ping")
        log("driving the minimal endpoint")
        return drive(binary, url, args, "-path", "/ping")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def report(api: dict[str, Any], minimal: dict[str, Any] | None, args: argparse.Namespace) -> str:
    lines = [
        f"Data: {args.users} users x {args.tasks} tasks; {args.connections} connections;"
        f" {args.duration}s measured after {args.warmup}s warm-up; mix {args.mix}",
        "",
        f"{'operation':<10} {'requests':>9} {'req/s':>8}"
        f" {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}",
    ]
    rows = [*sorted(api["ops"].items()), ("all", api["total"])]
    for name, stats in rows:
        lines.append(
            f"{name:<10} {stats['count']:>9} {stats['rps']:>8.0f} {stats['p50_ms']:>8.1f}"
            f" {stats['p95_ms']:>8.1f} {stats['p99_ms']:>8.1f} {stats['errors']:>7}"
        )
    if minimal is not None:
        ratio = api["total"]["rps"] / minimal["total"]["rps"]
        lines += [
            "",
            f"minimal FastAPI endpoint: {minimal['total']['rps']:.0f} req/s"
            f" (p95 {minimal['total']['p95_ms']:.1f} ms); the mix reaches {ratio:.2f} of it",
        ]
    lines += [
        "",
        f"server CPU during the run: {api['server_cpu_seconds']:.1f} s of {api['seconds']:.0f} s",
        f"server memory (MiB): before {api['memory_mib_before']}, after {api['memory_mib_after']};"
        f" database {api['database_mib']} MiB",
    ]
    if api.get("error_sample"):
        lines += ["", "errors (sample):", *api["error_sample"]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--tasks", type=int, default=10_000, help="tasks per user")
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--duration", type=int, default=30, help="measured seconds")
    parser.add_argument("--warmup", type=int, default=5, help="unmeasured seconds first")
    parser.add_argument("--mix", default="list=60,get=10,create=15,update=15")
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
    (results / f"api-{stamp}.json").write_text(
        json.dumps({"api": api, "minimal": minimal, "args": vars(args)}, indent=2)
    )
    (results / f"api-{stamp}.txt").write_text(text + "\n")


if __name__ == "__main__":
    main()
