"""Operations: liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse

from todo_chatbot.http.deps import ServiceDep
from todo_chatbot.http.protections import may_read_metrics, protections_of
from todo_chatbot.http.responses import json_response
from todo_chatbot.observability import metrics

router = APIRouter(tags=["operations"])


@runtime_checkable
class Resubscribes(Protocol):
    """A service whose sidecar should close and reopen its subscriptions while
    ``resubscribing`` (a stalled consumer: the sidecar's app health check reads
    ``/healthz``)."""

    @property
    def resubscribing(self) -> bool: ...


@router.get("/healthz")
async def healthz(request: Request) -> Response:
    """The process is alive (503 while its consumer asks its sidecar to subscribe again)."""
    runtime = getattr(request.app.state, "runtime", None)
    if isinstance(runtime, Resubscribes) and runtime.resubscribing:
        return json_response({"status": "resubscribing"}, 503)
    return json_response({"status": "ok"})


@router.get(
    "/readyz",
    responses={503: {"description": "A dependency does not answer (its check is false)"}},
)
async def readyz(runtime: ServiceDep) -> Response:
    """Every dependency answers, and each consumer receives (503 and the failing ones if not)."""
    checks = await runtime.readiness()
    ready = all(checks.values())
    return json_response(
        {"status": "ready" if ready else "unready", "checks": checks}, 200 if ready else 503
    )


@router.get(
    "/metrics",
    response_class=PlainTextResponse,
    responses={
        200: {"content": {"text/plain": {"schema": {"type": "string"}}}},
        401: {"description": "TODO_METRICS_TOKEN is set and the request does not bear it"},
        403: {"description": "No token is set and the client is not on the loopback interface"},
    },
)
async def prometheus_metrics(request: Request, runtime: ServiceDep) -> Response:
    """Prometheus text format, for the operator: with ``TODO_METRICS_TOKEN`` set, to a
    request bearing it (401 otherwise); unset, to a client on the loopback interface
    (403 otherwise)."""
    if not may_read_metrics(request):
        if protections_of(request).metrics_token is not None:
            return json_response(
                {"detail": "/metrics needs the operator's bearer token"},
                401,
                {"WWW-Authenticate": "Bearer"},
            )
        return json_response(
            {"detail": "/metrics is served on the loopback interface only (no token is set)"},
            403,
        )
    runtime.refresh_gauges()
    body, content_type = metrics.exposition()
    return Response(body, media_type=content_type)
