"""Reminders: a task's reminder is kept scheduled as the task changes, and when its time
comes its ``reminder.due`` event goes out.

Scheduling follows the task's events (``task-events``, consumer ``reminders``),
so it happens after the change committed and never for a change rolled back:
creating a task with a reminder schedules it (one already past fires at once),
a changed ``remind_at`` (or a due that a relative reminder follows) schedules it
again under the same job name (the old time never fires), completing or deleting
cancels it, and reopening restores it if its time is still ahead. Other changes
leave the job alone, so a reminder that has fired does not fire again.

When a job's time comes the runtime's scheduler (Dapr's Jobs API, or the
embedded runtime's own) hands its data to :func:`run_job`, at least once. The
event is published only if the task still wants that reminder (pending, the
same ``remind_at``), and its id is derived from the task and the time, so a
second call finds it already in the outbox and changes nothing. A reminder that
fires more than :data:`LATE_AFTER` after its time (the system was down) is
marked late.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Final

import structlog

from todo_chatbot.accounts.ports import UserDirectory
from todo_chatbot.core.clock import Clock
from todo_chatbot.core.errors import TaskNotFound
from todo_chatbot.core.timekeeping import from_millis, to_millis
from todo_chatbot.core.unit_of_work import AlreadyHandled, UnitOfWorkFactory
from todo_chatbot.observability import metrics
from todo_chatbot.tasks.events import Event, EventData, EventType, TaskEventData, reminder_due_event
from todo_chatbot.tasks.ports import Scheduler, TaskUnitOfWork
from todo_chatbot.tasks.task import Status
from todo_chatbot.tasks.use_cases import SOURCE

log = structlog.get_logger(__name__)

REMINDERS_CONSUMER: Final = "reminders"
REMINDER_JOB_PREFIX: Final = "reminder-"
LATE_AFTER: Final = timedelta(minutes=1)
"""A reminder fired later than this after its time is marked late."""


def reminder_job(task_id: str, user_id: str, remind_at: datetime) -> tuple[str, dict[str, Any]]:
    """The name and data of the job that fires a task's reminder."""
    return REMINDER_JOB_PREFIX + task_id, {
        "user_id": user_id,
        "task_id": task_id,
        "remind_at": to_millis(remind_at),
    }


async def keep_reminder_scheduled(event: Event, data: EventData, *, scheduler: Scheduler) -> None:
    """Bring the task's reminder job in line with the change ``event`` reports."""
    if not isinstance(data, TaskEventData):
        return
    name = REMINDER_JOB_PREFIX + data.task_id
    if event.type in (EventType.TASK_COMPLETED, EventType.TASK_DELETED):
        await _cancel(scheduler, name)
        return
    task = data.task
    if task is None or task.status != Status.PENDING.value:
        return
    created = event.type == EventType.TASK_CREATED
    moved = event.type == EventType.TASK_UPDATED and "remind_at" in data.changes
    remind_at = datetime.fromisoformat(task.remind_at) if task.remind_at else None
    if event.type == EventType.TASK_REOPENED:
        if remind_at is not None and remind_at > event.time:
            await _schedule(scheduler, data, remind_at)
    elif created or moved:
        if remind_at is not None:
            await _schedule(scheduler, data, remind_at)
        elif moved:
            await _cancel(scheduler, name)


async def _schedule(scheduler: Scheduler, data: TaskEventData, remind_at: datetime) -> None:
    name, job = reminder_job(data.task_id, data.user_id, remind_at)
    await scheduler.schedule(name, remind_at, job)
    metrics.REMINDERS_SCHEDULED.inc()


async def _cancel(scheduler: Scheduler, name: str) -> None:
    await scheduler.cancel(name)
    metrics.REMINDERS_CANCELLED.inc()


async def run_job(
    name: str,
    data: dict[str, Any],
    *,
    uow_factory: UnitOfWorkFactory[TaskUnitOfWork],
    users: UserDirectory,
    clock: Clock,
) -> None:
    """A job's time has come: do what its name says. The reminder's commit need not wait
    for the disk: the scheduler forgets a job only after this returns, so a commit lost
    to a power cut fires again (with the same event id)."""
    if name.startswith(REMINDER_JOB_PREFIX):
        fired = await fire_reminder(
            uow=uow_factory(durable=False), users=users, clock=clock, data=data
        )
        log.info("job.reminder", job=name, published=fired)
    else:
        log.warning("job.unknown", job=name)


async def fire_reminder(
    *, uow: TaskUnitOfWork, users: UserDirectory, clock: Clock, data: dict[str, Any]
) -> bool:
    """Publish the reminder the job's ``data`` names, if it is still wanted; whether it was."""
    user = await users.get(str(data["user_id"]))
    if user is None:
        return False
    remind_at = from_millis(int(data["remind_at"]))
    now = clock.now()
    late = now - remind_at > LATE_AFTER
    try:
        async with uow:
            task = await uow.tasks.get(user.id, str(data["task_id"]))
            if task.status is not Status.PENDING or task.remind_at != remind_at:
                return False
            uow.publish(reminder_due_event(task, tz=user.tz, now=now, source=SOURCE, late=late))
            await uow.commit()
    except (TaskNotFound, AlreadyHandled):
        return False
    metrics.REMINDERS_FIRED.labels("true" if late else "false").inc()
    metrics.REMINDER_LATENESS_SECONDS.observe(max(0.0, (now - remind_at).total_seconds()))
    return True
