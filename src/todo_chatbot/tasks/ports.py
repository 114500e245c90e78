"""The ports tasks need: the tasks and the outbox in a unit of work, the read side
that answers lists and lookups, and a scheduler of jobs (Dapr's Jobs API
implements it, ``runtimes/dapr/scheduler.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from todo_chatbot.core.unit_of_work import UnitOfWork
from todo_chatbot.tasks.events import Event
from todo_chatbot.tasks.queries import ListQuery
from todo_chatbot.tasks.task import Task


class TaskRepository(Protocol):
    async def add(self, task: Task) -> None: ...

    async def get(self, user_id: str, task_id: str) -> Task:
        """The user's task; raises TaskNotFound for a missing or foreign one."""
        ...

    async def save(self, task: Task) -> None:
        """Store a changed task; its version went up by one since it was read."""
        ...

    async def remove(self, task: Task) -> None: ...

    async def has_occurrence(self, user_id: str, series_id: str, occurrence: int) -> bool:
        """Whether the series has a task numbered ``occurrence`` or later."""
        ...


class Inbox(Protocol):
    async def claim(self, consumer: str, event_id: str) -> bool:
        """True the first time ``consumer`` claims ``event_id``; False ever after."""
        ...


class TaskUnitOfWork(UnitOfWork, Protocol):
    """A change to tasks: what it saves and the events it publishes commit together."""

    @property
    def tasks(self) -> TaskRepository: ...

    @property
    def inbox(self) -> Inbox: ...

    def publish(self, *events: Event) -> None:
        """Queue events to be written with the change (the outbox)."""
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


class Scheduler(Protocol):
    """Fires a named job at an instant with its data, in the shape of Dapr's Jobs API:
    scheduling a name again replaces its job, cancelling an unknown name is not an
    error, and when a job's time comes the runtime hands its data, at least once,
    to the use case the name is for (a reminder's to :func:`~.reminders.fire_reminder`)."""

    async def schedule(self, name: str, at: datetime, data: dict[str, Any]) -> None: ...

    async def cancel(self, name: str) -> None: ...
