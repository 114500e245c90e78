"""Infrastructure faults as answers: 503 with Retry-After, one log line a fault.

The distributed tests break the real sidecar and PostgreSQL; these check the
rules on an app whose routes raise what the Dapr adapters raise.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

import pytest
import structlog
from fastapi import FastAPI
from fastapi.testclient import TestClient
from structlog.testing import capture_logs

from todo_chatbot.http import faults
from todo_chatbot.http.faults import install_fault_handlers
from todo_chatbot.runtimes.dapr.client import DaprError
from todo_chatbot.runtimes.dapr.faults import infrastructure_fault
from todo_chatbot.runtimes.dapr.sql import SqlError


@pytest.fixture
def logs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[MutableMapping[str, Any]]]:
    with capture_logs() as captured:
        monkeypatch.setattr(faults, "log", structlog.get_logger())
        yield captured


def unreachable() -> SqlError:
    try:
        raise DaprError(0, "UNREACHABLE", "POST /v1.0/bindings/todo-db: refused")
    except DaprError as cause:
        error = SqlError(None, cause.message)
        error.__cause__ = cause
        return error


@pytest.fixture
def client() -> TestClient:
    app = FastAPI()
    install_fault_handlers(app)

    @app.get("/database-away")
    async def database_away() -> None:
        raise SqlError("57P01", "terminating connection due to administrator command")

    @app.get("/sidecar-away")
    async def sidecar_away() -> None:
        raise unreachable()

    @app.get("/a-bug")
    async def a_bug() -> None:
        raise SqlError("23505", "duplicate key value violates unique constraint")

    return TestClient(app, raise_server_exceptions=False)


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (DaprError(0, "UNREACHABLE", "refused"), "sidecar"),
        (DaprError(500, "ERR_INVOKE_OUTPUT_BINDING", "dial tcp: refused"), "sidecar"),
        (DaprError(400, "ERR_MALFORMED_REQUEST", "bad"), None),
        (SqlError(None, "failed to connect"), "database"),
        (SqlError("08006", "connection failure"), "database"),
        (SqlError("40001", "could not serialize access"), "database"),
        (SqlError("23505", "duplicate key"), None),
        (unreachable(), "sidecar"),
        (ValueError("ours"), None),
    ],
)
def test_what_counts_as_the_infrastructure_away(error: Exception, kind: str | None) -> None:
    assert infrastructure_fault(error) == kind


@pytest.mark.usefixtures("logs")
def test_a_fault_answers_503_in_the_error_shape_with_retry_after(client: TestClient) -> None:
    for path in ("/database-away", "/sidecar-away"):
        answer = client.get(path)
        assert answer.status_code == 503
        assert isinstance(answer.json()["detail"], str)
        assert int(answer.headers["retry-after"]) > 0


def test_a_fault_is_logged_once_however_many_requests_it_answers(
    client: TestClient, logs: list[MutableMapping[str, Any]]
) -> None:
    for _ in range(50):
        client.get("/database-away")
    client.get("/sidecar-away")
    lines = [line for line in logs if line["event"] == "infrastructure.unavailable"]
    assert [line["unavailable"] for line in lines] == ["database", "sidecar"]


def test_a_failure_that_is_not_the_infrastructures_stays_a_500(client: TestClient) -> None:
    assert client.get("/a-bug").status_code == 500
