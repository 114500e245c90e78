"""Fixtures for contract tests: every adapter of a port passes the same tests.

Today the embedded runtime (SQLite) is the one adapter; the Dapr adapters join
the ``runtime_name`` parameter when they arrive.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support import NOW
from todo_chatbot.adapters.clock import ManualClock
from todo_chatbot.bootstrap import EmbeddedRuntime, build_embedded_runtime
from todo_chatbot.config import Settings


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture(params=["embedded"])
async def runtime(
    request: pytest.FixtureRequest, tmp_path: Path, clock: ManualClock
) -> AsyncIterator[EmbeddedRuntime]:
    """A runtime whose bus is not started: tests drive delivery themselves."""
    built = await build_embedded_runtime(Settings(data_dir=tmp_path / request.param), clock)
    yield built
    await built.stop()
