"""The recurring service: when a recurring task is completed, its next occurrence is
created, once however often the completion is delivered.

The handler receives ``task.completed`` (``task-events``, consumer
``recurring``) and asks :class:`NextOccurrences` to create the series' next
task. In one process that is :class:`LocalNextOccurrences`, which runs the use
case here; in the distributed runtime the recurring service asks the backend
through Dapr service invocation, and the backend runs the same
:class:`LocalNextOccurrences`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Protocol
from zoneinfo import ZoneInfo

from todo_chatbot.accounts.ports import UserDirectory
from todo_chatbot.core.clock import Clock
from todo_chatbot.core.errors import TaskNotFound
from todo_chatbot.core.ids import new_id
from todo_chatbot.core.unit_of_work import AlreadyHandled, UnitOfWorkFactory, in_unit_of_work
from todo_chatbot.tasks.events import Actor, Event, EventData, EventType, TaskEventData
from todo_chatbot.tasks.ports import TaskUnitOfWork
from todo_chatbot.tasks.representation import task_from_view
from todo_chatbot.tasks.task import Status, Task
from todo_chatbot.tasks.use_cases import Caller, publish_change

RECURRING_CONSUMER: Final = "recurring"


class NextOccurrences(Protocol):
    """How the recurring service has a series' next task created."""

    async def create_after(
        self, *, user_id: str, task_id: str, event_id: str, snapshot: dict[str, Any] | None
    ) -> str | None:
        """Create the task that follows ``task_id`` (completed by event ``event_id``);
        the new task's id, or None when there is none (the series ended, or it exists)."""
        ...


async def schedule_next_occurrence(
    event: Event, data: EventData, *, occurrences: NextOccurrences
) -> None:
    """When a recurring task is completed, have its next occurrence created."""
    if event.type != EventType.TASK_COMPLETED or not isinstance(data, TaskEventData):
        return
    if data.task is None or data.task.recurrence is None:
        return
    await occurrences.create_after(
        user_id=data.user_id,
        task_id=data.task_id,
        event_id=event.id,
        snapshot=data.task.model_dump(),
    )


@dataclass(frozen=True)
class LocalNextOccurrences:
    """Creates the next occurrence in this process, in its owner's zone."""

    uow_factory: UnitOfWorkFactory[TaskUnitOfWork]
    users: UserDirectory
    clock: Clock

    async def create_after(
        self, *, user_id: str, task_id: str, event_id: str, snapshot: dict[str, Any] | None
    ) -> str | None:
        user = await self.users.get(user_id)
        if user is None:
            return None
        created = await create_next_occurrence(
            uow=self.uow_factory(durable=False),
            clock=self.clock,
            user_id=user_id,
            tz=user.tz,
            task_id=task_id,
            event_id=event_id,
            snapshot=snapshot,
        )
        return created.id if created else None


async def create_next_occurrence(
    *,
    uow: TaskUnitOfWork,
    clock: Clock,
    user_id: str,
    tz: ZoneInfo,
    task_id: str,
    event_id: str,
    snapshot: Mapping[str, Any] | None,
) -> Task | None:
    """Create the occurrence after a completed recurring task, once however often asked.

    The stored task gives the series' anchor and occurrence number; if it was
    deleted since, ``snapshot`` (the task as the completion event shows it)
    stands in. The event id is claimed in the same commit, and no occurrence is
    made when the series has one after the completed task's already (its
    occurrence number is unique), so neither a redelivered event nor a task
    reopened and completed again, even later, makes a second one. A task reopened
    before the event comes (a completion undone) has no next occurrence.
    """

    async def change(uow: TaskUnitOfWork) -> Task | None:
        if not await uow.inbox.claim(RECURRING_CONSUMER, event_id):
            return None
        completed = await _completed_task(uow, user_id, task_id, snapshot, tz)
        if completed is not None and completed.status is not Status.COMPLETED:
            completed = None  # reopened since (an undo): it has no next occurrence
        now = clock.now()
        following = (
            completed.next_occurrence(task_id=new_id(), now=now, tz=tz) if completed else None
        )
        if following is not None and not await _occurrence_exists(
            uow, following, after=(completed.occurrence if completed else None) or 1
        ):
            await uow.tasks.add(following)
            caller = Caller(user_id=user_id, tz=tz, actor=Actor.RECURRING)
            publish_change(uow, EventType.TASK_CREATED, following, {}, caller, clock)
        else:
            following = None
        await uow.commit()
        return following

    try:
        return await in_unit_of_work(uow, change)
    except AlreadyHandled:
        return None


async def _completed_task(
    uow: TaskUnitOfWork,
    user_id: str,
    task_id: str,
    snapshot: Mapping[str, Any] | None,
    tz: ZoneInfo,
) -> Task | None:
    try:
        return await uow.tasks.get(user_id, task_id)
    except TaskNotFound:
        return task_from_view(snapshot, user_id=user_id, tz=tz) if snapshot else None


async def _occurrence_exists(uow: TaskUnitOfWork, task: Task, after: int) -> bool:
    """Whether the series already has an occurrence after the completed one (made when
    it was completed before, perhaps with other dates passed over)."""
    if task.series_id is None:
        return False
    return await uow.tasks.has_occurrence(task.user_id, task.series_id, after + 1)
