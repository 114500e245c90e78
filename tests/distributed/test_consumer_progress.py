"""Each consumer's progress in ``/metrics`` and ``/readyz``, and a stalled one found.

The relay records what it publishes to each consumer, and each consumer what
it has handled; the difference is its lag (``events_pending``) and the age of
the oldest event it has yet to handle. An event that waits while nothing is
delivered (here a recorded event that will never come) makes the consumer
not ready with ``receiving: false`` within a minute, and makes it ask its
sidecar to subscribe again (``/healthz`` answers 503 for a few seconds);
once nothing waits, it is ready again.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from functools import partial
from typing import Any

import httpx
import pytest

from tests.support import DistributedServer, UserClient, settle_audit, wait_until

pytestmark = pytest.mark.slow

CONSUMERS = ("audit", "recurring", "notification", "backend")
NEVER_DELIVERED = -1


@pytest.fixture
def user(distributed_server: DistributedServer) -> Iterator[UserClient]:
    with distributed_server.register() as client:
        yield client


def execute(stack: DistributedServer, sql: str, *params: Any) -> None:
    """A statement through the backend's sidecar and its database binding."""
    sidecar = stack.stack.services["backend"].sidecar
    metadata = {"sql": sql, "params": json.dumps(list(params))}
    answer = httpx.post(
        f"{sidecar.http_url}/v1.0/bindings/todo-db",
        json={"operation": "exec", "metadata": metadata},
        timeout=10,
    )
    answer.raise_for_status()


def get(stack: DistributedServer, service: str, path: str) -> httpx.Response:
    return httpx.get(f"{stack.stack.services[service].url}{path}", timeout=10)


def gauge(stack: DistributedServer, service: str, name: str) -> float | None:
    text = get(stack, service, "/metrics").text
    found = re.search(rf'^{name}{{consumer="{service}"}} (\S+)$', text, re.MULTILINE)
    return float(found.group(1)) if found else None


def caught_up(stack: DistributedServer, consumer: str) -> bool:
    return gauge(stack, consumer, "events_pending") == 0


def test_each_consumers_progress_is_in_metrics_and_readyz(
    distributed_server: DistributedServer, user: UserClient
) -> None:
    user.add("Seen by every consumer of task-events")
    settle_audit(user)
    for consumer in CONSUMERS:
        wait_until(
            partial(caught_up, distributed_server, consumer),
            timeout=30,
            what=f"{consumer}'s lag to be 0",
        )
        assert gauge(distributed_server, consumer, "events_oldest_pending_seconds") == 0
        assert gauge(distributed_server, consumer, "consumer_stalled") == 0
        ready = get(distributed_server, consumer, "/readyz")
        assert ready.status_code == 200, ready.text
        assert ready.json()["checks"]["receiving"] is True


def test_a_consumer_receiving_nothing_while_events_wait_is_unready_and_resubscribes(
    distributed_server: DistributedServer,
) -> None:
    stack = distributed_server
    execute(
        stack,
        "INSERT INTO unhandled_events (consumer, seq, event_id, published_at) VALUES ($1, $2,"
        " 'never-delivered', (extract(epoch FROM clock_timestamp()) * 1000)::bigint - 120000)",
        "audit",
        NEVER_DELIVERED,
    )
    asked_to_resubscribe = False
    try:

        def reported_unready() -> bool:
            nonlocal asked_to_resubscribe
            asked_to_resubscribe |= get(stack, "audit", "/healthz").status_code == 503
            answer = get(stack, "audit", "/readyz")
            return answer.status_code == 503 and answer.json()["checks"]["receiving"] is False

        wait_until(reported_unready, timeout=60, what="audit to report it receives nothing")
        assert gauge(stack, "audit", "consumer_stalled") == 1
        assert (gauge(stack, "audit", "events_pending") or 0) >= 1
        assert (gauge(stack, "audit", "events_oldest_pending_seconds") or 0) >= 120
        deadline = time.monotonic() + 30
        while not asked_to_resubscribe and time.monotonic() < deadline:
            asked_to_resubscribe = get(stack, "audit", "/healthz").status_code == 503
            time.sleep(0.2)
        assert asked_to_resubscribe
    finally:
        execute(
            stack,
            "DELETE FROM unhandled_events WHERE consumer = $1 AND seq = $2",
            "audit",
            NEVER_DELIVERED,
        )
    wait_until(
        lambda: get(stack, "audit", "/readyz").status_code == 200,
        timeout=30,
        what="audit to be ready again",
    )
    assert gauge(stack, "audit", "consumer_stalled") == 0
