"""Crashes lose nothing: the process is SIGKILLed and started again.

Events are written in the same transaction as the change (the outbox), so a
write acknowledged before the crash has its audit entry, and a completed
recurring task its next occurrence, exactly once after the restart.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support import start_process, wait_until

pytestmark = pytest.mark.slow


def sign_up(url: str) -> httpx.Client:
    answer = httpx.post(
        f"{url}/api/auth/register",
        json={
            "email": "crash@example.com",
            "password": "correct horse",
            "timezone": "America/New_York",
        },
    )
    assert answer.status_code == 201, answer.text
    return httpx.Client(
        base_url=url,
        headers={"Authorization": f"Bearer {answer.json()['access_token']}"},
        timeout=10,
    )


def log_in(url: str) -> httpx.Client:
    answer = httpx.post(
        f"{url}/api/auth/login", json={"email": "crash@example.com", "password": "correct horse"}
    )
    assert answer.status_code == 200, answer.text
    return httpx.Client(
        base_url=url,
        headers={"Authorization": f"Bearer {answer.json()['access_token']}"},
        timeout=10,
    )


def audit(client: httpx.Client) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = client.get(
            "/api/audit", params={"limit": 200, **({"cursor": cursor} if cursor else {})}
        ).json()
        entries.extend(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return entries


def audit_of_at_least(client: httpx.Client, count: int) -> list[dict[str, Any]]:
    """The audit trail once it holds ``count`` entries (waiting for the bus)."""

    def enough() -> list[dict[str, Any]] | None:
        entries = audit(client)
        return entries if len(entries) >= count else None

    found: list[dict[str, Any]] = wait_until(enough, what=f"{count} audit entries")
    return found


def test_events_committed_before_a_crash_are_handled_once_after_restart(data_dir: Path) -> None:
    paused = start_process(data_dir, TODO_DELIVER_EVENTS="false")
    with sign_up(paused.url) as client:
        task = client.post(
            "/api/tasks",
            json={
                "title": "Take vitamins",
                "due": "2099-06-07T09:00:00",  # ahead of the real clock: no date skipped
                "recurrence": "FREQ=DAILY",
            },
        ).json()
        assert client.post(f"/api/tasks/{task['id']}/complete").status_code == 200
        assert audit(client) == []  # nothing handled yet: the events wait in the outbox
    paused.kill()

    restarted = start_process(data_dir)
    try:
        with log_in(restarted.url) as client:
            entries = audit_of_at_least(client, 3)
            tasks = client.get("/api/tasks", params={"status": "all", "sort": "due"}).json()[
                "items"
            ]
    finally:
        restarted.terminate()

    assert Counter((e["event_type"], e["actor"]) for e in entries) == {
        ("task.created", "user"): 1,
        ("task.completed", "user"): 1,
        ("task.created", "recurring"): 1,
    }
    assert len({e["id"] for e in entries}) == 3
    assert [(t["status"], t["due"]) for t in tasks] == [
        ("completed", "2099-06-07T09:00:00-04:00"),
        ("pending", "2099-06-08T09:00:00-04:00"),
    ]


def test_every_acknowledged_write_survives_a_kill_in_full_flight(data_dir: Path) -> None:
    server = start_process(data_dir)
    acknowledged = []
    with sign_up(server.url) as client:
        for number in range(60):
            answer = client.post("/api/tasks", json={"title": f"task {number}"})
            assert answer.status_code == 201
            acknowledged.append(answer.json()["id"])
    server.kill()

    restarted = start_process(data_dir)
    try:
        with log_in(restarted.url) as client:
            stored = client.get("/api/tasks", params={"limit": 200}).json()["items"]
            entries = audit_of_at_least(client, 60)
    finally:
        restarted.terminate()

    assert sorted(t["id"] for t in stored) == sorted(acknowledged)
    assert sorted(e["task_id"] for e in entries) == sorted(acknowledged)
