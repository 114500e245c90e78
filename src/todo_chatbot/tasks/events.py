"""Events: the topics, the types, the CloudEvents envelope and the data schemas.

Every change to a task becomes a ``task-events`` event (for audit and
recurrence) and a ``task-updates`` event (for live updates); a reminder's time
becomes a ``reminders`` event. These models are the one definition every
service shares; ``docs/asyncapi.json`` is generated from them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from todo_chatbot.core.ids import new_id
from todo_chatbot.core.timekeeping import format_due, format_instant, format_timestamp, to_millis
from todo_chatbot.tasks.representation import TaskView, changes_view, task_view
from todo_chatbot.tasks.task import Changes, Task

SCHEMA_VERSION: Final = 1


class Topic(StrEnum):
    TASK_EVENTS = "task-events"
    REMINDERS = "reminders"
    TASK_UPDATES = "task-updates"


class EventType(StrEnum):
    TASK_CREATED = "task.created"
    TASK_UPDATED = "task.updated"
    TASK_COMPLETED = "task.completed"
    TASK_REOPENED = "task.reopened"
    TASK_DELETED = "task.deleted"
    REMINDER_DUE = "reminder.due"
    TASK_CHANGED = "task.changed"


class Actor(StrEnum):
    """Who made a change: a person through the API or the chat, or a service."""

    USER = "user"
    CHAT = "chat"
    RECURRING = "recurring"
    SYSTEM = "system"


TASK_EVENT_TYPES: Final = (
    EventType.TASK_CREATED,
    EventType.TASK_UPDATED,
    EventType.TASK_COMPLETED,
    EventType.TASK_REOPENED,
    EventType.TASK_DELETED,
)
_CHANGE_NAMES: Final = {
    EventType.TASK_CREATED: "created",
    EventType.TASK_UPDATED: "updated",
    EventType.TASK_COMPLETED: "completed",
    EventType.TASK_REOPENED: "reopened",
    EventType.TASK_DELETED: "deleted",
}


class TaskEventData(BaseModel):
    """The data of a ``task-events`` event."""

    model_config = ConfigDict(extra="allow")

    user_id: str
    task_id: str
    task: TaskView | None = Field(description="The task after the change; null once deleted")
    changes: dict[str, list[Any]] = Field(description="field: [old, new]")
    actor: Actor
    schema_version: Literal[1]


class TaskChangedData(BaseModel):
    """The data of a ``task-updates`` event: what a live client is pushed."""

    model_config = ConfigDict(extra="allow")

    user_id: str
    task_id: str
    change: Literal["created", "updated", "completed", "reopened", "deleted"]
    task: TaskView | None


class ReminderDueData(BaseModel):
    """The data of a ``reminders`` event."""

    model_config = ConfigDict(extra="allow")

    user_id: str
    task_id: str
    title: str
    due: str | None
    remind_at: str
    late: bool = Field(
        False,
        description="The reminder fired more than a minute after its time (the system was down)",
    )
    schema_version: Literal[1]


EventData = TaskEventData | TaskChangedData | ReminderDueData

DATA_MODELS: Final[dict[str, type[BaseModel]]] = {
    **{event_type.value: TaskEventData for event_type in TASK_EVENT_TYPES},
    EventType.TASK_CHANGED.value: TaskChangedData,
    EventType.REMINDER_DUE.value: ReminderDueData,
}


class Envelope(BaseModel):
    """A CloudEvents 1.0 envelope in JSON."""

    model_config = ConfigDict(extra="allow")

    specversion: Literal["1.0"]
    id: str = Field(min_length=1, description="Unique per event: the idempotency key")
    source: str
    type: str
    subject: str = Field(description="The task id")
    time: datetime
    datacontenttype: Literal["application/json"] = "application/json"
    data: dict[str, Any]


class PoisonEvent(ValueError):
    """An event that can never be handled: unreadable, or not of a known shape."""


@dataclass(frozen=True)
class Event:
    """One event, as published and as received."""

    topic: str
    id: str
    type: str
    source: str
    subject: str
    time: datetime
    data: dict[str, Any]
    sequence: int | None = None
    """Where the event stands in the order changes were committed, when the transport
    says (CloudEvents' ``sequence`` extension, set by the Dapr runtime's outbox relay)."""

    def envelope(self) -> dict[str, Any]:
        """The CloudEvents JSON envelope."""
        return {
            "specversion": "1.0",
            "id": self.id,
            "source": self.source,
            "type": self.type,
            "subject": self.subject,
            "time": format_timestamp(self.time),
            "datacontenttype": "application/json",
            "data": self.data,
        }

    @property
    def user_id(self) -> str:
        return str(self.data["user_id"])


def decode_event(topic: str, envelope: dict[str, Any]) -> tuple[Event, EventData]:
    """Check a received envelope and its data; raises :class:`PoisonEvent`."""
    try:
        checked = Envelope.model_validate(envelope)
        model = DATA_MODELS.get(checked.type)
        if model is None:
            raise PoisonEvent(f"unknown event type {checked.type!r}")
        data = model.model_validate(checked.data)
    except ValidationError as exc:
        raise PoisonEvent(f"malformed event: {exc.errors()[:3]}") from exc
    event = Event(
        topic=topic,
        id=checked.id,
        type=checked.type,
        source=checked.source,
        subject=checked.subject,
        time=checked.time,
        data=checked.data,
        sequence=_sequence(envelope.get("sequence")),
    )
    return event, data  # type: ignore[return-value]


def _sequence(value: Any) -> int | None:
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 19:
        return int(value)
    return None


def task_events(
    event_type: EventType,
    *,
    task: Task,
    changes: Changes,
    actor: Actor,
    tz: ZoneInfo,
    now: datetime,
    source: str,
) -> list[Event]:
    """The two events a task change publishes: the fact, and the live update."""
    view = None if event_type is EventType.TASK_DELETED else task_view(task, tz)
    fact = Event(
        topic=Topic.TASK_EVENTS,
        id=new_id(),
        type=event_type.value,
        source=source,
        subject=task.id,
        time=now,
        data={
            "user_id": task.user_id,
            "task_id": task.id,
            "task": view,
            "changes": changes_view(changes, tz),
            "actor": actor.value,
            "schema_version": SCHEMA_VERSION,
        },
    )
    live = Event(
        topic=Topic.TASK_UPDATES,
        id=new_id(),
        type=EventType.TASK_CHANGED.value,
        source=source,
        subject=task.id,
        time=now,
        data={
            "user_id": task.user_id,
            "task_id": task.id,
            "change": _CHANGE_NAMES[event_type],
            "task": view,
        },
    )
    return [fact, live]


_REMINDER_IDS: Final = uuid.UUID("6f1d3c8e-2b7a-4e59-9a0c-5d4e3f2a1b0c")


def reminder_id(task_id: str, at: datetime, *, snoozed: bool = False) -> str:
    """The id of the reminder of ``task_id`` at ``at``: the same however often its time
    is signalled, so it is told once."""
    key = f"{task_id}@{to_millis(at)}" + ("~snoozed" if snoozed else "")
    return str(uuid.uuid5(_REMINDER_IDS, key))


def reminder_due_event(
    task: Task,
    *,
    tz: ZoneInfo,
    now: datetime,
    source: str,
    late: bool = False,
    snoozed_until: datetime | None = None,
) -> Event:
    """The ``reminder.due`` event of a task whose reminder time has come (its
    ``remind_at``, or the instant it was snoozed until)."""
    at = snoozed_until or task.remind_at
    assert at is not None
    return Event(
        topic=Topic.REMINDERS,
        id=reminder_id(task.id, at, snoozed=snoozed_until is not None),
        type=EventType.REMINDER_DUE.value,
        source=source,
        subject=task.id,
        time=now,
        data={
            "user_id": task.user_id,
            "task_id": task.id,
            "title": task.title,
            "due": format_due(task.due, tz) if task.due is not None else None,
            "remind_at": format_instant(at, tz),
            "late": late,
            "snoozed": snoozed_until is not None,
            "schema_version": SCHEMA_VERSION,
        },
    )
