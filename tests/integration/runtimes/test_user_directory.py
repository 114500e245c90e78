"""The embedded runtime's users for authentication: remembered, yet never stale.

Every request looks its user up, so each process remembers the users it has
read; a change of any user through any process of the data directory makes
every process read users afresh. Two runtimes on one data directory stand for
two worker processes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.integration.runtimes.test_store_contract import make_user
from todo_chatbot.accounts.use_cases import update_profile
from todo_chatbot.config import Settings
from todo_chatbot.runtimes.clocks import ManualClock
from todo_chatbot.runtimes.embedded.wiring import EmbeddedRuntime, build_embedded_runtime


@pytest.fixture
async def workers(tmp_path: Path, clock: ManualClock) -> AsyncIterator[list[EmbeddedRuntime]]:
    settings = Settings(data_dir=tmp_path, workers=2)
    runtimes = [await build_embedded_runtime(settings, clock) for _ in range(2)]
    yield runtimes
    for runtime in runtimes:
        await runtime.stop()


async def zone_of(runtime: EmbeddedRuntime, user_id: str) -> str | None:
    user = await runtime.users.get(user_id)
    return user.timezone if user else None


def count_queries(runtime: EmbeddedRuntime) -> list[str]:
    statements: list[str] = []
    runtime.database.writer.set_trace_callback(statements.append)
    return statements


async def test_a_user_read_once_is_remembered(
    workers: list[EmbeddedRuntime], clock: ManualClock
) -> None:
    one, _ = workers
    caller = await make_user(one, clock, "ann")
    first = await one.users.get(caller.user_id)
    queries = count_queries(one)

    again = await one.users.get(caller.user_id)

    assert again == first
    assert queries == []


async def test_a_change_through_one_process_shows_at_once_in_the_other(
    workers: list[EmbeddedRuntime], clock: ManualClock
) -> None:
    one, other = workers
    caller = await make_user(one, clock, "ann", zone="UTC")
    assert await zone_of(other, caller.user_id) == "UTC"

    await update_profile(
        uow_factory=one.uow_factory, user_id=caller.user_id, fields={"timezone": "Asia/Tokyo"}
    )

    assert [await zone_of(runtime, caller.user_id) for runtime in workers] == ["Asia/Tokyo"] * 2


async def test_a_change_left_unannounced_is_seen_once_a_process_starts(
    workers: list[EmbeddedRuntime], clock: ManualClock, tmp_path: Path
) -> None:
    """A process that dies between committing a change and announcing it leaves
    the others' memory stale until the next announcement, which the process
    started in its place makes."""
    one, other = workers
    caller = await make_user(one, clock, "ann", zone="UTC")
    await other.users.get(caller.user_id)
    one.database.writer.execute(
        "UPDATE users SET timezone = 'Asia/Tokyo' WHERE id = ?", (caller.user_id,)
    )
    assert await zone_of(other, caller.user_id) == "UTC"

    restarted = await build_embedded_runtime(Settings(data_dir=tmp_path, workers=2), clock)
    try:
        zone = await zone_of(other, caller.user_id)
    finally:
        await restarted.stop()

    assert zone == "Asia/Tokyo"
