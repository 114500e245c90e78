"""A single-node Kafka (KRaft: broker and controller in one JVM) for tests and the stack.

The jars come from ``binaries.ensure_kafka()``. ``KafkaBroker.start()`` formats
the data directory once (``kafka.tools.StorageTool format`` with a cluster id
kept in ``DATA_DIR/cluster-id``), writes ``server.properties`` and runs
``kafka.Kafka`` on Java 17. ``stop()`` then ``start()`` again on the same data
directory resumes with every topic and committed offset (the restart test of
the event pipeline relies on it); ``kill()`` is SIGKILL, after which a start
recovers the logs as a crashed broker would.

Ready means the broker answers a Metadata request listing itself, i.e. it is
registered with its controller and unfenced; a TCP port that accepts is not
enough, as the socket opens before requests are served.

Topics: ``auto.create.topics.enable`` is on (Dapr's Kafka component also
creates missing topics), and ``create_topics()`` creates them explicitly (say,
with several partitions) with a CreateTopics request sent from Python: no JVM
start (2-3 s on two cores) per admin call, and no kafka-tools jars (they bring
Kafka Connect, Jetty and Jersey) on the broker's classpath.

Tuned for a 2-core machine: a 512 MiB heap, two network and two I/O threads,
one partition per topic by default, replication factors 1, one partition for
the offsets and transaction topics (50 by default: slow to create) and
``group.initial.rebalance.delay.ms=0`` so a consumer group starts at once, and
a 3 s broker session so a start after ``kill()`` waits 3 s, not 9, for the
killed incarnation's registration to expire.
"""

from __future__ import annotations

import base64
import socket
import struct
import subprocess
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from devstack.binaries import KafkaDistribution, ensure_kafka, java_binary
from devstack.processes import ManagedProcess, ProcessFailed, start

HEAP = "-Xmx512m"

BROKER_SETTINGS: Mapping[str, str] = {
    "process.roles": "broker,controller",
    "node.id": "1",
    "controller.listener.names": "CONTROLLER",
    "inter.broker.listener.name": "PLAINTEXT",
    "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
    "num.partitions": "1",
    "default.replication.factor": "1",
    "min.insync.replicas": "1",
    "offsets.topic.replication.factor": "1",
    "offsets.topic.num.partitions": "1",
    "transaction.state.log.replication.factor": "1",
    "transaction.state.log.min.isr": "1",
    "transaction.state.log.num.partitions": "1",
    "share.coordinator.state.topic.replication.factor": "1",
    "share.coordinator.state.topic.min.isr": "1",
    "group.initial.rebalance.delay.ms": "0",
    # After a SIGKILL the restarted node may register only once its previous
    # incarnation's session has expired: 9 s by default, 3 s here.
    "broker.session.timeout.ms": "3000",
    "broker.heartbeat.interval.ms": "500",
    "auto.create.topics.enable": "true",
    "num.network.threads": "2",
    "num.io.threads": "2",
    "num.replica.fetchers": "1",
    "num.recovery.threads.per.data.dir": "1",
    "background.threads": "2",
    "log.cleaner.threads": "1",
    "log.cleaner.dedupe.buffer.size": "8388608",
    "log.retention.hours": "24",
    "log.segment.bytes": "67108864",
    "socket.request.max.bytes": "104857600",
}

JVM_OPTIONS = (
    "-Xms128m",
    HEAP,
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=20",
    "-XX:InitiatingHeapOccupancyPercent=35",
    "-XX:+ExplicitGCInvokesConcurrent",
    "-XX:MaxDirectMemorySize=256m",
    "-Djava.awt.headless=true",
)
"""The broker's JVM: the flags of Kafka's own start script, with a small heap."""

TOOL_JVM_OPTIONS = ("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
"""Short-lived tools (the storage format): start fast, stay small."""


def new_cluster_id() -> str:
    """A Kafka cluster id: 16 random bytes, URL-safe base64 without padding.

    Never one that starts with "-", which the storage tool would read as an
    option (one id in 64 did, and formatting then failed); Kafka's own
    ``Uuid.randomUuid`` draws again for the same reason.
    """
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
        if usable_cluster_id(cluster_id):
            return cluster_id


def usable_cluster_id(cluster_id: str) -> bool:
    return bool(cluster_id) and not cluster_id.startswith("-")


class KafkaBroker:
    """One KRaft node on ``127.0.0.1:port`` (clients) and ``controller_port`` (quorum)."""

    def __init__(
        self,
        port: int,
        controller_port: int,
        data_dir: Path,
        *,
        distribution: KafkaDistribution | None = None,
        name: str = "kafka",
        run_dir: Path | None = None,
        settings: Mapping[str, str] | None = None,
    ) -> None:
        self.port = port
        self.controller_port = controller_port
        self.data_dir = Path(data_dir)
        self.distribution = distribution or ensure_kafka()
        self.name = name
        self.run_dir = run_dir or self.data_dir
        self.settings = dict(settings or {})
        self.process: ManagedProcess | None = None

    def __repr__(self) -> str:
        return f"KafkaBroker({self.bootstrap_servers!r}, data_dir={str(self.data_dir)!r})"

    @property
    def bootstrap_servers(self) -> str:
        """What clients and Dapr's ``brokers`` metadata take: ``127.0.0.1:PORT``."""
        return f"127.0.0.1:{self.port}"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def properties_path(self) -> Path:
        return self.data_dir / "server.properties"

    def properties(self) -> dict[str, str]:
        return {
            **BROKER_SETTINGS,
            "controller.quorum.voters": f"1@127.0.0.1:{self.controller_port}",
            "listeners": (
                f"PLAINTEXT://127.0.0.1:{self.port},CONTROLLER://127.0.0.1:{self.controller_port}"
            ),
            "advertised.listeners": f"PLAINTEXT://127.0.0.1:{self.port}",
            "log.dirs": str(self.log_dir),
            **self.settings,
        }

    def write_properties(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        lines = [f"{key}={value}" for key, value in self.properties().items()]
        self.properties_path.write_text("# written by devstack\n" + "\n".join(lines) + "\n")

    def java(self, main_class: str, *args: str, jvm: Iterable[str] = TOOL_JVM_OPTIONS) -> list[str]:
        """The command line running ``main_class`` on Kafka's classpath."""
        return [
            java_binary(),
            *jvm,
            f"-Dlog4j2.configurationFile={self.distribution.log4j_config}",
            "-cp",
            self.distribution.classpath,
            main_class,
            *args,
        ]

    def formatted(self) -> bool:
        return (self.log_dir / "meta.properties").is_file()

    def format(self) -> None:
        """Format the log directory for KRaft (once: a formatted directory is kept)."""
        self.write_properties()
        if self.formatted():
            return
        id_file = self.data_dir / "cluster-id"
        cluster_id = id_file.read_text().strip() if id_file.is_file() else ""
        if not usable_cluster_id(cluster_id):
            cluster_id = new_cluster_id()
            id_file.write_text(cluster_id)
        argv = self.java(
            "kafka.tools.StorageTool",
            "format",
            "--cluster-id",
            cluster_id,
            "--config",
            str(self.properties_path),
            "--ignore-formatted",
        )
        completed = subprocess.run(argv, capture_output=True, text=True, check=False)
        if completed.returncode != 0:
            raise ProcessFailed(
                f"kafka storage format failed:\n{completed.stdout}\n{completed.stderr}"
            )

    def start(self, timeout: float = 90, supervised: bool = True) -> None:
        """Format if needed, start the broker, return once it serves Metadata."""
        self.format()
        self.write_properties()
        self.process = start(
            self.name,
            self.java("kafka.Kafka", str(self.properties_path), jvm=JVM_OPTIONS),
            self.run_dir,
            cwd=self.data_dir,
            supervised=supervised,
        )
        self.process.wait_until(self.ready, "serve Metadata requests", timeout)

    def ready(self) -> bool:
        try:
            return bool(metadata(self.port).brokers)
        except (OSError, ValueError, struct.error):
            return False

    def stop(self, grace: float = 30) -> None:
        """Controlled shutdown (SIGTERM), SIGKILL after ``grace`` seconds."""
        if self.process is not None:
            self.process.stop(grace)
            self.process = None

    def kill(self) -> None:
        """SIGKILL, as a crash would; ``start()`` afterwards recovers the logs."""
        if self.process is not None:
            self.process.kill()
            self.process = None

    def create_topics(
        self, names: Iterable[str], partitions: int = 1, timeout_ms: int = 15000
    ) -> None:
        """Create topics that do not exist yet (existing ones are left as they are)."""
        create_topics(self.port, list(names), partitions, timeout_ms)

    def topics(self) -> dict[str, int]:
        """Every topic and its partition count."""
        return metadata(self.port).topics


# -- a few requests of the Kafka protocol, enough for readiness and topic creation ------
# Non-flexible versions that Kafka 4 still serves (KIP-896 removed the oldest ones):
# Metadata v4 and CreateTopics v4, each with request header v1 and response header v0.

METADATA, CREATE_TOPICS = 3, 19
TOPIC_ALREADY_EXISTS = 36
CLIENT_ID = b"devstack"


@dataclass(frozen=True)
class Metadata:
    brokers: list[tuple[int, str, int]]
    topics: dict[str, int]


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def take(self, fmt: str) -> int:
        (value,) = struct.unpack_from(fmt, self.data, self.at)
        self.at += struct.calcsize(fmt)
        return int(value)

    def text(self) -> str:
        return self.string() or ""

    def string(self) -> str | None:
        length = self.take(">h")
        if length < 0:
            return None
        text = self.data[self.at : self.at + length].decode()
        self.at += length
        return text


def _string(text: str) -> bytes:
    raw = text.encode()
    return struct.pack(">h", len(raw)) + raw


def _call(port: int, api_key: int, version: int, body: bytes, timeout: float = 5.0) -> _Reader:
    header = struct.pack(">hhih", api_key, version, 1, len(CLIENT_ID)) + CLIENT_ID
    request = header + body
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(struct.pack(">i", len(request)) + request)
        size = struct.unpack(">i", _receive(sock, 4))[0]
        reader = _Reader(_receive(sock, size))
    if reader.take(">i") != 1:
        raise ValueError("kafka answered another request's correlation id")
    return reader


def _receive(sock: socket.socket, size: int) -> bytes:
    chunks = bytearray()
    while len(chunks) < size:
        chunk = sock.recv(size - len(chunks))
        if not chunk:
            raise ConnectionError("kafka closed the connection")
        chunks += chunk
    return bytes(chunks)


def metadata(port: int) -> Metadata:
    """Metadata v4 for every topic: the live brokers and each topic's partition count."""
    reader = _call(port, METADATA, 4, struct.pack(">ib", -1, 0))
    reader.take(">i")  # throttle time
    brokers = []
    for _ in range(reader.take(">i")):
        node = reader.take(">i")
        host = reader.text()
        broker_port = reader.take(">i")
        reader.string()  # rack
        brokers.append((node, host, broker_port))
    reader.string()  # cluster id
    reader.take(">i")  # controller id
    topics = {}
    for _ in range(reader.take(">i")):
        reader.take(">h")  # error code
        name = reader.text()
        reader.take(">b")  # internal
        count = reader.take(">i")
        for _ in range(count):
            reader.take(">h")
            reader.take(">i")
            reader.take(">i")
            for _ in range(2):  # replicas, in-sync replicas (offline ones came in v5)
                for _ in range(reader.take(">i")):
                    reader.take(">i")
        topics[name] = count
    return Metadata(brokers, topics)


def create_topics(port: int, names: list[str], partitions: int, timeout_ms: int) -> None:
    """CreateTopics v4; raises ``RuntimeError`` for any error but "already exists"."""
    body = struct.pack(">i", len(names))
    for name in names:
        body += _string(name) + struct.pack(">ihii", partitions, 1, 0, 0)
    body += struct.pack(">ib", timeout_ms, 0)
    reader = _call(port, CREATE_TOPICS, 4, body, timeout=timeout_ms / 1000 + 5)
    reader.take(">i")  # throttle time
    errors = []
    for _ in range(reader.take(">i")):
        topic = reader.text()
        code = reader.take(">h")
        message = reader.string()
        if code not in (0, TOPIC_ALREADY_EXISTS):
            errors.append(f"{topic}: error {code} {message or ''}".strip())
    if errors:
        raise RuntimeError("kafka could not create topics: " + "; ".join(errors))
