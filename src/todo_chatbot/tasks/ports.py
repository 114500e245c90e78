"""The store: repositories, the unit of work that commits changes with their
events, and the read side that answers lists and lookups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self
from zoneinfo import ZoneInfo

from todo_chatbot.accounts.users import User
from todo_chatbot.notifications.notification import Notification
from todo_chatbot.tasks.events import Event
from todo_chatbot.tasks.queries import ListQuery
from todo_chatbot.tasks.task import Task


class ConcurrentChange(Exception):
    """Something this unit of work read changed before it could commit; nothing was
    written. Running the unit again from the start succeeds unless it changes again."""


class AlreadyHandled(Exception):
    """An event this unit of work claimed was claimed by another one first; nothing
    was written (the other one did the work)."""


class TaskRepository(Protocol):
    async def add(self, task: Task) -> None: ...

    async def get(self, user_id: str, task_id: str) -> Task:
        """The user's task; raises TaskNotFound for a missing or foreign one."""
        ...

    async def save(self, task: Task) -> None:
        """Store a changed task; its version went up by one since it was read."""
        ...

    async def remove(self, task: Task) -> None: ...

    async def has_occurrence(self, user_id: str, series_id: str, occurrence: int) -> bool: ...


class UserRepository(Protocol):
    async def add(self, user: User) -> None:
        """Store a new user; raises EmailTaken."""
        ...

    async def get(self, user_id: str) -> User | None: ...

    async def by_email(self, email: str) -> User | None: ...

    async def save(self, user: User) -> None: ...


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


class AuditLog(Protocol):
    async def record(self, entry: AuditEntry) -> None:
        """Keep ``entry``; an entry for an event id already kept is ignored."""
        ...


class NotificationLog(Protocol):
    async def record(self, notification: Notification) -> None:
        """Keep ``notification``; one for an event id already kept is ignored."""
        ...


class Inbox(Protocol):
    async def claim(self, consumer: str, event_id: str) -> bool:
        """True the first time ``consumer`` claims ``event_id``; False ever after."""
        ...


class UnitOfWork(Protocol):
    """One atomic change: what it saves and the events it publishes commit together."""

    @property
    def tasks(self) -> TaskRepository: ...

    @property
    def users(self) -> UserRepository: ...

    @property
    def audit(self) -> AuditLog: ...

    @property
    def inbox(self) -> Inbox: ...

    @property
    def notifications(self) -> NotificationLog: ...

    def publish(self, *events: Event) -> None:
        """Queue events to be written with the change (the outbox)."""
        ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, durable: bool = True) -> UnitOfWork:
        """A fresh unit of work; ``durable=False`` may skip flushing to disk on commit
        (for state that can be rebuilt from the outbox, such as a handler's effects)."""
        ...


@dataclass(frozen=True)
class TaskPage:
    items: list[Task]
    next_cursor: str | None


@dataclass(frozen=True)
class TaskJson:
    """A task already rendered as its JSON representation, and its version."""

    json: bytes
    version: int


@dataclass(frozen=True)
class TaskJsonPage:
    """A page of tasks rendered as JSON objects, ready to be joined into an answer."""

    items: list[bytes]
    next_cursor: str | None


@dataclass(frozen=True)
class AuditPage:
    items: list[AuditEntry]
    next_cursor: str | None


class TaskViews(Protocol):
    """The read side for tasks: lookups and lists without a unit of work."""

    async def get(self, user_id: str, task_id: str) -> Task:
        """The user's task; raises TaskNotFound for a missing or foreign one."""
        ...

    async def get_view(self, user_id: str, task_id: str) -> TaskJson:
        """The same, as its JSON representation (the API's answer, in the owner's zone)."""
        ...

    async def list_tasks(
        self, user_id: str, query: ListQuery, *, now: datetime, tz: ZoneInfo
    ) -> TaskPage: ...

    async def list_views(
        self, user_id: str, query: ListQuery, *, now: datetime, tz: ZoneInfo
    ) -> TaskJsonPage:
        """The same page, each task as its JSON representation."""
        ...


class AuditViews(Protocol):
    async def list_entries(
        self, user_id: str, *, task_id: str | None, limit: int, cursor: str | None
    ) -> AuditPage: ...


class UserDirectory(Protocol):
    """Fast lookups of users by id for authentication (may cache)."""

    async def get(self, user_id: str) -> User | None: ...
