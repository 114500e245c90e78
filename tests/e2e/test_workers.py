"""Several worker processes on one data directory behave as one system.

Each request may land on either worker: a change made through one shows at
once through the other, every event is handled once by whichever worker leads,
and when the leader dies another takes over its background work.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support import ServerProcess, start_process, wait_until

pytestmark = pytest.mark.slow


def fresh(url: str, method: str, path: str, token: str, **kwargs: Any) -> httpx.Response:
    """A request on a new connection, so that requests spread over the workers."""
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as client:
        return client.request(method, path, **kwargs)


def sign_up(url: str) -> str:
    answer = httpx.post(
        f"{url}/api/auth/register",
        json={"email": "many@example.com", "password": "correct horse", "timezone": "UTC"},
    )
    assert answer.status_code == 201, answer.text
    token: str = answer.json()["access_token"]
    return token


def audit_count(url: str, token: str) -> int:
    return len(fresh(url, "GET", "/api/audit", token, params={"limit": 200}).json()["items"])


def leader_pid(data_dir: Path) -> int:
    return int((data_dir / "leader.lock").read_text())


@pytest.fixture
def two_workers(data_dir: Path) -> Any:
    server = start_process(data_dir, "--workers", "2")
    yield server
    server.terminate()


def test_answers_come_from_both_workers_and_agree(
    two_workers: ServerProcess, data_dir: Path
) -> None:
    url = two_workers.url
    token = sign_up(url)
    created = [
        fresh(
            url,
            "POST",
            "/api/tasks",
            token,
            json={"title": f"task {n}", "due": "2026-03-05T12:00:00Z"},
        )
        for n in range(30)
    ]
    assert all(answer.status_code == 201 for answer in created)

    assert fresh(url, "PATCH", "/api/me", token, json={"timezone": "Asia/Tokyo"}).status_code == 200
    zones = {fresh(url, "GET", "/api/me", token).json()["timezone"] for _ in range(10)}
    dues = {
        fresh(url, "GET", f"/api/tasks/{answer.json()['id']}", token).json()["due"]
        for answer in created
    }

    assert zones == {"Asia/Tokyo"}
    assert dues == {"2026-03-05T21:00:00+09:00"}
    wait_until(lambda: audit_count(url, token) == 30, what="30 audit entries")
    metrics = httpx.get(f"{url}/metrics").text
    line = next(
        row
        for row in metrics.splitlines()
        if row.startswith('http_requests_total{method="POST",route="/api/tasks",status="201"}')
    )
    assert float(line.split()[-1]) == 30


def test_events_keep_flowing_when_the_leader_dies(
    two_workers: ServerProcess, data_dir: Path
) -> None:
    url = two_workers.url
    token = sign_up(url)
    task = fresh(
        url,
        "POST",
        "/api/tasks",
        token,
        json={"title": "Water plants", "due": "2099-06-07T09:00:00Z", "recurrence": "FREQ=DAILY"},
    ).json()
    wait_until(lambda: audit_count(url, token) == 1, what="the first audit entry")

    os.kill(leader_pid(data_dir), signal.SIGKILL)
    completed = wait_until(
        lambda: _try_complete(url, token, task["id"]), timeout=20, what="a worker to answer"
    )

    assert completed["status"] == "completed"
    wait_until(lambda: audit_count(url, token) == 3, timeout=20, what="the next occurrence")
    tasks = fresh(url, "GET", "/api/tasks", token, params={"status": "all", "sort": "due"}).json()
    assert [(t["status"], t["due"]) for t in tasks["items"]] == [
        ("completed", "2099-06-07T09:00:00+00:00"),
        ("pending", "2099-06-08T09:00:00+00:00"),
    ]


def _try_complete(url: str, token: str, task_id: str) -> dict[str, Any] | None:
    try:
        answer = fresh(url, "POST", f"/api/tasks/{task_id}/complete", token)
    except httpx.HTTPError:
        return None
    result: dict[str, Any] | None = answer.json() if answer.status_code == 200 else None
    return result
