"""Fixtures shared by every test folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import (
    NOW,
    ApiServer,
    DistributedServer,
    UserClient,
    start_distributed,
    start_server,
)
from todo_chatbot.runtimes.clocks import ManualClock

RUNTIMES = ("embedded", "distributed")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--runtime",
        action="append",
        choices=RUNTIMES,
        help="run the API suite against this runtime only (repeatable; default: both)",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """The API suite runs once per runtime: ``server`` is parameterized by runtime."""
    if "runtime_name" in metafunc.fixturenames:
        chosen = metafunc.config.getoption("runtime") or list(RUNTIMES)
        metafunc.parametrize("runtime_name", chosen, scope="session")


@pytest.fixture(scope="session")
def clock() -> ManualClock:
    """The clock of the shared server: it stands at ``NOW`` unless a test moves it."""
    return ManualClock(NOW)


@pytest.fixture(scope="session")
def embedded_server(
    tmp_path_factory: pytest.TempPathFactory, clock: ManualClock
) -> Iterator[ApiServer]:
    live = start_server(tmp_path_factory.mktemp("server"), clock)
    yield live
    live.stop()


@pytest.fixture(scope="session")
def distributed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DistributedServer]:
    """Every service with its Dapr sidecar, Kafka, PostgreSQL and the scheduler,
    started once for the session (about 15 s)."""
    live = start_distributed(tmp_path_factory.mktemp("stack"))
    yield live
    live.stop()


@pytest.fixture(scope="session")
def server(request: pytest.FixtureRequest, runtime_name: str) -> ApiServer:
    """The live API of the runtime under test; tests keep apart by registering their
    own users."""
    live: ApiServer = request.getfixturevalue(f"{runtime_name}_server")
    return live


@pytest.fixture
def alice(server: ApiServer) -> Iterator[UserClient]:
    with server.register() as client:
        yield client


@pytest.fixture
def bob(server: ApiServer) -> Iterator[UserClient]:
    with server.register() as client:
        yield client


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"
