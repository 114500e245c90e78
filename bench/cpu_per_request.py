"""CPU time the embedded server spends per request, by kind of request.

Serves a copy of the benchmark's seeded data (100 users x 10,000 tasks), drives
it for 15 s from 50 connections with one mix, and divides the server's CPU
seconds (every thread, from /proc) by the requests answered. Less sensitive to
a busy machine than requests per second, so it is what to compare when
changing the hot path.

    .venv/bin/python -m bench.cpu_per_request "list=100" "create=100" "get=100"
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench.run import (
    ROOT,
    cpu_seconds,
    free_port,
    loadgen_binary,
    make_plan,
    seeded_database,
    serving,
)


def cpu_per_request(mix: str, seconds: int, connections: int) -> str:
    source = seeded_database(100, 10_000)
    with tempfile.TemporaryDirectory(prefix="todo-cpu-") as scratch:
        data_dir = Path(scratch)
        shutil.copy(source, data_dir / "todo.sqlite3")
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        command = [
            str(ROOT / ".venv" / "bin" / "todo-chatbot"),
            *("run", "--port", str(port), "--data-dir", str(data_dir)),
        ]
        env = {**os.environ, "TODO_LOG_LEVEL": "WARNING"}
        with serving(command, url, "/readyz", env=env) as pid:
            plan = data_dir / "plan.json"
            plan.write_text(json.dumps(make_plan(url, 100, datetime.now(UTC).date().isoformat())))
            before = cpu_seconds(pid)
            completed = subprocess.run(
                [
                    str(loadgen_binary()),
                    *("-url", url, "-plan", str(plan), "-mix", mix),
                    *("-c", str(connections), "-d", f"{seconds}s", "-warmup", "0s"),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            spent = cpu_seconds(pid) - before
    total = json.loads(completed.stdout)["total"]
    return (
        f"{mix:<40} {total['rps']:>7.0f} req/s  {1000 * spent / total['count']:.3f} ms CPU"
        f" per request  ({spent / json.loads(completed.stdout)['seconds']:.2f} cores)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mixes", nargs="*", default=["list=60,get=10,create=15,update=15"])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()
    for mix in args.mixes:
        print(cpu_per_request(mix, args.seconds, args.connections), flush=True)


if __name__ == "__main__":
    main()
