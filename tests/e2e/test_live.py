"""Live updates over a real WebSocket (``/ws``), in both runtimes: a user's every open
connection is pushed their changes and notifications and nobody else's; a bad token
is refused; a reconnecting client catches up on the notifications it missed; a
client that does not read is dropped rather than holding up the others."""

from __future__ import annotations

import base64
import contextlib
import os
import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import ClientConnection, connect

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


@pytest.fixture(scope="module")
def live(
    request: pytest.FixtureRequest, runtime_name: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ApiServer]:
    """A runtime on the real clock (reminders fire in real time here)."""
    with served_on_the_real_clock(request, runtime_name, tmp_path_factory.mktemp("live")) as server:
        yield server


def ws_url(server: ApiServer) -> str:
    if isinstance(server, DistributedServer):
        return f"{server.stack.websocket_url}/ws"
    return server.url.replace("http://", "ws://") + "/ws"


@contextlib.contextmanager
def listening(server: ApiServer, user: UserClient, **params: Any) -> Iterator[ClientConnection]:
    query = "&".join(f"{name}={value}" for name, value in {"token": user.token, **params}.items())
    with connect(f"{ws_url(server)}?{query}", open_timeout=10) as socket:
        yield socket


@contextlib.contextmanager
def never_reading(server: ApiServer, user: UserClient) -> Iterator[socket.socket]:
    """A client that opens the WebSocket by hand, then reads nothing more, with a tiny
    receive buffer: what it is sent piles up at the server."""
    address = ws_url(server).removeprefix("ws://")
    host_port, _, path = address.partition("/")
    host, port = host_port.split(":")
    raw = socket.socket()
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    raw.connect((host, int(port)))
    key = base64.b64encode(os.urandom(16)).decode()
    raw.sendall(
        f"GET /{path}?token={user.token} HTTP/1.1\r\nHost: {host_port}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    answer = b""
    while b"\r\n\r\n" not in answer:
        answer += raw.recv(1)
    assert answer.startswith(b"HTTP/1.1 101"), answer
    try:
        yield raw
    finally:
        raw.close()


def received(socket: ClientConnection, *, within: float = 5.0, until: Any = None) -> list[Any]:
    """Messages received until ``until(messages)`` holds, or ``within`` seconds pass."""
    messages: list[Any] = []
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            text = socket.recv(timeout=max(0.01, deadline - time.monotonic()))
        except TimeoutError:
            break
        messages.append(orjson.loads(text))
        if until is not None and until(messages):
            break
    return messages


def changes_of(messages: list[Any], task_id: str) -> list[Any]:
    return [m for m in messages if m.get("type") == "task.changed" and m["task_id"] == task_id]


def changed_ids(messages: list[Any]) -> set[str]:
    return {m["task_id"] for m in messages if m.get("type") == "task.changed"}


def at(seconds: float) -> str:
    return (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat(timespec="seconds")


def test_every_connection_of_a_user_gets_a_chat_change_and_nobody_else(
    live: ApiServer,
) -> None:
    with (
        live.register() as ann,
        live.register() as bob,
        listening(live, ann) as first,
        listening(live, ann) as second,
        listening(live, bob) as other,
    ):
        time.sleep(0.3)
        reply = ann.post("/api/chat", json={"message": "add water the plants tomorrow"})
        task_id = reply.json()["actions"][0]["result"]["id"]

        got_first = received(first, until=lambda m: changes_of(m, task_id))
        got_second = received(second, until=lambda m: changes_of(m, task_id))
        got_other = received(other, within=1.0)

    for messages in (got_first, got_second):
        (change,) = changes_of(messages, task_id)
        assert (change["change"], change["task"]["title"]) == ("created", "water the plants")
        assert isinstance(change["id"], int)
    assert got_other == []


def test_message_ids_grow(live: ApiServer) -> None:
    with live.register() as ann, listening(live, ann) as socket:
        time.sleep(0.3)
        task = ann.add("Counted")
        ann.patch(f"/api/tasks/{task['id']}", json={"title": "Counted twice"})
        ann.post(f"/api/tasks/{task['id']}/complete")
        messages = received(socket, until=lambda m: len(changes_of(m, task["id"])) == 3)

    ids = [m["id"] for m in changes_of(messages, task["id"])]
    assert [m["change"] for m in changes_of(messages, task["id"])] == [
        "created",
        "updated",
        "completed",
    ]
    assert ids == sorted(ids)
    assert len(set(ids)) == 3


@pytest.mark.parametrize("token", ["", "not-a-token"])
def test_a_missing_or_bad_token_is_refused_at_the_handshake(live: ApiServer, token: str) -> None:
    with pytest.raises(InvalidStatus) as refused:
        connect(f"{ws_url(live)}?token={token}", open_timeout=10)
    assert refused.value.response.status_code == 403


def test_a_reminder_reaches_an_open_client_as_a_notification(live: ApiServer) -> None:
    with live.register(timezone="UTC") as ann:
        with listening(live, ann) as socket:
            task = ann.add("Stretch", remind_at=at(2))
            messages = received(
                socket, within=10, until=lambda m: any(x["type"] == "notification" for x in m)
            )
        kept = wait_until(lambda: ann.get("/api/notifications").json()["items"], what="it kept")

    (pushed,) = [m for m in messages if m["type"] == "notification"]
    assert pushed["notification"]["task_id"] == task["id"]
    assert pushed["notification"]["title"] == "Stretch"
    assert [n["id"] for n in kept] == [pushed["notification"]["id"]]


def test_a_reconnecting_client_gets_a_resync_and_the_notifications_it_missed(
    live: ApiServer,
) -> None:
    with live.register(timezone="UTC") as ann:
        with listening(live, ann) as socket:
            task = ann.add("Before")
            last = received(socket, until=lambda m: changes_of(m, task["id"]))[-1]["id"]
        missed = ann.add("Missed", remind_at=at(-60))
        wait_until(lambda: ann.get("/api/notifications").json()["items"], what="the reminder")

        with listening(live, ann, after=last) as socket:
            messages = received(socket, until=lambda m: any(x["type"] == "notification" for x in m))

    assert messages[0] == {"id": last, "type": "resync"}
    (caught_up,) = [m for m in messages if m["type"] == "notification"]
    assert caught_up["notification"]["task_id"] == missed["id"]
    assert caught_up["id"] > last


def test_a_client_that_never_reads_does_not_hold_up_the_others(live: ApiServer) -> None:
    long_notes = "x" * 10_000
    dropped_before = counter(live, "live_clients_too_slow_total")
    with live.register() as ann, never_reading(live, ann), listening(live, ann) as reader:
        wait_until_changes_reach(reader, ann)
        written = [ann.add(f"Burst {n}", description=long_notes)["id"] for n in range(1000)]
        # Changes of different tasks may come in any order (distributed: the topic's
        # partitions), so wait for every one, not for the last written.
        got = received(reader, within=60, until=lambda m: set(written) <= changed_ids(m))

    assert changed_ids(got) == set(written)
    assert counter(live, "live_clients_too_slow_total") == dropped_before + 1


def wait_until_changes_reach(reader: ClientConnection, user: UserClient) -> None:
    """Write a probe until its change reaches ``reader``. A websocket replica's Kafka
    consumer starts at the newest event once it has joined its group, some seconds
    after the replica (or its sidecar) starts; what was written before is not for it."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        probe: str = user.add("Probe")["id"]
        if changes_of(received(reader, within=2, until=lambda m, p=probe: changes_of(m, p)), probe):
            return
    raise AssertionError("no change reached the client within 60 s")


def counter(server: ApiServer, name: str) -> float:
    """A metric of the process that serves ``/ws``."""
    base = (
        server.stack.services["websocket"].url
        if isinstance(server, DistributedServer)
        else server.url
    )
    text = httpx.get(f"{base}/metrics", timeout=10).text
    values = [float(line.split()[-1]) for line in text.splitlines() if line.startswith(name)]
    return sum(values)


def test_a_ping_is_answered(live: ApiServer) -> None:
    with live.register() as ann, listening(live, ann) as socket:
        socket.send('{"type": "ping"}')
        assert received(socket, until=lambda m: m) == [{"type": "pong"}]


def test_clients_of_every_embedded_worker_process_get_the_change(tmp_path: Path) -> None:
    server = start_process(tmp_path / "data", "--workers", "2")
    try:
        headers = signed_up(server.url, "live")
        token = headers["Authorization"].removeprefix("Bearer ")
        url = server.url.replace("http://", "ws://") + f"/ws?token={token}"
        with contextlib.ExitStack() as opened:
            sockets = [opened.enter_context(connect(url, open_timeout=10)) for _ in range(6)]
            time.sleep(0.5)
            with httpx.Client(base_url=server.url, headers=headers, timeout=10) as user:
                task_id = user.post("/api/tasks", json={"title": "Everywhere"}).json()["id"]
            for socket in sockets:
                got = received(socket, until=lambda m: changes_of(m, task_id))
                assert changes_of(got, task_id)
    finally:
        server.terminate()


def test_each_connection_that_ends_is_counted_as_a_disconnect(live: ApiServer) -> None:
    """``live_disconnects_total`` (the alert on disconnect storms reads it) counts every
    served connection that ends; a handshake refused for a bad token is not one."""
    before = counter(live, "live_disconnects_total")
    with live.register() as ann:
        for _ in range(3):
            with listening(live, ann) as socket:
                socket.send('{"type": "ping"}')
                assert received(socket, until=lambda m: m) == [{"type": "pong"}]
        with pytest.raises(InvalidStatus), listening(live, ann, token="not-a-token"):
            pass
    wait_until(
        lambda: counter(live, "live_disconnects_total") == before + 3,
        what="three disconnects counted",
    )
    assert counter(live, "live_disconnects_total") == before + 3
