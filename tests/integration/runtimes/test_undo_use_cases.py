"""What the chat's undo needs of the task use cases, on each runtime's store: a
deleted task put back under its own id, and no next occurrence after a recurring
task whose completion was undone (reopened) before its event was handled."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from tests.integration.runtimes.test_store_contract import make_user
from todo_chatbot.runtimes.clocks import ManualClock
from todo_chatbot.runtimes.runtime import Runtime
from todo_chatbot.tasks import use_cases
from todo_chatbot.tasks.queries import ListQuery, SortKey, TaskFilter
from todo_chatbot.tasks.recurring import create_next_occurrence
from todo_chatbot.tasks.task import Task, read_task_input
from todo_chatbot.tasks.use_cases import Caller

NOW = datetime(2026, 3, 4, 15, tzinfo=UTC)


async def add(runtime: Runtime, clock: ManualClock, caller: Caller, **fields: object) -> Task:
    return await use_cases.add_task(
        uow=runtime.uow_factory(),
        clock=clock,
        caller=caller,
        fields=read_task_input(fields, caller.tz, require_title=True),
    )


async def all_tasks(runtime: Runtime, caller: Caller) -> list[Task]:
    query = ListQuery(filter=TaskFilter(), sort=SortKey.CREATED, descending=False, limit=50)
    page = await runtime.tasks.list_tasks(caller.user_id, query, now=NOW, tz=caller.tz)
    return page.items


async def test_a_deleted_task_is_restored_under_its_own_id(
    runtime: Runtime, clock: ManualClock
) -> None:
    caller = await make_user(runtime, clock, "ann")
    task = await add(
        runtime, clock, caller, title="Pay rent", due="2026-03-06", recurrence="FREQ=MONTHLY"
    )
    kept = replace(task)
    await use_cases.delete_task(
        uow=runtime.uow_factory(), clock=clock, caller=caller, task_id=task.id
    )

    restored = await use_cases.restore_task(
        uow=runtime.uow_factory(), clock=clock, caller=caller, task=kept
    )

    stored = await runtime.tasks.get(caller.user_id, task.id)
    assert (stored.id, stored.title, stored.due, stored.series_id, stored.occurrence) == (
        task.id,
        "Pay rent",
        task.due,
        task.series_id,
        task.occurrence,
    )
    assert stored.version == restored.version == task.version + 1


async def test_a_completion_undone_before_its_event_makes_no_next_occurrence(
    runtime: Runtime, clock: ManualClock
) -> None:
    caller = await make_user(runtime, clock, "ann")
    task = await add(
        runtime, clock, caller, title="Stretch", due="2026-03-05", recurrence="FREQ=DAILY"
    )
    for done in (use_cases.complete_task, use_cases.reopen_task):
        await done(uow=runtime.uow_factory(), clock=clock, caller=caller, task_id=task.id)

    created = await create_next_occurrence(
        uow=runtime.uow_factory(),
        clock=clock,
        user_id=caller.user_id,
        tz=caller.tz,
        task_id=task.id,
        event_id="the-completion",
        snapshot=None,
    )

    assert created is None
    assert [t.id for t in await all_tasks(runtime, caller)] == [task.id]
