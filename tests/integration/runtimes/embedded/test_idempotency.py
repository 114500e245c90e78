"""Idempotency keys on SQLite: the leader's housekeeping deletes the expired ones."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.integration.runtimes.test_idempotency_keys import ANSWER, KEEP, again, claimed
from todo_chatbot.core.idempotency import Answered
from todo_chatbot.runtimes.clocks import ManualClock
from todo_chatbot.runtimes.embedded.wiring import EmbeddedRuntime

pytestmark = pytest.mark.parametrize("runtime", ["embedded"], indirect=True)


def kept_keys(runtime: EmbeddedRuntime) -> list[str]:
    rows = runtime.database.reader.execute("SELECT key FROM idempotency_keys ORDER BY key")
    return [key for (key,) in rows.fetchall()]


async def test_housekeeping_deletes_the_keys_kept_past_their_time(
    runtime: EmbeddedRuntime, clock: ManualClock
) -> None:
    old = await claimed(runtime, clock, "user-ann", "a-old")
    await runtime.idempotency_keys.answer(old, ANSWER)
    clock.advance(KEEP + timedelta(seconds=1))
    young = await claimed(runtime, clock, "user-ann", "b-young")
    await runtime.idempotency_keys.answer(young, ANSWER)

    pruned = await runtime.housekeeper.prune()

    assert pruned["idempotency_keys"] == 1
    assert kept_keys(runtime) == ["b-young"]
    assert await again(runtime, clock, young) == Answered(ANSWER)
