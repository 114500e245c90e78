"""Operations: liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import PlainTextResponse

from todo_chatbot.http.deps import ServiceDep
from todo_chatbot.http.responses import json_response
from todo_chatbot.observability import metrics

router = APIRouter(tags=["operations"])


@router.get("/healthz")
async def healthz() -> Response:
    """The process is alive."""
    return json_response({"status": "ok"})


@router.get(
    "/readyz",
    responses={503: {"description": "A dependency does not answer (its check is false)"}},
)
async def readyz(runtime: ServiceDep) -> Response:
    """Every dependency answers (503 and the failing ones if not)."""
    checks = await runtime.readiness()
    ready = all(checks.values())
    return json_response(
        {"status": "ready" if ready else "unready", "checks": checks}, 200 if ready else 503
    )


@router.get(
    "/metrics",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
)
async def prometheus_metrics(runtime: ServiceDep) -> Response:
    """Prometheus text format."""
    runtime.refresh_gauges()
    body, content_type = metrics.exposition()
    return Response(body, media_type=content_type)
