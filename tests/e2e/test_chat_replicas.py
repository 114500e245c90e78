"""A pending question lives in the store, not in a process: another server on the same
data answers it.

Embedded runtime: a second ``todo-chatbot run`` process on the same data
directory. Distributed runtime: a second backend app (another replica) beside
the backend's Dapr sidecar, on the same PostgreSQL.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from tests.e2e.chatting import Chat, titles
from tests.support import (
    ApiServer,
    DistributedServer,
    LiveServer,
    UserClient,
    start_process,
    wait_until,
)
from todo_chatbot.config import Settings
from todo_chatbot.http.app import create_app
from todo_chatbot.http.routes.dapr import backend_router
from todo_chatbot.runtimes.dapr.wiring import build_backend

pytestmark = pytest.mark.slow


@contextlib.contextmanager
def another_replica(server: ApiServer) -> Iterator[str]:
    """The URL of a second API server on ``server``'s data."""
    if isinstance(server, LiveServer):
        process = start_process(server.data_dir)
        try:
            yield process.url
        finally:
            process.terminate()
        return
    assert isinstance(server, DistributedServer)
    yield from _second_backend(server)


def _second_backend(server: DistributedServer) -> Iterator[str]:
    settings = Settings(
        dapr_http_port=server.stack.services["backend"].ports.dapr_http,
        clock_file=server.clock_file,
        instance_id="backend-2",
    )
    app = create_app(
        runtime_factory=lambda: build_backend(settings), extra_routers=[backend_router()]
    )
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    replica = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(
        target=lambda: asyncio.run(replica.serve(sockets=[sock])), daemon=True
    )
    thread.start()
    wait_until(lambda: _ready(url), timeout=30, what="the second backend")
    try:
        yield url
    finally:
        replica.should_exit = True
        thread.join(timeout=15)


def _ready(url: str) -> bool:
    with contextlib.suppress(httpx.HTTPError):
        return httpx.get(f"{url}/readyz", timeout=1).status_code == 200
    return False


def test_another_server_answers_the_pending_question(server: ApiServer, alice: UserClient) -> None:
    alice.add("Take vitamins")
    alice.add("Buy vitamins")
    chat = Chat(alice)
    assert chat.reply("mark vitamins done").startswith("Which one should I mark as done?")

    with another_replica(server) as url, httpx.Client(base_url=url, timeout=10) as other:
        # Signed in there: the second embedded server reads the real clock, not the test's.
        token = other.post(
            "/api/auth/login", json={"email": alice.email, "password": "correct horse"}
        ).json()["access_token"]
        answer = other.post(
            "/api/chat",
            json={"message": "2", "conversation_id": chat.conversation_id},
            headers={"Authorization": f"Bearer {token}"},
        )

    assert answer.status_code == 200, answer.text
    assert answer.json()["reply"] == "Marked *Take vitamins* as done."
    assert titles(alice, "completed") == ["Take vitamins"]
    assert chat.reply("2").startswith("I haven't asked anything")
