"""The embedded store's own ways (what every store must do is in
``test_store_contract.py``): an update writes only the columns that changed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.integration.runtimes.test_store_contract import make_user
from todo_chatbot.runtimes.clocks import ManualClock
from todo_chatbot.runtimes.embedded.wiring import EmbeddedRuntime
from todo_chatbot.tasks import use_cases
from todo_chatbot.tasks.queries import read_list_query
from todo_chatbot.tasks.task import Priority, Status, Task, read_task_input
from todo_chatbot.tasks.use_cases import Caller

pytestmark = pytest.mark.parametrize("runtime", ["embedded"], indirect=True)


@pytest.fixture
async def ann(runtime: EmbeddedRuntime, clock: ManualClock) -> Caller:
    return await make_user(runtime, clock, "ann")


async def add(runtime: EmbeddedRuntime, clock: ManualClock, caller: Caller) -> Task:
    fields = {"title": "Pay the plumber", "description": "kitchen sink", "tags": ["home"]}
    return await use_cases.add_task(
        uow=runtime.uow_factory(),
        clock=clock,
        caller=caller,
        fields=read_task_input(fields, caller.tz, require_title=True),
    )


async def update(
    runtime: EmbeddedRuntime, clock: ManualClock, caller: Caller, task: Task, **fields: Any
) -> None:
    await use_cases.update_task(
        uow=runtime.uow_factory(),
        clock=clock,
        caller=caller,
        task_id=task.id,
        fields=read_task_input(fields, caller.tz, require_title=False),
    )


def keyword_index(runtime: EmbeddedRuntime) -> list[tuple[Any, ...]]:
    """Every record of the keyword index: FTS5 writes some for any text it indexes."""
    rows = runtime.database.reader.execute("SELECT id, block FROM tasks_fts_data ORDER BY id")
    return [tuple(row) for row in rows]


async def titles_found(
    runtime: EmbeddedRuntime, clock: ManualClock, caller: Caller, words: str
) -> list[str]:
    query = read_list_query({"q": [words], "status": ["all"]})
    page = await runtime.tasks.list_tasks(caller.user_id, query, now=clock.now(), tz=caller.tz)
    return [task.title for task in page.items]


async def test_a_change_that_leaves_the_text_alone_leaves_the_keyword_index_alone(
    runtime: EmbeddedRuntime, clock: ManualClock, ann: Caller
) -> None:
    task = await add(runtime, clock, ann)
    before = keyword_index(runtime)

    await update(runtime, clock, ann, task, priority="high", due="2026-04-01", tags=["work"])
    await use_cases.complete_task(
        uow=runtime.uow_factory(), clock=clock, caller=ann, task_id=task.id
    )

    assert keyword_index(runtime) == before
    stored = await runtime.tasks.get(ann.user_id, task.id)
    assert (stored.priority, stored.due, stored.tags, stored.status) == (
        Priority.HIGH,
        date(2026, 4, 1),
        ("work",),
        Status.COMPLETED,
    )
    assert await titles_found(runtime, clock, ann, "plumber sink") == ["Pay the plumber"]


async def test_a_change_of_the_description_alone_reaches_the_keyword_index(
    runtime: EmbeddedRuntime, clock: ManualClock, ann: Caller
) -> None:
    task = await add(runtime, clock, ann)

    await update(runtime, clock, ann, task, description="bathroom tap")
    await update(runtime, clock, ann, task, priority="low")

    assert await titles_found(runtime, clock, ann, "sink") == []
    assert await titles_found(runtime, clock, ann, "plumber tap") == ["Pay the plumber"]
    stored = await runtime.tasks.get(ann.user_id, task.id)
    assert (stored.description, stored.priority) == ("bathroom tap", Priority.LOW)


async def test_changes_saved_one_after_another_in_one_unit_all_land(
    runtime: EmbeddedRuntime, clock: ManualClock, ann: Caller
) -> None:
    task = await add(runtime, clock, ann)

    async with runtime.uow_factory() as uow:
        loaded = await uow.tasks.get(ann.user_id, task.id)
        loaded.complete(clock.now())
        await uow.tasks.save(loaded)
        renamed = read_task_input({"title": "Pay the electrician"}, ann.tz, require_title=False)
        loaded.update(renamed, now=clock.now(), tz=ann.tz, new_series_id="unused")
        await uow.tasks.save(loaded)
        # Back to pending, as loaded: this save compares with the row the last one wrote.
        loaded.reopen(clock.now())
        await uow.tasks.save(loaded)
        await uow.commit()

    stored = await runtime.tasks.get(ann.user_id, task.id)
    assert (stored.title, stored.status, stored.completed_at, stored.version) == (
        "Pay the electrician",
        Status.PENDING,
        None,
        task.version + 3,
    )
    assert await titles_found(runtime, clock, ann, "electrician") == ["Pay the electrician"]
