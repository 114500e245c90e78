"""One trace from an API call through Kafka to the consumers, with real daprd.

The stack's sidecars run with tracing on (sampling everything) and export over
OTLP/HTTP, as do the apps themselves, to a small OTLP receiver the test runs
(``devstack.otlp``: requests decoded with ``opentelemetry-proto``). A task
created with a known ``traceparent`` must yield, under that one trace id, the backend's own span,
daprd's publish spans and the consumers' deliveries, and the consumers' log
lines must carry the trace id; an event a consumer publishes in turn (the next
occurrence of a recurring task) stays in the trace of the call that caused it.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from devstack.otlp import OtlpReceiver, ReceivedSpan, trace_tree
from devstack.stack import Stack, traced_to
from tests.support import NOW, DistributedServer, UserClient, wait_until

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def receiver() -> Iterator[OtlpReceiver]:
    running = OtlpReceiver()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def traced_server(
    tmp_path_factory: pytest.TempPathFactory, receiver: OtlpReceiver
) -> Iterator[DistributedServer]:
    """The distributed system with every sidecar and app exporting its spans."""
    run_dir = tmp_path_factory.mktemp("traced-stack")
    clock_file = run_dir / "clock"
    traced = traced_to(f"127.0.0.1:{receiver.port}")
    stack = Stack(
        run_dir,
        clock_file=clock_file,
        app_env={**traced.pop("app_env"), "TODO_ACCESS_LOG": "true"},
        **traced,
    )
    server = DistributedServer(stack=stack, url="", clock_file=clock_file)
    server.set_time(NOW)
    try:
        stack.start()
        server.url = stack.backend_url
        wait_for_the_websocket_consumer(server, receiver)
        yield server
    finally:
        stack.stop(remove=True)


def wait_for_the_websocket_consumer(server: DistributedServer, receiver: OtlpReceiver) -> None:
    """Probe until the websocket service delivers: its consumer starts at the newest event
    once it has joined its group, so an event published before that never reaches it."""
    with server.register() as probe:

        def delivered() -> bool:
            trace_id, traceparent = new_traceparent()
            probe.post("/api/tasks", json={"title": "probe"}, headers={"traceparent": traceparent})
            return bool(
                wait_until_or_none(
                    lambda: spans_of(receiver, trace_id, "websocket", "pubsub/task-updates"),
                    timeout=5,
                )
            )

        wait_until(delivered, timeout=120, what="the websocket service's first delivery")


def wait_until_or_none(condition: Callable[[], Any], *, timeout: float) -> Any:
    try:
        return wait_until(condition, timeout=timeout)
    except AssertionError:
        return None


@pytest.fixture
def traced_user(traced_server: DistributedServer) -> Iterator[UserClient]:
    with traced_server.register() as client:
        yield client


def new_traceparent() -> tuple[str, str]:
    trace_id = secrets.token_hex(16)
    return trace_id, f"00-{trace_id}-{secrets.token_hex(8)}-01"


def spans_of(receiver: OtlpReceiver, trace_id: str, service: str, name: str) -> list[ReceivedSpan]:
    return [s for s in receiver.trace(trace_id) if s.service == service and s.name == name]


def log_lines(logs: Path, app: str, trace_id: str) -> list[dict[str, Any]]:
    lines = []
    for path in logs.glob(f"app-{app}*"):
        for line in path.read_text(errors="replace").splitlines():
            if trace_id in line and line.startswith("{"):
                lines.append(json.loads(line))
    return [line for line in lines if line.get("trace_id") == trace_id]


def test_creating_a_task_is_one_trace_from_the_api_through_kafka_to_every_consumer(
    traced_server: DistributedServer, traced_user: UserClient, receiver: OtlpReceiver
) -> None:
    trace_id, traceparent = new_traceparent()
    answer = traced_user.post(
        "/api/tasks", json={"title": "Traced"}, headers={"traceparent": traceparent}
    )
    assert answer.status_code == 201, answer.text

    publish = "/v1.0-alpha1/publish/bulk/pubsub/task-events"
    expected = [
        ("backend", "POST /api/tasks"),
        ("backend", publish),
        ("audit", "pubsub/task-events"),
        ("audit", "POST /events/{topic}"),
        ("recurring", "pubsub/task-events"),
        ("websocket", "pubsub/task-updates"),
    ]
    try:
        wait_until(
            lambda: all(spans_of(receiver, trace_id, *wanted) for wanted in expected),
            timeout=120,
            what=f"the spans {expected}",
        )
    except AssertionError as exc:
        got = receiver.trace(trace_id)
        raise AssertionError(f"{exc}; got:\n{trace_tree(got) if got else 'nothing'}") from None
    (api,) = spans_of(receiver, trace_id, "backend", "POST /api/tasks")
    assert api.parent_span_id == traceparent.split("-")[2]
    (delivery,) = spans_of(receiver, trace_id, "audit", "pubsub/task-events")
    assert delivery.start_ns >= api.start_ns

    handled = wait_until(
        lambda: log_lines(traced_server.stack.logs, "audit", trace_id),
        timeout=30,
        what="a log line of the audit service in the trace",
    )
    assert any("/events/task-events" in str(line.get("event")) for line in handled), handled
    if PRINT_TRACE:
        print(trace_tree(receiver.trace(trace_id)))


PRINT_TRACE = bool(os.environ.get("PRINT_TRACE"))
"""Set to print each test's trace (as docs/deploy.md shows one)."""


def test_an_event_a_consumer_publishes_stays_in_the_trace_that_caused_it(
    traced_server: DistributedServer, traced_user: UserClient, receiver: OtlpReceiver
) -> None:
    task = traced_user.add("Water the plants", due="2026-03-05", recurrence="FREQ=DAILY")
    trace_id, traceparent = new_traceparent()
    answer = traced_user.post(
        f"/api/tasks/{task['id']}/complete", headers={"traceparent": traceparent}
    )
    assert answer.status_code == 200, answer.text

    def next_occurrence_traced() -> bool:
        # The recurring service handled the completion, and the audit service got
        # both the completion and the next occurrence that handling created.
        return bool(spans_of(receiver, trace_id, "recurring", "POST /events/{topic}")) and (
            len(spans_of(receiver, trace_id, "audit", "pubsub/task-events")) >= 2
        )

    wait_until(next_occurrence_traced, timeout=120, what=f"the next occurrence in {trace_id}")
    if PRINT_TRACE:
        print(trace_tree(receiver.trace(trace_id)))
