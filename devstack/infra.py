"""PostgreSQL, Kafka and the Dapr scheduler together: what every app and sidecar needs.

``Infra(run_dir).start()`` brings the three up (in parallel: about 3 s warm,
Kafka's JVM being the slowest), creates the application database and exposes
what the next layer needs: ``postgres_url``, ``kafka_brokers``,
``scheduler_address``. Data lives under ``run_dir`` (PostgreSQL's under /tmp
when the postgres user cannot reach ``run_dir``), so a second ``start()`` on
the same folder finds its tables, topics and jobs again.

The app services and their sidecars go on top::

    with Infra(run_dir).start() as infra:
        resources = write_resources(run_dir / "resources",
            kafka_pubsub("pubsub", infra.kafka_brokers),
            postgres_state("statestore", infra.postgres_url))
        config = write_configuration(run_dir / "config.yaml", infra.name_resolution_db)
        sidecar = Daprd("api", app_port, http_port, grpc_port, resources, config,
                        infra.scheduler_address, run_dir=run_dir)
        sidecar.start()

``python -m devstack infra up`` runs the same with ``supervised=False`` (the
servers outlive the command) and records them in ``run_dir/state.json`` for
``infra down`` and ``infra status``.
"""

from __future__ import annotations

import json
import shutil
import signal
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from devstack import pieces
from devstack.binaries import ensure_dapr, ensure_kafka
from devstack.dapr import DaprScheduler
from devstack.kafka import KafkaBroker
from devstack.postgres import POSTGRES_USER, STOP_SIGNAL, PostgresServer, reachable_by
from devstack.processes import (
    ManagedProcess,
    free_ports,
    group_alive,
    install_handlers,
    port_open,
    stop_group,
)

STATE_FILE = "state.json"
PORTS_FILE = "ports.json"
POSTGRES_POINTER = "postgres-dir"
ORPHAN_PREFIX = "todo-chatbot-postgres-"
OWNER_FILE = "devstack-owner"
DEFAULT_DATABASE = "todo"


@dataclass(frozen=True)
class InfraPorts:
    postgres: int
    kafka: int
    kafka_controller: int
    scheduler: int

    @classmethod
    def free(cls) -> InfraPorts:
        return cls(*free_ports(4))

    @classmethod
    def kept_in(cls, run_dir: Path) -> InfraPorts:
        """The ports saved in ``run_dir`` (picked and saved the first time)."""
        saved = run_dir / PORTS_FILE
        if saved.is_file():
            return cls(**json.loads(saved.read_text()))
        ports = cls.free()
        run_dir.mkdir(parents=True, exist_ok=True)
        saved.write_text(json.dumps(asdict(ports)) + "\n")
        return ports


class Infra:
    """The three infrastructure servers of the distributed runtime, under ``run_dir``."""

    def __init__(
        self,
        run_dir: Path,
        *,
        ports: InfraPorts | None = None,
        database: str = DEFAULT_DATABASE,
        postgres_dir: Path | None = None,
        supervised: bool = True,
    ) -> None:
        self.run_dir = Path(run_dir)
        self.ports = ports or InfraPorts.kept_in(self.run_dir)
        self.database = database
        self.supervised = supervised
        self.logs = self.run_dir / "logs"
        dapr = ensure_dapr()
        kafka = ensure_kafka()
        self.postgres = PostgresServer(
            self.ports.postgres, postgres_dir or self._postgres_dir(), run_dir=self.logs
        )
        self.kafka = KafkaBroker(
            self.ports.kafka,
            self.ports.kafka_controller,
            self.run_dir / "kafka",
            distribution=kafka,
            run_dir=self.logs,
        )
        self.scheduler = DaprScheduler(
            self.ports.scheduler, self.run_dir / "scheduler", binaries=dapr, run_dir=self.logs
        )
        self.postgres_url = ""

    def _postgres_dir(self) -> Path:
        """``run_dir/postgres``, or a folder under /tmp if the postgres user cannot reach it.

        The choice is kept in ``run_dir/postgres-dir``. A folder under /tmp
        names its owner (that pointer file) in ``devstack-owner``, so that
        ``collect_orphans()`` can delete it once its run directory is gone
        (pytest deletes old temporary folders; the clusters would pile up).
        """
        pointer = self.run_dir / POSTGRES_POINTER
        if pointer.is_file():
            return Path(pointer.read_text().strip())
        wanted = self.run_dir / "postgres"
        self.run_dir.mkdir(parents=True, exist_ok=True)
        if not reachable_by(POSTGRES_USER, wanted):
            wanted = Path(tempfile.mkdtemp(prefix=ORPHAN_PREFIX))
            (wanted / OWNER_FILE).write_text(f"{pointer}\n")
        pointer.write_text(f"{wanted}\n")
        return wanted

    @property
    def kafka_brokers(self) -> str:
        """``brokers`` of a ``pubsub.kafka`` component: ``127.0.0.1:PORT``."""
        return self.kafka.bootstrap_servers

    @property
    def scheduler_address(self) -> str:
        """daprd's ``--scheduler-host-address``: ``127.0.0.1:PORT``."""
        return self.scheduler.address

    @property
    def name_resolution_db(self) -> Path:
        """The SQLite file through which the sidecars of this stack find each other."""
        return self.run_dir / "name-resolution.db"

    def start(self, timeout: float = 90) -> Infra:
        """Start all three (in parallel) and create the database; returns self."""
        collect_orphans()
        self.run_dir.mkdir(parents=True, exist_ok=True)
        if self.supervised:
            install_handlers()  # from this thread: the starts below run in others
        starts = [
            lambda: self.postgres.start(timeout, supervised=self.supervised),
            lambda: self.kafka.start(timeout, supervised=self.supervised),
            lambda: self.scheduler.start(timeout, supervised=self.supervised),
        ]
        with ThreadPoolExecutor(len(starts)) as pool:
            futures = [pool.submit(each) for each in starts]
            errors = [future.exception() for future in futures]
        failed = [error for error in errors if error is not None]
        if failed:
            self.stop()
            raise failed[0]
        self.postgres_url = self.postgres.create_database(self.database)
        return self

    def stop(self) -> None:
        """Stop all three (the data stays in ``run_dir``)."""
        for server in (self.scheduler, self.kafka, self.postgres):
            server.stop()

    def remove(self) -> None:
        """Stop all three and delete their data (the run directory's logs stay)."""
        self.stop()
        self.postgres.remove()
        shutil.rmtree(self.kafka.data_dir, ignore_errors=True)
        shutil.rmtree(self.scheduler.data_dir, ignore_errors=True)
        for name in (POSTGRES_POINTER, PORTS_FILE, STATE_FILE):
            (self.run_dir / name).unlink(missing_ok=True)
        self.name_resolution_db.unlink(missing_ok=True)

    def __enter__(self) -> Infra:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def processes(self) -> dict[str, ManagedProcess | None]:
        return {
            "postgres": self.postgres.process,
            "kafka": self.kafka.process,
            "scheduler": self.scheduler.process,
        }

    def describe(self) -> dict[str, Any]:
        """Addresses and process ids, as ``state.json`` records them."""
        stop_signals = {"postgres": int(STOP_SIGNAL)}
        return {
            "run_dir": str(self.run_dir),
            "postgres_url": self.postgres_url,
            "kafka_brokers": self.kafka_brokers,
            "scheduler_address": self.scheduler_address,
            "name_resolution_db": str(self.name_resolution_db),
            "logs": str(self.logs),
            "ports": asdict(self.ports),
            "processes": {
                name: {
                    "pid": process.pid if process else None,
                    "command": process.command if process else None,
                    "stop_signal": stop_signals.get(name, int(signal.SIGTERM)),
                    "log": str(process.log_path) if process else None,
                }
                for name, process in self.processes().items()
            },
        }

    def pieces(self) -> dict[str, dict[str, Any]]:
        """The running servers as ``pieces.json`` records them (:mod:`devstack.pieces`)."""
        found = {}
        for name, process, ready in (
            ("postgres", self.postgres.process, pieces.ready_on_port(self.ports.postgres)),
            ("kafka", self.kafka.process, pieces.ready_on_port(self.ports.kafka)),
            ("scheduler", self.scheduler.process, pieces.ready_at(self.scheduler.healthz_url, 200)),
        ):
            if process is not None:
                found[name] = pieces.record(process, ready)
        return found

    def save_state(self) -> Path:
        pieces.save(self.run_dir, self.pieces())
        path = self.run_dir / STATE_FILE
        path.write_text(json.dumps(self.describe(), indent=2) + "\n")
        return path


def collect_orphans() -> list[Path]:
    """Delete PostgreSQL folders under /tmp whose run directory is gone; what was deleted.

    A folder is an orphan when the pointer file named in its ``devstack-owner``
    no longer exists or points elsewhere, and no server runs on it.
    """
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(ORPHAN_PREFIX + "*"):
        try:
            owner = Path((folder / OWNER_FILE).read_text().strip())
        except OSError:
            continue  # not ours, or being created
        try:
            still_owned = owner.read_text().strip() == str(folder)
        except OSError:
            still_owned = False
        if still_owned or server_running(folder / "data"):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def server_running(data_dir: Path) -> bool:
    """Whether the postmaster recorded in ``data_dir/postmaster.pid`` is alive."""
    try:
        pid = int((data_dir / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return False
    return Path(f"/proc/{pid}").exists()


def read_state(run_dir: Path) -> dict[str, Any] | None:
    """What ``infra up`` recorded in ``run_dir`` (None if nothing is recorded)."""
    path = run_dir / STATE_FILE
    if not path.is_file():
        return None
    loaded: dict[str, Any] = json.loads(path.read_text())
    return loaded


def status(state: dict[str, Any]) -> dict[str, str]:
    """For each recorded server: running and accepting, running only, or stopped."""
    ports = state["ports"]
    listening = {
        "postgres": ports["postgres"],
        "kafka": ports["kafka"],
        "scheduler": ports["scheduler"],
    }
    verdicts = {}
    for name, process in state["processes"].items():
        pid = process["pid"]
        if not still_ours(process):
            verdicts[name] = "stopped"
        elif port_open(listening[name]):
            verdicts[name] = f"running (pid {pid}, port {listening[name]})"
        else:
            verdicts[name] = f"running but not accepting on {listening[name]} (pid {pid})"
    return verdicts


def still_ours(process: dict[str, Any]) -> bool:
    """Whether the recorded process group lives and its leader runs the recorded command.

    The second check keeps ``down`` from signalling an unrelated process that
    got the same pid after a reboot or a long while.
    """
    pid = process.get("pid")
    if pid is None or not group_alive(pid):
        return False
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode()
    except OSError:
        return True  # the group lives but its leader exited: its members are ours
    return command == process.get("command")


def purge(run_dir: Path) -> None:
    """Delete the data of a stopped stack: the run directory and its PostgreSQL folder."""
    pointer = run_dir / POSTGRES_POINTER
    if pointer.is_file():
        shutil.rmtree(pointer.read_text().strip(), ignore_errors=True)
    shutil.rmtree(run_dir, ignore_errors=True)


def stop_recorded(run_dir: Path) -> list[str]:
    """Stop what ``infra up`` started in ``run_dir`` (restarted since included); the names
    of what was stopped."""
    if (run_dir / pieces.PIECES_FILE).is_file():
        (run_dir / STATE_FILE).unlink(missing_ok=True)
        return pieces.stop_all(run_dir)
    state = read_state(run_dir)
    if state is None:
        return []
    stopped = []
    for name in ("scheduler", "kafka", "postgres"):
        process = state["processes"].get(name) or {}
        pid = process.get("pid")
        if pid is not None and still_ours(process):
            stop_group(pid, grace=30, stop_signal=process.get("stop_signal", signal.SIGTERM))
            stopped.append(name)
    (run_dir / STATE_FILE).unlink(missing_ok=True)
    return stopped
