"""The Dapr scheduler and daprd sidecars in self-hosted mode, plus their resource files.

Facts read in the dapr v1.18.0 source (``cmd/daprd/options``, ``cmd/scheduler/options``,
``pkg/api/http``, ``pkg/runtime``, ``pkg/security``) that shape this module:

- Readiness. ``GET /v1.0/healthz/outbound`` answers 204 once every component
  has been initialized and the API servers listen (``runtime.go`` marks it
  ready just before ``blockUntilAppIsReady``): the sidecar can serve state,
  publish and jobs calls, even if the app is not up yet. ``GET /v1.0/healthz``
  answers 204 only after the app's port answered and subscriptions started:
  wait for it before expecting deliveries to the app. Both bypass the API token.
- Tokens. ``DAPR_API_TOKEN`` (environment of daprd) protects daprd's own API:
  callers send it in the ``dapr-api-token`` header, else 401 (health endpoints
  excepted). ``APP_API_TOKEN`` (environment of daprd) is sent by daprd to the
  app in the ``dapr-api-token`` header on every call it makes (deliveries,
  jobs, invocations), for the app to check. Neither has a flag.
- Placement. ``--placement-host-address`` defaults to empty, and then no
  placement connection is made: leaving the flag out disables actors cleanly.
- Scheduler. Required for the Jobs API (``--scheduler-host-address``). It
  tells each daprd the address to connect to: with ``--listen-address
  127.0.0.1`` that is 127.0.0.1:PORT; without it, the machine's external IP.
  Its embedded etcd needs its own client and peer ports (defaults 2379/2380,
  fixed in the data directory on first start) and it writes identity files to
  ``/tmp/secrets/dapr.io/tls`` unless ``--identity-directory-write`` (hidden)
  says otherwise: both are set per instance here so that several run at once.
- Name resolution. The self-hosted default is mDNS, which announces every
  sidecar by multicast on the network interfaces. ``write_configuration()``
  selects the SQLite resolver instead (one shared file; compiled in by
  ``binaries.ensure_dapr``), so service invocation stays on 127.0.0.1.
- Metrics listen on 9090 by default, the same for every daprd: each gets a free
  port here. ``DAPR_HOST_IP=127.0.0.1`` keeps daprd from probing for the
  machine's address.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from devstack.binaries import DaprBinaries, ensure_dapr
from devstack.processes import ManagedProcess, free_ports, http_status, start

READY_LINE = '"msg":"api is ready"'


class DaprScheduler:
    """The Dapr scheduler (jobs, reminders) with embedded etcd in ``data_dir``."""

    def __init__(
        self,
        port: int,
        data_dir: Path,
        *,
        binaries: DaprBinaries | None = None,
        name: str = "scheduler",
        run_dir: Path | None = None,
        log_level: str = "info",
    ) -> None:
        self.port = port
        self.data_dir = Path(data_dir)
        self.binaries = binaries or ensure_dapr()
        self.name = name
        self.run_dir = run_dir or self.data_dir
        self.log_level = log_level
        self.process: ManagedProcess | None = None
        self.ports = self._side_ports()

    def __repr__(self) -> str:
        return f"DaprScheduler({self.address!r}, data_dir={str(self.data_dir)!r})"

    def _side_ports(self) -> dict[str, int]:
        """etcd client and peer, healthz, metrics: picked once, kept in the data dir.

        etcd records its peer URL in its data: a restart must use the same one.
        """
        saved = self.data_dir / "devstack-ports.json"
        if saved.is_file():
            loaded: dict[str, int] = json.loads(saved.read_text())
            return loaded
        names = ("etcd_client", "etcd_peer", "healthz", "metrics")
        ports = dict(zip(names, free_ports(len(names)), strict=True))
        self.data_dir.mkdir(parents=True, exist_ok=True)
        saved.write_text(json.dumps(ports) + "\n")
        return ports

    @property
    def address(self) -> str:
        """What daprd's ``--scheduler-host-address`` takes: ``127.0.0.1:PORT``."""
        return f"127.0.0.1:{self.port}"

    @property
    def healthz_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['healthz']}/healthz"

    def argv(self) -> list[str]:
        member = "dapr-scheduler-server-0"
        return [
            str(self.binaries.scheduler),
            "--mode", "standalone",
            "--id", member,
            "--listen-address", "127.0.0.1",
            "--port", str(self.port),
            "--healthz-listen-address", "127.0.0.1",
            "--healthz-port", str(self.ports["healthz"]),
            "--metrics-listen-address", "127.0.0.1",
            "--metrics-port", str(self.ports["metrics"]),
            "--etcd-data-dir", str(self.data_dir / "etcd"),
            "--etcd-client-listen-address", "127.0.0.1",
            "--etcd-client-port", str(self.ports["etcd_client"]),
            "--etcd-initial-cluster", f"{member}=http://127.0.0.1:{self.ports['etcd_peer']}",
            # One member: no election to protect, so skip the wait before the first one.
            "--etcd-initial-election-tick-advance=true",
            "--identity-directory-write", str(self.data_dir / "identity"),
            "--log-level", self.log_level,
        ]  # fmt: skip

    def start(self, timeout: float = 60, supervised: bool = True) -> None:
        """Start and return once it can take jobs (see ``ready()``)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.process = start(
            self.name, self.argv(), self.run_dir, cwd=self.data_dir, supervised=supervised
        )
        self.process.wait_until(self.ready, "take jobs", timeout)

    def ready(self) -> bool:
        """``/healthz`` answers 200 and the job engine said it is ready.

        ``/healthz`` alone is not enough: it answers 200 for a moment at start-up,
        before the etcd and API server targets register with it (0.1 s after
        start, where etcd is ready at 0.6 s); the cron engine logs
        ``api is ready`` once it accepts jobs.
        """
        if self.process is None or http_status(self.healthz_url) != 200:
            return False
        return READY_LINE in self.process.log_since_start()

    def stop(self, grace: float = 15) -> None:
        if self.process is not None:
            self.process.stop(grace)
            self.process = None

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process = None


class Daprd:
    """One daprd sidecar in self-hosted mode, for the app ``app_id`` on ``app_port``."""

    def __init__(
        self,
        app_id: str,
        app_port: int | None,
        http_port: int,
        grpc_port: int,
        resources_dir: Path,
        config_path: Path | None,
        scheduler_address: str | None,
        app_api_token: str | None = None,
        dapr_api_token: str | None = None,
        extra_env: Mapping[str, str] | None = None,
        *,
        binaries: DaprBinaries | None = None,
        run_dir: Path | None = None,
        log_level: str = "info",
        graceful_shutdown_seconds: int = 5,
        extra_args: Sequence[str] = (),
        name: str | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.app_id = app_id
        self.app_port = app_port
        self.http_port = http_port
        self.grpc_port = grpc_port
        self.resources_dir = Path(resources_dir)
        self.config_path = config_path
        self.scheduler_address = scheduler_address
        self.app_api_token = app_api_token
        self.dapr_api_token = dapr_api_token
        self.extra_env = dict(extra_env or {})
        self.binaries = binaries or ensure_dapr()
        self.run_dir = run_dir or self.resources_dir.parent
        self.log_level = log_level
        self.graceful_shutdown_seconds = graceful_shutdown_seconds
        self.extra_args = list(extra_args)
        self.name = name or f"daprd-{app_id}"
        self.cwd = cwd
        """daprd's working directory: relative paths in component files start there."""
        self.internal_grpc_port, self.metrics_port = free_ports(2)
        self.process: ManagedProcess | None = None

    def __repr__(self) -> str:
        return f"Daprd({self.app_id!r}, http={self.http_port}, grpc={self.grpc_port})"

    @property
    def http_url(self) -> str:
        """Base URL of the Dapr HTTP API: ``http://127.0.0.1:HTTP_PORT``."""
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def grpc_address(self) -> str:
        return f"127.0.0.1:{self.grpc_port}"

    def headers(self) -> dict[str, str]:
        """Headers a client of this sidecar's API sends (the API token, if any)."""
        return {"dapr-api-token": self.dapr_api_token} if self.dapr_api_token else {}

    def argv(self) -> list[str]:
        argv = [
            str(self.binaries.daprd),
            "--mode", "standalone",
            "--app-id", self.app_id,
            "--app-protocol", "http",
            "--app-channel-address", "127.0.0.1",
            "--dapr-listen-addresses", "127.0.0.1",
            "--dapr-http-port", str(self.http_port),
            "--dapr-grpc-port", str(self.grpc_port),
            "--dapr-internal-grpc-listen-address", "127.0.0.1",
            "--dapr-internal-grpc-port", str(self.internal_grpc_port),
            "--metrics-listen-address", "127.0.0.1",
            "--metrics-port", str(self.metrics_port),
            "--resources-path", str(self.resources_dir),
            "--dapr-graceful-shutdown-seconds", str(self.graceful_shutdown_seconds),
            "--log-level", self.log_level,
        ]  # fmt: skip
        if self.app_port is not None:
            argv += ["--app-port", str(self.app_port)]
        if self.config_path is not None:
            argv += ["--config", str(self.config_path)]
        if self.scheduler_address:
            argv += ["--scheduler-host-address", self.scheduler_address]
        return argv + self.extra_args

    def environment(self) -> dict[str, str]:
        env = {"DAPR_HOST_IP": "127.0.0.1", **self.extra_env}
        if self.app_api_token:
            env["APP_API_TOKEN"] = self.app_api_token
        if self.dapr_api_token:
            env["DAPR_API_TOKEN"] = self.dapr_api_token
        return env

    def start(self, timeout: float = 60, supervised: bool = True) -> None:
        """Start and return once components are loaded (``/v1.0/healthz/outbound`` 204)."""
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.process = start(
            self.name,
            self.argv(),
            self.run_dir,
            env=self.environment(),
            cwd=self.cwd,
            supervised=supervised,
        )
        self.wait_outbound(timeout)

    def wait_outbound(self, timeout: float = 60) -> None:
        """Components loaded, API serving (the app may still be down)."""
        assert self.process is not None, "start() first"
        self.process.wait_for_http(
            f"{self.http_url}/v1.0/healthz/outbound", timeout, accept=lambda s: s == 204
        )

    def wait_healthy(self, timeout: float = 60) -> None:
        """Fully up: the app answered on its port and subscriptions are running."""
        assert self.process is not None, "start() first"
        self.process.wait_for_http(
            f"{self.http_url}/v1.0/healthz", timeout, accept=lambda s: s == 204
        )

    def healthy(self) -> bool:
        return http_status(f"{self.http_url}/v1.0/healthz") == 204

    def stop(self, grace: float | None = None) -> None:
        """SIGTERM (daprd drains for ``graceful_shutdown_seconds``), SIGKILL after ``grace``."""
        if self.process is not None:
            self.process.stop(grace if grace is not None else self.graceful_shutdown_seconds + 10)
            self.process = None

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process = None


# -- resource files ----------------------------------------------------------------------
# Written as JSON, which is YAML too: daprd's loader reads them as YAML.


def component(
    name: str,
    component_type: str,
    metadata: Mapping[str, Any],
    *,
    version: str = "v1",
    scopes: Sequence[str] = (),
) -> dict[str, Any]:
    """A ``dapr.io/v1alpha1`` Component; metadata values become strings."""
    spec: dict[str, Any] = {
        "type": component_type,
        "version": version,
        "metadata": [
            {"name": key, "value": value if isinstance(value, str) else json.dumps(value)}
            for key, value in metadata.items()
        ],
    }
    resource: dict[str, Any] = {
        "apiVersion": "dapr.io/v1alpha1",
        "kind": "Component",
        "metadata": {"name": name},
        "spec": spec,
    }
    if scopes:
        resource["scopes"] = list(scopes)
    return resource


def kafka_pubsub(name: str, brokers: str, **metadata: Any) -> dict[str, Any]:
    """``pubsub.kafka`` for a local broker: no auth, the broker's protocol version."""
    from devstack.versions import KAFKA_PROTOCOL_VERSION

    settings: dict[str, Any] = {
        "brokers": brokers,
        "authType": "none",
        "version": KAFKA_PROTOCOL_VERSION,
        "initialOffset": "oldest",
        **metadata,
    }
    return component(name, "pubsub.kafka", settings)


def postgres_state(name: str, connection_string: str, **metadata: Any) -> dict[str, Any]:
    """``state.postgresql`` v1 (the version with the Query API)."""
    return component(name, "state.postgresql", {"connectionString": connection_string, **metadata})


def write_resources(directory: Path, *resources: Mapping[str, Any]) -> Path:
    """Write each resource to ``directory/NAME.yaml``; return the directory."""
    directory.mkdir(parents=True, exist_ok=True)
    for resource in resources:
        path = directory / f"{resource['metadata']['name']}.yaml"
        path.write_text(json.dumps(resource, indent=2) + "\n")
    return directory


def write_configuration(
    path: Path, name_resolution_db: Path, *, name: str = "devstack", **spec: Any
) -> Path:
    """A ``Configuration`` using the SQLite name resolver on ``name_resolution_db``.

    Every daprd that should find the others by app id must share the file.
    ``spec`` adds entries to the Configuration's spec (``features``, ``tracing``...).
    """
    configuration = {
        "apiVersion": "dapr.io/v1alpha1",
        "kind": "Configuration",
        "metadata": {"name": name},
        "spec": {
            "nameResolution": {
                "component": "sqlite",
                "configuration": {"connectionString": str(name_resolution_db)},
            },
            **spec,
        },
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(configuration, indent=2) + "\n")
    return path


def wait_for(condition: Callable[[], object], timeout: float, interval: float = 0.1) -> bool:
    """Poll ``condition()`` until it is truthy or ``timeout`` passes; its last verdict."""
    deadline = time.monotonic() + timeout
    while True:
        if condition():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)
