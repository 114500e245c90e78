"""A small process supervisor for servers started by tests and by ``infra up``.

Each child runs in its own process group (its own session, so a Ctrl-C in the
terminal reaches the supervisor, not the children directly) with standard
output and error going to ``RUN_DIR/NAME.log``. The supervisor waits until a
child is ready (a TCP port accepting, an HTTP URL answering 2xx, or any check),
and a timeout or an early exit raises ``ProcessFailed`` quoting the log's last
lines, so a failed start explains itself.

Stopping sends the child's stop signal (SIGTERM unless told otherwise:
PostgreSQL wants SIGINT) to the group's leader, then SIGKILL to the whole group
after a grace period (and to any straggler); ``kill()`` is SIGKILL to the
whole group at once, to simulate a crash. Every child started with
``supervised=True`` (the default) is stopped when the interpreter exits
(``atexit``) and when it receives SIGINT or SIGTERM, so a test run that dies
leaves no server behind. ``supervised=False`` is for ``infra up``, whose
servers outlive the command; ``stop_group()`` stops them by pid later.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import random
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

DEFAULT_GRACE_SECONDS = 15.0
POLL_SECONDS = 0.1


class ProcessFailed(RuntimeError):
    """A child exited early or did not become ready in time; the message quotes its log."""


def ephemeral_range() -> tuple[int, int]:
    """The kernel's range for the local ports of outgoing connections."""
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
        return int(low), int(high)
    except (OSError, ValueError):
        return 32768, 60999


def free_ports(count: int, host: str = "127.0.0.1") -> list[int]:
    """``count`` distinct ports that nothing listens on, outside the ephemeral range.

    A port the kernel hands out for ``bind(("", 0))`` comes from the range it
    also uses for outgoing connections: between the pick and the server's
    ``bind`` (seconds, for a JVM), any client on the machine may take it as its
    local port, and a reconnect loop aimed at a stopped server may even connect
    to itself on it. So ports are drawn at random below that range, and each is
    checked by binding it (all held until the last is found).
    """
    low, _ = ephemeral_range()
    floor = 10000 if low > 12000 else 1024
    chosen: list[socket.socket] = []
    try:
        while len(chosen) < count:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                sock.bind((host, random.randrange(floor, low)))
            except OSError:
                sock.close()
                continue
            chosen.append(sock)
        return [int(sock.getsockname()[1]) for sock in chosen]
    finally:
        for sock in chosen:
            sock.close()


def free_port(host: str = "127.0.0.1") -> int:
    """One port as ``free_ports()`` picks them."""
    return free_ports(1, host)[0]


def port_open(port: int, host: str = "127.0.0.1", timeout: float = 0.5) -> bool:
    """Whether something accepts TCP connections on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def http_status(url: str, timeout: float = 2.0) -> int | None:
    """The status code of ``GET url``, or None if nothing answered."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (OSError, ValueError):
        return None


def tail(path: Path, lines: int = 30) -> str:
    """The last ``lines`` lines of a log file."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 64 * 1024))
            text = handle.read().decode(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


@dataclass(frozen=True)
class Launch:
    """How a child was started: enough to start it again from another process
    (``python -m devstack restart``) and to recognise it if started again by hand."""

    name: str
    argv: list[str]
    run_dir: str
    env: dict[str, str]
    cwd: str | None
    user: str | None
    stop_signal: int


class ManagedProcess:
    """One child process: its group, its log, and how to wait for it and end it."""

    def __init__(
        self,
        name: str,
        popen: subprocess.Popen[bytes],
        log_path: Path,
        stop_signal: int = signal.SIGTERM,
        log_offset: int = 0,
    ) -> None:
        self.name = name
        self.popen = popen
        self.log_path = log_path
        self.stop_signal = stop_signal
        self.log_offset = log_offset
        self.launch: Launch | None = None

    def __repr__(self) -> str:
        return f"ManagedProcess({self.name!r}, pid={self.pid}, log={str(self.log_path)!r})"

    @property
    def pid(self) -> int:
        return self.popen.pid

    @property
    def command(self) -> str:
        """The executable the child was started with (its argv[0])."""
        args = self.popen.args
        first = args[0] if isinstance(args, list | tuple) else args
        return os.fsdecode(first)  # type: ignore[arg-type]

    @property
    def returncode(self) -> int | None:
        return self.popen.poll()

    def running(self) -> bool:
        return self.popen.poll() is None

    def log_tail(self, lines: int = 30) -> str:
        return tail(self.log_path, lines)

    def log_since_start(self) -> str:
        """What this run of the child wrote (the log file is shared by restarts)."""
        try:
            with self.log_path.open("rb") as handle:
                handle.seek(self.log_offset)
                return handle.read().decode(errors="replace")
        except OSError:
            return ""

    def failure(self, what: str) -> ProcessFailed:
        return ProcessFailed(
            f"{self.name} (pid {self.pid}) {what}; last lines of {self.log_path}:\n"
            + self.log_tail()
        )

    def wait_until(self, check: Callable[[], bool], what: str, timeout: float) -> None:
        """Poll ``check`` until it is true; raise if the child exits or time runs out."""
        deadline = time.monotonic() + timeout
        while True:
            if check():
                return
            if not self.running():
                raise self.failure(f"exited with code {self.returncode} before {what}")
            if time.monotonic() > deadline:
                raise self.failure(f"did not get to {what} within {timeout:.0f}s")
            time.sleep(POLL_SECONDS)

    def wait_for_port(self, port: int, host: str = "127.0.0.1", timeout: float = 60) -> None:
        self.wait_until(lambda: port_open(port, host), f"accept connections on {port}", timeout)

    def wait_for_http(
        self, url: str, timeout: float = 60, accept: Callable[[int], bool] | None = None
    ) -> None:
        """Wait until ``GET url`` answers a status that ``accept`` likes (default: 2xx)."""
        ok = accept or (lambda status: 200 <= status < 300)

        def answered() -> bool:
            status = http_status(url)
            return status is not None and ok(status)

        self.wait_until(answered, f"answer {url}", timeout)

    def stop(self, grace: float = DEFAULT_GRACE_SECONDS) -> int | None:
        """The stop signal to the leader, SIGKILL to the group after ``grace`` s; the exit code."""
        family = descendants(self.pid)
        if self.running():
            with contextlib.suppress(ProcessLookupError):
                self.popen.send_signal(self.stop_signal)
            try:
                self.popen.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                signal_group(self.pid, signal.SIGKILL)
                self.popen.wait()
        signal_group(self.pid, signal.SIGKILL)  # stragglers the leader left behind
        kill_all(family)
        _forget(self)
        return self.popen.returncode

    def kill(self) -> int | None:
        """SIGKILL to the whole group and every descendant at once, as a crash would.

        Descendants count because some servers put their children in groups of
        their own (PostgreSQL's backends call ``setsid()``).
        """
        family = descendants(self.pid)
        signal_group(self.pid, signal.SIGKILL)
        kill_all(family)
        self.popen.wait()
        _forget(self)
        return self.popen.returncode


def descendants(pid: int) -> list[int]:
    """The pids below ``pid`` in the process tree (from /proc), children first."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        fields = _stat_fields(entry.name) if entry.name.isdigit() else None
        if fields:
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, pending = [], list(children.get(pid, []))
    while pending:
        current = pending.pop(0)
        found.append(current)
        pending.extend(children.get(current, []))
    return found


def kill_all(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def signal_group(pgid: int, signum: int) -> bool:
    """Send ``signum`` to a process group; False if the group is gone."""
    try:
        os.killpg(pgid, signum)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False
    return True


def _stat_fields(pid: int | str) -> list[str] | None:
    """Fields 3 onwards of /proc/PID/stat (state, ppid, pgrp, ...), None if gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of group ``pgid``, from /proc.

    A server that ``infra up`` started belongs to PID 1 once the command exits,
    and PID 1 may take a second or two to reap it: meanwhile ``killpg(pgid, 0)``
    still succeeds on the zombie, so liveness is read here instead.
    """
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(entry.name)
            if fields and fields[0] != "Z" and fields[2] == str(pgid):
                members.append(int(entry.name))
    return members


def group_alive(pgid: int) -> bool:
    return bool(group_members(pgid))


def stop_group(
    pgid: int, grace: float = DEFAULT_GRACE_SECONDS, stop_signal: int = signal.SIGTERM
) -> None:
    """Stop a process group we did not start in this interpreter (``infra down``).

    ``stop_signal`` goes to the leader (whose pid is the group id), SIGKILL to
    the group after ``grace`` seconds if anything of it is left.
    """
    try:
        os.kill(pgid, stop_signal)
    except ProcessLookupError:
        signal_group(pgid, signal.SIGKILL)
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if not group_alive(pgid):
            return
        time.sleep(POLL_SECONDS)
    signal_group(pgid, signal.SIGKILL)


def start(
    name: str,
    argv: Sequence[str | os.PathLike[str]],
    run_dir: Path,
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    user: str | None = None,
    supervised: bool = True,
    stop_signal: int = signal.SIGTERM,
) -> ManagedProcess:
    """Start ``argv`` in its own process group, output appended to ``run_dir/NAME.log``.

    ``env`` is added to this process's environment. ``user`` runs the child as
    that user (we must be root), as PostgreSQL requires.
    """
    run_dir.mkdir(parents=True, exist_ok=True)
    log_path = run_dir / f"{name}.log"
    extra: dict[str, Any] = {}
    if user is not None:
        extra.update(user=user, group=user_group(user))
    with log_path.open("ab") as log:
        log_offset = log.tell()
        log.write(f"\n--- {time.strftime('%H:%M:%S')} start: {_quote(argv)}\n".encode())
        log.flush()
        popen = subprocess.Popen(
            [os.fspath(part) for part in argv],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=None if env is None else {**os.environ, **env},
            cwd=cwd,
            start_new_session=True,
            **extra,
        )
    process = ManagedProcess(name, popen, log_path, stop_signal, log_offset)
    process.launch = Launch(
        name=name,
        argv=[os.fspath(part) for part in argv],
        run_dir=str(run_dir),
        env=dict(env or {}),
        cwd=None if cwd is None else str(cwd),
        user=user,
        stop_signal=int(stop_signal),
    )
    if supervised:
        _remember(process)
    return process


def user_group(user: str) -> int:
    import pwd

    return pwd.getpwnam(user).pw_gid


def _quote(argv: Sequence[str | os.PathLike[str]]) -> str:
    import shlex

    return " ".join(shlex.quote(os.fspath(part)) for part in argv)


# -- everything stopped at exit and on SIGINT / SIGTERM ---------------------------------

_children: dict[int, ManagedProcess] = {}
_lock = threading.Lock()
_atexit_registered = False
_signals_installed = False


def _remember(process: ManagedProcess) -> None:
    with _lock:
        _children[process.pid] = process
    install_handlers()


def _forget(process: ManagedProcess) -> None:
    with _lock:
        _children.pop(process.pid, None)


def stop_all(grace: float = 5.0) -> None:
    """Stop every supervised child still running, newest first."""
    with _lock:
        remaining = list(_children.values())
    for process in reversed(remaining):
        with contextlib.suppress(Exception):
            process.stop(grace)


def install_handlers() -> None:
    """Stop every supervised child at exit, and on SIGINT / SIGTERM.

    Called by ``start()``; signal handlers can only be installed from the main
    thread, so code that starts children from other threads (``Infra.start``)
    calls this first from the main thread.
    """
    global _atexit_registered, _signals_installed
    with _lock:
        if not _atexit_registered:
            atexit.register(stop_all)
            _atexit_registered = True
        if _signals_installed or threading.current_thread() is not threading.main_thread():
            return
        _signals_installed = True
    for signum in (signal.SIGINT, signal.SIGTERM):
        previous = signal.getsignal(signum)
        signal.signal(signum, _make_handler(signum, previous))


def _make_handler(signum: int, previous: Any) -> Callable[[int, FrameType | None], None]:
    def handler(received: int, frame: FrameType | None) -> None:
        stop_all()
        if callable(previous):
            previous(received, frame)
        elif previous == signal.SIG_IGN:
            return
        else:  # SIG_DFL: die of the signal as if we had no handler
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)

    return handler
