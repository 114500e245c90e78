"""What a client may hold of the server (``todo-chatbot run`` as its own process, its
limits set short through the environment): a connection that sends nothing, headers
or a body that come too slowly, an idle kept-alive connection are all closed; a
connection beyond the cap is refused with 503; a user's WebSockets are capped; and
the server answers everyone else meanwhile."""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from tests.support import ServerProcess, signed_up, start_process, wait_until

pytestmark = pytest.mark.slow

SHORT = "2"
"""Seconds of each timeout under test."""
GENEROUS = 30.0
"""How long a test waits for the server to close a connection before failing."""

LIMITS = {
    "TODO_HEADER_TIMEOUT_SECONDS": SHORT,
    "TODO_BODY_TIMEOUT_SECONDS": SHORT,
    "TODO_KEEP_ALIVE_TIMEOUT_SECONDS": SHORT,
    "TODO_WS_CONNECTIONS_PER_USER": "2",
}


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    server = start_process(tmp_path_factory.mktemp("limited"), **LIMITS)
    yield server
    server.terminate()


def address(server: ServerProcess) -> tuple[str, int]:
    host, _, port = server.url.removeprefix("http://").partition(":")
    return host, int(port)


@contextlib.contextmanager
def raw_connection(server: ServerProcess) -> Iterator[socket.socket]:
    with socket.create_connection(address(server), timeout=GENEROUS) as sock:
        yield sock


def read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (fails after GENEROUS s)."""
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


def read_answer(sock: socket.socket) -> bytes:
    """One whole answer (headers and its Content-Length of body) from a kept-alive connection."""
    received = b""
    while b"\r\n\r\n" not in received:
        received += sock.recv(65536)
    length = int(header(received, b"content-length") or 0)
    while len(received.partition(b"\r\n\r\n")[2]) < length:
        received += sock.recv(65536)
    return received


def status_and_body(answer: bytes) -> tuple[int, dict[str, object]]:
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), orjson.loads(body)


def header(answer: bytes, name: bytes) -> bytes | None:
    head = answer.partition(b"\r\n\r\n")[0]
    for line in head.split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == name:
            return value.strip()
    return None


def drip_until_closed(sock: socket.socket, piece: bytes) -> bytes:
    """Send ``piece`` every quarter second until the server answers or closes; what it sent."""
    sock.settimeout(0.25)
    deadline = time.monotonic() + GENEROUS
    while time.monotonic() < deadline:
        try:
            answer = sock.recv(65536)
        except TimeoutError:
            try:
                sock.sendall(piece)
            except (BrokenPipeError, ConnectionResetError):
                return b""
            continue
        sock.settimeout(GENEROUS)
        return answer + read_until_closed(sock) if answer else answer
    raise AssertionError(f"the connection was still open after {GENEROUS} s")


def healthy(server: ServerProcess) -> bool:
    return httpx.get(f"{server.url}/healthz", timeout=10).status_code == 200


def test_a_connection_that_sends_nothing_is_answered_408_and_closed(
    limited: ServerProcess,
) -> None:
    with raw_connection(limited) as silent:
        answer = read_until_closed(silent)

    status, body = status_and_body(answer)
    assert status == 408
    assert body == {"detail": "The request took too long to arrive"}
    assert header(answer, b"x-content-type-options") == b"nosniff"


def test_headers_sent_a_line_at_a_time_are_cut_off(limited: ServerProcess) -> None:
    with raw_connection(limited) as slow:
        slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n")
        answer = drip_until_closed(slow, b"X-Slow: 1\r\n")

    assert status_and_body(answer)[0] == 408


def test_a_body_that_stops_arriving_is_cut_off(limited: ServerProcess) -> None:
    with raw_connection(limited) as stalled:
        stalled.sendall(
            b"POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
            b'{"email": '
        )
        answer = read_until_closed(stalled)

    assert status_and_body(answer)[0] == 408


def test_a_body_that_trickles_in_is_cut_off(limited: ServerProcess) -> None:
    with raw_connection(limited) as trickling:
        trickling.sendall(
            b"POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
        )
        answer = drip_until_closed(trickling, b" ")

    assert status_and_body(answer)[0] == 408


def test_an_idle_kept_alive_connection_is_closed(limited: ServerProcess) -> None:
    with raw_connection(limited) as idle:
        idle.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        answer = read_until_closed(idle)

    status, body = status_and_body(answer)
    assert (status, body) == (200, {"status": "ok"})
    assert answer.count(b"HTTP/1.1 ") == 1


def test_a_kept_alive_connection_woken_by_a_blank_line_is_still_timed_out(
    limited: ServerProcess,
) -> None:
    with raw_connection(limited) as sly:
        sly.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        first = read_answer(sly)
        sly.sendall(b"\r\n")
        rest = read_until_closed(sly)

    assert status_and_body(first)[0] == 200
    assert rest == b"" or status_and_body(rest)[0] == 408


def test_the_server_answers_others_while_slow_clients_hold_connections(
    limited: ServerProcess,
) -> None:
    with contextlib.ExitStack() as held:
        for _ in range(20):
            held.enter_context(raw_connection(limited))
        stalled = held.enter_context(raw_connection(limited))
        stalled.sendall(b"POST /api/tasks HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{")

        assert healthy(limited)
        headers = signed_up(limited.url, "while-held")
        answer = httpx.post(
            f"{limited.url}/api/tasks", json={"title": "Still served"}, headers=headers
        )
        assert answer.status_code == 201, answer.text


def test_a_connection_beyond_the_cap_is_answered_503_and_closed(tmp_path: Path) -> None:
    server = start_process(
        tmp_path / "data", TODO_MAX_CONNECTIONS="4", TODO_HEADER_TIMEOUT_SECONDS="60"
    )
    try:
        time.sleep(0.5)  # the start-up's own probes close their connections
        with contextlib.ExitStack() as held:
            within = [held.enter_context(raw_connection(server)) for _ in range(4)]
            with raw_connection(server) as beyond:
                refused = read_until_closed(beyond)
            for sock in within:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            served = [status_and_body(read_answer(sock))[0] for sock in within]

        status, body = status_and_body(refused)
        assert status == 503
        assert header(refused, b"retry-after") == b"5"
        assert header(refused, b"x-content-type-options") == b"nosniff"
        assert "too many connections" in str(body["detail"])
        assert served == [200, 200, 200, 200]
        wait_until(lambda: healthy(server), what="room for a new connection")
    finally:
        server.terminate()


def test_the_limits_hold_in_every_worker_process(tmp_path: Path) -> None:
    server = start_process(tmp_path / "data", "--workers", "2", **LIMITS)
    try:
        with raw_connection(server) as first, raw_connection(server) as second:
            answers = [status_and_body(read_until_closed(sock))[0] for sock in (first, second)]
        assert answers == [408, 408]
        assert healthy(server)
    finally:
        server.terminate()


def ws_url(server: ServerProcess, headers: dict[str, str]) -> str:
    token = headers["Authorization"].removeprefix("Bearer ")
    return server.url.replace("http://", "ws://") + f"/ws?token={token}"


def answers_ping(connection: ClientConnection) -> bool:
    connection.send('{"type": "ping"}')
    answer: object = orjson.loads(connection.recv(timeout=10))
    return answer == {"type": "pong"}


def test_a_user_holds_at_most_the_set_number_of_websockets(limited: ServerProcess) -> None:
    ann = signed_up(limited.url, "ws-ann")
    bob = signed_up(limited.url, "ws-bob")
    with connect(ws_url(limited, ann)) as first, connect(ws_url(limited, ann)) as second:
        with connect(ws_url(limited, ann)) as third, pytest.raises(ConnectionClosed):
            third.recv(timeout=10)
        with connect(ws_url(limited, bob)) as others:
            assert answers_ping(others)
        assert answers_ping(first)
        assert answers_ping(second)

    assert third.close_code == 1008
    assert third.close_reason == "2 connections per user at most"

    def room_again() -> bool:
        with contextlib.suppress(ConnectionClosed), connect(ws_url(limited, ann)) as again:
            return answers_ping(again)
        return False

    assert wait_until(room_again, what="the user's closed connections to be counted out")
