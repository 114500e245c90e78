"""W3C trace context: parsing, the spans a process handles things in, and the trace
ids on log lines."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import orjson
import pytest
import structlog

from todo_chatbot.observability import tracing
from todo_chatbot.observability.logs import configure_logging
from todo_chatbot.observability.tracing import TraceContext, Tracer
from todo_chatbot.runtimes.dapr.outbox import with_extensions

PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """Each JSON line the process logs meanwhile."""
    configure_logging("INFO", json=True)
    stream = io.StringIO()
    (handler,) = logging.getLogger().handlers
    assert isinstance(handler, logging.StreamHandler)
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


def logged(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "00-00000000000000000000000000000000-b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",
        "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331",
    ],
)
def test_a_malformed_traceparent_names_no_context(header: str | None) -> None:
    assert TraceContext.parse(header) is None


def test_a_traceparent_round_trips_with_its_sampled_flag() -> None:
    context = TraceContext.parse(PARENT)
    assert context == TraceContext("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", True)
    assert context.traceparent == PARENT
    assert TraceContext.parse(PARENT[:-2] + "00") == TraceContext(
        context.trace_id, context.span_id, False
    )


def test_handling_under_a_callers_context_puts_it_on_every_log_line(
    log_lines: io.StringIO,
) -> None:
    parent = TraceContext.parse(PARENT)
    with Tracer(sampling_rate=0.0, exporting=False).span("POST /api/tasks", parent):
        own = tracing.current()
        structlog.get_logger("test").info("inside")
        logging.getLogger("test.standard_library").info("a standard library record")
    structlog.get_logger("test").info("after")
    assert own is not None
    assert parent is not None
    assert own == parent  # no span of its own is recorded: the caller's context
    inside, record, after = logged(log_lines)
    for line in (inside, record):
        assert (line["trace_id"], line["span_id"]) == (own.trace_id, own.span_id)
    assert "trace_id" not in after
    assert tracing.current() is None


def test_a_new_trace_is_sampled_at_the_configured_rate() -> None:
    for rate, sampled in ((0.0, False), (1.0, True)):
        with Tracer(sampling_rate=rate, exporting=False).span("GET /", None):
            own = tracing.current()
            assert own is not None
            assert own.sampled is sampled


def test_an_event_is_handled_in_the_trace_it_was_published_in(
    log_lines: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tracing, "_TRACER", Tracer(sampling_rate=0.0, exporting=False))
    with tracing.continuing("task-events process", PARENT):
        structlog.get_logger("test").info("handled")
    with Tracer(sampling_rate=0.0, exporting=False).span("POST /events/{topic}", None):
        request = tracing.current()
        with tracing.continuing("task-events process", PARENT):
            adopted = tracing.current()
        assert request is not None
        with tracing.continuing("task-events process", request.traceparent):
            kept = tracing.current()
    (handled,) = logged(log_lines)
    assert handled["trace_id"] == "0af7651916cd43dd8448eb211c80319c"
    assert adopted is not None
    assert adopted.trace_id == "0af7651916cd43dd8448eb211c80319c"
    assert kept == request


def test_an_untraced_process_handles_events_without_a_context(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tracing, "_TRACER", None)  # a server earlier in the session traced
    with tracing.continuing("task-events process", PARENT):
        assert tracing.current() is None


def test_the_relay_puts_the_trace_context_in_the_envelope_as_dapr_keeps_it() -> None:
    body = orjson.dumps(
        {
            "specversion": "1.0",
            "id": "e1",
            "source": "todo-chatbot",
            "type": "task.created",
            "subject": "t1",
            "time": "2026-03-04T15:00:00Z",
            "datacontenttype": "application/json",
            "data": {},
        }
    ).decode()
    envelope = orjson.loads(with_extensions(body, 7, PARENT))
    assert envelope["sequence"] == "7"
    assert envelope["traceparent"] == envelope["traceid"] == PARENT
    assert "traceparent" not in orjson.loads(with_extensions(body, 7, None))


def test_with_the_sdk_a_request_is_a_span_of_its_own_under_the_callers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from opentelemetry import trace as otel_trace
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exported = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exported))
    monkeypatch.setattr(otel_trace, "get_tracer", provider.get_tracer)
    parent = TraceContext.parse(PARENT)
    with Tracer(sampling_rate=0.0, exporting=True).span("POST /api/tasks", parent):
        own = tracing.current()
    (span,) = exported.get_finished_spans()
    assert own is not None
    assert parent is not None
    assert own.trace_id == parent.trace_id
    assert own.span_id == f"{span.context.span_id:016x}" != parent.span_id
    assert span.parent is not None
    assert f"{span.parent.span_id:016x}" == parent.span_id
