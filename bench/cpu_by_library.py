"""Where the server's CPU per request goes, by library, and the least the mix could cost.

Serves a copy of the benchmark's seeded data (100 users x 10,000 tasks by
default), drives it with the mix in a closed loop from 100 connections, and
samples the server's processes with ``perf record`` for ``--seconds``; then the
same for the minimal FastAPI endpoint on the same stack. For each it prints the
ms of CPU per request spent in each library (samples / sampling rate / requests
answered).

Then the floor: what the mix would cost if none of its own Python ran. That
is the minimal endpoint's whole cost, which every request pays, plus what the
mix spends beyond it in SQLite, the C library and the kernel: the database's
work on the schema the API needs (indexes, the FTS5 keyword index, the outbox,
the audit log) and its writes and syncs. The best ratio to the minimal
endpoint any Python could reach is the minimal endpoint's cost over that floor.

Needs ``perf`` (Debian's ``linux-perf``) and the rights to sample the server.

    .venv/bin/python -m bench.cpu_by_library [--workers 2] [--seconds 10] [--mix list=100]
    .venv/bin/python -m bench.cpu_by_library --users 2 --tasks 2000 --seconds 2   # a smoke run
"""

from __future__ import annotations

import argparse
import collections
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Final

from bench.run import (
    drive,
    loadgen_binary,
    process_tree,
    seeded_copy,
    serving_embedded,
    serving_minimal,
)

MIX: Final = "list=60,get=10,create=15,update=15"
SAMPLES_PER_SECOND: Final = 499
BELOW_THE_INTERPRETER: Final = ("SQLite", "C library", "kernel")
"""Where the mix's work is done in C (the database) and by the kernel (its files)."""

Counter = collections.Counter[str]


def library(dso: str) -> str:
    """The group a shared object's samples count to."""
    name = dso.rsplit("/", 1)[-1]
    if name.startswith("[kernel"):
        return "kernel"
    if name.startswith(("python3", "libpython3")):
        return "interpreter"
    if name.startswith("libsqlite3"):
        return "SQLite"
    if name.startswith("libc.so"):
        return "C library"
    return "extension modules and the rest"


def sampled(pid: int, seconds: int, output: Path) -> Counter:
    """Samples of the server's processes over ``seconds``, counted by library."""
    pids = ",".join(str(p) for p in process_tree(pid))
    subprocess.run(
        [
            "perf",
            "record",
            *("-F", str(SAMPLES_PER_SECOND), "-p", pids, "-o", str(output)),
            *("--", "sleep", str(seconds)),
        ],
        check=True,
        capture_output=True,
    )
    script = subprocess.run(
        ["perf", "script", "-i", str(output), "-F", "ip,dso"],
        check=True,
        capture_output=True,
        text=True,
    )
    counts: Counter = collections.Counter()
    for line in script.stdout.splitlines():  # "  16d863 (/usr/lib/.../libc.so.6)"
        if line.rstrip().endswith(")"):
            counts[library(line.rstrip()[:-1].rsplit("(", 1)[-1])] += 1
    return counts


def cost_by_library(
    url: str, pid: int, load: list[str], seconds: int, perf_data: Path
) -> tuple[dict[str, float], float]:
    """ms of CPU per request by library while the load generator, given ``load``,
    drives the server at ``url`` (process ``pid``), and the requests/s it answered."""
    warmup = 3
    args = argparse.Namespace(connections=100, duration=seconds + 2 * warmup, warmup=warmup)
    answered: dict[str, Any] = {}
    loading = threading.Thread(
        target=lambda: answered.update(drive(loadgen_binary(), url, args, *load))
    )
    loading.start()
    time.sleep(warmup + 1)  # sampled once the load generator measures
    counts = sampled(pid, seconds, perf_data)
    loading.join()
    rps = float(answered["total"]["rps"])
    per_sample_ms = 1000 / SAMPLES_PER_SECOND / (rps * seconds)
    return {group: count * per_sample_ms for group, count in counts.items()}, rps


def print_costs(title: str, costs: dict[str, float], rps: float) -> None:
    total = sum(costs.values())
    print(f"{title}: {rps:,.0f} requests/s, {total:.3f} ms of CPU per request")
    for group, ms in sorted(costs.items(), key=lambda item: -item[1]):
        print(f"  {ms:.4f} ms  {100 * ms / total:5.1f}%  {group}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--seconds", type=int, default=10, help="seconds sampled")
    parser.add_argument("--users", type=int, default=100, help="users of the seeded data")
    parser.add_argument("--tasks", type=int, default=10_000, help="tasks per user")
    parser.add_argument(
        "--mix", default=MIX, help="the load generator's mix (default: the benchmark's)"
    )
    args = parser.parse_args()
    if shutil.which("perf") is None:
        raise SystemExit("perf is not installed (Debian: apt-get install linux-perf)")

    with tempfile.TemporaryDirectory(prefix="todo-perf-") as scratch:
        perf_data = Path(scratch) / "perf.data"
        with (
            seeded_copy(args.users, args.tasks, "todo-cpu-by-library-") as data_dir,
            serving_embedded(data_dir, args.users, workers=args.workers) as (url, pid, plan),
        ):
            load = ["-mix", args.mix, "-plan", str(plan)]
            mix, mix_rps = cost_by_library(url, pid, load, args.seconds, perf_data)
        with serving_minimal(args.workers) as (url, pid):
            ping, ping_rps = cost_by_library(url, pid, ["-path", "/ping"], args.seconds, perf_data)
    print_costs(f"the mix ({args.mix})", mix, mix_rps)
    print_costs("the minimal endpoint", ping, ping_rps)
    ping_total = sum(ping.values())
    beyond = {
        group: max(0.0, mix.get(group, 0) - ping.get(group, 0)) for group in BELOW_THE_INTERPRETER
    }
    floor = ping_total + sum(beyond.values())
    print(
        "the floor, with none of the mix's own Python:"
        f" {ping_total:.3f} ms (the minimal endpoint) + "
        + " + ".join(f"{ms:.3f} ({group})" for group, ms in beyond.items())
        + f" = {floor:.3f} ms per request"
    )
    print(
        f"the mix's cost against the minimal endpoint's: {ping_total / sum(mix.values()):.2f} now,"
        f" at most {ping_total / floor:.2f} at that floor; 0.3 needs"
        f" {ping_total / 0.3:.3f} ms per request"
    )


if __name__ == "__main__":
    main()
