"""The distributed runtime against real Kafka, PostgreSQL, daprd and the Dapr scheduler.

These tests break things on purpose (Kafka stopped, a consumer killed) and
check what the event contract promises: every subscriber gets every event,
per task in order, at least once and with one effect each; poison events go
to a dead-letter topic; service-only routes need the app token. (Reminders
firing through the Jobs API are tests/e2e/test_reminders.py's, in both
runtimes.) Each leaves the shared stack healthy for the next.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import orjson
import pytest

from tests.support import (
    DistributedServer,
    UserClient,
    audit_trail,
    wait_until,
)

pytestmark = pytest.mark.slow


@pytest.fixture
def stack(distributed_server: DistributedServer) -> DistributedServer:
    return distributed_server


@pytest.fixture
def user(stack: DistributedServer) -> Iterator[UserClient]:
    with stack.register() as client:
        yield client


def sidecar_url(stack: DistributedServer, service: str) -> str:
    return stack.stack.services[service].sidecar.http_url


def publish_raw(stack: DistributedServer, topic: str, envelope: dict[str, Any]) -> None:
    """Publish a CloudEvent as it is, through the backend's sidecar (as the backend)."""
    answer = httpx.post(
        f"{sidecar_url(stack, 'backend')}/v1.0/publish/pubsub/{topic}",
        content=orjson.dumps(envelope),
        headers={"content-type": "application/cloudevents+json"},
        params={"metadata.partitionKey": str(envelope.get("subject", "x"))},
        timeout=10,
    )
    assert answer.status_code == 204, answer.text


def entries_by_task(user: UserClient) -> dict[str, list[dict[str, Any]]]:
    trail: dict[str, list[dict[str, Any]]] = {}
    for entry in reversed(audit_trail(user)):
        trail.setdefault(entry["task_id"], []).append(entry)
    return trail


def test_audit_and_recurring_each_receive_every_event_in_task_order(
    stack: DistributedServer, user: UserClient
) -> None:
    tasks = [user.add(f"Task {n}", priority="low") for n in range(12)]
    for task in tasks:
        path = f"/api/tasks/{task['id']}"
        assert user.patch(path, json={"priority": "high"}).status_code == 200
        assert user.post(f"{path}/complete").status_code == 200
        assert user.post(f"{path}/reopen").status_code == 200
    daily = user.add("Water plants", due="2026-03-05", recurrence="FREQ=DAILY")
    assert user.post(f"/api/tasks/{daily['id']}/complete").status_code == 200

    wait_until(lambda: len(audit_trail(user)) == 12 * 4 + 3, timeout=30, what="every entry")
    arrival = stack.sql(
        "SELECT task_id, event_type, id FROM audit_log WHERE user_id = $1 ORDER BY id",
        user.user["id"],
    )
    for task in tasks:
        received = [row["event_type"] for row in arrival if row["task_id"] == task["id"]]
        assert received == ["task.created", "task.updated", "task.completed", "task.reopened"]
    following = wait_until(
        lambda: [t for t in user.items() if t["series_id"] == daily["series_id"]],
        what="the next occurrence",
    )
    assert [t["due"] for t in following] == ["2026-03-06"]


def test_writes_succeed_while_kafka_is_away_and_every_event_arrives_after(
    stack: DistributedServer, user: UserClient
) -> None:
    kafka = stack.stack.infra.kafka
    kafka.stop()
    try:
        started = time.monotonic()
        written: list[dict[str, Any]] = []
        while time.monotonic() - started < 20:
            written.append(user.add(f"Written while Kafka is away {len(written)}"))
            time.sleep(0.5)
    finally:
        kafka.start()
    assert len(written) >= 30
    wait_until(
        lambda: {e["task_id"] for e in audit_trail(user)} == {t["id"] for t in written},
        timeout=90,
        what="every write's audit entry after Kafka returned",
    )
    assert len(audit_trail(user)) == len(written)


def test_a_consumer_killed_mid_stream_loses_nothing_and_duplicates_nothing(
    stack: DistributedServer, user: UserClient
) -> None:
    written: list[dict[str, Any]] = []

    def write() -> None:
        for n in range(60):
            written.append(user.add(f"Stream {n}"))

    writer = threading.Thread(target=write)
    writer.start()
    wait_until(lambda: len(audit_trail(user)) >= 10, timeout=30, what="the stream to flow")
    stack.stack.kill_service("audit")
    writer.join(timeout=60)
    stack.stack.start_service("audit")

    wait_until(lambda: len(audit_trail(user)) >= 60, timeout=90, what="every entry")
    time.sleep(1)
    trail = audit_trail(user)
    assert len(trail) == 60
    assert len({entry["id"] for entry in trail}) == 60
    assert {entry["task_id"] for entry in trail} == {task["id"] for task in written}


def test_a_redelivered_event_has_one_effect(stack: DistributedServer, user: UserClient) -> None:
    daily = user.add("Journal", due="2026-03-05", recurrence="FREQ=DAILY")
    assert user.post(f"/api/tasks/{daily['id']}/complete").status_code == 200
    completed = wait_until(
        lambda: [e for e in audit_trail(user) if e["event_type"] == "task.completed"],
        what="the completion's entry",
    )[0]
    wait_until(lambda: len(user.items()) == 1, what="the next occurrence")
    envelope = stack.sql("SELECT sequence FROM audit_log WHERE event_id = $1", completed["id"])[0]
    redelivered = {
        "specversion": "1.0",
        "id": completed["id"],
        "source": "todo-chatbot/backend",
        "type": "task.completed",
        "subject": daily["id"],
        "time": completed["occurred_at"],
        "datacontenttype": "application/json",
        "sequence": str(envelope["sequence"]),
        "data": completed["data"],
    }
    publish_raw(stack, "task-events", redelivered)
    publish_raw(stack, "task-events", redelivered)
    probe = user.add("after the redeliveries")
    wait_until(lambda: audit_trail(user, task_id=probe["id"]), what="the probe's entry")
    time.sleep(1)

    assert len([e for e in audit_trail(user) if e["id"] == completed["id"]]) == 1
    series = [t for t in user.items(status="all") if t["series_id"] == daily["series_id"]]
    assert len(series) == 2


def test_a_reminder_delivered_twice_through_kafka_makes_one_notification(
    stack: DistributedServer, user: UserClient
) -> None:
    task = user.add("Twice")
    reminder_id = f"reminder-twice-{time.time_ns()}"
    envelope = {
        "specversion": "1.0",
        "id": reminder_id,
        "source": "todo-chatbot/backend",
        "type": "reminder.due",
        "subject": task["id"],
        "time": "2026-03-04T15:00:00Z",
        "datacontenttype": "application/json",
        "data": {
            "user_id": user.user["id"],
            "task_id": task["id"],
            "title": "Twice",
            "due": None,
            "remind_at": "2026-03-04T10:00:00-05:00",
            "schema_version": 1,
        },
    }
    publish_raw(stack, "reminders", envelope)
    publish_raw(stack, "reminders", envelope)

    wait_until(lambda: user.get("/api/notifications").json()["items"], timeout=20, what="it kept")
    time.sleep(2)
    found = user.get("/api/notifications").json()["items"]
    assert [n["task_id"] for n in found] == [task["id"]]


def test_a_poison_event_is_dead_lettered_and_the_topic_keeps_flowing(
    stack: DistributedServer, user: UserClient
) -> None:
    poison_id = f"poison-{time.time_ns()}"
    publish_raw(
        stack,
        "task-events",
        {
            "specversion": "1.0",
            "id": poison_id,
            "source": "a-test",
            "type": "task.created",
            "subject": "no-such-task",
            "time": "2026-03-04T15:00:00Z",
            "datacontenttype": "application/json",
            "data": {"not": "a task event"},
        },
    )
    after = user.add("Created after the poison")

    wait_until(lambda: audit_trail(user, task_id=after["id"]), what="the next event's entry")
    letters = wait_until(
        lambda: stack.sql(
            "SELECT consumer, topic, event_id FROM dead_letters WHERE event_id = $1", poison_id
        ),
        timeout=20,
        what="the poison event in the dead letters",
    )
    assert {letter["consumer"] for letter in letters} == {"audit", "recurring", "backend"}
    assert {letter["topic"] for letter in letters} == {"task-events"}


@pytest.mark.parametrize(
    ("service", "path"),
    [
        ("backend", "/internal/next-occurrence"),
        ("backend", "/job/reminder-x"),
        ("backend", "/housekeeping"),
        ("audit", "/events/task-events"),
        ("audit", "/dead-letters/audit-dead-letters"),
        ("websocket", "/events/task-updates"),
    ],
)
def test_routes_for_dapr_refuse_calls_without_the_app_token(
    stack: DistributedServer, service: str, path: str
) -> None:
    body = {"user_id": "u", "task_id": "t", "event_id": "e"}
    url = stack.stack.services[service].url
    for headers in ({}, {"dapr-api-token": "wrong"}):
        answer = httpx.post(f"{url}{path}", json=body, headers=headers, timeout=10)
        assert answer.status_code == 401, (path, headers, answer.text)


def test_a_service_call_with_the_app_token_is_served(stack: DistributedServer) -> None:
    answer = httpx.post(
        f"{stack.url}/internal/next-occurrence",
        json={"user_id": "nobody", "task_id": "t", "event_id": "e"},
        headers={"dapr-api-token": stack.stack.app_api_token},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"created": None}
