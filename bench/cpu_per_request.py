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
import subprocess

from bench.run import cpu_seconds, loadgen_binary, seeded_copy, serving_embedded


def cpu_per_request(mix: str, seconds: int, connections: int) -> str:
    with (
        seeded_copy(100, 10_000, "todo-cpu-") as data_dir,
        serving_embedded(data_dir, 100, workers=1) as (url, pid, plan),
    ):
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
