"""Test support: a real HTTP server on a free port, and API clients for it.

The server runs the real application (uvicorn, the embedded runtime on SQLite
in a temporary directory) in a background thread, so tests can hand it a
clock they control; requests go over real sockets through httpx.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import APIRouter

from devstack.containers import ContainerStack
from devstack.stack import Stack
from todo_chatbot.config import Settings
from todo_chatbot.http.app import create_app
from todo_chatbot.http.tracing import tracer_from_settings
from todo_chatbot.runtimes.clocks import ManualClock
from todo_chatbot.runtimes.embedded.wiring import EmbeddedRuntime, build_embedded_runtime

# The suite registers hundreds of users from one address: its servers (and the
# distributed stack's, which inherit the environment) allow that; the tests of the
# limit on registrations start servers of their own with a low one.
os.environ.setdefault("TODO_REGISTRATIONS_PER_ADDRESS", "1000000")

NOW = datetime.fromisoformat("2026-03-04T15:00:00+00:00")
"""Wednesday 2026-03-04, 10:00 in New York; clocks there go forward on Sunday the 8th."""

_emails = itertools.count(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ApiServer:
    """A running API at ``url``, whichever runtime serves it."""

    url: str
    runtime_name: str

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=10)

    def register(self, timezone: str = "America/New_York", **extra: Any) -> UserClient:
        """A new user, signed in: an httpx client that sends its token."""
        email = f"user{next(_emails)}-{os.getpid()}@example.com"
        with self.client() as anonymous:
            answer = anonymous.post(
                "/api/auth/register",
                json={"email": email, "password": "correct horse", "timezone": timezone, **extra},
            )
        assert answer.status_code == 201, answer.text
        body = answer.json()
        return UserClient(self, body["access_token"], body["user"], email)


@dataclass
class LiveServer(ApiServer):
    """The embedded runtime serving real HTTP on ``url`` from a background thread."""

    url: str
    runtime: EmbeddedRuntime
    clock: ManualClock | None
    data_dir: Path
    _server: uvicorn.Server
    _thread: threading.Thread
    runtime_name: str = "embedded"

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=15)


@dataclass
class DistributedServer(ApiServer):
    """The distributed runtime (every service beside its Dapr sidecar, Kafka,
    PostgreSQL) serving the API at ``url``; its services read the time from
    ``clock_file``."""

    url: str
    stack: Stack
    clock_file: Path
    runtime_name: str = "distributed"

    def set_time(self, moment: datetime | None) -> None:
        """Every service's clock now reads ``moment`` (None: the real time)."""
        if moment is None:
            self.clock_file.unlink(missing_ok=True)
            return
        temporary = self.clock_file.with_suffix(".tmp")
        temporary.write_text(moment.isoformat())
        temporary.replace(self.clock_file)

    @contextlib.contextmanager
    def on_the_real_clock(self) -> Iterator[DistributedServer]:
        """Every service reads the real time meanwhile, the tests' fixed ``NOW`` after."""
        self.set_time(None)
        try:
            yield self
        finally:
            self.set_time(NOW)

    def sql(self, statement: str, *params: Any) -> list[dict[str, Any]]:
        """Rows of a query, through the backend's sidecar and its database binding
        (what an operator with Dapr access sees; the tests check effects with it)."""
        sidecar = self.stack.services["backend"].sidecar
        wrapped = f"SELECT coalesce(json_agg(q), '[]'::json)::text FROM ({statement}) AS q"
        metadata = {"sql": wrapped, "params": json.dumps(list(params))}
        answer = httpx.post(
            f"{sidecar.http_url}/v1.0/bindings/todo-db",
            json={"operation": "query", "metadata": metadata},
            timeout=10,
        )
        answer.raise_for_status()
        rows: list[dict[str, Any]] = json.loads(answer.json()[0][0])
        return rows

    def stop(self) -> None:
        self.stack.stop(remove=True)


def start_distributed(run_dir: Path, now: datetime | None = NOW) -> DistributedServer:
    """The whole distributed system on this machine, its clock standing at ``now``."""
    clock_file = run_dir / "clock"
    run_dir.mkdir(parents=True, exist_ok=True)
    options: dict[str, Any] = {
        "clock_file": clock_file,
        "app_env": {"TODO_REMINDER_LATE_AFTER_SECONDS": "1"},
    }
    # TODO_STACK_IMAGE=localhost/todo-chatbot:dev: every app a container of the image.
    image = os.environ.get("TODO_STACK_IMAGE")
    stack = ContainerStack(run_dir, image=image, **options) if image else Stack(run_dir, **options)
    server = DistributedServer(stack=stack, url="", clock_file=clock_file)
    server.set_time(now)
    stack.start()
    server.url = stack.backend_url
    return server


class UserClient(httpx.Client):
    """An httpx client signed in as one user."""

    def __init__(self, server: ApiServer, token: str, user: dict[str, Any], email: str):
        super().__init__(
            base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=10
        )
        self.server = server
        self.token = token
        self.user = user
        self.email = email

    def add(self, title: str = "A task", **fields: Any) -> dict[str, Any]:
        answer = self.post("/api/tasks", json={"title": title, **fields})
        assert answer.status_code == 201, answer.text
        body: dict[str, Any] = answer.json()
        return body

    def items(self, **params: Any) -> list[dict[str, Any]]:
        answer = self.get("/api/tasks", params=params)
        assert answer.status_code == 200, answer.text
        items: list[dict[str, Any]] = answer.json()["items"]
        return items


@contextlib.contextmanager
def served_on_the_real_clock(
    request: pytest.FixtureRequest, runtime_name: str, data_dir: Path, **settings: Any
) -> Iterator[ApiServer]:
    """A runtime on the real clock (reminders fire in real time): an embedded server of
    its own with ``settings``, or the session's distributed one."""
    if runtime_name == "embedded":
        server = start_server(data_dir, None, **settings)
        try:
            yield server
        finally:
            server.stop()
        return
    distributed: DistributedServer = request.getfixturevalue("distributed_server")
    with distributed.on_the_real_clock():
        yield distributed


def start_server(
    data_dir: Path,
    clock: ManualClock | None = None,
    *,
    extra_routers: Sequence[APIRouter] = (),
    **settings: Any,
) -> LiveServer:
    """Serve the embedded runtime from ``data_dir`` on a free port, in a thread (with
    ``extra_routers`` beside the API's own routes)."""
    config_settings = Settings(data_dir=data_dir, **settings)
    runtime = asyncio.run(_build(config_settings, clock))
    app = create_app(
        runtime,
        max_body_bytes=config_settings.max_body_bytes,
        web_dir=config_settings.web_dir,
        extra_routers=extra_routers,
        tracer=tracer_from_settings(config_settings, "todo-chatbot", distributed=False),
    )
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    live = LiveServer(f"http://127.0.0.1:{port}", runtime, clock, data_dir, server, thread)
    wait_until(lambda: _answers(live.url), timeout=15, what="the server to start")
    return live


async def _build(settings: Settings, clock: ManualClock | None) -> EmbeddedRuntime:
    return await build_embedded_runtime(settings, clock)


def _answers(url: str) -> bool:
    with contextlib.suppress(httpx.HTTPError):
        return httpx.get(f"{url}/readyz", timeout=1).status_code == 200
    return False


def wait_until(
    condition: Callable[[], Any], *, timeout: float = 10, what: str = "the condition"
) -> Any:
    """Poll ``condition`` until it returns something truthy; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.02)


def wait_until_still(read: Callable[[], Any], *, window: float = 0.4, timeout: float = 10) -> Any:
    """Poll ``read`` until its answer stays the same for ``window`` seconds; that answer."""
    deadline = time.monotonic() + timeout
    last = read()
    since = time.monotonic()
    while time.monotonic() - since < window:
        if time.monotonic() > deadline:
            raise AssertionError(f"still changing after {timeout}s: {last!r}")
        time.sleep(0.05)
        current = read()
        if current != last:
            last, since = current, time.monotonic()
    return last


def audit_trail(user: UserClient, **params: Any) -> list[dict[str, Any]]:
    answer = user.get("/api/audit", params={"limit": 200, **params})
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def settle_audit(user: UserClient) -> str:
    """Wait until the audit service has recorded everything committed so far; the id of
    the probe task this adds.

    The embedded bus delivers in commit order, so the probe's entry is proof
    enough there. Kafka keeps order per task (partition) only: there the trail
    must also stand still for a moment once the probe is in.
    """
    probe = user.add("audit probe")
    wait_until(lambda: audit_trail(user, task_id=probe["id"]), what="the probe's audit entry")
    wait_until_still(lambda: len(audit_trail(user)))
    return str(probe["id"])


@dataclass
class ServerProcess:
    """``todo-chatbot run`` as a separate process (for crash tests)."""

    url: str
    process: subprocess.Popen[bytes]

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flush, no goodbye."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def terminate(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=15)


def start_process(data_dir: Path, *args: str, **env: str) -> ServerProcess:
    """``todo-chatbot run`` on a free port with extra ``args``, and ``env`` added."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "todo_chatbot.cli.main",
            "run",
            "--port",
            str(port),
            "--data-dir",
            str(data_dir),
            *args,
        ],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"server exited: {process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
        return _answers(url)

    wait_until(ready, timeout=30, what="the server process to start")
    return ServerProcess(url, process)


@contextlib.contextmanager
def running_server(
    data_dir: Path, clock: ManualClock | None = None, **settings: Any
) -> Iterator[LiveServer]:
    server = start_server(data_dir, clock, **settings)
    try:
        yield server
    finally:
        server.stop()


def signed_up(url: str, name: str) -> dict[str, str]:
    """The bearer header of a new user of the server at ``url``."""
    with httpx.Client(base_url=url, timeout=10) as anonymous:
        answer = anonymous.post(
            "/api/auth/register",
            json={"email": f"{name}@example.com", "password": "correct horse"},
        )
    assert answer.status_code == 201, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def run_devstack(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m devstack ARGS`` from the repository's root, as a person runs it;
    fails the test if it fails."""
    completed = subprocess.run(
        [sys.executable, "-m", "devstack", *args],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed
