"""The embedded runtime's housekeeping: delivered events pruned, the keyword index
kept compact."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.integration.runtimes.test_store_contract import make_user
from tests.support import NOW
from todo_chatbot.runtimes.clocks import ManualClock
from todo_chatbot.runtimes.embedded import housekeeping
from todo_chatbot.runtimes.embedded.housekeeping import Housekeeper
from todo_chatbot.runtimes.embedded.wiring import EmbeddedRuntime
from todo_chatbot.tasks import use_cases
from todo_chatbot.tasks.queries import read_list_query
from todo_chatbot.tasks.task import read_task_input
from todo_chatbot.tasks.use_cases import Caller

WORDS = ["invoice", "groceries", "dentist", "report", "plants"]


pytestmark = pytest.mark.parametrize("runtime", ["embedded"], indirect=True)


@pytest.fixture(autouse=True)
def steps_of_one_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """So that these small indexes take many steps."""
    monkeypatch.setattr(housekeeping, "MERGE_PAGES", 1)


def segments(runtime: EmbeddedRuntime) -> int:
    """The keyword index's segments (each has entries in FTS5's ``_idx`` table)."""
    statement = "SELECT count(DISTINCT segid) FROM tasks_fts_idx"
    return int(runtime.database.reader.execute(statement).fetchone()[0])


async def add_tasks_one_commit_each(
    runtime: EmbeddedRuntime, clock: ManualClock, caller: Caller, count: int, start: int = 0
) -> None:
    for number in range(start, start + count):
        title = f"{WORDS[number % len(WORDS)]} {WORDS[number * 3 % len(WORDS)]} number {number}"
        # Many distinct words, so that the index spans many pages.
        description = " ".join(f"note{number}x{word}" for word in range(150))
        fields = {"title": title, "description": description}
        await use_cases.add_task(
            uow=runtime.uow_factory(),
            clock=clock,
            caller=caller,
            fields=read_task_input(fields, caller.tz, require_title=True),
        )


async def searched(runtime: EmbeddedRuntime, caller: Caller, word: str) -> list[bytes]:
    query = read_list_query({"q": [word], "status": ["all"], "limit": ["200"]})
    page = await runtime.tasks.list_views(caller.user_id, query, now=NOW, tz=ZoneInfo("UTC"))
    return page.items


async def test_compacting_leaves_one_segment_and_the_same_matches(
    runtime: EmbeddedRuntime, clock: ManualClock
) -> None:
    caller = await make_user(runtime, clock, "ann")
    await add_tasks_one_commit_each(runtime, clock, caller, 60)
    before = {word: await searched(runtime, caller, word) for word in [*WORDS, "numb"]}
    assert segments(runtime) > 2

    steps = await runtime.housekeeper.compact_keyword_index()

    assert steps > 3
    assert segments(runtime) == 1
    assert {word: await searched(runtime, caller, word) for word in before} == before
    assert all(len(found) >= 12 for found in before.values())
    runtime.database.writer.execute("INSERT INTO tasks_fts(tasks_fts) VALUES ('integrity-check')")


async def test_a_compact_index_takes_one_step_that_changes_nothing(
    runtime: EmbeddedRuntime, clock: ManualClock
) -> None:
    caller = await make_user(runtime, clock, "ann")
    await add_tasks_one_commit_each(runtime, clock, caller, 30)
    await runtime.housekeeper.compact_keyword_index()

    assert await runtime.housekeeper.compact_keyword_index() == 1
    assert segments(runtime) == 1


async def test_commits_between_the_steps_lose_nothing(
    runtime: EmbeddedRuntime, clock: ManualClock
) -> None:
    caller = await make_user(runtime, clock, "ann")
    await add_tasks_one_commit_each(runtime, clock, caller, 60)

    compacting = asyncio.create_task(runtime.housekeeper.compact_keyword_index())
    await add_tasks_one_commit_each(runtime, clock, caller, 40, start=60)
    await compacting

    numbered = await searched(runtime, caller, "number")
    assert len(numbered) == 100
    runtime.database.writer.execute("INSERT INTO tasks_fts(tasks_fts) VALUES ('integrity-check')")


def outbox(runtime: EmbeddedRuntime) -> list[tuple[int, str]]:
    statement = "SELECT seq, topic FROM outbox ORDER BY seq"
    return [tuple(row) for row in runtime.database.reader.execute(statement)]


async def test_pruning_deletes_old_events_every_consumer_has_received(
    runtime: EmbeddedRuntime, clock: ManualClock
) -> None:
    caller = await make_user(runtime, clock, "ann")
    await add_tasks_one_commit_each(runtime, clock, caller, 3)
    clock.advance(timedelta(days=8))
    await add_tasks_one_commit_each(runtime, clock, caller, 1, start=3)
    events = [seq for seq, topic in outbox(runtime) if topic == "task-events"]
    updates = [seq for seq, topic in outbox(runtime) if topic == "task-updates"]
    # A consumer of task-events has received its first two events; task-updates has none.
    runtime.database.writer.execute(
        "INSERT INTO consumer_offsets (consumer, topic, position) VALUES ('audit', ?, ?)",
        ("task-events", events[1]),
    )

    pruned = await runtime.housekeeper.prune()

    assert pruned["outbox"] == 2 + 3
    assert outbox(runtime) == sorted(
        [(events[2], "task-events"), (events[3], "task-events"), (updates[3], "task-updates")]
    )


async def test_a_round_of_housekeeping_compacts_the_keyword_index(
    runtime: EmbeddedRuntime, clock: ManualClock
) -> None:
    caller = await make_user(runtime, clock, "ann")
    await add_tasks_one_commit_each(runtime, clock, caller, 30)
    housekeeper = Housekeeper(runtime.database, clock, interval=timedelta(milliseconds=10))

    housekeeper.start()
    try:
        async with asyncio.timeout(10):
            while segments(runtime) > 1:  # noqa: ASYNC110 (no event tells)
                await asyncio.sleep(0.01)
    finally:
        await housekeeper.stop()
