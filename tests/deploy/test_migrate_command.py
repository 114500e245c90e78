"""``todo-chatbot migrate``, what the chart's migration hook Job runs, against a real
daprd (app id ``migrate``, no app port, the project's own database and secret store
components) and a real PostgreSQL: it migrates the schema, then stops the sidecar, so
that the Job's pod ends."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from devstack import versions
from devstack.binaries import dapr_entry
from devstack.dapr import Daprd, wait_for
from devstack.postgres import PostgresServer, find_bin_dir
from devstack.processes import free_ports
from tests.deploy.conftest import DAPR_RESOURCES, missing
from todo_chatbot.runtimes.dapr.schema import MIGRATIONS


@pytest.fixture
def postgres() -> Iterator[PostgresServer]:
    try:
        find_bin_dir()
    except FileNotFoundError as error:
        missing(f"PostgreSQL's server is not installed: {error}")
    # A folder the postgres user can reach (pytest's are private to this user).
    server = PostgresServer(free_ports(1)[0], Path(tempfile.mkdtemp(prefix="todo-migrate-")))
    server.start()
    yield server
    server.remove()


@pytest.mark.slow
def test_migrate_migrates_through_the_sidecar_then_stops_it(postgres: PostgresServer) -> None:
    if not dapr_entry(versions.DAPR_VERSION).is_dir():
        missing("daprd is not built yet (make stack-build)")
    run_dir = postgres.directory / "migrate"
    resources = run_dir / "resources"
    resources.mkdir(parents=True)
    for name in ("database.yaml", "secretstore.yaml"):
        shutil.copy(DAPR_RESOURCES / "resources" / name, resources / name)
    database_url = f"{postgres.create_database('todo')}?sslmode=disable"
    (run_dir / "secrets.json").write_text(json.dumps({"database-url": database_url}))
    token = secrets.token_hex(16)
    http_port, grpc_port = free_ports(2)
    sidecar = Daprd(
        "migrate", None, http_port, grpc_port, resources, None, None,
        dapr_api_token=token, run_dir=run_dir, cwd=run_dir,
    )  # fmt: skip
    sidecar.start()
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "todo_chatbot.cli.main", "migrate"],
            env={**os.environ, "DAPR_HTTP_PORT": str(http_port), "DAPR_API_TOKEN": token},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr
        process = sidecar.process
        assert process is not None
        assert wait_for(lambda: process.returncode is not None, timeout=30), "daprd runs on"
        applied = postgres.psql("SELECT count(*) FROM todo_schema_versions", database="todo")
        assert int(applied) == len(MIGRATIONS)
    finally:
        sidecar.stop()
