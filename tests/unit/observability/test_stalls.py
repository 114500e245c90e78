"""The event loop's stall watch: a held loop is reported once, with where it was held."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any

import pytest
import structlog
from structlog.testing import capture_logs

from todo_chatbot.observability import stalls
from todo_chatbot.observability.metrics import REGISTRY
from todo_chatbot.observability.stalls import LoopStallWatch


@pytest.fixture
def logs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[MutableMapping[str, Any]]]:
    with capture_logs() as captured:
        # A logger made under the capture (the module's may be bound already).
        monkeypatch.setattr(stalls, "log", structlog.get_logger())
        yield captured


def hold_the_loop(seconds: float) -> None:
    time.sleep(seconds)


@contextmanager
def watching() -> Iterator[None]:
    """A watch on the running loop (at 100 ms) for the block's length."""
    watch = LoopStallWatch(threshold=0.1, interval=0.02)
    watch.start()
    try:
        yield
    finally:
        watch.stop()


def stalls_counted() -> float:
    return REGISTRY.get_sample_value("event_loop_stalls_total") or 0.0


async def test_a_held_loop_is_reported_once_with_its_stack_and_duration(
    logs: list[MutableMapping[str, Any]],
) -> None:
    counted_before = stalls_counted()
    with watching():
        await asyncio.sleep(0.1)
        hold_the_loop(0.4)
        await asyncio.sleep(0.2)

    stalled = [entry for entry in logs if entry["event"] == "event_loop.stalled"]
    resumed = [entry for entry in logs if entry["event"] == "event_loop.resumed"]
    assert len(stalled) == 1
    assert "hold_the_loop" in stalled[0]["stack"]
    assert stalled[0]["held_ms"] >= 100
    assert len(resumed) == 1
    assert 380 <= resumed[0]["stalled_ms"] < 1000
    assert stalls_counted() == counted_before + 1


async def test_a_loop_that_keeps_turning_is_not_reported(
    logs: list[MutableMapping[str, Any]],
) -> None:
    with watching():
        for _ in range(20):
            hold_the_loop(0.02)
            await asyncio.sleep(0.01)

    assert logs == []


async def test_two_stalls_are_two_reports(logs: list[MutableMapping[str, Any]]) -> None:
    with watching():
        for _ in range(2):
            hold_the_loop(0.25)
            await asyncio.sleep(0.1)

    assert [entry["event"] for entry in logs] == [
        "event_loop.stalled",
        "event_loop.resumed",
        "event_loop.stalled",
        "event_loop.resumed",
    ]
