"""Sessions over real HTTP, in both runtimes: signing out revokes the token used (and
only it), a password change ends every session and renews the one that asked, and a
token so ended is refused everywhere: the API, the WebSocket at /ws and /mcp."""

from __future__ import annotations

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.support import ApiServer, DistributedServer, UserClient

PASSWORD = "correct horse"


def sign_in(server: ApiServer, email: str, password: str = PASSWORD) -> str:
    with server.client() as anonymous:
        answer = anonymous.post("/api/auth/login", json={"email": email, "password": password})
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["access_token"]
    return token


def me_status(server: ApiServer, token: str) -> int:
    with server.client(token) as client:
        return client.get("/api/me").status_code


def log_out(server: ApiServer, token: str) -> httpx.Response:
    with server.client(token) as client:
        return client.post("/api/auth/logout")


def change_password(server: ApiServer, token: str, current: str, new: str) -> httpx.Response:
    with server.client(token) as client:
        return client.post(
            "/api/me/password", json={"current_password": current, "new_password": new}
        )


def ws_url(server: ApiServer) -> str:
    if isinstance(server, DistributedServer):
        return f"{server.stack.websocket_url}/ws"
    return server.url.replace("http://", "ws://") + "/ws"


def websocket_status(server: ApiServer, token: str) -> int:
    """101 if the WebSocket opens with ``token``, else the handshake's status."""
    try:
        with connect(f"{ws_url(server)}?token={token}", open_timeout=10):
            return 101
    except InvalidStatus as refused:
        return refused.response.status_code


def mcp_status(server: ApiServer, token: str) -> int:
    headers = {"Accept": "application/json, text/event-stream", "Authorization": f"Bearer {token}"}
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
    return httpx.post(f"{server.url}/mcp", json=body, headers=headers, timeout=10).status_code


def test_signing_out_revokes_the_token_used_and_no_other(
    server: ApiServer, alice: UserClient
) -> None:
    other_session = sign_in(server, alice.email)

    answer = log_out(server, alice.token)

    assert answer.status_code == 204, answer.text
    assert me_status(server, alice.token) == 401
    assert alice.get("/api/tasks").status_code == 401
    assert log_out(server, alice.token).status_code == 401
    assert me_status(server, other_session) == 200


def test_signing_out_needs_a_valid_token(server: ApiServer) -> None:
    with server.client() as anonymous:
        assert anonymous.post("/api/auth/logout").status_code == 401
    assert log_out(server, "not-a-token").status_code == 401


@pytest.mark.slow
def test_a_revoked_token_is_refused_by_the_websocket_and_mcp(
    server: ApiServer, alice: UserClient
) -> None:
    assert websocket_status(server, alice.token) == 101
    assert mcp_status(server, alice.token) != 401

    assert log_out(server, alice.token).status_code == 204

    assert websocket_status(server, alice.token) == 403
    assert mcp_status(server, alice.token) == 401


def test_a_password_change_ends_every_session_and_renews_the_one_that_asked(
    server: ApiServer, alice: UserClient
) -> None:
    other_session = sign_in(server, alice.email)

    answer = change_password(server, alice.token, PASSWORD, "a brand new passphrase")

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == {"access_token", "token_type", "user"}
    assert body["user"] == alice.user
    renewed = body["access_token"]
    assert me_status(server, renewed) == 200
    assert me_status(server, alice.token) == 401
    assert me_status(server, other_session) == 401
    assert websocket_status(server, other_session) == 403
    assert mcp_status(server, other_session) == 401
    with server.client() as anonymous:
        old = {"email": alice.email, "password": PASSWORD}
        assert anonymous.post("/api/auth/login", json=old).status_code == 401
    assert me_status(server, sign_in(server, alice.email, "a brand new passphrase")) == 200


def test_a_password_change_needs_the_current_password(server: ApiServer, alice: UserClient) -> None:
    answer = change_password(server, alice.token, "not the password", "a brand new passphrase")

    assert answer.status_code == 422, answer.text
    assert [error["loc"] for error in answer.json()["detail"]] == [["body", "current_password"]]
    assert me_status(server, alice.token) == 200
    assert me_status(server, sign_in(server, alice.email)) == 200


@pytest.mark.parametrize("weak", ["password", "aaaaaaaa", " " * 8, "short"])
def test_a_password_change_refuses_a_weak_new_password(
    server: ApiServer, alice: UserClient, weak: str
) -> None:
    answer = change_password(server, alice.token, PASSWORD, weak)

    assert answer.status_code == 422, answer.text
    assert [error["loc"] for error in answer.json()["detail"]] == [["body", "new_password"]]
    assert me_status(server, alice.token) == 200
    assert me_status(server, sign_in(server, alice.email)) == 200
