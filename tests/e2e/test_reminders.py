"""Reminders fire, in both runtimes, on the real clock: at their time, once, and only
while their task still wants them; snoozed ones come back; a process killed before
a reminder's time fires it when it is back, marked late.

Scheduling goes through the real paths: the task's events reach the reminders
consumer, which schedules the job (the embedded runtime's scheduler, or Dapr's
Jobs API through the backend's sidecar), and the job's callback publishes the
reminder that the notification service keeps.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support import (
    ApiServer,
    DistributedServer,
    UserClient,
    served_on_the_real_clock,
    signed_up,
    start_process,
    wait_until,
)

pytestmark = pytest.mark.slow

ON_TIME = {"embedded": 1.0, "distributed": 2.0}
"""How soon after its time a reminder must fire, by runtime."""


@pytest.fixture(scope="module")
def live(
    request: pytest.FixtureRequest, runtime_name: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ApiServer]:
    """A runtime on the real clock; one that marks a reminder late past a second."""
    with served_on_the_real_clock(
        request, runtime_name, tmp_path_factory.mktemp("reminders"), reminder_late_after_seconds=1
    ) as server:
        yield server


@pytest.fixture
def ann(live: ApiServer) -> Iterator[UserClient]:
    with live.register(timezone="UTC") as client:
        yield client


def at(seconds: float) -> str:
    return (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat(timespec="milliseconds")


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def notifications(user: UserClient, **params: Any) -> list[dict[str, Any]]:
    answer = user.get("/api/notifications", params={"limit": 200, **params})
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def of_task(user: UserClient, task_id: str) -> list[dict[str, Any]]:
    return [n for n in notifications(user) if n["task_id"] == task_id]


def wait_for(user: UserClient, task_id: str, count: int = 1, timeout: float = 20) -> list[Any]:
    """The task's notifications, once there are ``count`` of them."""
    found: list[Any] = wait_until(
        lambda: len(of_task(user, task_id)) >= count and of_task(user, task_id),
        timeout=timeout,
        what=f"{count} notification(s) of the task",
    )
    return found


def assert_on_time(notification: dict[str, Any], due: str, runtime: str) -> None:
    fired = instant(notification["created_at"])
    assert instant(due) <= fired <= instant(due) + timedelta(seconds=ON_TIME[runtime])


def test_a_reminder_two_seconds_ahead_fires_once_at_its_time(
    live: ApiServer, ann: UserClient
) -> None:
    task = ann.add("Stretch", remind_at=at(2))

    (notification,) = wait_for(ann, task["id"])
    time.sleep(1.5)

    assert len(of_task(ann, task["id"])) == 1
    assert_on_time(notification, task["remind_at"], live.runtime_name)
    assert notification["title"] == "Stretch"
    assert notification["kind"] == "reminder"
    assert (notification["read_at"], notification["late"]) == (None, False)


def test_a_moved_reminder_fires_only_at_its_new_time(live: ApiServer, ann: UserClient) -> None:
    task = ann.add("Call the plumber", remind_at=at(2))
    moved = ann.patch(f"/api/tasks/{task['id']}", json={"remind_at": at(4)})
    assert moved.status_code == 200
    moved_to = moved.json()["remind_at"]

    (notification,) = wait_for(ann, task["id"])
    time.sleep(1)

    assert len(of_task(ann, task["id"])) == 1
    assert_on_time(notification, moved_to, live.runtime_name)


def test_a_reminder_that_moves_with_its_due_fires_at_the_new_time(
    live: ApiServer, ann: UserClient
) -> None:
    task = ann.add("Dentist", due=at(62), remind_before_minutes=1)
    moved = ann.patch(f"/api/tasks/{task['id']}", json={"due": at(64)}).json()

    (notification,) = wait_for(ann, task["id"])

    assert_on_time(notification, moved["remind_at"], live.runtime_name)


def test_completed_or_deleted_before_its_time_a_reminder_never_fires(
    ann: UserClient,
) -> None:
    completed = ann.add("Water the plants", remind_at=at(2))
    deleted = ann.add("Buy stamps", remind_at=at(2))
    assert ann.post(f"/api/tasks/{completed['id']}/complete").status_code == 200
    assert ann.delete(f"/api/tasks/{deleted['id']}").status_code == 204
    probe = ann.add("Probe", remind_at=at(3))

    wait_for(ann, probe["id"])
    time.sleep(0.5)

    assert of_task(ann, completed["id"]) == of_task(ann, deleted["id"]) == []


def test_a_reopened_task_reminds_again(live: ApiServer, ann: UserClient) -> None:
    task = ann.add("Send the invoice", remind_at=at(3))
    assert ann.post(f"/api/tasks/{task['id']}/complete").status_code == 200
    assert ann.post(f"/api/tasks/{task['id']}/reopen").status_code == 200

    (notification,) = wait_for(ann, task["id"])

    assert_on_time(notification, task["remind_at"], live.runtime_name)


def test_a_reminder_set_in_the_past_fires_at_once(live: ApiServer, ann: UserClient) -> None:
    before = datetime.now(UTC)
    task = ann.add("Renew the passport", remind_at=at(-3600))

    (notification,) = wait_for(ann, task["id"])

    fired = instant(notification["created_at"])
    assert fired - before < timedelta(seconds=ON_TIME[live.runtime_name] + 1)


def test_the_next_occurrence_reminds_at_the_kept_offset(live: ApiServer, ann: UserClient) -> None:
    first_due = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1) + timedelta(seconds=63)
    task = ann.add(
        "Take the pills",
        due=first_due.isoformat(),
        remind_before_minutes=1,
        recurrence="FREQ=DAILY",
    )
    wait_for(ann, task["id"])  # its own reminder was a day ago: at once
    assert ann.post(f"/api/tasks/{task['id']}/complete").status_code == 200
    following = wait_until(
        lambda: [t for t in ann.items() if t["series_id"] == task["series_id"]],
        what="the next occurrence",
    )[0]

    (notification,) = wait_for(ann, following["id"])

    assert following["remind_at"] == (first_due + timedelta(days=1, minutes=-1)).isoformat()
    assert_on_time(notification, following["remind_at"], live.runtime_name)


def test_a_snoozed_reminder_comes_back_once_at_its_new_time(
    live: ApiServer, ann: UserClient
) -> None:
    task = ann.add("Stand up", remind_at=at(0))
    (first,) = wait_for(ann, task["id"])
    snoozed = ann.post(f"/api/notifications/{first['id']}/snooze", json={"until": at(2)})

    assert snoozed.status_code == 200, snoozed.text
    until = snoozed.json()["snoozed_until"]
    assert snoozed.json()["read_at"] is not None
    both = wait_for(ann, task["id"], count=2)
    time.sleep(1)
    assert len(of_task(ann, task["id"])) == 2
    assert_on_time(both[0], until, live.runtime_name)


def test_notifications_are_read_one_by_one_or_all_at_once(ann: UserClient) -> None:
    tasks = [ann.add(f"Reminder {n}", remind_at=at(-60)) for n in range(3)]
    for task in tasks:
        wait_for(ann, task["id"])
    first = of_task(ann, tasks[0]["id"])[0]

    read = ann.post(f"/api/notifications/{first['id']}/read")

    assert read.status_code == 200
    assert read.json()["read_at"] is not None
    assert {n["task_id"] for n in notifications(ann, unread="true")} == {
        tasks[1]["id"],
        tasks[2]["id"],
    }
    assert ann.post("/api/notifications/read-all").json() == {"read": 2}
    assert notifications(ann, unread="true") == []


def test_notifications_come_newest_first_a_page_at_a_time(ann: UserClient) -> None:
    tasks = [ann.add(f"Paged {n}", remind_at=at(-60 + n)) for n in range(3)]
    for task in tasks:
        wait_for(ann, task["id"])

    first = ann.get("/api/notifications", params={"limit": 2}).json()
    second = ann.get(
        "/api/notifications", params={"limit": 2, "cursor": first["next_cursor"]}
    ).json()

    listed = [n["title"] for n in first["items"] + second["items"]]
    assert sorted(listed) == sorted(t["title"] for t in tasks)
    times = [n["created_at"] for n in first["items"] + second["items"]]
    assert times == sorted(times, reverse=True)
    assert second["next_cursor"] is None


def test_another_users_notification_is_404_everywhere(live: ApiServer, ann: UserClient) -> None:
    task = ann.add("Private", remind_at=at(-60))
    (notification,) = wait_for(ann, task["id"])
    with live.register() as bob:
        for path in ("read", "snooze"):
            answer = bob.post(f"/api/notifications/{notification['id']}/{path}", json={})
            assert answer.status_code == 404, path
        assert notifications(bob) == []


def test_snooze_refuses_a_time_in_the_past_and_two_ways_at_once(ann: UserClient) -> None:
    task = ann.add("Checked", remind_at=at(-60))
    (notification,) = wait_for(ann, task["id"])
    path = f"/api/notifications/{notification['id']}/snooze"

    past = ann.post(path, json={"until": at(-10)})
    both = ann.post(path, json={"until": at(60), "minutes": 5})

    assert (past.status_code, past.json()["detail"][0]["loc"]) == (422, ["body", "until"])
    assert (both.status_code, both.json()["detail"][0]["loc"]) == (422, ["body", "minutes"])


def test_the_chat_snoozes_the_reminder_that_just_rang(live: ApiServer, ann: UserClient) -> None:
    task = ann.add("Drink water", remind_at=at(0))
    wait_for(ann, task["id"])

    reply = ann.post("/api/chat", json={"message": "snooze that for 10 minutes"}).json()

    assert reply["reply"].startswith("Snoozed *Drink water* until today at ")
    (action,) = reply["actions"]
    assert (action["tool"], action["arguments"]) == ("snooze_reminder", {"minutes": 10})
    (notification,) = of_task(ann, task["id"])
    assert instant(notification["snoozed_until"]) - instant(notification["created_at"]) >= (
        timedelta(minutes=9, seconds=59)
    )


def test_a_reminder_set_through_the_chat_moves_with_its_due(
    live: ApiServer, ann: UserClient
) -> None:
    added = ann.post(
        "/api/chat", json={"message": "Dentist tomorrow at 5pm, remind me 1 hour before"}
    ).json()
    task = added["actions"][0]["result"]
    assert task["remind_before_minutes"] == 60

    moved = ann.post("/api/chat", json={"message": "push the dentist to next week"}).json()

    after = moved["actions"][-1]["result"]
    assert after["remind_before_minutes"] == 60
    if "T" in after["due"]:
        assert instant(after["due"]) - instant(after["remind_at"]) == timedelta(hours=1)
    else:  # a date: an hour before 09:00 that day
        assert after["remind_at"] == f"{after['due']}T08:00:00+00:00"
    assert after["due"][:10] > task["due"][:10]


def test_an_embedded_process_killed_before_the_time_fires_it_once_when_back_marked_late(
    tmp_path: Path,
) -> None:
    env = {"TODO_REMINDER_LATE_AFTER_SECONDS": "1"}
    server = start_process(tmp_path / "data", **env)
    headers = signed_up(server.url, "killed")
    with httpx.Client(base_url=server.url, headers=headers, timeout=10) as user:
        task = user.post("/api/tasks", json={"title": "Ring", "remind_at": at(2)}).json()
    time.sleep(0.3)  # the reminders consumer has scheduled it
    server.kill()
    time.sleep(3.5)

    restarted = start_process(tmp_path / "data", **env)
    try:
        with httpx.Client(base_url=restarted.url, headers=headers, timeout=10) as user:
            wait_until(lambda: user.get("/api/notifications").json()["items"], what="it")
            time.sleep(1)
            found = user.get("/api/notifications").json()["items"]
    finally:
        restarted.terminate()
    assert [(n["task_id"], n["late"]) for n in found] == [(task["id"], True)]


def test_a_distributed_backend_killed_before_the_time_fires_it_once_when_back_marked_late(
    distributed_server: DistributedServer,
) -> None:
    with (
        distributed_server.on_the_real_clock(),
        distributed_server.register(timezone="UTC") as user,
    ):
        task = user.add("Ring", remind_at=at(3))
        time.sleep(1.5)  # the backend has scheduled the job
        distributed_server.stack.kill_service("backend")
        time.sleep(3)
        distributed_server.stack.start_service("backend")
        found = wait_for(user, task["id"], timeout=40)
        time.sleep(2)
        assert len(of_task(user, task["id"])) == 1
    assert found[0]["late"] is True


def test_two_embedded_worker_processes_fire_each_reminder_once(tmp_path: Path) -> None:
    server = start_process(tmp_path / "data", "--workers", "2")
    try:
        headers = signed_up(server.url, "workers")
        with httpx.Client(base_url=server.url, headers=headers, timeout=10) as user:
            ids = {
                user.post("/api/tasks", json={"title": f"R{n}", "remind_at": at(1.5)}).json()["id"]
                for n in range(6)
            }
            wait_until(
                lambda: len(user.get("/api/notifications").json()["items"]) >= 6,
                what="six notifications",
            )
            time.sleep(1)
            found = user.get("/api/notifications").json()["items"]
    finally:
        server.terminate()
    assert sorted(n["task_id"] for n in found) == sorted(ids)
