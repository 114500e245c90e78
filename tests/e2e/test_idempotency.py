"""Idempotency-Key over real HTTP, against each runtime: a write sent again with its key
gets the first answer and changes nothing more; the same key with another request is
refused; keys are each user's own; a write without a key runs every time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.test_tasks_api import next_in_series, series, settle_recurring
from tests.support import ServerProcess, UserClient, start_process

pytestmark = pytest.mark.slow

KEY = "Idempotency-Key"


def keyed(key: str) -> dict[str, str]:
    return {KEY: key}


def titled(user: UserClient, title: str) -> list[dict[str, Any]]:
    return [task for task in user.items(status="all", limit=200) if task["title"] == title]


def test_a_create_sent_twice_with_one_key_makes_one_task_and_answers_alike(
    alice: UserClient,
) -> None:
    first = alice.post("/api/tasks", json={"title": "Pay rent"}, headers=keyed("create-1"))
    again = alice.post("/api/tasks", json={"title": "Pay rent"}, headers=keyed("create-1"))

    assert first.status_code == again.status_code == 201, again.text
    assert again.content == first.content
    for header in ("ETag", "Location", "Content-Type"):
        assert again.headers[header] == first.headers[header]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert [task["id"] for task in titled(alice, "Pay rent")] == [first.json()["id"]]


def test_the_same_body_in_another_key_order_and_spacing_is_the_same_request(
    alice: UserClient,
) -> None:
    first = alice.post(
        "/api/tasks",
        content=b'{"title": "Call mom", "priority": "high"}',
        headers={**keyed("order-1"), "Content-Type": "application/json"},
    )
    again = alice.post(
        "/api/tasks",
        content=b'{"priority":"high","title":"Call mom"}',
        headers={**keyed('"order-1"'), "Content-Type": "application/json"},
    )

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert len(titled(alice, "Call mom")) == 1


def test_without_a_key_every_request_runs(alice: UserClient) -> None:
    for _ in range(2):
        assert alice.post("/api/tasks", json={"title": "Buy bread"}).status_code == 201

    assert len(titled(alice, "Buy bread")) == 2


def test_the_same_key_with_another_body_is_refused_and_changes_nothing(
    alice: UserClient,
) -> None:
    first = alice.post("/api/tasks", json={"title": "Book flights"}, headers=keyed("body-1"))
    other = alice.post("/api/tasks", json={"title": "Book hotel"}, headers=keyed("body-1"))

    assert first.status_code == 201
    assert other.status_code == 422, other.text
    assert "different request" in other.json()["detail"]
    assert len(titled(alice, "Book flights")) == 1
    assert titled(alice, "Book hotel") == []


def test_the_same_key_on_another_route_is_refused(alice: UserClient) -> None:
    task = alice.add("Renew passport")
    assert (
        alice.post("/api/tasks", json={"title": "x"}, headers=keyed("route-1")).status_code == 201
    )

    answer = alice.post(f"/api/tasks/{task['id']}/complete", headers=keyed("route-1"))

    assert answer.status_code == 422
    assert alice.get(f"/api/tasks/{task['id']}").json()["status"] == "pending"


def test_two_users_keys_are_their_own(alice: UserClient, bob: UserClient) -> None:
    for_alice = alice.post("/api/tasks", json={"title": "Shared key"}, headers=keyed("same"))
    for_bob = bob.post("/api/tasks", json={"title": "Shared key"}, headers=keyed("same"))

    assert (for_alice.status_code, for_bob.status_code) == (201, 201)
    assert "Idempotent-Replayed" not in for_bob.headers
    assert for_bob.json()["id"] != for_alice.json()["id"]
    assert len(titled(alice, "Shared key")) == len(titled(bob, "Shared key")) == 1


def test_completing_a_recurring_task_twice_with_one_key_completes_one_occurrence(
    alice: UserClient,
) -> None:
    task = alice.add("Water plants", due="2026-03-05", recurrence="FREQ=DAILY")
    path = f"/api/tasks/{task['id']}/complete"

    first = alice.post(path, headers=keyed("complete-1"))
    following = next_in_series(alice, task)
    again = alice.post(path, headers=keyed("complete-1"))

    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Idempotent-Replayed"] == "true"
    settle_recurring(alice)
    statuses = {t["id"]: t["status"] for t in series(alice, task["series_id"])}
    assert statuses == {task["id"]: "completed", following["id"]: "pending"}


def test_a_retried_chat_mark_done_completes_only_the_occurrence_it_meant(
    alice: UserClient,
) -> None:
    task = alice.add("Stretch", due="2026-03-05", recurrence="FREQ=DAILY")
    message = {"message": "mark stretch done"}

    first = alice.post("/api/chat", json=message, headers=keyed("chat-1"))
    following = next_in_series(alice, task)
    again = alice.post("/api/chat", json=message, headers=keyed("chat-1"))

    assert first.status_code == again.status_code == 200, again.text
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    settle_recurring(alice)
    statuses = {t["id"]: t["status"] for t in series(alice, task["series_id"])}
    assert statuses == {task["id"]: "completed", following["id"]: "pending"}


def test_a_chat_mark_done_sent_again_without_a_key_completes_the_next_occurrence(
    alice: UserClient,
) -> None:
    """What a key prevents: a second message is a second command."""
    task = alice.add("Floss", due="2026-03-05", recurrence="FREQ=DAILY")
    assert alice.post("/api/chat", json={"message": "mark floss done"}).status_code == 200
    following = next_in_series(alice, task)

    assert alice.post("/api/chat", json={"message": "mark floss done"}).status_code == 200

    assert alice.get(f"/api/tasks/{following['id']}").json()["status"] == "completed"


def test_a_delete_sent_again_with_its_key_answers_204_again(alice: UserClient) -> None:
    task = alice.add("Old idea")
    path = f"/api/tasks/{task['id']}"

    first = alice.delete(path, headers=keyed("delete-1"))
    again = alice.delete(path, headers=keyed("delete-1"))
    unkeyed = alice.delete(path)

    assert (first.status_code, again.status_code, unkeyed.status_code) == (204, 204, 404)
    assert again.headers["Idempotent-Replayed"] == "true"


def test_an_update_sent_again_with_its_key_answers_the_first_version(
    alice: UserClient,
) -> None:
    task = alice.add("Draft report")
    path = f"/api/tasks/{task['id']}"
    first = alice.patch(path, json={"priority": "high"}, headers=keyed("patch-1"))
    alice.patch(path, json={"title": "Final report"})

    again = alice.patch(path, json={"priority": "high"}, headers=keyed("patch-1"))

    assert again.status_code == 200
    assert again.json() == first.json()
    assert again.json()["title"] == "Draft report"
    assert alice.get(path).json()["title"] == "Final report"


def test_a_write_that_failed_frees_its_key(alice: UserClient) -> None:
    missing = alice.post("/api/tasks/no-such-task/complete", headers=keyed("failed-1"))
    created = alice.post("/api/tasks", json={"title": "After a 404"}, headers=keyed("failed-1"))

    assert missing.status_code == 404
    assert created.status_code == 201, created.text


def test_notifications_read_all_sent_again_with_its_key_is_replayed(alice: UserClient) -> None:
    first = alice.post("/api/notifications/read-all", headers=keyed("read-all-1"))
    again = alice.post("/api/notifications/read-all", headers=keyed("read-all-1"))

    assert first.status_code == again.status_code == 200
    assert again.json() == first.json() == {"read": 0}
    assert again.headers["Idempotent-Replayed"] == "true"


@pytest.mark.parametrize("key", ["", "has space", "x" * 256, 'quote"inside', "é"])
def test_a_malformed_key_is_a_422(alice: UserClient, key: str) -> None:
    answer = alice.post(
        "/api/tasks", json={"title": "Malformed key"}, headers={KEY.encode(): key.encode()}
    )

    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == ["header", "idempotency-key"]
    assert titled(alice, "Malformed key") == []


def test_one_key_sent_at_once_many_times_makes_one_task(alice: UserClient) -> None:
    def send(_: int) -> httpx.Response:
        with alice.server.client(alice.token) as client:
            return client.post("/api/tasks", json={"title": "Raced"}, headers=keyed("race-1"))

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(send, range(8)))

    assert {a.status_code for a in answers} <= {201, 409}
    created = [a for a in answers if a.status_code == 201]
    assert created
    assert all(a.content == created[0].content for a in created)
    assert all(a.headers["Retry-After"].isdigit() for a in answers if a.status_code == 409)
    assert len(titled(alice, "Raced")) == 1


def test_the_openapi_document_names_the_header_on_every_write(alice: UserClient) -> None:
    document = alice.get("/openapi.json").json()
    writes = {
        ("post", "/api/tasks"),
        ("put", "/api/tasks/{task_id}"),
        ("patch", "/api/tasks/{task_id}"),
        ("delete", "/api/tasks/{task_id}"),
        ("post", "/api/tasks/{task_id}/complete"),
        ("post", "/api/tasks/{task_id}/reopen"),
        ("post", "/api/notifications/read-all"),
        ("post", "/api/notifications/{notification_id}/read"),
        ("post", "/api/notifications/{notification_id}/snooze"),
        ("post", "/api/chat"),
    }
    for method, path in writes:
        parameters = document["paths"][path][method].get("parameters", [])
        assert any(p["in"] == "header" and p["name"] == KEY for p in parameters), (method, path)


# ---------------------------------------------------------------- worker processes


@pytest.fixture
def two_workers(data_dir: Path) -> Any:
    server = start_process(data_dir, "--workers", "2")
    yield server
    server.terminate()


def test_a_key_holds_across_worker_processes(two_workers: ServerProcess) -> None:
    url = two_workers.url
    registered = httpx.post(
        f"{url}/api/auth/register",
        json={"email": "keys@example.com", "password": "correct horse", "timezone": "UTC"},
    )
    headers = {"Authorization": f"Bearer {registered.json()['access_token']}"}

    def send(_: int) -> httpx.Response:
        # A new connection each time, so that requests spread over both workers.
        with httpx.Client(base_url=url, headers=headers, timeout=10) as client:
            return client.post("/api/tasks", json={"title": "Once"}, headers=keyed("workers-1"))

    at_once = list(ThreadPoolExecutor(8).map(send, range(8)))
    one_by_one = [send(i) for i in range(8)]

    assert {a.status_code for a in at_once} <= {201, 409}
    assert {a.status_code for a in one_by_one} == {201}
    assert len({a.content for a in at_once + one_by_one if a.status_code == 201}) == 1
    with httpx.Client(base_url=url, headers=headers) as client:
        items = client.get("/api/tasks", params={"limit": 200}).json()["items"]
    assert [task["title"] for task in items] == ["Once"]
