"""Task use cases: each loads, changes and saves through one unit of work, and
publishes the change's events in the same commit. Input arrives checked and
typed: the entry point reads it (:func:`~todo_chatbot.tasks.task.read_task_input`).

Every use case takes keyword arguments only, so call sites read as sentences.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Final
from zoneinfo import ZoneInfo

from todo_chatbot.core.clock import Clock
from todo_chatbot.core.errors import VersionConflict
from todo_chatbot.core.ids import new_id
from todo_chatbot.core.unit_of_work import in_unit_of_work
from todo_chatbot.tasks.events import Actor, EventType, task_events
from todo_chatbot.tasks.ports import TaskUnitOfWork
from todo_chatbot.tasks.task import Changes, Task, TaskInput

SOURCE: Final = "todo-chatbot/backend"


@dataclass(frozen=True)
class Caller:
    """Who acts: the user whose tasks these are, their zone, and through what."""

    user_id: str
    tz: ZoneInfo
    actor: Actor = Actor.USER


async def add_task(*, uow: TaskUnitOfWork, clock: Clock, caller: Caller, fields: TaskInput) -> Task:
    """Create a task from checked editable fields (:func:`read_task_input`, title required)."""
    now = clock.now()
    task = Task.create(
        task_id=new_id(),
        user_id=caller.user_id,
        fields=fields,
        now=now,
        tz=caller.tz,
        new_series_id=new_id(),
    )

    return await in_unit_of_work(uow, _creating(task, caller, clock))


async def update_task(
    *,
    uow: TaskUnitOfWork,
    clock: Clock,
    caller: Caller,
    task_id: str,
    fields: TaskInput,
    expected_version: int | None = None,
) -> Task:
    """Change the fields given (checked by :func:`read_task_input`; None clears one)."""

    async def change(uow: TaskUnitOfWork) -> Task:
        task = await uow.tasks.get(caller.user_id, task_id)
        _check_version(task, expected_version)
        changes = task.update(fields, now=clock.now(), tz=caller.tz, new_series_id=new_id())
        if changes:
            await uow.tasks.save(task)
            publish_change(uow, EventType.TASK_UPDATED, task, changes, caller, clock)
            await uow.commit()
        return task

    return await in_unit_of_work(uow, change)


async def complete_task(
    *,
    uow: TaskUnitOfWork,
    clock: Clock,
    caller: Caller,
    task_id: str,
    expected_version: int | None = None,
) -> Task:
    """Mark a task done; a recurring task's next occurrence follows from the event."""

    async def change(uow: TaskUnitOfWork) -> Task:
        task = await uow.tasks.get(caller.user_id, task_id)
        _check_version(task, expected_version)
        changes = task.complete(clock.now())
        if changes:
            await uow.tasks.save(task)
            publish_change(uow, EventType.TASK_COMPLETED, task, changes, caller, clock)
            await uow.commit()
        return task

    return await in_unit_of_work(uow, change)


async def reopen_task(
    *,
    uow: TaskUnitOfWork,
    clock: Clock,
    caller: Caller,
    task_id: str,
    expected_version: int | None = None,
) -> Task:
    """Mark a completed task pending again."""

    async def change(uow: TaskUnitOfWork) -> Task:
        task = await uow.tasks.get(caller.user_id, task_id)
        _check_version(task, expected_version)
        changes = task.reopen(clock.now())
        if changes:
            await uow.tasks.save(task)
            publish_change(uow, EventType.TASK_REOPENED, task, changes, caller, clock)
            await uow.commit()
        return task

    return await in_unit_of_work(uow, change)


async def delete_task(
    *,
    uow: TaskUnitOfWork,
    clock: Clock,
    caller: Caller,
    task_id: str,
    expected_version: int | None = None,
) -> None:
    """Delete a task (its audit trail stays)."""

    async def change(uow: TaskUnitOfWork) -> None:
        task = await uow.tasks.get(caller.user_id, task_id)
        _check_version(task, expected_version)
        await uow.tasks.remove(task)
        publish_change(uow, EventType.TASK_DELETED, task, {}, caller, clock)
        await uow.commit()

    await in_unit_of_work(uow, change)


async def restore_task(*, uow: TaskUnitOfWork, clock: Clock, caller: Caller, task: Task) -> Task:
    """Put a deleted task back as it was, under its own id (an undo of the delete): it
    is created again, one version on, and published as created."""
    task.version += 1
    task.updated_at = clock.now()

    return await in_unit_of_work(uow, _creating(task, caller, clock))


def _creating(
    task: Task, caller: Caller, clock: Clock
) -> Callable[[TaskUnitOfWork], Awaitable[Task]]:
    """The unit of work's change that stores ``task`` and publishes it as created."""

    async def change(uow: TaskUnitOfWork) -> Task:
        await uow.tasks.add(task)
        publish_change(uow, EventType.TASK_CREATED, task, {}, caller, clock)
        await uow.commit()
        return task

    return change


def _check_version(task: Task, expected: int | None) -> None:
    if expected is not None and expected != task.version:
        raise VersionConflict(expected=expected, current=task.version)


def publish_change(
    uow: TaskUnitOfWork,
    event_type: EventType,
    task: Task,
    changes: Changes,
    caller: Caller,
    clock: Clock,
) -> None:
    """Queue the two events of a change to ``task`` in ``uow``."""
    uow.publish(
        *task_events(
            event_type,
            task=task,
            changes=changes,
            actor=caller.actor,
            tz=caller.tz,
            now=clock.now(),
            source=SOURCE,
        )
    )
