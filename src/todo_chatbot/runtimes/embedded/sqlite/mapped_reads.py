"""Mapped reads: SQLite reads the database file through a memory map that
outlives its cache drops (the ``unix-mapped`` VFS of ``mapped_reads.c``).

SQLite empties a connection's page cache whenever another connection has
committed; with worker processes that is nearly every list, which then reads
its pages again, one system call each. Through this VFS SQLite reads them in
place from a map kept open instead, with no system call (``docs/benchmarks.md``).

The VFS is a SQLite extension in C, compiled when the package is installed
(``hatch_build.py``) where a C compiler and SQLite's headers are at hand.
Without it, or where Python's ``sqlite3`` cannot load extensions, connections
use SQLite's own unix VFS and work the same, only slower under load.
"""

from __future__ import annotations

import functools
import sqlite3
import sys
from pathlib import Path
from typing import Final

import structlog

log = structlog.get_logger(__name__)

VFS_NAME: Final = "unix-mapped"
LIBRARY: Final = Path(__file__).with_name("_mapped_reads.so")


@functools.cache
def mapped_reads_vfs() -> str | None:
    """Registers the VFS in this process's SQLite (once) and gives its name,
    or None where it cannot be had, saying why in the log."""
    reason = _why_unavailable()
    if reason is None:
        return VFS_NAME
    log.warning("database.mapped_reads_unavailable", reason=reason)
    return None


def _why_unavailable() -> str | None:
    if sys.platform != "linux":
        return "mapped reads are built for Linux only"
    if not LIBRARY.exists():
        return (
            f"{LIBRARY.name} was not built: install a C compiler and SQLite's headers"
            " (libsqlite3-dev), then reinstall the package"
        )
    probe = sqlite3.connect(":memory:")
    try:
        probe.enable_load_extension(True)
        probe.load_extension(str(LIBRARY))
    except (AttributeError, sqlite3.Error) as error:
        return f"SQLite could not load {LIBRARY.name}: {error}"
    finally:
        probe.close()
    return None
