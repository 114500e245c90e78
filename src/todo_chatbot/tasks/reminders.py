"""Reminders: when a task's reminder time comes, its ``reminder.due`` event goes out.

A job's callback (Dapr's Jobs API calls the backend's ``/job/{name}``) calls
:func:`fire_reminder` with the job's data, at least once. The event is published
only if the task still wants that reminder (pending, the same ``remind_at``),
and its id is derived from the task and the time, so a second call finds it
already in the outbox and changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from todo_chatbot.accounts.ports import UserDirectory
from todo_chatbot.core.clock import Clock
from todo_chatbot.core.errors import TaskNotFound
from todo_chatbot.core.timekeeping import from_millis, to_millis
from todo_chatbot.core.unit_of_work import AlreadyHandled
from todo_chatbot.tasks.events import reminder_due_event
from todo_chatbot.tasks.ports import TaskUnitOfWork
from todo_chatbot.tasks.task import Status
from todo_chatbot.tasks.use_cases import SOURCE

REMINDER_JOB_PREFIX: Final = "reminder-"


def reminder_job(task_id: str, user_id: str, remind_at: datetime) -> tuple[str, dict[str, Any]]:
    """The name and data of the job that fires a task's reminder."""
    return REMINDER_JOB_PREFIX + task_id, {
        "user_id": user_id,
        "task_id": task_id,
        "remind_at": to_millis(remind_at),
    }


async def fire_reminder(
    *, uow: TaskUnitOfWork, users: UserDirectory, clock: Clock, data: dict[str, Any]
) -> bool:
    """Publish the reminder the job's ``data`` names, if it is still wanted; whether it was."""
    user = await users.get(str(data["user_id"]))
    if user is None:
        return False
    remind_at = from_millis(int(data["remind_at"]))
    try:
        async with uow:
            task = await uow.tasks.get(user.id, str(data["task_id"]))
            if task.status is not Status.PENDING or task.remind_at != remind_at:
                return False
            uow.publish(reminder_due_event(task, tz=user.tz, now=clock.now(), source=SOURCE))
            await uow.commit()
    except (TaskNotFound, AlreadyHandled):
        return False
    return True
