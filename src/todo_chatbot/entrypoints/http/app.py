"""The FastAPI application: routes, error answers, metrics and the runtime's life."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Final

from fastapi import FastAPI
from fastapi.telemetry import TelemetryConfig

from todo_chatbot import __version__
from todo_chatbot.bootstrap import Runtime
from todo_chatbot.entrypoints.http.errors import install_error_handlers
from todo_chatbot.entrypoints.http.middleware import MetricsMiddleware
from todo_chatbot.entrypoints.http.routes import audit, auth, operations, tasks

DESCRIPTION = """
A todo system you can talk to. Sign up with `POST /api/auth/register`, then send
the `access_token` as `Authorization: Bearer <token>` on every other `/api` call.
"""


TELEMETRY: Final[TelemetryConfig] = {"tracing": False, "metrics": False, "logs": False}
"""FastAPI's own OpenTelemetry hooks are off: /metrics serves Prometheus metrics instead."""


def create_app(
    runtime: Runtime | None = None,
    *,
    runtime_factory: Callable[[], Awaitable[Runtime]] | None = None,
    max_body_bytes: int = 1024 * 1024,
) -> FastAPI:
    """The API around ``runtime`` (or one built by ``runtime_factory`` at start-up)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        active = runtime if runtime is not None else await _build(runtime_factory)
        app.state.runtime = active
        await active.start()
        try:
            yield
        finally:
            await active.stop()

    app = FastAPI(
        title="Todo Chatbot",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        max_body_size=max_body_bytes,
        telemetry=TELEMETRY,
    )
    install_error_handlers(app)
    for router in (auth.router, tasks.router, audit.router, operations.router):
        app.include_router(router)
    app.add_middleware(MetricsMiddleware)
    return app


async def _build(factory: Callable[[], Awaitable[Runtime]] | None) -> Runtime:
    if factory is None:
        raise RuntimeError("create_app needs a runtime or a runtime_factory")
    return await factory()
