"""The audit trail's entries, where they are kept and read, and the handler that
keeps every task event once in its owner's trail (``task-events``, consumer
``audit``): an event id already kept is ignored, so a redelivery changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Protocol

from todo_chatbot.core.unit_of_work import UnitOfWork, UnitOfWorkFactory
from todo_chatbot.tasks.events import Event, EventData, TaskEventData

AUDIT_CONSUMER: Final = "audit"


@dataclass(frozen=True)
class AuditEntry:
    event_id: str
    user_id: str
    task_id: str
    event_type: str
    occurred_at: datetime
    actor: str
    data: dict[str, Any]
    sequence: int | None = None
    """The event's place in commit order, where the transport gives it (Dapr's relay)."""


@dataclass(frozen=True)
class AuditPage:
    items: list[AuditEntry]
    next_cursor: str | None


class AuditLog(Protocol):
    async def record(self, entry: AuditEntry) -> None:
        """Keep ``entry``; an entry for an event id already kept is ignored."""
        ...


class AuditUnitOfWork(UnitOfWork, Protocol):
    @property
    def audit(self) -> AuditLog: ...


class AuditViews(Protocol):
    async def list_entries(
        self, user_id: str, *, task_id: str | None, limit: int, cursor: str | None
    ) -> AuditPage: ...


async def record_audit_entry(
    event: Event, data: EventData, *, uow_factory: UnitOfWorkFactory[AuditUnitOfWork]
) -> None:
    """Keep a task event once in its owner's audit trail."""
    await record_audit_entries([(event, data)], uow_factory=uow_factory)


async def record_audit_entries(
    events: list[tuple[Event, EventData]], *, uow_factory: UnitOfWorkFactory[AuditUnitOfWork]
) -> None:
    """Keep task events once each in their owners' audit trails, in one commit."""
    entries = [
        AuditEntry(
            event_id=event.id,
            user_id=data.user_id,
            task_id=data.task_id,
            event_type=event.type,
            occurred_at=event.time,
            actor=data.actor.value,
            data=event.data,
            sequence=event.sequence,
        )
        for event, data in events
        if isinstance(data, TaskEventData)
    ]
    if not entries:
        return
    async with uow_factory(durable=False) as uow:
        for entry in entries:
            await uow.audit.record(entry)
        await uow.commit()
