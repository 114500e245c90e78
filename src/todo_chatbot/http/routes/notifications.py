"""Notifications: list them, mark them read, snooze a reminder."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from todo_chatbot.core.errors import ValidationFailed
from todo_chatbot.core.timekeeping import (
    InvalidTime,
    check_supported,
    check_written_date,
    parse_instant,
)
from todo_chatbot.http import constraints
from todo_chatbot.http.deps import CurrentUser, RuntimeDep, read_limit
from todo_chatbot.http.idempotency import OnceDep
from todo_chatbot.http.responses import json_response
from todo_chatbot.http.schemas import _Strict
from todo_chatbot.notifications import use_cases
from todo_chatbot.notifications.notification import notification_view

router = APIRouter(prefix="/api/notifications", tags=["notifications"])

_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such notification (or not yours)"}
}


# A notification as the API shows it and live clients receive it.
class NotificationOut(BaseModel):
    id: str
    kind: str = Field(description="reminder")
    task_id: str | None
    title: str
    message: str
    created_at: str
    read_at: str | None
    late: bool = Field(description="The reminder fired over a minute late (the system was down)")
    snoozed_until: str | None = Field(description="When a snoozed reminder comes back")


# A page of notifications, newest first.
class NotificationPageOut(BaseModel):
    items: list[NotificationOut]
    next_cursor: str | None


# What POST /api/notifications/read-all answers.
class MarkedOut(BaseModel):
    read: int = Field(description="How many were unread")


# What POST /api/notifications/{id}/snooze accepts.
MAX_SNOOZE_MINUTES = use_cases.MAX_SNOOZE // timedelta(minutes=1)


class SnoozeIn(_Strict):
    minutes: int | None = Field(
        None,
        description="Come back in this many minutes (1 to 527,040; 10 if neither is given)",
        json_schema_extra={"minimum": 1, "maximum": MAX_SNOOZE_MINUTES},
    )
    until: str | None = Field(
        None,
        description="Or at this date-time (one without an offset is in your zone)",
        json_schema_extra=constraints.DATE_TIME,
    )


@router.get("", response_model=NotificationPageOut)
async def list_notifications(
    user: CurrentUser,
    runtime: RuntimeDep,
    unread: Annotated[bool, Query(description="true: only those not read yet")] = False,
    limit: Annotated[str | None, Query(description="1 to 200 (default 50)")] = None,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
) -> Response:
    """Your notifications, newest first."""
    page = await runtime.notifications.list_notifications(
        user.id, unread_only=unread, limit=read_limit(limit), cursor=cursor or None
    )
    return json_response(
        {"items": [notification_view(n) for n in page.items], "next_cursor": page.next_cursor}
    )


@router.post("/read-all", response_model=MarkedOut)
async def read_all(user: CurrentUser, runtime: RuntimeDep, once: OnceDep) -> Response:
    """Mark every notification read."""

    async def mark() -> Response:
        read = await runtime.notifications.mark_all_read(user.id, at=runtime.clock.now())
        return json_response({"read": read})

    return await once.write(mark)


@router.post("/{notification_id}/read", response_model=NotificationOut, responses=_NOT_FOUND)
async def read_one(
    notification_id: str, user: CurrentUser, runtime: RuntimeDep, once: OnceDep
) -> Response:
    """Mark one notification read (one read already keeps when it was)."""

    async def mark() -> Response:
        notification = await runtime.notifications.mark_read(
            user.id, notification_id, at=runtime.clock.now()
        )
        return json_response(notification_view(notification))

    return await once.write(mark)


@router.post("/{notification_id}/snooze", response_model=NotificationOut, responses=_NOT_FOUND)
async def snooze(
    notification_id: str,
    user: CurrentUser,
    runtime: RuntimeDep,
    once: OnceDep,
    body: SnoozeIn | None = None,
) -> Response:
    """Bring a reminder back later; the notification is read meanwhile."""
    given = body or SnoozeIn()
    until = None
    if given.until is not None:
        try:
            until = parse_instant(given.until.strip(), user.tz)
            check_supported(until)
            check_written_date(given.until)
        except InvalidTime as exc:
            raise ValidationFailed.single("until", str(exc)) from None

    async def snooze_it() -> Response:
        notification = await use_cases.snooze(
            notifications=runtime.notifications,
            scheduler=runtime.scheduler,
            clock=runtime.clock,
            user_id=user.id,
            notification_id=notification_id,
            minutes=given.minutes,
            until=until,
        )
        return json_response(notification_view(notification))

    return await once.write(snooze_it)
