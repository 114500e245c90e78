"""The outbox relay keeps a task's events in order across its publish calls: a sampled
trace's events take a call of their own, and a topic's calls go one after another."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from todo_chatbot.runtimes.dapr.outbox import OutboxRelay

SAMPLED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
BODY = '{"specversion":"1.0","id":"e","type":"task.updated","data":{}}'


class RecordingSidecar:
    """Stands in for daprd's bulk publish: the first call is the slowest, and the
    calls whose turn comes in ``failing`` fail."""

    def __init__(self, failing: Sequence[int] = ()) -> None:
        self.delivered: list[list[str]] = []
        self.calls = 0
        self.failing = set(failing)

    async def bulk_publish_cloudevents(
        self, pubsub: str, topic: str, entries: list[tuple[str, bytes, str]], **_: Any
    ) -> list[str]:
        self.calls += 1
        turn = self.calls
        await asyncio.sleep(0.05 if turn == 1 else 0)
        if turn in self.failing:
            return [entry_id for entry_id, _, _ in entries]
        self.delivered.append([entry_id for entry_id, _, _ in entries])
        return []


def rows(*traceparents: str | None) -> list[dict[str, Any]]:
    """One task's events on one topic, in seq order."""
    return [
        {
            "seq": seq,
            "topic": "task-events",
            "partition_key": "t1",
            "body": BODY,
            "traceparent": traceparent,
        }
        for seq, traceparent in enumerate(traceparents, start=1)
    ]


def relay(sidecar: RecordingSidecar) -> OutboxRelay:
    none: Any = None
    return OutboxRelay(sql=none, client=sidecar, pubsub="pubsub", lease=none)  # type: ignore[arg-type]


async def test_a_tasks_events_of_a_sampled_trace_and_of_none_go_out_in_order() -> None:
    sidecar = RecordingSidecar()

    published = await relay(sidecar)._publish_in_task_order(rows(SAMPLED, None, SAMPLED))

    assert sidecar.delivered == [["1"], ["2"], ["3"]]
    assert published == [1, 2, 3]


async def test_after_a_failed_call_the_later_events_wait_for_the_next_pass() -> None:
    sidecar = RecordingSidecar(failing=[1])

    published = await relay(sidecar)._publish_in_task_order(rows(SAMPLED, None))

    assert sidecar.delivered == []
    assert published == []
