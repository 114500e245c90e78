"""Deleting an account over real HTTP, in both runtimes: it needs the password, then
removes the user's tasks, audit trail, conversations, notifications, scheduled
reminders and kept idempotency keys with the account; its tokens stop working and
its email can register again.

What the API can no longer show (a deleted user's rows) is checked in the store:
the SQLite file, or PostgreSQL through the backend's binding; a reminder's job in
the embedded scheduler's table, or in Dapr's Jobs API."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from typing import Any

import httpx

from tests.support import (
    NOW,
    ApiServer,
    DistributedServer,
    LiveServer,
    UserClient,
    settle_audit,
    wait_until,
)

PASSWORD = "correct horse"

_EMBEDDED_ROWS = {
    "tasks": "SELECT count(*) FROM tasks WHERE uid = ?",
    "task_tags": "SELECT count(*) FROM task_tags WHERE uid = ?",
    "task_words": "SELECT count(*) FROM task_words WHERE uid = ?",
    "audit_log": "SELECT count(*) FROM audit_log WHERE uid = ?",
    "notifications": "SELECT count(*) FROM notifications WHERE uid = ?",
    "conversations": "SELECT count(*) FROM conversations WHERE uid = ?",
    "conversation_messages": "SELECT count(*) FROM conversation_messages"
    " WHERE conversation IN (SELECT pk FROM conversations WHERE uid = ?)",
    "revoked_tokens": "SELECT count(*) FROM revoked_tokens WHERE uid = ?",
    "users": "SELECT count(*) FROM users WHERE uid = ?",
}
_EMBEDDED_ROWS_BY_ID = {
    "idempotency_keys": "SELECT count(*) FROM idempotency_keys WHERE user_id = ?",
}
_DISTRIBUTED_ROWS = {
    "tasks": "SELECT count(*) AS n FROM tasks WHERE user_id = $1",
    "audit_log": "SELECT count(*) AS n FROM audit_log WHERE user_id = $1",
    "notifications": "SELECT count(*) AS n FROM notifications WHERE user_id = $1",
    "conversations": "SELECT count(*) AS n FROM conversations WHERE user_id = $1",
    "conversation_messages": "SELECT count(*) AS n FROM conversation_messages"
    " WHERE conversation_id IN (SELECT id FROM conversations WHERE user_id = $1)",
    "revoked_tokens": "SELECT count(*) AS n FROM revoked_tokens WHERE user_id = $1",
    "idempotency_keys": "SELECT count(*) AS n FROM idempotency_keys WHERE user_id = $1",
    "users": "SELECT count(*) AS n FROM users WHERE id = $1",
}


class Store:
    """The rows a user has in the store of the server under test."""

    def __init__(self, server: ApiServer, user_id: str) -> None:
        self.server = server
        self.user_id = user_id
        self.uid: int | None = None
        if isinstance(server, LiveServer):
            (self.uid,) = self._sqlite("SELECT uid FROM users WHERE id = ?", self.user_id)

    def rows(self) -> dict[str, int]:
        if isinstance(self.server, DistributedServer):
            return {
                table: int(self.server.sql(query, self.user_id)[0]["n"])
                for table, query in _DISTRIBUTED_ROWS.items()
            }
        by_uid = {
            table: self._sqlite(query, self.uid)[0] for table, query in _EMBEDDED_ROWS.items()
        }
        by_id = {
            table: self._sqlite(query, self.user_id)[0]
            for table, query in _EMBEDDED_ROWS_BY_ID.items()
        }
        return by_uid | by_id

    def job_exists(self, name: str) -> bool:
        if isinstance(self.server, DistributedServer):
            sidecar = self.server.stack.services["backend"].sidecar
            answer = httpx.get(f"{sidecar.http_url}/v1.0-alpha1/jobs/{name}", timeout=10)
            return answer.status_code == 200
        return bool(self._sqlite("SELECT count(*) FROM scheduled_jobs WHERE name = ?", name)[0])

    def _sqlite(self, query: str, *params: Any) -> tuple[Any, ...]:
        assert isinstance(self.server, LiveServer)
        path = self.server.data_dir / "todo.sqlite3"
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            row: tuple[Any, ...] = conn.execute(query, params).fetchone()
        return row


def delete_account(user: UserClient, password: str) -> httpx.Response:
    return user.request("DELETE", "/api/me", json={"password": password})


def give_alice_some_of_everything(alice: UserClient) -> dict[str, str]:
    """Tasks with tags and words, a completed one, a reminder already due (so a
    notification), one ahead (so a scheduled job), a conversation, a kept
    idempotency key; the audit trail of it all. The ids of the tasks with reminders."""
    alice.add("Buy milk", tags=["home"], description="and bread")
    kept = alice.post(
        "/api/tasks", json={"title": "Sent twice"}, headers={"Idempotency-Key": "alice-1"}
    )
    assert kept.status_code == 201, kept.text
    done = alice.add("Call the plumber")
    assert alice.post(f"/api/tasks/{done['id']}/complete").status_code == 200
    fired = alice.add("Renew the passport", remind_at=(NOW - timedelta(hours=1)).isoformat())
    ahead = alice.add("Dentist", remind_at=(NOW + timedelta(days=30)).isoformat())
    chat = alice.post("/api/chat", json={"message": "add water the plants tomorrow"})
    assert chat.status_code == 200, chat.text
    wait_until(
        lambda: alice.get("/api/notifications").json()["items"], what="the reminder's notification"
    )
    settle_audit(alice)
    return {"fired": fired["id"], "ahead": ahead["id"]}


def test_deleting_an_account_removes_all_its_data_and_frees_its_email(
    server: ApiServer, alice: UserClient, bob: UserClient
) -> None:
    bobs_task = bob.add("Bob's own task")
    reminders = give_alice_some_of_everything(alice)
    store = Store(server, alice.user["id"])
    job = "reminder-" + reminders["ahead"]
    wait_until(lambda: store.job_exists(job), what="the reminder's job")
    before = store.rows()
    for table in (
        "tasks",
        "audit_log",
        "notifications",
        "conversations",
        "idempotency_keys",
        "users",
    ):
        assert before[table] > 0, before

    answer = delete_account(alice, PASSWORD)

    assert answer.status_code == 204, answer.text
    assert store.rows() == dict.fromkeys(before, 0)
    assert not store.job_exists(job)
    assert alice.get("/api/me").status_code == 401
    assert alice.get("/api/tasks").status_code == 401
    with server.client() as anonymous:
        again = {"email": alice.email, "password": PASSWORD}
        assert anonymous.post("/api/auth/login", json=again).status_code == 401
        registered = anonymous.post("/api/auth/register", json=again)
    assert registered.status_code == 201, registered.text
    assert registered.json()["user"]["id"] != alice.user["id"]
    with server.client(registered.json()["access_token"]) as newcomer:
        assert newcomer.get("/api/tasks").json()["items"] == []
        assert newcomer.get("/api/audit").json()["items"] == []
        assert newcomer.get("/api/notifications").json()["items"] == []
        assert newcomer.get("/api/conversations").json()["items"] == []
    assert bob.get(f"/api/tasks/{bobs_task['id']}").status_code == 200


def test_deleting_an_account_needs_its_password(server: ApiServer, alice: UserClient) -> None:
    task = alice.add("Keep me")

    wrong = delete_account(alice, "not the password")
    missing = alice.request("DELETE", "/api/me", json={})

    assert wrong.status_code == 422, wrong.text
    assert [error["loc"] for error in wrong.json()["detail"]] == [["body", "password"]]
    assert missing.status_code == 422, missing.text
    assert alice.get(f"/api/tasks/{task['id']}").status_code == 200
    assert alice.get("/api/me").status_code == 200


def test_another_session_of_a_deleted_account_is_refused(
    server: ApiServer, alice: UserClient
) -> None:
    with server.client() as anonymous:
        signed_in = anonymous.post(
            "/api/auth/login", json={"email": alice.email, "password": PASSWORD}
        )
    other_token = signed_in.json()["access_token"]

    assert delete_account(alice, PASSWORD).status_code == 204

    with server.client(other_token) as other:
        assert other.get("/api/me").status_code == 401
        assert other.request("DELETE", "/api/me", json={"password": PASSWORD}).status_code == 401
