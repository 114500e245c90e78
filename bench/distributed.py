"""The distributed runtime's benchmark, with the embedded runtime's figures beside it.

Both runtimes get the same data (``--users`` x ``--tasks``, 10 x 10,000 by
default: every process of the distributed system shares this machine's two
cores), the same load generator and the same mix (lists 60%, reads 10%,
creates 15%, updates and completions 15%): a closed loop for capacity, then
an open loop at ``--rate`` requests/s (300 by default). For each runtime it
also reports how long a write takes to reach the audit trail (the audit
entry's ``recorded_at`` minus the change's time, over every change of the
open-loop phase), and for the distributed one how long one publish through
the sidecar to Kafka takes (single publishes at idle and during load, and the
outbox relay's bulk publishes) and where a request's time goes (each call to
the sidecar, by building block, from ``/metrics``).

    make bench-distributed
    .venv/bin/python -m bench.distributed --users 10 --tasks 10000 --duration 20
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bench.run import (
    ROOT,
    cpu_seconds,
    drive,
    loadgen_binary,
    log,
    make_plan,
    process_memory,
    run_api,
    table,
)
from bench.seed import SeedPlan, seed_postgres
from devstack.stack import Stack


@contextlib.contextmanager
def seeded_stack(users: int, tasks: int) -> Iterator[Stack]:
    """The distributed system with ``users`` x ``tasks`` seeded in PostgreSQL."""
    with tempfile.TemporaryDirectory(prefix="todo-bench-stack-") as scratch:
        stack = Stack(Path(scratch), log_level="WARNING")
        stack.start()
        try:
            log(f"seeding {users} users x {tasks} tasks through the backend's sidecar")
            port = stack.services["backend"].ports.dapr_http
            asyncio.run(seed_postgres(port, SeedPlan(users, tasks, datetime.now(UTC))))
            yield stack
        finally:
            stack.stop(remove=True)


def stack_processes(stack: Stack) -> dict[str, int]:
    """Every process of the distributed system by name (``backend``, ``daprd-backend``,
    ``kafka``, ...): its pid."""
    named = dict(stack.infra.processes())
    for name, service in stack.services.items():
        named[name] = service.app
        named[f"daprd-{name}"] = service.sidecar.process
    return {name: process.pid for name, process in named.items() if process is not None}


def cpu_by_process(processes: dict[str, int]) -> dict[str, float]:
    return {name: cpu_seconds(pid) for name, pid in processes.items()}


def resident_mib(processes: dict[str, int]) -> int:
    return sum(process_memory(pid)["VmRSS"] for pid in processes.values())


def measured(processes: dict[str, int], run: Any) -> dict[str, Any]:
    """Run a load phase; add every process's CPU seconds and the memory to its figures."""
    before = cpu_by_process(processes)
    result: dict[str, Any] = run()
    after = cpu_by_process(processes)
    spent = {name: after[name] - before[name] for name in processes}
    result["cpu_by_process"] = spent
    result["server_cpu_seconds"] = sum(spent.values())
    result["memory_mib"] = {"VmRSS": resident_mib(processes)}
    return result


def publish_latencies(stack: Stack, count: int) -> list[float]:
    """Seconds each of ``count`` single publishes through the backend's sidecar took."""
    url = f"{stack.services['backend'].sidecar.http_url}/v1.0/publish/pubsub/bench-publish"
    took = []
    with httpx.Client(timeout=10) as client:
        for number in range(count):
            envelope = {
                "specversion": "1.0",
                "id": f"bench-{number}-{time.time_ns()}",
                "source": "bench",
                "type": "bench.ping",
                "subject": f"task-{number % 50}",
                "time": datetime.now(UTC).isoformat(),
                "datacontenttype": "application/json",
                "data": {"number": number},
            }
            started = time.perf_counter()
            answer = client.post(
                url,
                content=json.dumps(envelope),
                headers={"content-type": "application/cloudevents+json"},
                params={"metadata.partitionKey": f"task-{number % 50}"},
            )
            took.append(time.perf_counter() - started)
            answer.raise_for_status()
    return took


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    if not ordered:
        return {"count": 0}

    def at(fraction: float) -> float:
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]

    return {
        "count": len(ordered),
        "p50_ms": at(0.5) * 1000,
        "p95_ms": at(0.95) * 1000,
        "p99_ms": at(0.99) * 1000,
    }


def audit_lag(rows: list[dict[str, Any]]) -> dict[str, float]:
    """Write-to-audit latency over audit entries: recorded_at minus occurred_at."""
    return percentiles([(row["recorded_at"] - row["occurred_at"]) / 1000 for row in rows])


def stack_sql(stack: Stack, statement: str, *params: Any) -> list[dict[str, Any]]:
    sidecar = stack.services["backend"].sidecar
    wrapped = f"SELECT coalesce(json_agg(q), '[]'::json)::text FROM ({statement}) AS q"
    answer = httpx.post(
        f"{sidecar.http_url}/v1.0/bindings/todo-db",
        json={"operation": "query", "metadata": {"sql": wrapped, "params": json.dumps(params)}},
        timeout=60,
    )
    answer.raise_for_status()
    rows: list[dict[str, Any]] = json.loads(answer.json()[0][0])
    return rows


def sidecar_calls(url: str) -> dict[str, dict[str, float]]:
    """Count and mean milliseconds of the sidecar calls by building block (/metrics)."""
    text = httpx.get(f"{url}/metrics", timeout=10).text
    sums: dict[str, float] = {}
    counts: dict[str, float] = {}
    for line in text.splitlines():
        for suffix, target in (("_sum", sums), ("_count", counts)):
            prefix = f"dapr_call_seconds{suffix}{{"
            if line.startswith(prefix):
                block = line.split('block="', 1)[1].split('"', 1)[0]
                target[block] = float(line.rsplit(" ", 1)[1])
    return {
        block: {"calls": counts[block], "mean_ms": 1000 * sums[block] / counts[block]}
        for block in counts
        if counts[block]
    }


def run_distributed(args: argparse.Namespace, binary: Path) -> dict[str, Any]:
    with seeded_stack(args.users, args.tasks) as stack:
        url = stack.backend_url
        pids = stack_processes(stack)
        results: dict[str, Any] = {"memory_mib_loaded": {"VmRSS": resident_mib(pids)}}
        with tempfile.TemporaryDirectory() as scratch:
            plan_path = Path(scratch) / "plan.json"
            log("signing in the users")
            plan_path.write_text(
                json.dumps(make_plan(url, args.users, datetime.now(UTC).date().isoformat()))
            )
            mix = ("-plan", str(plan_path), "-mix", args.mix)
            log("publishing at idle")
            results["publish_idle"] = percentiles(publish_latencies(stack, 300))
            log(f"capacity: closed loop, {args.connections} connections, {args.duration}s")
            results["capacity"] = measured(pids, lambda: drive(binary, url, args, *mix))
            time.sleep(5)
            started_ms = int(time.time() * 1000)
            log(f"target: open loop at {args.rate} requests/s, {args.duration}s")
            during: list[float] = []
            publisher = threading.Thread(
                target=lambda: during.extend(_publish_while(stack, args.warmup + 2, 200))
            )
            publisher.start()
            results["target"] = measured(
                pids, lambda: drive(binary, url, args, *mix, "-rate", str(args.rate))
            )
            publisher.join()
            results["publish_under_load"] = percentiles(during)
        time.sleep(3)
        rows = stack_sql(
            stack,
            "SELECT occurred_at, recorded_at FROM audit_log WHERE occurred_at >= $1::bigint",
            started_ms,
        )
        results["write_to_audit"] = audit_lag(rows)
        results["sidecar_calls"] = sidecar_calls(url)
        results["relay_publish"] = relay_publish_mean(url)
    return results


def _publish_while(stack: Stack, delay: float, count: int) -> list[float]:
    time.sleep(delay)
    return publish_latencies(stack, count)


def relay_publish_mean(url: str) -> dict[str, float]:
    text = httpx.get(f"{url}/metrics", timeout=10).text
    values = {
        line.split(" ")[0]: float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("event_publish_seconds_")
    }
    count = values.get("event_publish_seconds_count", 0.0)
    total = values.get("event_publish_seconds_sum", 0.0)
    return {"bulk_calls": count, "mean_ms": 1000 * total / count if count else 0.0}


def embedded_write_to_audit(data_dir: Path, results: dict[str, Any]) -> None:
    """The embedded runtime's write-to-audit latency over the open-loop phase."""
    with contextlib.closing(sqlite3.connect(data_dir / "todo.sqlite3")) as conn:
        rows = conn.execute(
            "SELECT occurred_at, recorded_at FROM audit_log WHERE occurred_at >= ?",
            (results["target_started_ms"],),
        ).fetchall()
    results["write_to_audit"] = audit_lag([{"occurred_at": a, "recorded_at": b} for a, b in rows])


def report(embedded: dict[str, Any], distributed: dict[str, Any], args: argparse.Namespace) -> str:
    lines = [
        f"Data: {args.users} users x {args.tasks} tasks; {args.connections} connections;"
        f" {args.duration}s measured after {args.warmup}s warm-up; mix {args.mix}",
    ]
    for name, result in (
        ("Distributed (Dapr, Kafka, PostgreSQL)", distributed),
        ("Embedded (SQLite, one process)", embedded),
    ):
        lines += [
            "",
            f"== {name}",
            "Capacity (closed loop):",
            *table(result["capacity"]),
            "",
            f"At {args.rate} requests/s (open loop):",
            *table(result["target"]),
        ]
        lag = result.get("write_to_audit", {})
        if lag.get("count"):
            lines.append(
                f"write to audit trail: p50 {lag['p50_ms']:.0f} ms, p95 {lag['p95_ms']:.0f} ms,"
                f" p99 {lag['p99_ms']:.0f} ms over {lag['count']} changes"
            )
    for key, label in (("publish_idle", "at idle"), ("publish_under_load", "under load")):
        figures = distributed[key]
        lines.append(
            f"one publish through the sidecar to Kafka, {label}: p50 {figures['p50_ms']:.1f} ms,"
            f" p95 {figures['p95_ms']:.1f} ms, p99 {figures['p99_ms']:.1f} ms"
            f" ({figures['count']} publishes)"
        )
    relay = distributed["relay_publish"]
    lines.append(
        f"outbox relay: {relay['bulk_calls']:.0f} bulk publishes, mean {relay['mean_ms']:.1f} ms"
    )
    target = distributed["target"]
    lines.append(f"CPU by process at {args.rate} requests/s (cores):")
    for name, seconds in sorted(target["cpu_by_process"].items(), key=lambda item: -item[1]):
        lines.append(f"  {name:<22} {seconds / target['seconds']:.2f}")
    lines.append("sidecar calls of the backend (count, mean ms):")
    for block, figures in sorted(distributed["sidecar_calls"].items()):
        lines.append(f"  {block:<10} {figures['calls']:>9.0f} {figures['mean_ms']:>8.2f}")
    lines.append(
        f"memory of every process of the distributed system: "
        f"{distributed['capacity']['memory_mib']['VmRSS']} MiB resident"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--tasks", type=int, default=10_000, help="tasks per user")
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--duration", type=int, default=30, help="measured seconds per phase")
    parser.add_argument("--warmup", type=int, default=5, help="unmeasured seconds first")
    parser.add_argument("--mix", default="list=60,get=10,create=15,update=15")
    parser.add_argument("--rate", type=int, default=300, help="open-loop rate")
    parser.add_argument("--workers", type=int, default=1, help="embedded worker processes")
    args = parser.parse_args()

    binary = loadgen_binary()
    distributed = run_distributed(args, binary)
    embedded = run_api(args, binary, after=embedded_write_to_audit)
    text = report(embedded, distributed, args)
    print(text)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    record = {"distributed": distributed, "embedded": embedded, "args": vars(args)}
    (results / f"distributed-{stamp}.json").write_text(json.dumps(record, indent=2))
    (results / f"distributed-{stamp}.txt").write_text(text + "\n")


if __name__ == "__main__":
    main()
