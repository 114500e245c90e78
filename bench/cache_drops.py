"""What a dropped page cache costs a list, with and without a memory map.

SQLite drops a connection's page cache when it next reads after another
connection committed (and, with a memory map, unmaps the file too). This opens
a copy of the seeded data (100 users x 10,000 tasks) with two connections set
up as the runtime's, and times one list (a user's pending tasks by due date,
50 rows) on the reading connection: with no writes in between, then with a
one-row write committed by the other connection before each list, for
SQLite's memory map of 1 GiB, for none, and for mapped reads (the
``unix-mapped`` VFS, ``mapped_reads.py``), pages copied out of its map and
read in place as the runtime does. Beside each time it prints how many
read calls a list made (``syscr`` in ``/proc/self/io``, Linux): without a map,
a page that is not in SQLite's own cache costs one ``pread``.

    .venv/bin/python -m bench.cache_drops [--runs 2000]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import time

from bench.run import seeded_copy
from todo_chatbot.runtimes.embedded.sqlite.connections import connect as _connect
from todo_chatbot.runtimes.embedded.sqlite.mapped_reads import mapped_reads_vfs

LIST = (
    "SELECT pk, due_at, priority, title_key, view FROM (SELECT pk FROM tasks"
    " WHERE uid = ? AND status = 0 AND due_at IS NOT NULL ORDER BY due_at, pk LIMIT 51)"
    " JOIN tasks USING (pk) ORDER BY due_at, pk"
)
WRITE = (
    "UPDATE tasks SET updated_at = updated_at + 1 WHERE pk ="
    " (SELECT pk FROM tasks WHERE uid = ? LIMIT 1 OFFSET ?)"
)


def read_calls() -> int:
    """The read system calls this process made so far."""
    with open("/proc/self/io") as io:
        return next(int(line.split()[1]) for line in io if line.startswith("syscr:"))


def mean_list(
    reader: sqlite3.Connection, writer: sqlite3.Connection, runs: int, writes: bool
) -> tuple[float, float]:
    """A list's mean time in ms, and its mean number of read calls."""
    rng = random.Random(2)
    spent = 0.0
    reads = 0
    for _ in range(runs):
        if writes:
            writer.execute(WRITE, (rng.randrange(1, 101), rng.randrange(9_000)))
        uid = rng.randrange(1, 101)
        calls = read_calls()
        started = time.perf_counter()
        reader.execute(LIST, (uid,)).fetchall()
        spent += time.perf_counter() - started
        reads += read_calls() - calls
    return 1000 * spent / runs, reads / runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2_000)
    args = parser.parse_args()
    mapped = mapped_reads_vfs()
    for mmap_size, vfs in ((1 << 30, None), (0, None), (0, mapped), (1 << 30, mapped)):
        with seeded_copy(100, 10_000, "todo-cache-") as data_dir:
            path = data_dir / "todo.sqlite3"
            writer, reader = (
                _connect(path, synchronous="NORMAL", mmap_size=mmap_size, vfs=vfs) for _ in range(2)
            )
            mean_list(reader, writer, args.runs, writes=True)  # fill the WAL and caches
            kept, kept_reads = mean_list(reader, writer, args.runs, writes=False)
            dropped, dropped_reads = mean_list(reader, writer, args.runs, writes=True)
            writer.close()
            reader.close()
        if vfs:
            setting = f"mapped reads, {'in place' if mmap_size else 'copied'}"
        else:
            setting = f"SQLite's memory map of {mmap_size >> 20} MiB"
        print(
            f"{setting}: a list {kept:.3f} ms and {kept_reads:.1f}"
            f" read calls with its cache kept, {dropped:.3f} ms and {dropped_reads:.1f}"
            " with it dropped by a write before each"
        )


if __name__ == "__main__":
    main()
