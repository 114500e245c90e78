"""The shortest path through the system: sign up, add, complete, audit."""

from __future__ import annotations

from tests.support import UserClient, wait_until


def test_a_new_user_adds_and_completes_a_task(alice: UserClient) -> None:
    task = alice.add("Buy groceries", due="2026-03-05T17:00:00-05:00", priority="high")
    assert task["status"] == "pending"
    assert task["due"] == "2026-03-05T17:00:00-05:00"

    done = alice.post(f"/api/tasks/{task['id']}/complete")

    assert done.status_code == 200
    assert done.json()["status"] == "completed"
    entries = wait_until(
        lambda: (
            [e for e in alice.get("/api/audit").json()["items"] if e["task_id"] == task["id"]]
            if len(alice.get("/api/audit").json()["items"]) >= 2
            else None
        ),
        what="two audit entries",
    )
    assert [e["event_type"] for e in entries] == ["task.completed", "task.created"]
