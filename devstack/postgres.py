"""A private PostgreSQL server on a free port, for tests and the local stack.

It uses the server binaries of Debian's packages (``/usr/lib/postgresql/N/bin``).
PostgreSQL refuses to run as root, and sessions and CI run as root: so
``initdb`` and the server run as the ``postgres`` user, on a data directory
that user owns. Its parent directories must let that user through: pytest's
``tmp_path`` (under a 0700 folder of root) does not, a folder made with
``tempfile.mkdtemp()`` under /tmp does (see ``reachable_by()``).

The server listens on 127.0.0.1 only, with ``trust`` authentication (no
password) and no Unix socket; clients connect as ``postgres`` over TCP.
``fast=True`` (the default) turns off fsync and full-page writes: a crash of
the machine may lose the cluster, which tests never mind, but a crash of the
server (``kill()``) loses nothing that was committed, because each commit still
writes its WAL to the kernel before it answers. ``synchronous_commit`` stays
on for that reason: off, a SIGKILL loses the last fraction of a second of
acknowledged commits (the smoke tests caught it), and crash tests must not.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import time
from pathlib import Path

from devstack.processes import ManagedProcess, ProcessFailed, start

POSTGRES_USER = "postgres"
STOP_SIGNAL = signal.SIGINT
"""PostgreSQL's "fast" shutdown: ends client sessions and stops cleanly. SIGTERM
is its "smart" shutdown, which waits for every client (a sidecar's pool never
leaves) and so would always end in SIGKILL."""
SEARCH = ("/usr/lib/postgresql",)


def find_bin_dir() -> Path:
    """The newest ``/usr/lib/postgresql/N/bin`` (or ``$DEVSTACK_PG_BIN``)."""
    override = os.environ.get("DEVSTACK_PG_BIN")
    if override:
        return Path(override)
    candidates = []
    for root in SEARCH:
        for child in Path(root).glob("*/bin"):
            if (child / "postgres").is_file() and child.parent.name.isdigit():
                candidates.append((int(child.parent.name), child))
    if not candidates:
        raise FileNotFoundError(
            "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin: "
            "apt-get install postgresql (or set DEVSTACK_PG_BIN)"
        )
    return max(candidates)[1]


def reachable_by(user: str, path: Path) -> bool:
    """Whether ``user`` may pass through every existing ancestor of ``path``."""
    account = pwd.getpwnam(user)
    for ancestor in path.resolve().parents:
        info = ancestor.stat()
        if info.st_uid == account.pw_uid:
            allowed = info.st_mode & 0o100
        elif info.st_gid == account.pw_gid:
            allowed = info.st_mode & 0o010
        else:
            allowed = info.st_mode & 0o001
        if not allowed:
            return False
    return True


class PostgresServer:
    """One PostgreSQL cluster in ``directory`` (created on first ``start()``)."""

    def __init__(
        self,
        port: int,
        directory: Path,
        *,
        fast: bool = True,
        name: str = "postgres",
        run_dir: Path | None = None,
    ) -> None:
        self.port = port
        self.directory = Path(directory)
        self.data_dir = self.directory / "data"
        self.fast = fast
        self.name = name
        self.run_dir = run_dir or self.directory
        self.bin_dir = find_bin_dir()
        self.process: ManagedProcess | None = None

    def __repr__(self) -> str:
        return f"PostgresServer(port={self.port}, directory={str(self.directory)!r})"

    @property
    def host(self) -> str:
        return "127.0.0.1"

    def url(self, database: str = "postgres") -> str:
        """A libpq / pgx connection URL (``postgresql://postgres@127.0.0.1:PORT/DB``)."""
        return f"postgresql://{POSTGRES_USER}@{self.host}:{self.port}/{database}"

    def dsn(self, database: str = "postgres") -> str:
        """The same as key=value pairs, the form Dapr's examples use."""
        return (
            f"host={self.host} port={self.port} user={POSTGRES_USER} "
            f"dbname={database} sslmode=disable"
        )

    def initialized(self) -> bool:
        return (self.data_dir / "PG_VERSION").is_file()

    def init(self) -> None:
        """``initdb`` as the postgres user (once; a second call does nothing)."""
        if self.initialized():
            return
        if not reachable_by(POSTGRES_USER, self.directory):
            raise PermissionError(
                f"user {POSTGRES_USER} cannot reach {self.directory} (a parent folder "
                "denies it); put the server under a folder made by tempfile.mkdtemp()"
            )
        self.directory.mkdir(parents=True, exist_ok=True)
        account = pwd.getpwnam(POSTGRES_USER)
        os.chown(self.directory, account.pw_uid, account.pw_gid)
        shutil.rmtree(self.data_dir, ignore_errors=True)  # a killed initdb's leftovers
        argv = [
            str(self.bin_dir / "initdb"),
            "--pgdata", str(self.data_dir),
            "--username", POSTGRES_USER,
            "--auth", "trust",
            "--encoding", "UTF8",
            "--locale", "C.UTF-8",
        ]  # fmt: skip
        if self.fast:
            argv.append("--no-sync")
        completed = subprocess.run(
            argv,
            user=account.pw_uid,
            group=account.pw_gid,
            cwd=self.directory,
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            raise ProcessFailed(f"initdb failed:\n{completed.stdout}\n{completed.stderr}")

    def server_argv(self) -> list[str]:
        settings = {
            "listen_addresses": "127.0.0.1",
            "unix_socket_directories": "",
            "max_connections": "200",
            "shared_buffers": "64MB",
            "logging_collector": "off",
        }
        if self.fast:
            settings.update(fsync="off", full_page_writes="off")
        argv = [str(self.bin_dir / "postgres"), "-D", str(self.data_dir), "-p", str(self.port)]
        for key, value in settings.items():
            argv += ["-c", f"{key}={value}"]
        return argv

    def start(self, timeout: float = 60, supervised: bool = True) -> None:
        """initdb if needed, start the server, return once it accepts queries."""
        self.init()
        self.process = start(
            self.name,
            self.server_argv(),
            self.run_dir,
            cwd=self.directory,
            user=POSTGRES_USER,
            supervised=supervised,
            stop_signal=STOP_SIGNAL,
        )
        self.process.wait_until(self.accepting, "accept queries", timeout)

    def accepting(self) -> bool:
        argv = [str(self.bin_dir / "pg_isready"), "-q", *self.connection_args("postgres")]
        return subprocess.run(argv, check=False).returncode == 0

    def connection_args(self, database: str) -> list[str]:
        """``-h -p -U -d`` for the command-line clients."""
        return ["-h", self.host, "-p", str(self.port), "-U", POSTGRES_USER, "-d", database]

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run SQL with ``psql`` (stops on the first error); its output, unaligned."""
        argv = [str(self.bin_dir / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"]
        argv += [*self.connection_args(database), "-c", sql]
        completed = subprocess.run(argv, capture_output=True, text=True, check=False)
        if completed.returncode != 0:
            raise ProcessFailed(f"psql failed on {sql!r}: {completed.stderr.strip()}")
        return completed.stdout

    def create_database(self, name: str) -> str:
        """Create database ``name`` (if missing) and return its connection URL."""
        if not name.replace("_", "").isalnum():
            raise ValueError(f"database names here are letters, digits and _: {name!r}")
        exists = self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'").strip()
        if not exists:
            self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self, grace: float = 30) -> None:
        """Stop the server ("fast" shutdown; SIGKILL after ``grace``)."""
        if self.process is not None:
            self.process.stop(grace)
            self.process = None

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process = None

    def remove(self) -> None:
        """Stop the server and delete its directory."""
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)

    def wait_stopped(self, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while self.accepting() and time.monotonic() < deadline:
            time.sleep(0.1)
