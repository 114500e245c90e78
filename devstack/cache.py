"""The per-machine cache of built and fetched binaries, safe for concurrent use.

Layout: ``cache_root()/NAME/KEY/`` holds one finished artifact (``dapr/1.18.0-…``,
``kafka/4.2.1``), built once per machine and reused by every work tree, test
run and CI run. ``cache_root()`` is ``$XDG_CACHE_HOME/todo-chatbot`` or
``~/.cache/todo-chatbot``: outside the work tree, so a fresh clone or
``git clean`` does not lose minutes of compilation.

Two rules make it safe:

- a file lock per entry (``NAME/KEY.lock``, ``flock``) so two processes never
  build the same entry at once: the second waits, then finds it done;
- each build fills a temporary sibling folder and is renamed into place as its
  last step (``rename`` is atomic), so an entry that exists is complete and a
  killed build leaves only a temporary folder, removed by the next build.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from devstack.progress import say

MANIFEST = "devstack-manifest.json"
"""Written into each entry before it is renamed into place: what, when, how long."""


def cache_root() -> Path:
    """``$XDG_CACHE_HOME/todo-chatbot``, or ``~/.cache/todo-chatbot``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "todo-chatbot"


def entry_path(name: str, key: str) -> Path:
    """The folder of one artifact, e.g. ``entry_path("kafka", "4.2.1")``."""
    return cache_root() / name / key


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock named after ``path`` (``path.lock``) for the block."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    with lock_path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"waiting for another process building {path} ...")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _temporary_siblings(entry: Path) -> list[Path]:
    return sorted(entry.parent.glob(f".{entry.name}.building-*"))


def ensure_entry(
    entry: Path, build: Callable[[Path], dict[str, Any] | None], *, label: str
) -> Path:
    """Return ``entry``, building it first with ``build(temporary_folder)`` if missing.

    ``build`` fills the folder it is given and may return facts for the
    manifest. The folder becomes ``entry`` only if ``build`` returns; on any
    error it is removed and the error propagates.
    """
    if entry.is_dir():
        return entry
    with locked(entry):
        if entry.is_dir():  # built by another process while we waited
            return entry
        for leftover in _temporary_siblings(entry):
            say(f"removing an unfinished build: {leftover}")
            shutil.rmtree(leftover, ignore_errors=True)
        temporary = entry.with_name(f".{entry.name}.building-{os.getpid()}")
        temporary.mkdir(parents=True)
        started = time.monotonic()
        try:
            facts = build(temporary) or {}
            manifest = {
                "label": label,
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "seconds": round(time.monotonic() - started, 1),
                **facts,
            }
            (temporary / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
            os.rename(temporary, entry)
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise
    return entry


def read_manifest(entry: Path) -> dict[str, Any]:
    """The manifest of a finished entry ({} if it has none)."""
    try:
        loaded: dict[str, Any] = json.loads((entry / MANIFEST).read_text())
    except (OSError, ValueError):
        return {}
    return loaded
