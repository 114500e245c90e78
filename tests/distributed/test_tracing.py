"""One trace from an API call through Kafka to the consumers, with real daprd.

The stack's sidecars run with tracing on (sampling everything) and export over
OTLP/HTTP, as do the apps themselves, to a small OTLP receiver this module runs
(requests decoded with ``opentelemetry-proto``). A task created with a known
``traceparent`` must yield, under that one trace id, the backend's own span,
daprd's publish spans and the consumers' deliveries, and the consumers' log
lines must carry the trace id; an event a consumer publishes in turn (the next
occurrence of a recurring task) stays in the trace of the call that caused it.
"""

from __future__ import annotations

import gzip
import json
import os
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from devstack.stack import Stack
from tests.support import NOW, DistributedServer, UserClient, free_port, wait_until

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class ReceivedSpan:
    service: str
    name: str
    kind: int
    trace_id: str
    span_id: str
    parent_span_id: str
    start_ns: int
    end_ns: int


class OtlpReceiver:
    """An OTLP/HTTP traces endpoint (``POST /v1/traces``, protobuf) keeping every span."""

    def __init__(self) -> None:
        self.spans: list[ReceivedSpan] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                receiver.keep(ExportTraceServiceRequest.FromString(body))
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.port = free_port()
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def keep(self, request: ExportTraceServiceRequest) -> None:
        for resource_spans in request.resource_spans:
            attributes = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
            service = attributes.get("service.name", "?")
            for scope_spans in resource_spans.scope_spans:
                with self._lock:
                    self.spans.extend(
                        ReceivedSpan(
                            service=service,
                            name=span.name,
                            kind=span.kind,
                            trace_id=span.trace_id.hex(),
                            span_id=span.span_id.hex(),
                            parent_span_id=span.parent_span_id.hex(),
                            start_ns=span.start_time_unix_nano,
                            end_ns=span.end_time_unix_nano,
                        )
                        for span in scope_spans.spans
                    )

    def trace(self, trace_id: str) -> list[ReceivedSpan]:
        with self._lock:
            return [span for span in self.spans if span.trace_id == trace_id]

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


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
    stack = Stack(
        run_dir,
        clock_file=clock_file,
        app_env={
            "TODO_ACCESS_LOG": "true",
            "TODO_OTLP_ENDPOINT": f"http://127.0.0.1:{receiver.port}",
        },
        tracing={
            "samplingRate": "1",
            "otel": {
                "endpointAddress": f"127.0.0.1:{receiver.port}",
                "protocol": "http",
                "isSecure": False,
            },
        },
    )
    server = DistributedServer(stack=stack, url="", clock_file=clock_file)
    server.set_time(NOW)
    try:
        stack.start()
        server.url = stack.backend_url
        yield server
    finally:
        stack.stop(remove=True)


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
    wait_until(
        lambda: all(spans_of(receiver, trace_id, *wanted) for wanted in expected),
        timeout=60,
        what=f"the spans {expected} in trace {trace_id}",
    )
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
        print_trace(receiver.trace(trace_id))


PRINT_TRACE = bool(os.environ.get("PRINT_TRACE"))
"""Set to print each test's trace (as docs/deploy.md shows one)."""


def print_trace(spans: list[ReceivedSpan]) -> None:
    """The spans as a tree, each with its service, its start after the first and its
    duration, in milliseconds."""
    first = min(span.start_ns for span in spans)
    children: dict[str, list[ReceivedSpan]] = {}
    ids = {span.span_id for span in spans}
    for span in sorted(spans, key=lambda s: s.start_ns):
        parent = span.parent_span_id if span.parent_span_id in ids else ""
        children.setdefault(parent, []).append(span)

    def show(parent: str, depth: int) -> None:
        for span in children.get(parent, []):
            start, took = (span.start_ns - first) / 1e6, (span.end_ns - span.start_ns) / 1e6
            print(f"{'  ' * depth}{span.name} [{span.service}] +{start:.1f} ms, {took:.1f} ms")
            show(span.span_id, depth + 1)

    print(f"trace {spans[0].trace_id}")
    show("", 0)


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

    wait_until(next_occurrence_traced, timeout=60, what=f"the next occurrence in {trace_id}")
    if PRINT_TRACE:
        print_trace(receiver.trace(trace_id))
