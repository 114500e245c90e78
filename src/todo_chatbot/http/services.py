"""The distributed runtime's services, one HTTP app each (``todo-chatbot serve NAME``).

Each runs beside its own Dapr sidecar: ``backend`` serves the API (the same
routes as the embedded runtime) and Dapr's callbacks; ``audit``, ``recurring``
and ``notification`` receive their topics; ``websocket`` pushes live updates.
"""

from __future__ import annotations

from fastapi import FastAPI

from todo_chatbot.config import Settings
from todo_chatbot.http.app import create_app, service_app
from todo_chatbot.http.live import live_router
from todo_chatbot.http.protections import Protections
from todo_chatbot.http.routes.dapr import backend_router, delivery_router
from todo_chatbot.http.tracing import tracer_from_settings
from todo_chatbot.observability.logs import configure_logging
from todo_chatbot.runtimes.dapr.topology import SERVICES
from todo_chatbot.runtimes.dapr.wiring import build_backend, build_consumer, build_live


def create_service_app(service: str, settings: Settings) -> FastAPI:
    """The app of one of :data:`SERVICES`, its runtime built when it starts."""
    if service not in SERVICES:
        raise ValueError(f"unknown service {service!r}; one of {', '.join(SERVICES)}")
    configure_logging(settings.log_level, json=settings.log_json)
    protections = Protections.from_settings(settings)
    tracer = tracer_from_settings(settings, service, distributed=True)
    if service == "backend":
        return create_app(
            runtime_factory=lambda: build_backend(settings),
            max_body_bytes=settings.max_body_bytes,
            stall_warning_ms=settings.stall_warning_ms,
            extra_routers=[backend_router(), delivery_router()],
            live=False,
            protections=protections,
            tracer=tracer,
        )
    if service == "websocket":
        return service_app(
            "Todo Chatbot: live updates",
            runtime_factory=lambda: build_live(settings),
            routers=[live_router(), delivery_router()],
            stall_warning_ms=settings.stall_warning_ms,
            protections=protections,
            tracer=tracer,
        )
    return service_app(
        f"Todo Chatbot: {service}",
        runtime_factory=lambda: build_consumer(service, settings),
        routers=[delivery_router()],
        stall_warning_ms=settings.stall_warning_ms,
        protections=protections,
        tracer=tracer,
    )
