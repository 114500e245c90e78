"""The audit trail: every change to the user's tasks, newest first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from todo_chatbot.core.timekeeping import format_timestamp
from todo_chatbot.http.deps import CurrentUser, RuntimeDep, read_limit
from todo_chatbot.http.responses import json_response
from todo_chatbot.http.schemas import AuditPageOut

router = APIRouter(prefix="/api", tags=["audit"])


@router.get("/audit", response_model=AuditPageOut)
async def list_audit(
    user: CurrentUser,
    runtime: RuntimeDep,
    task_id: Annotated[str | None, Query(description="Only this task's entries")] = None,
    limit: Annotated[str | None, Query(description="1 to 200 (default 50)")] = None,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
) -> Response:
    """The user's audit entries, newest first."""
    page = await runtime.audit.list_entries(
        user.id, task_id=task_id or None, limit=read_limit(limit), cursor=cursor or None
    )
    items = [
        {
            "id": entry.event_id,
            "event_type": entry.event_type,
            "task_id": entry.task_id,
            "occurred_at": format_timestamp(entry.occurred_at),
            "actor": entry.actor,
            "data": entry.data,
        }
        for entry in page.items
    ]
    return json_response({"items": items, "next_cursor": page.next_cursor})
