"""Smoke test of devstack: real PostgreSQL, Kafka, Dapr scheduler and daprd, no mocks.

One daprd runs beside a stand-in app (``standin``) with a
``pubsub.kafka`` and a ``state.postgresql`` component. The tests prove that a
publish reaches the app through Kafka, that state round-trips through
PostgreSQL (and is there in its table), that a job due in 2 s calls the app's
``POST /job/{name}`` exactly once, that the API and app tokens are applied,
that a second sidecar finds the first by app id (SQLite name resolution),
and that a Kafka stop and start keeps the pipeline working.

On a machine whose cache is cold the first run builds daprd (minutes): run
``make stack-build`` first to see its progress.
"""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from devstack.dapr import (
    Daprd,
    kafka_pubsub,
    postgres_state,
    wait_for,
    write_configuration,
    write_resources,
)
from devstack.infra import Infra
from devstack.processes import ManagedProcess, free_ports, start
from tests.integration.devstack.standin import PUBSUB, TOPIC

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
APP_TOKEN = "app-token-" + uuid.uuid4().hex
API_TOKEN = "api-token-" + uuid.uuid4().hex
STORE = "statestore"


@dataclass
class Stack:
    infra: Infra
    app: ManagedProcess
    app_url: str
    sidecar: Daprd
    client: httpx.Client
    run_dir: Path
    resources: Path
    config: Path

    def diagnostics(self) -> str:
        """What a failed assertion prints: the last lines of each server's log."""
        processes = [self.sidecar.process, self.app, *self.infra.processes().values()]
        return "\n".join(
            f"--- {process.log_path}:\n{process.log_tail(15)}"
            for process in processes
            if process is not None
        )

    def received(self, path_prefix: str) -> list[dict[str, Any]]:
        answer = httpx.get(f"{self.app_url}/received", timeout=5)
        answer.raise_for_status()
        return [item for item in answer.json() if item["path"].startswith(path_prefix)]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    run_dir = tmp_path_factory.mktemp("devstack")
    infra = Infra(run_dir).start()
    app_port, http_port, grpc_port = free_ports(3)
    app = start(
        "standin-app",
        [sys.executable, "-m", "tests.integration.devstack.standin", str(app_port)],
        run_dir / "logs",
        cwd=ROOT,
    )
    app.wait_for_http(f"http://127.0.0.1:{app_port}/healthz", timeout=30)
    resources = write_resources(
        run_dir / "resources",
        kafka_pubsub(PUBSUB, infra.kafka_brokers),
        postgres_state(STORE, infra.postgres_url),
    )
    config = write_configuration(run_dir / "config.yaml", infra.name_resolution_db)
    sidecar = Daprd(
        "smoke",
        app_port,
        http_port,
        grpc_port,
        resources,
        config,
        infra.scheduler_address,
        app_api_token=APP_TOKEN,
        dapr_api_token=API_TOKEN,
        run_dir=run_dir / "logs",
        graceful_shutdown_seconds=1,
    )
    sidecar.start()
    sidecar.wait_healthy()
    client = httpx.Client(base_url=sidecar.http_url, headers=sidecar.headers(), timeout=30)
    try:
        app_url = f"http://127.0.0.1:{app_port}"
        yield Stack(infra, app, app_url, sidecar, client, run_dir, resources, config)
    finally:
        client.close()
        sidecar.stop()
        app.stop()
        infra.remove()


def publish(stack: Stack, marker: str) -> None:
    answer = stack.client.post(f"/v1.0/publish/{PUBSUB}/{TOPIC}", json={"marker": marker})
    assert answer.status_code == 204, answer.text


def delivered(stack: Stack, marker: str) -> list[dict[str, Any]]:
    return [
        item
        for item in stack.received("/events")
        if isinstance(item["body"], dict) and item["body"].get("data") == {"marker": marker}
    ]


def test_publish_reaches_the_app_through_kafka(stack: Stack) -> None:
    marker = uuid.uuid4().hex
    publish(stack, marker)

    assert wait_for(lambda: delivered(stack, marker), timeout=30), stack.diagnostics()
    events = delivered(stack, marker)
    assert len(events) == 1, f"delivered {len(events)} times\n{stack.diagnostics()}"
    (event,) = events
    assert event["body"]["topic"] == TOPIC
    assert event["body"]["pubsubname"] == PUBSUB
    assert event["token"] == APP_TOKEN  # daprd sends APP_API_TOKEN as dapr-api-token
    assert stack.infra.kafka.topics().get(TOPIC) == 1  # the topic is in the broker


def test_state_round_trips_through_postgres(stack: Stack) -> None:
    key, value = f"key-{uuid.uuid4().hex}", {"title": "Call mom", "n": 3}
    saved = stack.client.post(f"/v1.0/state/{STORE}", json=[{"key": key, "value": value}])
    assert saved.status_code == 204, saved.text

    read = stack.client.get(f"/v1.0/state/{STORE}/{key}")
    assert read.status_code == 200, read.text
    assert read.json() == value
    # ...and it is a row of PostgreSQL's table (v1 keys are "APPID||KEY").
    row = stack.infra.postgres.psql(
        f"SELECT value FROM state WHERE key = 'smoke||{key}'", stack.infra.database
    )
    assert '"Call mom"' in row


def test_a_job_due_in_two_seconds_calls_the_app_once(stack: Stack) -> None:
    name = f"smoke-{uuid.uuid4().hex[:8]}"
    scheduled_at = time.time()
    answer = stack.client.post(f"/v1.0/jobs/{name}", json={"dueTime": "2s", "data": {"task": 42}})
    assert answer.status_code == 204, answer.text

    assert wait_for(lambda: stack.received(f"/job/{name}"), timeout=20), stack.diagnostics()
    time.sleep(3)  # a second call would come now if the job were not one-shot
    calls = stack.received(f"/job/{name}")
    assert len(calls) == 1, f"called {len(calls)} times\n{stack.diagnostics()}"
    (call,) = calls
    assert call["body"] == {"task": 42}
    assert call["token"] == APP_TOKEN
    assert call["at"] - scheduled_at >= 1.5, "fired before it was due"


def test_the_api_token_protects_daprd(stack: Stack) -> None:
    bare = httpx.get(f"{stack.sidecar.http_url}/v1.0/state/{STORE}/anything", timeout=10)
    assert bare.status_code == 401
    health = httpx.get(f"{stack.sidecar.http_url}/v1.0/healthz", timeout=10)
    assert health.status_code == 204  # health checks need no token


def test_a_second_sidecar_invokes_the_first_by_app_id(stack: Stack) -> None:
    http_port, grpc_port = free_ports(2)
    caller = Daprd(
        "caller",
        None,  # a sidecar without an app: a client of the others
        http_port,
        grpc_port,
        stack.resources,
        stack.config,
        stack.infra.scheduler_address,
        run_dir=stack.run_dir / "logs",
        graceful_shutdown_seconds=1,
    )
    caller.start()
    try:
        answer = httpx.post(
            f"{caller.http_url}/v1.0/invoke/smoke/method/invoked", json={"from": "caller"}
        )
    finally:
        caller.stop()
    assert answer.status_code == 200, f"{answer.text}\n{stack.diagnostics()}"
    (call,) = stack.received("/invoked")
    assert call["body"] == {"from": "caller"}
    assert call["token"] == APP_TOKEN  # the callee's sidecar adds its app's token


def test_kafka_stop_and_start_keeps_the_pipeline(stack: Stack) -> None:
    stack.infra.kafka.stop()
    stack.infra.kafka.start()
    topics = stack.infra.kafka.topics()
    assert topics.get(TOPIC) == 1, f"{topics}\n{stack.diagnostics()}"  # the data was kept

    marker = uuid.uuid4().hex
    deadline = time.monotonic() + 60
    while True:  # the sidecar's producer reconnects on its own schedule
        answer = stack.client.post(f"/v1.0/publish/{PUBSUB}/{TOPIC}", json={"marker": marker})
        if answer.status_code == 204 or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert answer.status_code == 204, f"{answer.text}\n{stack.diagnostics()}"
    assert wait_for(lambda: delivered(stack, marker), timeout=60), stack.diagnostics()
