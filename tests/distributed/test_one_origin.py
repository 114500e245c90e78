"""The distributed runtime on one origin, as ``make up`` serves it: the web app's own
service and the gateway in front (the ingress's stand-in) send ``/`` to the web
app, ``/api``, ``/docs`` and ``/mcp`` to the backend and ``/ws`` to the live
service, so the browser talks to one address."""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from devstack.gateway import upstream_for
from devstack.processes import free_ports, start
from tests.support import DistributedServer

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def origin(
    distributed_server: DistributedServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The address of the front door, in front of the session's distributed system."""
    built = tmp_path_factory.mktemp("out")
    (built / "index.html").write_text("<html><body>the app</body></html>")
    (built / "404.html").write_text("<html><body>not here</body></html>")
    stack = distributed_server.stack
    stack.start_front(free_ports(1)[0], web_dir=built)
    assert stack.web_url is not None
    yield stack.web_url
    stack.stop_front()


@pytest.fixture
def signed_up(origin: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=origin, timeout=10) as client:
        answer = client.post(
            "/api/auth/register",
            json={"email": f"origin-{uuid.uuid4().hex}@example.com", "password": "correct horse 9"},
        )
        assert answer.status_code == 201, answer.text
        client.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"
        yield client


@pytest.mark.parametrize(
    ("path", "upstream"),
    [
        ("/", "web"),
        ("/tasks/", "web"),
        ("/_next/static/chunks/a.js", "web"),
        ("/api", "api"),
        ("/api/tasks", "api"),
        ("/apiary", "web"),
        ("/mcp", "api"),
        ("/docs", "api"),
        ("/docs/assets/swagger-ui.css", "api"),
        ("/openapi.json", "api"),
        ("/ws", "live"),
    ],
)
def test_each_path_goes_to_its_service(path: str, upstream: str) -> None:
    assert upstream_for(path) == upstream


def test_the_web_app_is_served_at_the_root(origin: str) -> None:
    with httpx.Client(base_url=origin, timeout=10) as browser:
        page = browser.get("/")
        missing = browser.get("/no-such-page")

    assert (page.status_code, page.text) == (200, "<html><body>the app</body></html>")
    assert page.headers["cache-control"] == "no-cache"
    assert (missing.status_code, missing.text) == (404, "<html><body>not here</body></html>")


def test_the_api_and_its_docs_answer_on_the_same_origin(signed_up: httpx.Client) -> None:
    created = signed_up.post("/api/tasks", json={"title": "Through the front door"})
    listed = signed_up.get("/api/tasks", params={"q": "front door"})
    docs = signed_up.get("/docs")

    assert created.status_code == 201, created.text
    assert [task["title"] for task in listed.json()["items"]] == ["Through the front door"]
    assert "swagger-ui" in docs.text
    assert signed_up.get("/openapi.json").json()["info"]["title"] == "Todo Chatbot"


def test_a_change_reaches_the_websocket_on_the_same_origin(
    origin: str, signed_up: httpx.Client
) -> None:
    token = signed_up.headers["Authorization"].removeprefix("Bearer ")
    url = origin.replace("http://", "ws://") + f"/ws?token={token}"
    with connect(url, open_timeout=10) as socket:
        socket.send(json.dumps({"type": "ping"}))
        assert json.loads(socket.recv(timeout=10)) == {"type": "pong"}
        task_id = signed_up.post("/api/tasks", json={"title": "Live"}).json()["id"]
        message = json.loads(socket.recv(timeout=10))

    assert (message["type"], message["task_id"], message["change"]) == (
        "task.changed",
        task_id,
        "created",
    )


def test_a_websocket_without_a_valid_token_is_refused(origin: str) -> None:
    url = origin.replace("http://", "ws://") + "/ws?token=forged"
    with pytest.raises(InvalidStatus) as refused, connect(url, open_timeout=10):
        pass

    assert refused.value.response.status_code == 403


def test_a_service_that_does_not_answer_is_a_502(tmp_path: Path) -> None:
    closed = f"http://127.0.0.1:{free_ports(1)[0]}"
    (port,) = free_ports(1)
    gateway = start(
        "gateway",
        [sys.executable, "-m", "devstack.gateway", "--port", str(port)]
        + [f"--upstream={name}={closed}" for name in ("api", "live", "web")],
        tmp_path,
        env={"PYTHONPATH": str(ROOT)},
    )
    try:
        gateway.wait_for_http(f"http://127.0.0.1:{port}/", accept=lambda status: status == 502)
        answer = httpx.get(f"http://127.0.0.1:{port}/api/me", timeout=10)
    finally:
        gateway.stop()

    assert answer.status_code == 502
    assert answer.json()["error"] == "upstream_unreachable"
