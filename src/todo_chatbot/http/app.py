"""The FastAPI application: routes, error answers, metrics and the runtime's life."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import Any, Final, TypeVar

from fastapi import APIRouter, FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.telemetry import TelemetryConfig

from todo_chatbot import __version__
from todo_chatbot.config import Settings
from todo_chatbot.http.errors import install_error_handlers
from todo_chatbot.http.faults import install_fault_handlers
from todo_chatbot.http.json_bodies import StrictJsonMiddleware
from todo_chatbot.http.live import live_router
from todo_chatbot.http.mcp import mount_mcp
from todo_chatbot.http.middleware import BodyLimitMiddleware, MetricsMiddleware
from todo_chatbot.http.nul_chars import NulInUrlMiddleware
from todo_chatbot.http.openapi import describe_answers
from todo_chatbot.http.protections import DEFAULT_PROTECTIONS, Protections
from todo_chatbot.http.routes import audit, auth, chat, notifications, operations, tasks
from todo_chatbot.http.security_headers import SecurityHeadersMiddleware
from todo_chatbot.http.tracing import TraceContextMiddleware, tracer_from_settings
from todo_chatbot.http.unhandled import UnhandledErrorMiddleware
from todo_chatbot.http.web_app import mount_web_app, serve_docs_offline
from todo_chatbot.observability.logs import configure_logging
from todo_chatbot.observability.stalls import LoopStallWatch
from todo_chatbot.observability.tracing import Tracer
from todo_chatbot.runtimes.embedded.wiring import build_embedded_runtime
from todo_chatbot.runtimes.runtime import Runtime, Service

DESCRIPTION = """
A todo system you can talk to. Sign up with `POST /api/auth/register`, then send
the `access_token` as `Authorization: Bearer <token>` on every other `/api` call.
"""


_Built = TypeVar("_Built", bound=Service)

TELEMETRY: Final[TelemetryConfig] = {"tracing": False, "metrics": False, "logs": False}
"""FastAPI's own OpenTelemetry hooks are off: /metrics serves Prometheus metrics instead."""


def create_app(
    runtime: Runtime | None = None,
    *,
    runtime_factory: Callable[[], Awaitable[Runtime]] | None = None,
    max_body_bytes: int = 1024 * 1024,
    stall_warning_ms: int = 0,
    extra_routers: Sequence[APIRouter] = (),
    live: bool = True,
    web_dir: Path | None = None,
    protections: Protections = DEFAULT_PROTECTIONS,
    tracer: Tracer | None = None,
) -> FastAPI:
    """The API around ``runtime`` (or one built by ``runtime_factory`` at start-up);
    with ``live``, its clients' WebSocket at ``/ws`` too (the runtime has a hub); with
    ``web_dir``, the web app built there at ``/``."""
    app = service_app(
        "Todo Chatbot",
        runtime=runtime,
        runtime_factory=runtime_factory,
        routers=[
            auth.router,
            tasks.router,
            audit.router,
            chat.router,
            notifications.router,
            *([live_router()] if live else []),
            *extra_routers,
        ],
        max_body_bytes=max_body_bytes,
        stall_warning_ms=stall_warning_ms,
        description=DESCRIPTION,
        protections=protections,
        tracer=tracer,
    )
    app.openapi = partial(_openapi_with_bearer, app)  # type: ignore[method-assign]
    mount_mcp(app)
    if web_dir is not None:
        mount_web_app(app, web_dir)
    return app


def service_app(
    title: str,
    *,
    runtime: Service | None = None,
    runtime_factory: Callable[[], Awaitable[Service]] | None = None,
    routers: Sequence[APIRouter] = (),
    max_body_bytes: int = 1024 * 1024,
    stall_warning_ms: int = 0,
    description: str = "",
    protections: Protections = DEFAULT_PROTECTIONS,
    tracer: Tracer | None = None,
) -> FastAPI:
    """A service's HTTP app: its routers, operations, error answers, metrics, and its
    runtime started and stopped with the app; with ``stall_warning_ms``, a warning
    whenever its event loop is held that long; with ``tracer``, each request in its
    trace context."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        active = runtime if runtime is not None else await _build(runtime_factory)
        app.state.runtime = active
        stall_watch = LoopStallWatch(stall_warning_ms / 1000) if stall_warning_ms else None
        await active.start()
        if stall_watch is not None:
            stall_watch.start()
        try:
            yield
        finally:
            if stall_watch is not None:
                stall_watch.stop()
            await active.stop()

    app = FastAPI(
        title=title,
        version=__version__,
        description=description,
        lifespan=lifespan,
        telemetry=TELEMETRY,
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        openapi_url="/openapi.json" if protections.docs else None,
    )
    app.state.protections = protections
    if protections.docs:
        serve_docs_offline(app)
    install_error_handlers(app)
    install_fault_handlers(app)
    for router in (*routers, operations.router):
        add_routes(app, router)
    app.add_middleware(StrictJsonMiddleware)
    app.add_middleware(BodyLimitMiddleware, limit=max_body_bytes)
    app.add_middleware(NulInUrlMiddleware)
    app.add_middleware(UnhandledErrorMiddleware)
    app.add_middleware(MetricsMiddleware)
    app.add_middleware(SecurityHeadersMiddleware, https=protections.https)
    if tracer is not None:
        app.add_middleware(TraceContextMiddleware, tracer=tracer)
    return app


def add_routes(app: FastAPI, router: APIRouter) -> None:
    """Serve ``router``'s routes from the app's own route list.

    ``include_router`` keeps each router as a nested one that every request
    walks three times (once to find the router, twice to find the route in
    it): 20 µs of the 123 µs of CPU a ``GET /api/tasks/{id}`` took in
    process. A router's prefix, tags and dependencies are already on its
    routes, so nothing else changes (the OpenAPI document is the same, which
    ``test_openapi_describes_the_contract`` checks).
    """
    app.router.routes.extend(router.routes)


def _openapi_with_bearer(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document, with the bearer token on every route that needs one.

    Authentication is one light dependency that reads the header itself
    (FastAPI's security classes cost a dependency each per request), so the
    scheme is declared here.
    """
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        schema.setdefault("components", {})["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer", "description": "The access_token"}
        }
        for path, operations in schema["paths"].items():
            if path.startswith("/api/") and not path.startswith("/api/auth/"):
                for operation in operations.values():
                    operation["security"] = [{"bearer": []}]
        describe_answers(schema, secured=_secured_operations(schema))
        app.openapi_schema = schema
    return app.openapi_schema


def _secured_operations(schema: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (path, method)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if operation.get("security")
    }


async def _build(factory: Callable[[], Awaitable[_Built]] | None) -> _Built:
    if factory is None:
        raise RuntimeError("create_app needs a runtime or a runtime_factory")
    return await factory()


def create_app_from_settings(settings: Settings) -> FastAPI:
    """The API with the embedded runtime that ``settings`` describe, logging configured."""
    configure_logging(settings.log_level, json=settings.log_json)
    app = create_app(
        runtime_factory=lambda: build_embedded_runtime(settings),
        max_body_bytes=settings.max_body_bytes,
        stall_warning_ms=settings.stall_warning_ms,
        web_dir=settings.web_dir,
        protections=Protections.from_settings(settings),
        tracer=tracer_from_settings(settings, "todo-chatbot", distributed=False),
    )
    settle_heap_for_serving()
    return app


GC_YOUNG_THRESHOLD: Final = 5000
"""Allocations between collections of the youngest generation (Python's default: 700)."""


def settle_heap_for_serving() -> None:
    """For a server process, once its app is built: the objects alive now (modules,
    routes, schemas) stay for the process's life, so the garbage collector stops
    tracing them, and it runs less often. Under load this takes its share of the
    CPU from about 2% to under 0.1% (measured in docs/benchmarks.md)."""
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, middle, old)


def create_app_from_environment() -> FastAPI:
    """What each worker process serves: settings from the environment (``TODO_*``)."""
    return create_app_from_settings(Settings())
