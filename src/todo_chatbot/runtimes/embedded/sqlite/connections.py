"""Connections to the database file: the settings they share, how much of the
file the writer's connection maps, and a descriptor of the file kept open
beside them.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Final, Literal

Synchronous = Literal["FULL", "NORMAL", "OFF"]

WAL_SIZE_LIMIT: Final = 64 * 1024 * 1024
"""Bytes of WAL file kept when the WAL starts over (the rest is truncated away)."""

MMAP_SIZE: Final = 1024 * 1024 * 1024
"""Bytes of the database file that SQLite's memory map covers (the writer's, without
mapped reads); with mapped reads, any size above zero lets SQLite read pages in place."""


def writers_map_size(*, shared: bool, mapped_reads: bool) -> int:
    """``PRAGMA mmap_size`` for the writer's connection.

    With mapped reads a size above zero has SQLite read pages in place from
    the map (the second connection always does), and zero has it copy them
    into its page cache. In place is cheaper for a cache that is dropped at
    nearly every use, as the writer's is when other processes commit; a
    copy is cheaper for a cache that is kept, as a single process's writer's
    is, since SQLite keeps no page read in place for the next statement
    (``bench/cache_drops.py``, in git history). Without mapped reads, SQLite's own map
    serves only a cache that is kept (see ``Database.reader``).
    """
    if mapped_reads:
        return MMAP_SIZE if shared else 0
    return 0 if shared else MMAP_SIZE


def connect(
    path: Path,
    *,
    synchronous: Synchronous,
    busy_timeout_ms: int = 10_000,
    mmap_size: int = 0,
    vfs: str | None = None,
) -> sqlite3.Connection:
    """Open ``path`` with the settings every connection to it shares, through
    ``vfs`` (SQLite's default VFS if None)."""
    conn = sqlite3.connect(
        f"{path.absolute().as_uri()}?vfs={vfs}" if vfs else path,
        uri=vfs is not None,
        isolation_level=None,
        check_same_thread=False,
        cached_statements=256,
    )
    conn.execute("PRAGMA busy_timeout = 10000")  # while setting up, beside other processes
    for pragma in (
        "PRAGMA journal_mode = WAL",
        f"PRAGMA synchronous = {synchronous}",
        "PRAGMA cache_size = -32000",
        "PRAGMA temp_store = MEMORY",
        f"PRAGMA mmap_size = {mmap_size}",
        "PRAGMA wal_autocheckpoint = 0",
        f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT}",
        f"PRAGMA busy_timeout = {busy_timeout_ms}",
    ):
        conn.execute(pragma)
    return conn


class _DatabaseFiles:
    """Descriptors of database files that this process keeps open to sync them.

    Closing any descriptor of a file releases every POSIX lock the process
    holds on it, SQLite's included. A connection in WAL mode holds a shared
    lock on the database file for as long as it is open, and a process
    closing its last connection that finds no other process's lock takes
    itself for the file's last user: it checkpoints and deletes the WAL and
    its index, while this process goes on writing to them. So a descriptor
    opened to sync the file stays open until every ``Database`` of this
    process on that file has closed its connections.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: dict[str, tuple[int, int]] = {}  # path: descriptor, users

    def open(self, path: Path) -> int:
        with self._lock:
            key = os.path.realpath(path)
            fd, users = self._open.get(key) or (os.open(key, os.O_RDONLY), 0)
            self._open[key] = (fd, users + 1)
            return fd

    def close(self, path: Path) -> None:
        """After this ``Database``'s connections are closed."""
        with self._lock:
            key = os.path.realpath(path)
            fd, users = self._open.pop(key)
            if users > 1:
                self._open[key] = (fd, users - 1)
            else:
                os.close(fd)


DATABASE_FILES: Final = _DatabaseFiles()
