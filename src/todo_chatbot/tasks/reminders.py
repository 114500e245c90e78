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
embedded runtime's own) hands its data to :func:`run_job`, at least once. A
snoozed reminder is a job of its own (:func:`snooze_job`), which brings the
reminder back at its new time while the task is pending. The
event is published only if the task still wants that reminder (pending, the
same ``remind_at``), and its id is derived from the task and the time, so a
second call finds it already in the outbox and changes nothing. A reminder that
fires more than :data:`LATE_AFTER` after its time (the system was down) is
marked late.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Final

import structlog

from todo_chatbot.accounts.ports import UserDirectory
from todo_chatbot.accounts.users import User
from todo_chatbot.core.clock import Clock
from todo_chatbot.core.errors import TaskNotFound
from todo_chatbot.core.timekeeping import from_millis, to_millis
from todo_chatbot.core.unit_of_work import AlreadyHandled, UnitOfWorkFactory
from todo_chatbot.observability import metrics
from todo_chatbot.tasks.events import Event, EventData, EventType, TaskEventData, reminder_due_event
from todo_chatbot.tasks.ports import Scheduler, TaskUnitOfWork
from todo_chatbot.tasks.task import Status, Task
from todo_chatbot.tasks.use_cases import SOURCE

log = structlog.get_logger(__name__)

REMINDERS_CONSUMER: Final = "reminders"
REMINDER_JOB_PREFIX: Final = "reminder-"
SNOOZE_JOB_PREFIX: Final = "snooze-"
LATE_AFTER: Final = timedelta(minutes=1)
"""A reminder fired later than this after its time is marked late (by default)."""


def reminder_job(task_id: str, user_id: str, remind_at: datetime) -> tuple[str, dict[str, Any]]:
    """The name and data of the job that fires a task's reminder."""
    return REMINDER_JOB_PREFIX + task_id, {
        "user_id": user_id,
        "task_id": task_id,
        "remind_at": to_millis(remind_at),
    }


def snooze_job(
    notification_id: str, *, user_id: str, task_id: str, until: datetime
) -> tuple[str, dict[str, Any]]:
    """The name and data of the job that brings a snoozed reminder back."""
    return SNOOZE_JOB_PREFIX + notification_id, {
        "user_id": user_id,
        "task_id": task_id,
        "until": to_millis(until),
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
    late_after: timedelta = LATE_AFTER,
) -> None:
    """A job's time has come: do what its name says. The reminder's commit need not wait
    for the disk: the scheduler forgets a job only after this returns, so a commit lost
    to a power cut fires again (with the same event id)."""
    if name.startswith(REMINDER_JOB_PREFIX):
        fired = await fire_reminder(
            uow=uow_factory(durable=False),
            users=users,
            clock=clock,
            data=data,
            late_after=late_after,
        )
        log.info("job.reminder", job=name, published=fired)
    elif name.startswith(SNOOZE_JOB_PREFIX):
        fired = await fire_snoozed_reminder(
            uow=uow_factory(durable=False),
            users=users,
            clock=clock,
            data=data,
            late_after=late_after,
        )
        log.info("job.snooze", job=name, published=fired)
    else:
        log.warning("job.unknown", job=name)


async def fire_reminder(
    *,
    uow: TaskUnitOfWork,
    users: UserDirectory,
    clock: Clock,
    data: dict[str, Any],
    late_after: timedelta = LATE_AFTER,
) -> bool:
    """Publish the reminder the job's ``data`` names, if it is still wanted; whether it was."""
    user = await users.get(str(data["user_id"]))
    if user is None:
        return False
    remind_at = from_millis(int(data["remind_at"]))
    return await _publish_reminder(
        uow,
        user,
        str(data["task_id"]),
        clock,
        at=remind_at,
        late_after=late_after,
        still_wanted=_at(remind_at),
    )


async def fire_snoozed_reminder(
    *,
    uow: TaskUnitOfWork,
    users: UserDirectory,
    clock: Clock,
    data: dict[str, Any],
    late_after: timedelta = LATE_AFTER,
) -> bool:
    """Publish a snoozed reminder again, if its task is still pending; whether it was."""
    user = await users.get(str(data["user_id"]))
    if user is None:
        return False
    until = from_millis(int(data["until"]))
    return await _publish_reminder(
        uow,
        user,
        str(data["task_id"]),
        clock,
        at=until,
        late_after=late_after,
        snoozed=True,
        still_wanted=_pending,
    )


async def _publish_reminder(
    uow: TaskUnitOfWork,
    user: User,
    task_id: str,
    clock: Clock,
    *,
    at: datetime,
    late_after: timedelta,
    still_wanted: Callable[[Task], bool],
    snoozed: bool = False,
) -> bool:
    now = clock.now()
    late = now - at > late_after
    try:
        async with uow:
            task = await uow.tasks.get(user.id, task_id)
            if not still_wanted(task):
                return False
            event = reminder_due_event(
                task,
                tz=user.tz,
                now=now,
                source=SOURCE,
                late=late,
                snoozed_until=at if snoozed else None,
            )
            uow.publish(event)
            await uow.commit()
    except (TaskNotFound, AlreadyHandled):
        return False
    metrics.REMINDERS_FIRED.labels("true" if late else "false").inc()
    metrics.REMINDER_LATENESS_SECONDS.observe(max(0.0, (now - at).total_seconds()))
    return True


def _pending(task: Task) -> bool:
    return task.status is Status.PENDING


def _at(remind_at: datetime) -> Callable[[Task], bool]:
    """A task still wants its reminder at ``remind_at``: pending, and not moved since."""
    return lambda task: _pending(task) and task.remind_at == remind_at
