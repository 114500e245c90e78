"""A small OTLP/HTTP traces receiver: keeps the spans sidecars and apps send, and
shows a trace as a tree.

``python -m devstack.otlp --port 4318`` runs it for people (with ``make up
ARGS="--otlp-endpoint 127.0.0.1:4318"``): each trace is printed once it has been
quiet for a few seconds. The tracing tests run it in process. It decodes the
protobuf requests (``POST /v1/traces``) with ``opentelemetry-proto``; a real
OpenTelemetry collector or Zipkin is what a cluster uses.
"""

from __future__ import annotations

import argparse
import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

QUIET_SECONDS = 6.0
"""A trace is shown once no span of it arrived for this long (daprd batches every 5 s)."""


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
    """An OTLP/HTTP traces endpoint on ``host:port`` (0: a free port) keeping every span."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.spans: list[ReceivedSpan] = []
        self.arrived: dict[str, float] = {}
        """When a span of each trace last arrived (monotonic clock)."""
        self._lock = threading.Lock()
        self._server = _Server((host, port), _handler(self.keep))
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def keep(self, request: ExportTraceServiceRequest) -> None:
        for resource_spans in request.resource_spans:
            attributes = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
            service = attributes.get("service.name", "?")
            received = [
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
                for scope_spans in resource_spans.scope_spans
                for span in scope_spans.spans
            ]
            with self._lock:
                self.spans.extend(received)
                for span in received:
                    self.arrived[span.trace_id] = time.monotonic()

    def trace(self, trace_id: str) -> list[ReceivedSpan]:
        with self._lock:
            return [span for span in self.spans if span.trace_id == trace_id]

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    """Every sidecar and app exports every few seconds, often at the same moment."""


def _handler(keep: Callable[[ExportTraceServiceRequest], None]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            keep(ExportTraceServiceRequest.FromString(body))
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


def trace_tree(spans: list[ReceivedSpan]) -> str:
    """The spans of one trace as a tree: each with its service, when it started after
    the trace's first span and how long it took, in milliseconds."""
    first = min(span.start_ns for span in spans)
    ids = {span.span_id for span in spans}
    children: dict[str, list[ReceivedSpan]] = {}
    for span in sorted(spans, key=lambda s: s.start_ns):
        children.setdefault(span.parent_span_id if span.parent_span_id in ids else "", []).append(
            span
        )
    lines = [f"trace {spans[0].trace_id}"]

    def add(parent: str, depth: int) -> None:
        for span in children.get(parent, []):
            start, took = (span.start_ns - first) / 1e6, (span.end_ns - span.start_ns) / 1e6
            lines.append(
                f"{'  ' * depth}{span.name} [{span.service}] +{start:.1f} ms, {took:.1f} ms"
            )
            add(span.span_id, depth + 1)

    add("", 0)
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack.otlp", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4318)
    args = parser.parse_args()
    receiver = OtlpReceiver(args.host, args.port)
    print(f"OTLP/HTTP receiver at http://{args.host}:{receiver.port}/v1/traces", flush=True)
    shown: set[str] = set()
    try:
        while True:
            time.sleep(1)
            quiet = [
                trace_id
                for trace_id, at in list(receiver.arrived.items())
                if trace_id not in shown and time.monotonic() - at > QUIET_SECONDS
            ]
            for trace_id in quiet:
                shown.add(trace_id)
                print(trace_tree(receiver.trace(trace_id)) + "\n", flush=True)
    except KeyboardInterrupt:
        receiver.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
