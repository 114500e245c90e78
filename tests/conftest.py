"""Fixtures shared by every test folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import NOW, LiveServer, UserClient, start_server
from todo_chatbot.adapters.clock import ManualClock


@pytest.fixture(scope="session")
def clock() -> ManualClock:
    """The clock of the shared server: it stands at ``NOW`` unless a test moves it."""
    return ManualClock(NOW)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, clock: ManualClock) -> Iterator[LiveServer]:
    """One live server for the session; tests keep apart by registering their own users."""
    live = start_server(tmp_path_factory.mktemp("server"), clock)
    yield live
    live.stop()


@pytest.fixture
def alice(server: LiveServer) -> Iterator[UserClient]:
    with server.register() as client:
        yield client


@pytest.fixture
def bob(server: LiveServer) -> Iterator[UserClient]:
    with server.register() as client:
        yield client


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"
