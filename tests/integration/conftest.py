"""Fixtures for contract tests: every adapter of a port passes the same tests.

``runtime`` is each runtime's ports with nothing running in the background:
the embedded one on SQLite in a temporary directory, and the distributed one
on PostgreSQL through a real daprd and its binding (a database of its own in
the test session's stack, emptied before each test), so that tests drive
what happens themselves.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from devstack.dapr import Daprd, component, postgres_state, write_resources
from devstack.processes import free_ports
from tests.support import NOW, DistributedServer
from todo_chatbot.config import Settings
from todo_chatbot.runtimes.clocks import ManualClock
from todo_chatbot.runtimes.dapr.schema import migrate
from todo_chatbot.runtimes.dapr.wiring import DaprBackendRuntime, build_backend
from todo_chatbot.runtimes.embedded.wiring import EmbeddedRuntime, build_embedded_runtime

CONTRACT_DATABASE = "contract"
TABLES = "users, tasks, outbox, processed_events, audit_log, notifications, dead_letters"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture(scope="session")
def contract_sidecar(
    distributed_server: DistributedServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Daprd]:
    """A daprd with the database binding and state store on a database of its own."""
    infra = distributed_server.stack.infra
    url = infra.postgres.create_database(CONTRACT_DATABASE) + "?sslmode=disable"
    run_dir = tmp_path_factory.mktemp("contract-sidecar")
    resources = write_resources(
        run_dir / "resources",
        component("todo-db", "bindings.postgresql", {"connectionString": url}),
        postgres_state("statestore", url, tableName="dapr_state"),
    )
    http, grpc = free_ports(2)
    sidecar = Daprd("contract-tests", None, http, grpc, resources, None, None, run_dir=run_dir)
    sidecar.start()
    yield sidecar
    sidecar.stop()


@pytest.fixture(params=["embedded", "distributed"])
async def runtime(
    request: pytest.FixtureRequest, tmp_path: Path, clock: ManualClock
) -> AsyncIterator[Any]:
    """A runtime whose event delivery is not started: tests drive it themselves."""
    if request.param == "embedded":
        built: EmbeddedRuntime | DaprBackendRuntime = await build_embedded_runtime(
            Settings(data_dir=tmp_path / "embedded"), clock
        )
    else:
        built = await _migrated_backend(request.getfixturevalue("contract_sidecar"), clock)
        await built.sql.execute(f"TRUNCATE {TABLES}")
    yield built
    if isinstance(built, EmbeddedRuntime):
        await built.stop()
    else:
        await built.client.close()


@pytest.fixture
async def contract_backend(
    contract_sidecar: Daprd, clock: ManualClock
) -> AsyncIterator[DaprBackendRuntime]:
    """The distributed runtime's backend on the contract tests' database, migrated."""
    built = await _migrated_backend(contract_sidecar, clock)
    yield built
    await built.client.close()


async def _migrated_backend(sidecar: Daprd, clock: ManualClock) -> DaprBackendRuntime:
    built = await build_backend(
        Settings(dapr_http_port=sidecar.http_port, secret_key="contract-tests"), clock
    )
    await migrate(built.sql)
    return built
