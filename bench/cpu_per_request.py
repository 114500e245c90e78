"""CPU time the embedded server spends per request, by kind of request.

Serves a copy of the benchmark's seeded data (100 users x 10,000 tasks), drives
it for 15 s from 50 connections with one mix, and divides the server's CPU
seconds (every thread, from /proc) by the requests answered. Less sensitive to
a busy machine than requests per second, so it is what to compare when
changing the hot path.

When a mix's operations were also measured alone, it prints what the mix
would cost if they did not affect each other (their costs alone, weighted),
beside what it cost: the difference is what writes cost the reads around
them (each commit makes the other connections read their pages again).

    .venv/bin/python -m bench.cpu_per_request "list=100" "create=100" "get=100"
    .venv/bin/python -m bench.cpu_per_request --workers 2 \
        list=100 get=100 create=100 update=100 list=60,get=10,create=15,update=15
"""

from __future__ import annotations

import argparse
import json
import subprocess

from bench.run import cpu_seconds, loadgen_binary, seeded_copy, serving_embedded


def cpu_per_request(mix: str, seconds: int, connections: int, workers: int) -> tuple[float, str]:
    """The server's ms of CPU per request of ``mix``, and a line that reports it."""
    with (
        seeded_copy(100, 10_000, "todo-cpu-") as data_dir,
        serving_embedded(data_dir, 100, workers=workers) as (url, pid, plan),
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
    result = json.loads(completed.stdout)
    total = result["total"]
    ms = 1000 * spent / total["count"]
    return ms, (
        f"{mix:<40} {total['rps']:>7.0f} req/s  {ms:.3f} ms CPU"
        f" per request  ({spent / result['seconds']:.2f} cores)"
    )


def weights(mix: str) -> dict[str, int]:
    """``list=60,get=10`` as ``{"list": 60, "get": 10}``."""
    return {name: int(weight) for name, weight in (part.split("=") for part in mix.split(","))}


def cost_apart(mix: str, alone: dict[str, float]) -> float | None:
    """What ``mix`` would cost from its operations' costs alone, if all were measured."""
    parts = weights(mix)
    if len(parts) < 2 or not parts.keys() <= alone.keys():
        return None
    return sum(alone[name] * weight for name, weight in parts.items()) / sum(parts.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mixes", nargs="*", default=["list=60,get=10,create=15,update=15"])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    args = parser.parse_args()
    measured: dict[str, float] = {}
    for mix in args.mixes:
        measured[mix], line = cpu_per_request(mix, args.seconds, args.connections, args.workers)
        print(line, flush=True)
    alone = {next(iter(weights(mix))): ms for mix, ms in measured.items() if len(weights(mix)) == 1}
    for mix, ms in measured.items():
        apart = cost_apart(mix, alone)
        if apart is not None:
            print(
                f"{mix}: {apart:.3f} ms from its operations' costs alone,"
                f" {ms:.3f} ms together ({100 * (ms / apart - 1):+.0f}%)"
            )


if __name__ == "__main__":
    main()
