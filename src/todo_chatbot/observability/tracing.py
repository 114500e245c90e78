"""W3C trace context: the trace a request or an event belongs to.

The context of what is being handled (an API request, a delivered event) is
kept in a context variable: the outbox stores its ``traceparent`` with each
event the handling commits, the relay publishes the event with it, the
consumer that receives the event handles it in the same trace, and every log
line written meanwhile carries ``trace_id`` and ``span_id``.

Without an OTLP endpoint this is a parsed header or two random ids per request
(the distributed services always carry it; the embedded runtime only when
tracing is asked for). With one, :func:`configure_tracing` installs
OpenTelemetry's SDK with an OTLP/HTTP exporter, and each request or event
handled becomes a span of the app's own, exported beside Dapr's.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Final

import structlog
from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.trace import NonRecordingSpan, SpanContext, SpanKind, TraceFlags

TRACEPARENT: Final = "traceparent"
"""The HTTP header and the CloudEvents extension attribute (distributed tracing)."""

_FORMAT: Final = re.compile(r"00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})")
_NO_TRACE: Final = "0" * 32
_NO_SPAN: Final = "0" * 16


@dataclass(frozen=True, slots=True)
class TraceContext:
    """One span's place in a trace: W3C ``traceparent`` version 00."""

    trace_id: str
    span_id: str
    sampled: bool

    @property
    def traceparent(self) -> str:
        return f"00-{self.trace_id}-{self.span_id}-{'01' if self.sampled else '00'}"

    @classmethod
    def parse(cls, header: str | None) -> TraceContext | None:
        """The context a ``traceparent`` names; None if absent or malformed."""
        matched = _FORMAT.fullmatch(header) if header else None
        if matched is None or matched[1] == _NO_TRACE or matched[2] == _NO_SPAN:
            return None
        return cls(matched[1], matched[2], int(matched[3], 16) & 1 == 1)

    @classmethod
    def new_root(cls, sampled: bool) -> TraceContext:
        return cls(f"{random.getrandbits(128):032x}", _new_span_id(), sampled)

    def child(self) -> TraceContext:
        """A span of the same trace under this one."""
        return TraceContext(self.trace_id, _new_span_id(), self.sampled)


def _new_span_id() -> str:
    return f"{random.getrandbits(64) or 1:016x}"


_CURRENT: ContextVar[TraceContext | None] = ContextVar("trace_context", default=None)


def current() -> TraceContext | None:
    """The context of the request or event being handled here, if any."""
    return _CURRENT.get()


def current_traceparent() -> str | None:
    """What the outbox keeps with an event committed now."""
    context = _CURRENT.get()
    return None if context is None else context.traceparent


@dataclass(frozen=True)
class Tracer:
    """How this process starts the trace context of what it handles."""

    sampling_rate: float
    exporting: bool
    """OpenTelemetry's SDK is installed: spans are recorded and exported."""

    @contextmanager
    def span(
        self, name: str, parent: TraceContext | None, kind: SpanKind = SpanKind.SERVER
    ) -> Iterator[trace.Span | None]:
        """Handle something in ``parent``'s trace (or a new one): the context is current
        and on every log line until the block ends. With the SDK it is a span of its
        own under ``parent``, recorded (yielded, to be renamed) and exported; without,
        the context is ``parent``'s."""
        if not self.exporting:
            # No span of ours is recorded: what this causes hangs off the caller's span.
            tokens = enter(
                parent
                if parent is not None
                else TraceContext.new_root(random.random() < self.sampling_rate)
            )
            try:
                yield None
            finally:
                leave(tokens)
            return
        tracer = trace.get_tracer("todo_chatbot")
        with tracer.start_as_current_span(name, context=_otel_parent(parent), kind=kind) as span:
            own = span.get_span_context()
            tokens = enter(
                TraceContext(f"{own.trace_id:032x}", f"{own.span_id:016x}", own.trace_flags.sampled)
            )
            try:
                yield span
            finally:
                leave(tokens)


@contextmanager
def continuing(name: str, traceparent: str | None) -> Iterator[None]:
    """Handle an event in the trace it was published in (``traceparent``, as the
    outbox kept it): nothing to do if this process is not traced, the event was not,
    or the handling is in that trace already (daprd's delivery named it)."""
    tracer = _TRACER
    parent = TraceContext.parse(traceparent) if tracer is not None else None
    now = _CURRENT.get()
    if tracer is None or parent is None or (now is not None and now.trace_id == parent.trace_id):
        yield
        return
    with tracer.span(name, parent, SpanKind.CONSUMER):
        yield


def _otel_parent(parent: TraceContext | None) -> otel_context.Context | None:
    if parent is None:
        return None
    remote = SpanContext(
        trace_id=int(parent.trace_id, 16),
        span_id=int(parent.span_id, 16),
        is_remote=True,
        trace_flags=TraceFlags(TraceFlags.SAMPLED if parent.sampled else TraceFlags.DEFAULT),
    )
    return trace.set_span_in_context(NonRecordingSpan(remote))


_Tokens = tuple[object, Mapping[str, object]]


def enter(context: TraceContext) -> _Tokens:
    """Make ``context`` current, and put its ids on every log line, until :func:`leave`."""
    return (
        _CURRENT.set(context),
        structlog.contextvars.bind_contextvars(trace_id=context.trace_id, span_id=context.span_id),
    )


def leave(tokens: _Tokens) -> None:
    own, logged = tokens
    structlog.contextvars.reset_contextvars(**logged)  # type: ignore[arg-type]
    _CURRENT.reset(own)  # type: ignore[arg-type]


def configure_tracing(*, service: str, sampling_rate: float, otlp_endpoint: str | None) -> Tracer:
    """This process's tracer; with ``otlp_endpoint`` (an OTLP/HTTP base URL such as
    ``http://collector:4318``), OpenTelemetry's SDK exporting its spans there, as
    ``service``, sampling new traces at ``sampling_rate`` and following the caller's
    decision otherwise (as Dapr does)."""
    if not otlp_endpoint:
        return _install(Tracer(sampling_rate=sampling_rate, exporting=False))
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor
    from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased

    provider = TracerProvider(
        resource=Resource.create({"service.name": service}),
        sampler=ParentBased(TraceIdRatioBased(sampling_rate)),
    )
    endpoint = otlp_endpoint.rstrip("/")
    if not endpoint.endswith("/v1/traces"):
        endpoint += "/v1/traces"
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    trace.set_tracer_provider(provider)
    return _install(Tracer(sampling_rate=sampling_rate, exporting=True))


_TRACER: Tracer | None = None


def _install(tracer: Tracer) -> Tracer:
    global _TRACER
    _TRACER = tracer
    return tracer


def installed() -> Tracer | None:
    """The tracer :func:`configure_tracing` made in this process (None: not traced)."""
    return _TRACER
