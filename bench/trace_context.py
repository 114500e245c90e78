"""What carrying the trace context costs a request: the CPU time of the tracing
middleware in front of a do-nothing ASGI app, per request.

``python -m bench.trace_context`` prints the best of five loops for: the bare
app; the middleware starting a new trace; under a caller's ``traceparent``; and
with OpenTelemetry's SDK recording a sampled span (exported to nowhere). An
untraced embedded runtime installs no middleware at all.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult
from starlette.types import ASGIApp, Receive, Scope, Send

from todo_chatbot.http.tracing import TraceContextMiddleware
from todo_chatbot.observability.logs import configure_logging
from todo_chatbot.observability.tracing import Tracer

REQUESTS = 50_000
HEADERS = [(b"host", b"localhost"), (b"authorization", b"Bearer token")]
CALLER = (b"traceparent", b"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")


class Nowhere(SpanExporter):
    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        return SpanExportResult.SUCCESS


async def nothing(scope: Scope, receive: Receive, send: Send) -> None:
    return None


async def cpu_per_request(app: ASGIApp, scope: Scope, requests: int) -> float:
    """Microseconds of CPU per request, the best of five loops."""
    best = float("inf")
    for _ in range(5):
        started = time.process_time()
        for _ in range(requests):
            await app(scope, nothing, nothing)  # type: ignore[arg-type]
        best = min(best, (time.process_time() - started) / requests * 1e6)
    return best


async def main() -> None:
    configure_logging()
    scope: Scope = {"type": "http", "method": "GET", "path": "/api/tasks", "headers": HEADERS}
    called = {**scope, "headers": [*HEADERS, CALLER]}
    carried = TraceContextMiddleware(nothing, Tracer(sampling_rate=0.0, exporting=False))
    provider = TracerProvider()
    provider.add_span_processor(BatchSpanProcessor(Nowhere()))
    trace.set_tracer_provider(provider)
    recorded = TraceContextMiddleware(nothing, Tracer(sampling_rate=1.0, exporting=True))
    for label, app, request, requests in (
        ("bare app", nothing, scope, REQUESTS),
        ("context carried, new trace", carried, scope, REQUESTS),
        ("context carried, caller's traceparent", carried, called, REQUESTS),
        ("SDK span recorded (sampled)", recorded, scope, REQUESTS // 5),
    ):
        print(f"{label}: {await cpu_per_request(app, request, requests):.1f} µs")


if __name__ == "__main__":
    asyncio.run(main())
