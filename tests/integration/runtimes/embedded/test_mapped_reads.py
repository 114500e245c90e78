"""Mapped reads: the ``unix-mapped`` VFS reads the database file through a map
kept open, so a page cache emptied by another connection's commit fills again
without a read call per page, and every read still sees what was committed."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from todo_chatbot.config import Settings
from todo_chatbot.runtimes.embedded.sqlite import connections
from todo_chatbot.runtimes.embedded.sqlite.connections import MMAP_SIZE
from todo_chatbot.runtimes.embedded.sqlite.mapped_reads import VFS_NAME, mapped_reads_vfs
from todo_chatbot.runtimes.embedded.wiring import build_embedded_runtime

ROWS = 2_000
"""Rows of 1 KiB each: about 540 pages of 4 KiB."""


def connect(path: Path, vfs: str | None = None, *, in_place: bool = False) -> sqlite3.Connection:
    """A connection set up as the runtime's (its page cache holds every note);
    ``in_place``: SQLite fetches pages from a memory map instead of copying
    them out (``PRAGMA mmap_size``)."""
    return connections.connect(
        path, synchronous="NORMAL", mmap_size=MMAP_SIZE if in_place else 0, vfs=vfs
    )


IN_PLACE = pytest.mark.parametrize("in_place", [False, True], ids=["copied", "in-place"])


def read_calls() -> int:
    """The read system calls this process made so far (Linux)."""
    with open("/proc/self/io") as io:
        return next(int(line.split()[1]) for line in io if line.startswith("syscr:"))


def contents(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    return conn.execute("SELECT id, payload FROM notes ORDER BY id").fetchall()


def add_notes(conn: sqlite3.Connection, first: int, count: int) -> None:
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO notes (id, payload) VALUES (?, ?)",
        ((n, f"{n:08d}" * 128) for n in range(first, first + count)),
    )
    conn.execute("COMMIT")


def fill(conn: sqlite3.Connection) -> None:
    """Notes written back into the database file, the WAL emptied."""
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, payload TEXT)")
    conn.execute("CREATE TABLE IF NOT EXISTS ticks (n INTEGER)")
    add_notes(conn, 0, ROWS)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def read_calls_of_a_cold_scan(reader: sqlite3.Connection, other: sqlite3.Connection) -> int:
    """Read calls of a scan of every note just after ``other`` committed (which
    empties ``reader``'s page cache)."""
    reader.execute("SELECT sum(length(payload)) FROM notes").fetchone()  # every page cached
    before = read_calls()
    reader.execute("SELECT sum(length(payload)) FROM notes").fetchone()
    assert read_calls() - before <= 2  # reading /proc/self/io itself, no page
    other.execute("INSERT INTO ticks (n) VALUES (1)")
    before = read_calls()
    count, size = reader.execute("SELECT count(*), sum(length(payload)) FROM notes").fetchone()
    calls = read_calls() - before
    assert (count, size) == (ROWS, ROWS * 1024)
    return calls


@pytest.fixture
def database_file(tmp_path: Path) -> Path:
    path = tmp_path / "todo.sqlite3"
    conn = connect(path)
    fill(conn)
    conn.close()
    return path


def test_the_extension_is_built_and_registers_its_vfs(tmp_path: Path) -> None:
    assert mapped_reads_vfs() == VFS_NAME
    connect(tmp_path / "probe.sqlite3", VFS_NAME).close()  # an unknown VFS raises here


@IN_PLACE
def test_a_dropped_cache_fills_again_from_the_map_without_read_calls(
    database_file: Path, in_place: bool
) -> None:
    other = connect(database_file)
    plain = connect(database_file)
    mapped = connect(database_file, mapped_reads_vfs(), in_place=in_place)

    assert read_calls_of_a_cold_scan(plain, other) > 500  # one pread per page
    assert read_calls_of_a_cold_scan(mapped, other) < 5  # the page the insert wrote, in the WAL


@IN_PLACE
def test_mapped_reads_see_each_commit_of_another_connection_as_the_file_grows(
    database_file: Path, in_place: bool
) -> None:
    mapped = connect(database_file, mapped_reads_vfs(), in_place=in_place)
    writer = connect(database_file)
    assert contents(mapped) == contents(writer)
    size = database_file.stat().st_size
    for round_ in range(1, 6):
        add_notes(writer, round_ * ROWS, ROWS)
        writer.execute("UPDATE notes SET payload = upper(payload) WHERE id % 7 = ?", (round_,))
        writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # into the file, past the old end
        assert contents(mapped) == contents(writer)
    assert database_file.stat().st_size > 5 * size
    assert mapped.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@IN_PLACE
def test_a_file_that_vacuum_shrinks_under_a_mapped_reader_still_reads_right(
    database_file: Path, in_place: bool
) -> None:
    """In a process of its own: a read from the map past the file's end would
    end the process with SIGBUS."""
    script = textwrap.dedent(
        f"""
        import sqlite3, sys
        from pathlib import Path
        from todo_chatbot.runtimes.embedded.sqlite.connections import connect
        from todo_chatbot.runtimes.embedded.sqlite.mapped_reads import mapped_reads_vfs
        path = Path({str(database_file)!r})
        mapped = connect(
            path, synchronous="NORMAL", mmap_size={MMAP_SIZE if in_place else 0},
            vfs=mapped_reads_vfs(),
        )
        writer = sqlite3.connect(path, isolation_level=None)
        rows = lambda conn: conn.execute("SELECT id, payload FROM notes ORDER BY id").fetchall()
        assert rows(mapped) == rows(writer)
        before = path.stat().st_size
        writer.execute("DELETE FROM notes WHERE id >= 100")
        writer.execute("VACUUM")
        writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert path.stat().st_size < before / 10, (before, path.stat().st_size)
        assert rows(mapped) == rows(writer) and len(rows(mapped)) == 100
        writer.execute("INSERT INTO notes (id, payload) SELECT id + 5000, payload FROM notes")
        writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert rows(mapped) == rows(writer) and len(rows(mapped)) == 200
        assert mapped.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        """
    )
    finished = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert finished.returncode == 0, finished.stderr


@pytest.mark.parametrize(("mapped_reads", "most_calls"), [(True, 5), (False, None)])
async def test_the_runtime_reads_through_the_map_unless_told_not_to(
    tmp_path: Path, mapped_reads: bool, most_calls: int | None
) -> None:
    # Two workers: the writer then has no memory map of SQLite's own.
    settings = Settings(data_dir=tmp_path, mapped_reads=mapped_reads, workers=2)
    runtime = await build_embedded_runtime(settings)
    try:
        fill(runtime.database.writer)
        other = connect(settings.database_path)
        calls = read_calls_of_a_cold_scan(runtime.database.reader, other)
        other.close()
    finally:
        runtime.database.close()
    if most_calls is None:
        assert calls > 500
    else:
        assert calls < most_calls
