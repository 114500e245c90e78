"""Routes that only Dapr, or other services through Dapr, may call.

daprd sends the app token (``APP_API_TOKEN``) as the ``dapr-api-token``
header on every call it makes to its app: deliveries, job callbacks, input
bindings and service invocations from other apps. These routes refuse a call
without it, so a request that did not come through the sidecar (a user, or
anything else on the network) cannot post events, fire jobs or act as a
service. The service-only routes also refuse every call while no token is
configured.
"""

from __future__ import annotations

import hmac
from typing import Any

import orjson
import structlog
from fastapi import APIRouter, Depends, HTTPException, Request, Response

from todo_chatbot.http.responses import json_response
from todo_chatbot.runtimes.dapr.delivery import DEAD_LETTERS_ROUTE, EVENTS_ROUTE, Status
from todo_chatbot.runtimes.dapr.next_occurrences import NEXT_OCCURRENCE_METHOD
from todo_chatbot.runtimes.dapr.wiring import ConsumerRuntime, DaprBackendRuntime

log = structlog.get_logger(__name__)


def _token_matches(request: Request, *, required: bool) -> bool:
    configured = request.app.state.runtime.settings.app_api_token
    if configured is None:
        return not required
    given = request.headers.get("dapr-api-token", "")
    return hmac.compare_digest(given.encode(), configured.get_secret_value().encode())


async def from_dapr(request: Request) -> None:
    """The call came through the sidecar (when an app token is configured)."""
    if not _token_matches(request, required=False):
        raise HTTPException(401, "Only the Dapr sidecar may call this route")


async def from_service(request: Request) -> None:
    """The call came from another service through Dapr: the app token is required."""
    if not _token_matches(request, required=True):
        raise HTTPException(401, "A service-only route: call it through Dapr with the app token")


FromDapr = Depends(from_dapr)
FromService = Depends(from_service)


async def _json_body(request: Request) -> Any:
    try:
        return orjson.loads(await request.body())
    except orjson.JSONDecodeError:
        return None


def delivery_router() -> APIRouter:
    """The subscriber side of pub/sub, for an app whose runtime has a ``delivery``."""
    router = APIRouter(tags=["dapr"], dependencies=[FromDapr], include_in_schema=False)

    @router.post(EVENTS_ROUTE)
    async def deliver(topic: str, request: Request) -> Response:
        runtime: ConsumerRuntime | DaprBackendRuntime = request.app.state.runtime
        envelope = await _json_body(request)
        status = (
            await runtime.delivery.deliver(topic, envelope)
            if isinstance(envelope, dict)
            else Status.DROP
        )
        return json_response({"status": status.value})

    @router.post(DEAD_LETTERS_ROUTE)
    async def keep_dead_letter(topic: str, request: Request) -> Response:
        runtime: ConsumerRuntime | DaprBackendRuntime = request.app.state.runtime
        envelope = await _json_body(request)
        status = await runtime.delivery.keep_dead_letter(topic, envelope)
        return json_response({"status": status.value})

    return router


def backend_router() -> APIRouter:
    """The backend's routes for Dapr: job callbacks, the cron binding, service calls."""
    router = APIRouter(tags=["dapr"], include_in_schema=False)

    @router.post("/job/{name}", dependencies=[FromDapr])
    async def job_due(name: str, request: Request) -> Response:
        runtime: DaprBackendRuntime = request.app.state.runtime
        data = await _json_body(request)
        await runtime.fire_job(name, data if isinstance(data, dict) else {})
        return Response(status_code=200)

    @router.api_route("/housekeeping", methods=["POST", "OPTIONS"], dependencies=[FromDapr])
    async def housekeeping(request: Request) -> Response:
        runtime: DaprBackendRuntime = request.app.state.runtime
        if request.method == "POST":
            await runtime.keep_house()
        return Response(status_code=200)

    @router.post(f"/{NEXT_OCCURRENCE_METHOD}", dependencies=[FromService])
    async def next_occurrence(request: Request) -> Response:
        runtime: DaprBackendRuntime = request.app.state.runtime
        body = await _json_body(request)
        if not isinstance(body, dict) or not {"user_id", "task_id", "event_id"} <= body.keys():
            raise HTTPException(422, "user_id, task_id and event_id are required")
        created = await runtime.next_occurrences.create_after(
            user_id=str(body["user_id"]),
            task_id=str(body["task_id"]),
            event_id=str(body["event_id"]),
            snapshot=body.get("snapshot"),
        )
        return json_response({"created": created})

    return router
