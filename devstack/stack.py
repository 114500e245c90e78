"""The whole distributed system on this machine: infrastructure, five services, five sidecars.

``Stack(run_dir).start()`` starts PostgreSQL, Kafka and the Dapr scheduler
(:class:`devstack.infra.Infra`), writes what the components in
``deploy/dapr/resources`` read from the local secret store (``secrets.json``:
the database URL, the Kafka brokers, a token signing key made once per run
directory) and the sidecars' configuration (``deploy/dapr/config.yaml`` with
the SQLite name resolver of this stack), then starts each service
(``todo-chatbot serve NAME``) beside its own daprd, and waits until every
sidecar reports its app healthy and its subscriptions running.

Tests use it to run the API suite against the distributed runtime and to
break pieces on purpose (:meth:`Stack.kill_service`, ``stack.infra.kafka``);
``python -m devstack up`` runs it for people, ``down`` stops it.
"""

from __future__ import annotations

import json
import secrets
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import yaml

from devstack import pieces
from devstack.dapr import Daprd
from devstack.infra import Infra, stop_recorded
from devstack.processes import (
    ManagedProcess,
    free_ports,
    group_alive,
    start,
    stop_group,
)
from devstack.progress import say

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "deploy" / "dapr" / "resources"
CONFIGURATION = ROOT / "deploy" / "dapr" / "config.yaml"
SERVICES = ("backend", "audit", "recurring", "notification", "websocket")
TOPICS = ("task-events", "task-updates", "reminders")
PARTITIONS = 3
"""Partitions per topic: several, as in production, so that per-task order rests on
the partition key (the task id) and not on there being one partition."""
STACK_FILE = "stack.json"
APP_HEALTH_CHECK_ARGS = (
    "--enable-app-health-check",
    "--app-health-check-path",
    "/healthz",
    "--app-health-probe-interval",
    "1",
    "--app-health-probe-timeout",
    "500",
    "--app-health-threshold",
    "2",
)
"""Each sidecar's app health check: the values the chart's annotations give daprd in
Kubernetes (``dapr.appHealthCheck``; tests/deploy checks they are the same)."""


@dataclass(frozen=True)
class ServicePorts:
    app: int
    dapr_http: int
    dapr_grpc: int


@dataclass
class Service:
    """One service: its app process and its sidecar."""

    name: str
    ports: ServicePorts
    sidecar: Daprd
    app: ManagedProcess | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.ports.app}"


class Stack:
    def __init__(
        self,
        run_dir: Path,
        *,
        clock_file: Path | None = None,
        supervised: bool = True,
        app_env: dict[str, str] | None = None,
        log_level: str = "INFO",
        backend_port: int | None = None,
        web_port: int | None = None,
        tracing: dict[str, Any] | None = None,
    ) -> None:
        self.run_dir = Path(run_dir).resolve()
        self.apps_dir = self.run_dir / "apps"
        self.logs = self.run_dir / "logs"
        self.clock_file = clock_file
        self.supervised = supervised
        self.app_env = dict(app_env or {})
        self.log_level = log_level
        self.backend_port = backend_port
        self.web_port = web_port
        self.tracing = tracing
        """The sidecars' ``spec.tracing`` instead of config.yaml's (e.g. an OTLP endpoint)."""
        self.front: dict[str, ManagedProcess] = {}
        self.front_ready: dict[str, str] = {}
        """The URL that answers 200 once each front process serves."""
        self.infra = Infra(self.run_dir / "infra", supervised=supervised)
        self.app_api_token = secrets.token_urlsafe(24)
        self.services: dict[str, Service] = {}

    @property
    def backend_url(self) -> str:
        return self.services["backend"].url

    @property
    def websocket_url(self) -> str:
        return self.services["websocket"].url.replace("http://", "ws://")

    @property
    def web_url(self) -> str | None:
        """The whole product on one origin (web app, API, live updates), if started."""
        return None if self.web_port is None else f"http://127.0.0.1:{self.web_port}"

    def start(self, timeout: float = 120) -> Stack:
        started = time.monotonic()
        say("starting PostgreSQL, Kafka and the Dapr scheduler")
        self.infra.start()
        self.infra.kafka.create_topics(TOPICS, partitions=PARTITIONS)
        self._write_secrets()
        config = self._write_configuration()
        for name in SERVICES:
            app, http, grpc = free_ports(3)
            if name == "backend" and self.backend_port is not None:
                app = self.backend_port
            ports = ServicePorts(app=app, dapr_http=http, dapr_grpc=grpc)
            self.services[name] = Service(name, ports, self._sidecar(name, ports, config))
        say("starting the five services, each beside its Dapr sidecar")
        with ThreadPoolExecutor(len(SERVICES)) as pool:
            list(pool.map(lambda name: self.start_service(name, timeout), SERVICES))
        if self.web_port is not None:
            self.start_front(self.web_port, timeout)
        say(f"distributed stack up in {time.monotonic() - started:.1f}s; logs in {self.logs}")
        return self

    def start_service(self, name: str, timeout: float = 120) -> None:
        """Start one service's sidecar and app; return when the sidecar sees the app."""
        service = self.services[name]
        service.sidecar.start(timeout, supervised=self.supervised)
        self.start_app(name, timeout)

    def start_app(self, name: str, timeout: float = 120) -> None:
        """Start one service's app beside its running sidecar; return when the sidecar
        sees the app (as when an app container restarts in its pod)."""
        service = self.services[name]
        service.app = start(
            f"app-{name}",
            self.app_command(
                f"app-{name}",
                ["serve", name, "--port", str(service.ports.app)],
                self._app_environment(service),
            ),
            self.logs,
            env=self._app_environment(service),
            cwd=self.apps_dir,
            supervised=self.supervised,
        )
        service.app.wait_for_http(f"{service.url}/readyz", timeout)
        service.sidecar.wait_healthy(timeout)

    def app_command(self, name: str, arguments: list[str], env: dict[str, str]) -> list[str]:
        """The command that runs ``todo-chatbot ARGUMENTS`` as the piece ``name``, with
        ``env`` added to its environment: this Python (``ContainerStack`` of
        ``devstack.containers`` runs the image instead)."""
        return [sys.executable, "-m", "todo_chatbot.cli.main", *arguments]

    def start_front(self, port: int, timeout: float = 120, web_dir: Path | None = None) -> None:
        """The web app's own service (its files from ``web_dir``, default the
        repository's build), and the gateway that gives the browser one origin."""
        self.web_port = port
        (files,) = free_ports(1)
        web_env = {"TODO_WEB_DIR": str(web_dir)} if web_dir is not None else {}
        web = start(
            "app-web",
            self.app_command("app-web", ["serve", "web", "--port", str(files)], web_env),
            self.logs,
            env=web_env or None,
            cwd=self.apps_dir,
            supervised=self.supervised,
        )
        web.wait_for_http(f"http://127.0.0.1:{files}/healthz", timeout)
        self.front["web"] = web
        self.front_ready["web"] = f"http://127.0.0.1:{files}/healthz"
        gateway = start(
            "gateway",
            [
                sys.executable,
                "-m",
                "devstack.gateway",
                "--port",
                str(port),
                "--upstream",
                f"api={self.backend_url}",
                "--upstream",
                f"live={self.services['websocket'].url}",
                "--upstream",
                f"web=http://127.0.0.1:{files}",
            ],
            self.logs,
            env={"PYTHONPATH": str(ROOT)},
            cwd=self.apps_dir,
            supervised=self.supervised,
        )
        gateway.wait_for_http(f"http://127.0.0.1:{port}/healthz", timeout)
        self.front["gateway"] = gateway
        self.front_ready["gateway"] = f"http://127.0.0.1:{port}/healthz"

    def stop_front(self) -> None:
        for process in reversed(list(self.front.values())):
            process.stop()
        self.front.clear()
        self.web_port = None

    def stop_service(self, name: str) -> None:
        service = self.services[name]
        if service.app is not None:
            service.app.stop()
            service.app = None
        service.sidecar.stop()

    def kill_app(self, name: str) -> None:
        """SIGKILL the service's app only, its sidecar left running."""
        service = self.services[name]
        if service.app is not None:
            service.app.kill()
            service.app = None

    def kill_service(self, name: str) -> None:
        """SIGKILL the service's app and its sidecar, as a crashed pod."""
        service = self.services[name]
        if service.app is not None:
            service.app.kill()
            service.app = None
        if service.sidecar.process is not None:
            service.sidecar.process.kill()
            service.sidecar.process = None

    def stop(self, *, remove: bool = False) -> None:
        """Stop every service and the infrastructure (``remove``: and delete the data)."""
        self.stop_front()
        for name in reversed(list(self.services)):
            self.stop_service(name)
        if remove:
            self.infra.remove()
        else:
            self.infra.stop()

    def __enter__(self) -> Stack:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def describe(self) -> dict[str, Any]:
        return {
            "run_dir": str(self.run_dir),
            "api": self.backend_url,
            "websocket": self.websocket_url + "/ws",
            "web": self.web_url,
            "front_pids": [process.pid for process in self.front.values()],
            "infra": self.infra.describe(),
            "services": {
                name: {
                    **asdict(service.ports),
                    "pids": [
                        process.pid
                        for process in (service.app, service.sidecar.process)
                        if process is not None
                    ],
                }
                for name, service in self.services.items()
            },
        }

    def save_state(self) -> Path:
        """Record the processes (for ``down``, ``restart``), the infrastructure's included."""
        self.infra.save_state()
        pieces.save(self.run_dir, self.pieces())
        path = self.run_dir / STACK_FILE
        path.write_text(json.dumps(self.describe(), indent=2) + "\n")
        return path

    def pieces(self) -> dict[str, dict[str, Any]]:
        """Every running process by name, in start order, as ``pieces.json`` records it."""
        found = self.infra.pieces()
        for service in self.services.values():
            sidecar = service.sidecar
            if sidecar.process is not None:
                outbound = f"{sidecar.http_url}/v1.0/healthz/outbound"
                found[sidecar.name] = pieces.record(sidecar.process, pieces.ready_at(outbound, 204))
            if service.app is not None:
                found[f"app-{service.name}"] = pieces.record(
                    service.app, pieces.ready_at(f"{service.url}/healthz", 200)
                )
        for name, process in self.front.items():
            found[process.name] = pieces.record(
                process, pieces.ready_at(self.front_ready[name], 200)
            )
        return found

    def _sidecar(self, name: str, ports: ServicePorts, config: Path) -> Daprd:
        return Daprd(
            name,
            ports.app,
            ports.dapr_http,
            ports.dapr_grpc,
            RESOURCES,
            config,
            self.infra.scheduler_address,
            app_api_token=self.app_api_token,
            run_dir=self.logs,
            cwd=self.apps_dir,
            extra_args=[*APP_HEALTH_CHECK_ARGS, "--max-body-size", "32Mi"],
        )

    def _app_environment(self, service: Service) -> dict[str, str]:
        env = {
            "DAPR_HTTP_PORT": str(service.ports.dapr_http),
            "APP_API_TOKEN": self.app_api_token,
            "TODO_INSTANCE_ID": f"{service.name}-1",
            "TODO_LOG_LEVEL": self.log_level,
            "TODO_TRACE_SAMPLING_RATE": str(self._tracing_spec().get("samplingRate", "0")),
            **self.app_env,
        }
        if self.clock_file is not None:
            env["TODO_CLOCK_FILE"] = str(self.clock_file)
        return env

    def _write_secrets(self) -> None:
        """What the components' secretKeyRefs name, in the local file secret store."""
        self.apps_dir.mkdir(parents=True, exist_ok=True)
        key_file = self.run_dir / "token-signing-key"
        if not key_file.exists():
            key_file.write_text(secrets.token_hex(32))
            key_file.chmod(0o600)
        values = {
            "database-url": f"{self.infra.postgres_url}?sslmode=disable",
            "kafka-brokers": self.infra.kafka_brokers,
            "token-signing-key": key_file.read_text().strip(),
        }
        path = self.apps_dir / "secrets.json"
        path.write_text(json.dumps(values, indent=2) + "\n")
        path.chmod(0o600)

    def _tracing_spec(self) -> dict[str, Any]:
        """How the sidecars trace: config.yaml's, unless the stack was given its own
        (the apps sample the traces they start at the same rate)."""
        if self.tracing is not None:
            return self.tracing
        return dict(yaml.safe_load(CONFIGURATION.read_text())["spec"].get("tracing", {}))

    def _write_configuration(self) -> Path:
        """deploy/dapr/config.yaml, with this stack's name resolution (one SQLite file)
        and its tracing."""
        configuration = yaml.safe_load(CONFIGURATION.read_text())
        configuration["spec"]["tracing"] = self._tracing_spec()
        configuration["spec"]["nameResolution"] = {
            "component": "sqlite",
            "configuration": {"connectionString": str(self.infra.name_resolution_db)},
        }
        path = self.apps_dir / "config.yaml"
        path.write_text(json.dumps(configuration, indent=2) + "\n")
        return path


def traced_to(otlp_endpoint: str) -> dict[str, Any]:
    """The :class:`Stack` arguments that trace every request and event: the sidecars
    (sampling rate 1) and the apps send their spans to the OTLP/HTTP receiver at
    ``otlp_endpoint`` (HOST:PORT)."""
    return {
        "tracing": {
            "samplingRate": "1",
            "otel": {"endpointAddress": otlp_endpoint, "protocol": "http", "isSecure": False},
        },
        "app_env": {"TODO_OTLP_ENDPOINT": f"http://{otlp_endpoint}"},
    }


def stop_recorded_stack(run_dir: Path) -> list[str]:
    """Stop what ``up`` started in ``run_dir``: the services, then the infrastructure
    (every piece of ``pieces.json``, those restarted since included)."""
    if (run_dir / pieces.PIECES_FILE).is_file():
        stopped = pieces.stop_all(run_dir)
        (run_dir / STACK_FILE).unlink(missing_ok=True)
        for leftover in ("state.json", pieces.PIECES_FILE):
            (run_dir / "infra" / leftover).unlink(missing_ok=True)
        return stopped
    stopped = []
    path = run_dir / STACK_FILE
    if path.is_file():
        recorded = json.loads(path.read_text())
        for pid in recorded.get("front_pids", []):
            if group_alive(pid):
                stop_group(pid, grace=15)
        for name, service in reversed(list(recorded["services"].items())):
            for pid in service["pids"]:
                if group_alive(pid):
                    stop_group(pid, grace=15)
            stopped.append(name)
        path.unlink()
    return stopped + stop_recorded(run_dir / "infra")
