"""Request and answer models of the HTTP API, for checking types and for OpenAPI.

Requests are checked here for shape and type only; the rules (lengths, dates
that exist, valid RRULEs...) are the domain's. Answers are rendered by the
domain's representation, which these models describe.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from todo_chatbot.http import constraints
from todo_chatbot.tasks.representation import TaskView

PriorityName = Literal["high", "medium", "low"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# What POST /api/auth/register accepts.
class RegisterIn(_Strict):
    email: str = Field(json_schema_extra=constraints.EMAIL)
    password: str = Field(json_schema_extra=constraints.PASSWORD)
    name: str | None = Field(None, json_schema_extra=constraints.NAME)
    timezone: str | None = Field(
        None,
        description="IANA zone, e.g. America/New_York; UTC if unset",
        json_schema_extra=constraints.timezone_or_null,
    )


# What POST /api/auth/login accepts.
class LoginIn(_Strict):
    email: str = Field(json_schema_extra=constraints.EMAIL)
    password: str = Field(json_schema_extra=constraints.TEXT)


# What PATCH /api/me accepts.
class ProfileIn(_Strict):
    name: str | None = Field(None, json_schema_extra=constraints.NAME)
    timezone: str | None = Field(None, json_schema_extra=constraints.timezone)


# What /api/me and the auth routes return for a user.
class UserOut(BaseModel):
    id: str
    email: str
    name: str | None
    timezone: str


# What the auth routes return.
class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    user: UserOut


def _task_rules(schema: dict[str, Any]) -> None:
    """The rules that join fields: a recurrence needs a due, and a reminder is
    remind_at or remind_before_minutes, not both."""
    schema["allOf"] = constraints.TASK_FIELD_RULES


_DUE = "A date (YYYY-MM-DD) or a date-time; one without an offset is read in the user's zone"
_REPEAT_FROM = (
    "What a recurring task's next occurrence is counted from: due (its schedule, the"
    " default) or completion (the rule applied from the day it is done: FREQ=DAILY;"
    "INTERVAL=3 is 3 days after). completion needs a recurrence"
)
RepeatFromName = Literal["due", "completion"]
_REMIND_BEFORE = (
    "A reminder this many minutes before the due (from 09:00 for a date-only due), moving"
    " with it; instead of remind_at. 0 to 527,040 (a year)"
)


# What POST /api/tasks accepts (title required) and PUT replaces (absent fields are cleared).
class TaskIn(_Strict):
    model_config = ConfigDict(json_schema_extra=_task_rules)

    title: str = Field(
        description="1 to 500 characters after trimming", json_schema_extra=constraints.TITLE
    )
    description: str | None = Field(
        None, description="Up to 10,000 characters", json_schema_extra=constraints.DESCRIPTION
    )
    due: str | None = Field(None, description=_DUE, json_schema_extra=constraints.DUE)
    remind_at: str | None = Field(
        None, description="A date-time", json_schema_extra=constraints.DATE_TIME
    )
    remind_before_minutes: int | None = Field(
        None, description=_REMIND_BEFORE, json_schema_extra=constraints.REMIND_BEFORE
    )
    priority: PriorityName | None = None
    tags: list[str] | None = Field(
        None,
        description="At most 20; each 1 to 50 letters, digits, '-' or '_'",
        json_schema_extra=constraints.TAGS,
    )
    recurrence: str | None = Field(
        None,
        description="An RRULE of at most daily frequency, e.g. FREQ=WEEKLY;BYDAY=MO",
        json_schema_extra=constraints.RECURRENCE,
    )
    repeat_from: RepeatFromName | None = Field(None, description=_REPEAT_FROM)


# What PATCH /api/tasks/{id} accepts: only the fields given change; null clears one.
class TaskPatch(_Strict):
    title: str | None = Field(None, json_schema_extra=constraints.TITLE)
    description: str | None = Field(None, json_schema_extra=constraints.DESCRIPTION)
    due: str | None = Field(None, description=_DUE, json_schema_extra=constraints.DUE)
    remind_at: str | None = Field(None, json_schema_extra=constraints.DATE_TIME)
    remind_before_minutes: int | None = Field(
        None, description=_REMIND_BEFORE, json_schema_extra=constraints.REMIND_BEFORE
    )
    priority: PriorityName | None = None
    tags: list[str] | None = Field(None, json_schema_extra=constraints.TAGS)
    recurrence: str | None = Field(None, json_schema_extra=constraints.RECURRENCE)
    repeat_from: RepeatFromName | None = Field(None, description=_REPEAT_FROM)


# A page of tasks.
class TaskPage(BaseModel):
    items: list[TaskView]
    next_cursor: str | None


# The next dates of a task's series.
class OccurrencesOut(BaseModel):
    task_id: str
    recurrence: str | None
    repeat_from: RepeatFromName | None
    occurrences: list[str] = Field(
        description="The task's due, then the dates its rule gives after it (as many as"
        " count asks, fewer when the series ends); only the due for a task that repeats"
        " after completion, or none for a task without a due"
    )


# One entry of the audit trail.
class AuditEntryOut(BaseModel):
    id: str = Field(description="The id of the event recorded")
    event_type: str
    task_id: str
    occurred_at: str
    actor: str
    data: dict[str, Any]


# A page of the audit trail, newest first.
class AuditPageOut(BaseModel):
    items: list[AuditEntryOut]
    next_cursor: str | None
