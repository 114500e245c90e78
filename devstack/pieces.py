"""What ``up`` started, piece by piece, so that any later command can stop or restart it.

``RUN_DIR/pieces.json`` records each process by name (``postgres``, ``kafka``,
``scheduler``, ``daprd-NAME`` and ``app-NAME`` for each service, ``app-web``,
``gateway``): how it was started (:class:`devstack.processes.Launch`), its pid
and how to tell it is ready. ``restart NAME`` stops a piece and starts it again
the same way (a service's name restarts its sidecar and its app together), and
records the new pid. A piece someone started again by hand, with the command
its log shows, is found again by its command line, so ``down`` stops it too.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from devstack.processes import (
    Launch,
    ManagedProcess,
    ProcessFailed,
    group_alive,
    http_status,
    start,
    stop_group,
)

PIECES_FILE = "pieces.json"
STOP_GRACE_SECONDS = 20.0


def ready_on_port(port: int) -> dict[str, Any]:
    return {"port": port}


def ready_at(url: str, status: int) -> dict[str, Any]:
    return {"url": url, "status": status}


def record(process: ManagedProcess, ready: dict[str, Any]) -> dict[str, Any]:
    assert process.launch is not None, f"{process.name} was not started by devstack"
    return {**asdict(process.launch), "pid": process.pid, "ready": ready}


def save(run_dir: Path, pieces: dict[str, dict[str, Any]]) -> Path:
    path = run_dir / PIECES_FILE
    temporary = path.with_suffix(".tmp")
    temporary.touch(mode=0o600)  # the environments hold the app token
    temporary.write_text(json.dumps(pieces, indent=2) + "\n")
    temporary.replace(path)
    return path


def load(run_dir: Path) -> dict[str, dict[str, Any]]:
    path = run_dir / PIECES_FILE
    if not path.is_file():
        return {}
    loaded: dict[str, dict[str, Any]] = json.loads(path.read_text())
    return loaded


def command_line(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return [part.decode(errors="replace") for part in raw.split(b"\0")[:-1]]


def running_pids(piece: dict[str, Any]) -> list[int]:
    """The recorded process if it still runs its command, and any other process running
    exactly that command line (the piece started again by hand)."""
    argv = piece["argv"]
    found = [
        int(entry.name)
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit() and command_line(int(entry.name)) == argv
    ]
    recorded = piece.get("pid")
    if recorded is not None and recorded not in found and _runs(recorded, argv[0]):
        found.append(recorded)
    return sorted(set(found))


def _runs(pid: int, executable: str) -> bool:
    """Whether ``pid``'s group lives and ``pid`` runs ``executable`` (not a reused pid)."""
    running = command_line(pid)
    return group_alive(pid) and bool(running) and running is not None and running[0] == executable


def stop_piece(piece: dict[str, Any]) -> bool:
    """Stop every process of the piece; whether anything was running."""
    pids = running_pids(piece)
    for pid in pids:
        if _leads_its_group(pid):
            stop_group(pid, grace=STOP_GRACE_SECONDS, stop_signal=piece["stop_signal"])
        else:
            _stop_one(pid, piece["stop_signal"])
    return bool(pids)


def _leads_its_group(pid: int) -> bool:
    try:
        return os.getpgid(pid) == pid
    except ProcessLookupError:
        return False


def _exists(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists()


def _stop_one(pid: int, stop_signal: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, stop_signal)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    while _exists(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def start_piece(piece: dict[str, Any], timeout: float = 120) -> dict[str, Any]:
    """Start the piece as it was started before; its record with the new pid."""
    launch = Launch(**{field.name: piece[field.name] for field in fields(Launch)})
    process = start(
        launch.name,
        launch.argv,
        Path(launch.run_dir),
        env=launch.env or None,
        cwd=None if launch.cwd is None else Path(launch.cwd),
        user=launch.user,
        supervised=False,
        stop_signal=launch.stop_signal,
    )
    ready = piece["ready"]
    if "port" in ready:
        process.wait_for_port(ready["port"], timeout=timeout)
    else:
        process.wait_until(
            lambda: http_status(ready["url"]) == ready["status"], f"answer {ready['url']}", timeout
        )
    return {**piece, "pid": process.pid}


def members(pieces: dict[str, dict[str, Any]], name: str) -> list[str]:
    """The pieces ``name`` means, in start order: a service's sidecar and app, or one piece."""
    if name in pieces:
        return [name]
    pair = [f"daprd-{name}", f"app-{name}"]
    if all(member in pieces for member in pair):
        return pair
    known = sorted(
        {*pieces, *(piece[len("app-") :] for piece in pieces if piece.startswith("app-"))}
    )
    raise ProcessFailed(f"no piece named {name!r}; known: {', '.join(known)}")


def restart(run_dir: Path, name: str) -> list[str]:
    """Stop the pieces ``name`` means (the app before its sidecar), start them again in
    order, record their new pids; their names."""
    pieces = load(run_dir)
    chosen = members(pieces, name)
    for member in reversed(chosen):
        stop_piece(pieces[member])
    for member in chosen:
        pieces[member] = start_piece(pieces[member])
        save(run_dir, pieces)
    return chosen


def stop_all(run_dir: Path) -> list[str]:
    """Stop every recorded piece, newest first (found again by command line if need be);
    the names of those that were running. The record is deleted."""
    pieces = load(run_dir)
    stopped = [name for name in reversed(list(pieces)) if stop_piece(pieces[name])]
    (run_dir / PIECES_FILE).unlink(missing_ok=True)
    return stopped
