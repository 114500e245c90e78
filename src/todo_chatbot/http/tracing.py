"""The trace context of each HTTP request (pure ASGI middleware).

A request is handled in the trace its ``traceparent`` header names (a client's,
or daprd's when it delivers an event or calls a job back), or in a new one:
what it commits to the outbox carries that trace on, and its log lines carry
``trace_id`` and ``span_id``. Installed only when the process is traced
(:func:`todo_chatbot.observability.tracing.configure_tracing`).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from todo_chatbot.config import Settings
from todo_chatbot.observability.tracing import TraceContext, Tracer, configure_tracing

_TRACEPARENT = b"traceparent"

UNTRACED = frozenset({"/healthz", "/readyz", "/metrics"})
"""Probes and scrapes: no trace of their own (as daprd leaves out its health checks)."""


class TraceContextMiddleware:
    def __init__(self, app: ASGIApp, tracer: Tracer) -> None:
        self.app = app
        self.tracer = tracer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in UNTRACED:
            await self.app(scope, receive, send)
            return
        parent = TraceContext.parse(_header(scope, _TRACEPARENT))
        with self.tracer.span(scope["method"], parent) as span:
            try:
                await self.app(scope, receive, send)
            finally:
                if span is not None:
                    route = getattr(scope.get("route"), "path", None)
                    span.update_name(f"{scope['method']} {route or 'unmatched'}")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def tracer_from_settings(settings: Settings, service: str, *, distributed: bool) -> Tracer | None:
    """The tracer of a process serving ``service``; None when it is not traced (the
    embedded runtime's default: no cost on its requests)."""
    traced = settings.tracing
    if traced is None:
        traced = distributed or bool(settings.otlp_endpoint)
    if not traced:
        return None
    return configure_tracing(
        service=service,
        sampling_rate=settings.trace_sampling_rate,
        otlp_endpoint=settings.otlp_endpoint,
    )
