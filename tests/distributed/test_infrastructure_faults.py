"""The API while a piece of its infrastructure is away, through the real server.

PostgreSQL stopped or the backend's sidecar killed: every request answers 503
in the contract's error shape with ``Retry-After``, on the same kept-alive
connection, and the backend logs a line per fault, not a traceback per
request; once the piece is back, the same requests succeed. Kafka away: the
housekeeping beat is answered as done with a one-line warning.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.support import DistributedServer, UserClient, wait_until

pytestmark = pytest.mark.slow

REQUESTS = 20


def backend_log(stack: DistributedServer) -> Path:
    app = stack.stack.services["backend"].app
    assert app is not None
    return app.log_path


def written_since(path: Path, offset: int) -> str:
    with path.open("rb") as handle:
        handle.seek(offset)
        return handle.read().decode(errors="replace")


def local_address(answer: httpx.Response) -> object:
    """The client's end of the connection that carried ``answer``."""
    return answer.extensions["network_stream"].get_extra_info("client_addr")


def assert_unavailable_on_one_connection(user: UserClient) -> None:
    first = user.get("/api/tasks")
    addresses = {local_address(first)}
    answers = [first]
    for n in range(REQUESTS):
        answers.append(user.get("/api/tasks"))
        answers.append(user.post("/api/tasks", json={"title": f"During the fault {n}"}))
        addresses |= {local_address(answers[-2]), local_address(answers[-1])}
    for answer in answers:
        assert answer.status_code == 503, answer.text
        assert answer.headers["content-type"] == "application/json"
        assert isinstance(answer.json()["detail"], str)
        assert int(answer.headers["retry-after"]) > 0
        assert answer.headers.get("connection") != "close"
    assert len(addresses) == 1


def assert_logged_once_without_traceback(log_text: str) -> None:
    assert "Traceback" not in log_text
    assert log_text.count('"infrastructure.unavailable"') == 1


def check_fault(
    stack: DistributedServer, user: UserClient, stop: Callable[[], None], start: Callable[[], None]
) -> None:
    log = backend_log(stack)
    offset = log.stat().st_size
    stop()
    try:
        assert_unavailable_on_one_connection(user)
    finally:
        start()
    assert_logged_once_without_traceback(written_since(log, offset))
    wait_until(
        lambda: user.get("/api/tasks").status_code == 200, timeout=60, what="reads to work again"
    )
    assert user.post("/api/tasks", json={"title": "After the fault"}).status_code == 201


def test_postgresql_stopped_answers_503_with_retry_after_and_keeps_the_connection(
    distributed_server: DistributedServer, user: UserClient
) -> None:
    postgres = distributed_server.stack.infra.postgres
    check_fault(distributed_server, user, postgres.stop, postgres.start)


def test_the_backends_sidecar_down_answers_503_with_retry_after_and_keeps_the_connection(
    distributed_server: DistributedServer, user: UserClient
) -> None:
    sidecar = distributed_server.stack.services["backend"].sidecar
    check_fault(distributed_server, user, sidecar.kill, sidecar.start)
    sidecar.wait_healthy()


def test_housekeeping_answers_its_beat_with_one_warning_while_kafka_is_away(
    distributed_server: DistributedServer, user: UserClient
) -> None:
    stack = distributed_server.stack
    log = backend_log(distributed_server)
    kafka = stack.infra.kafka
    kafka.stop()
    try:
        user.add("Left in the outbox while Kafka is away")
        offset = log.stat().st_size
        answer = httpx.post(
            f"{stack.backend_url}/housekeeping",
            headers={"dapr-api-token": stack.app_api_token},
            timeout=30,
        )
        assert answer.status_code == 200, answer.text
        written = wait_until(
            lambda: written_since(log, offset) if "next_beat" in written_since(log, offset) else "",
            timeout=10,
            what="the warning",
        )
        time.sleep(12)  # a beat of the cron binding (every 10 s) while Kafka is still away
        written = written_since(log, offset)
    finally:
        kafka.start()
    assert "Traceback" not in written
    assert '"housekeeping.publish_next_beat"' in written
