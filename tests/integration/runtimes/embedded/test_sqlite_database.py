"""The embedded runtime's SQLite database: group commit and the WAL's upkeep."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from todo_chatbot.runtimes.embedded.sqlite.connections import MMAP_SIZE
from todo_chatbot.runtimes.embedded.sqlite.database import Database
from todo_chatbot.runtimes.embedded.sqlite.group_commit import Gate
from todo_chatbot.runtimes.embedded.sqlite.mapped_reads import mapped_reads_vfs


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    db = Database(
        tmp_path / "todo.sqlite3",
        checkpoint_interval=0.02,
        wal_restart_frames=64,
        batch_window=60.0,  # what a test holds open stays open
    )
    db.writer.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
    db.start()
    yield db
    db.close()


def notes(db: Database) -> list[str]:
    return [text for (text,) in db.reader.execute("SELECT text FROM notes ORDER BY id")]


async def write(db: Database, text: str, *, hold: asyncio.Event | None = None) -> int:
    """One unit of work adding a note, returning the number of the commit that
    kept it; ``hold`` keeps it inside its transaction."""
    committed_as: list[int] = []
    async with db.transaction() as transaction:
        transaction.conn.execute("INSERT INTO notes (text) VALUES (?)", (text,))
        transaction.after_commit(lambda: committed_as.append(db.commits))
        if hold is not None:
            await hold.wait()
        transaction.commit()
    return committed_as[0]


async def test_units_that_wait_for_the_writer_share_one_commit(database: Database) -> None:
    release = asyncio.Event()
    first = asyncio.create_task(write(database, "first", hold=release))
    await asyncio.sleep(0.01)
    queued = [asyncio.create_task(write(database, f"queued {n}")) for n in range(5)]
    await asyncio.sleep(0.01)
    assert notes(database) == []  # nothing is visible before the batch commits
    release.set()
    numbers = await asyncio.gather(first, *queued)

    assert len(set(numbers)) == 1
    assert notes(database) == ["first", *(f"queued {n}" for n in range(5))]


@asynccontextmanager
async def notes_database(path: Path, *, batch_window: float) -> AsyncIterator[Database]:
    """A started database with the notes table, its commits not waiting for the disk."""
    db = Database(path, synchronous="NORMAL", batch_window=batch_window)
    db.writer.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
    db.start()
    try:
        yield db
    finally:
        db.close()


async def queue_behind_a_held_unit(db: Database, count: int) -> list[asyncio.Task[int]]:
    """``count`` units queued behind one held inside its transaction, which is
    then let go: the tasks of all of them, the held one first."""
    release = asyncio.Event()
    first = asyncio.create_task(write(db, "first", hold=release))
    await asyncio.sleep(0.01)
    queued = [asyncio.create_task(write(db, f"queued {n}")) for n in range(count)]
    await asyncio.sleep(0.01)
    release.set()
    return [first, *queued]


async def test_every_queued_unit_gets_through_in_the_event_loops_next_pass(
    tmp_path: Path,
) -> None:
    """Handed over one unit per pass (as ``asyncio.Lock`` does), a queue of
    units would keep the batch open, and reads off the writer, for as many passes."""
    async with notes_database(tmp_path / "todo.sqlite3", batch_window=60.0) as db:
        units = await queue_behind_a_held_unit(db, 20)
        passes = 0
        while not all(task.done() for task in units[1:]):
            await asyncio.sleep(0)
            passes += 1

        assert passes <= 5  # one at a time: more than 20
        assert len({await task for task in units}) == 1
        assert not db.writer.in_transaction


async def test_units_let_through_the_gate_join_the_batch_even_past_its_window(
    tmp_path: Path,
) -> None:
    """Queued while the batch waited (here: for its first unit), they are let
    through together; committed before they ran, the batch would leave them
    to open another, one of them holding the gate while the rest queued again."""
    async with notes_database(tmp_path / "todo.sqlite3", batch_window=0.0) as db:
        numbers = await asyncio.gather(*await queue_behind_a_held_unit(db, 5))

        assert len(set(numbers)) == 1
        assert notes(db) == ["first", *(f"queued {n}" for n in range(5))]


async def test_a_unit_cancelled_after_the_gate_let_it_through_is_not_waited_for() -> None:
    gate = Gate()
    await gate.acquire()
    waiter = asyncio.create_task(gate.acquire())
    await asyncio.sleep(0)
    gate.release()
    assert gate.has_let_through()

    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter

    assert not gate.has_let_through()
    assert not gate.locked()


async def test_a_failing_unit_drops_only_its_own_changes(database: Database) -> None:
    release = asyncio.Event()

    async def failing() -> None:
        async with database.transaction() as transaction:
            transaction.conn.execute("INSERT INTO notes (text) VALUES ('doomed')")
            await release.wait()
            raise RuntimeError("the unit fails")

    before = asyncio.create_task(write(database, "before"))
    doomed = asyncio.create_task(failing())
    after = asyncio.create_task(write(database, "after"))
    await asyncio.sleep(0.01)
    release.set()
    results = await asyncio.gather(before, doomed, after, return_exceptions=True)

    assert isinstance(results[1], RuntimeError)
    assert notes(database) == ["before", "after"]


async def test_a_unit_that_does_not_commit_leaves_nothing(database: Database) -> None:
    async with database.transaction() as transaction:
        transaction.conn.execute("INSERT INTO notes (text) VALUES ('left out')")
    await write(database, "kept")

    assert notes(database) == ["kept"]


async def test_a_unit_that_commits_sees_its_commit_happen_first(database: Database) -> None:
    committed: list[int] = []
    async with database.transaction() as transaction:
        transaction.conn.execute("INSERT INTO notes (text) VALUES ('hooked')")
        transaction.after_commit(lambda: committed.append(database.commits))
        transaction.commit()
        assert committed == []
    assert committed == [database.commits]
    assert notes(database) == ["hooked"]


def times_started_over(wal: Path) -> int:
    """The WAL header's checkpoint sequence number, which each start-over raises."""
    with wal.open("rb") as file:
        header = file.read(16)
    return int.from_bytes(header[12:16], "big") if len(header) == 16 else 0


async def test_the_wal_starts_over_under_a_steady_stream_of_writes(
    database: Database, tmp_path: Path
) -> None:
    database.start_checkpointing()
    wal = tmp_path / "todo.sqlite3-wal"
    commits = 0
    seen: set[int] = set()
    # Until it has started over five times (a WAL that never starts over holds
    # every commit): how soon depends on how long the checkpoint's fsync takes,
    # which a busy machine stretches to seconds.
    async with asyncio.timeout(60):
        while len(seen) < 6:
            async with database.transaction(durable=False) as transaction:
                transaction.conn.execute("INSERT INTO notes (text) VALUES (?)", ("x" * 3000,))
                transaction.commit()
            commits += 1
            seen.add(times_started_over(wal))
            await asyncio.sleep(0.001)

    assert len(notes(database)) == commits


@pytest.mark.parametrize("attempt", range(3))
async def test_another_process_closing_the_file_leaves_this_ones_wal_in_place(
    database: Database, tmp_path: Path, attempt: int
) -> None:
    """A connection in WAL mode holds a lock on the database file while it is
    open; a process closing its last connection and finding no other
    process's lock takes itself for the last user and deletes the WAL and its
    index. Closing any descriptor of a file releases all of a process's locks
    on it, so the checkpointer's syncs of the file must not close one. (Three
    attempts: when SQLite takes such a lock again varies, and a closed
    descriptor left this process without one in five runs of six.)"""
    database.start_checkpointing()
    wal = tmp_path / "todo.sqlite3-wal"
    async with asyncio.timeout(60):
        while times_started_over(wal) < 2:  # each restart syncs the file first
            await write(database, "x" * 3000)
            await asyncio.sleep(0.001)

    script = (
        "import sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1])\n"
        "conn.execute('SELECT count(*) FROM notes').fetchall()\n"
        "conn.close()\n"
    )
    closing = await asyncio.create_subprocess_exec(sys.executable, "-c", script, str(database.path))
    assert await asyncio.wait_for(closing.wait(), 60) == 0

    assert wal.exists()
    assert (tmp_path / "todo.sqlite3-shm").exists()


async def test_a_reader_in_the_wal_never_makes_writers_wait_for_the_restart(
    database: Database, tmp_path: Path
) -> None:
    """A restarting checkpoint waits for readers to leave the WAL. SQLite's own
    wait sleeps with the write lock held, for as long as its busy timeout; the
    checkpointer's tries each give the lock back at once instead."""
    for n in range(100):  # a WAL long enough to be restarted
        await write(database, f"before {n}")
    reader = sqlite3.connect(tmp_path / "todo.sqlite3", isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM notes").fetchone()  # holds its place in the WAL
    try:
        database.start_checkpointing()
        await asyncio.sleep(0.1)  # the checkpointer is trying to restart meanwhile
        written = await asyncio.wait_for(
            asyncio.gather(*(write(database, f"during {n}") for n in range(20))), timeout=5
        )
    finally:
        reader.execute("COMMIT")
        reader.close()

    assert len(written) == 20
    assert len(notes(database)) == 120


def test_reads_outside_a_transaction_use_the_writers_warm_connection(tmp_path: Path) -> None:
    database = Database(tmp_path / "todo.sqlite3")
    try:
        assert database.reader is database.writer
        database.writer.execute("BEGIN")
        assert database.reader is not database.writer
        database.writer.execute("ROLLBACK")
    finally:
        database.close()


def test_only_the_writers_connection_reads_through_a_memory_map(tmp_path: Path) -> None:
    """The second connection's cache is dropped at nearly every use, and with a
    memory map each drop unmaps the file and faults every page in again."""
    database = Database(tmp_path / "todo.sqlite3")
    try:
        database.writer.execute("BEGIN")
        (reader_map,) = database.reader.execute("PRAGMA mmap_size").fetchone()
        database.writer.execute("ROLLBACK")
        (writer_map,) = database.writer.execute("PRAGMA mmap_size").fetchone()
        assert (writer_map, reader_map) == (MMAP_SIZE, 0)
    finally:
        database.close()


@pytest.mark.parametrize(("shared", "writer_in_place"), [(False, False), (True, True)])
def test_with_mapped_reads_pages_are_read_in_place_where_caches_are_dropped(
    tmp_path: Path, shared: bool, writer_in_place: bool
) -> None:
    """A memory map size above zero has SQLite read pages in place from the map
    of mapped reads, and zero copy them into its cache: in place for the second
    connection and for a writer beside other processes, whose caches their
    commits drop; copied for a single process's writer, whose cache is kept."""
    database = Database(tmp_path / "todo.sqlite3", shared=shared, vfs=mapped_reads_vfs())
    try:
        database.writer.execute("BEGIN")
        (reader_map,) = database.reader.execute("PRAGMA mmap_size").fetchone()
        database.writer.execute("ROLLBACK")
        (writer_map,) = database.writer.execute("PRAGMA mmap_size").fetchone()
        assert (writer_map > 0, reader_map > 0) == (writer_in_place, True)
    finally:
        database.close()


def test_no_connection_maps_a_file_that_other_processes_write(tmp_path: Path) -> None:
    """Each commit of another process drops the writer's cache too, and its map with it."""
    database = Database(tmp_path / "todo.sqlite3", shared=True)
    try:
        (writer_map,) = database.writer.execute("PRAGMA mmap_size").fetchone()
        assert writer_map == 0
    finally:
        database.close()


async def test_a_unit_commits_as_soon_as_it_ends_if_nobody_waits(database: Database) -> None:
    numbers = await asyncio.gather(*(write(database, f"note {n}") for n in range(3)))

    assert len(set(numbers)) == 3
    assert database.reader is database.writer
