"""``todo-chatbot chat`` against a real server: the command runs as a subprocess with
a config directory of its own, answers piped in on standard input (or typed on a
pseudo-terminal, where the password is asked with getpass)."""

from __future__ import annotations

import io
import json
import os
import re
import stat
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pexpect
import pytest
from fastapi import APIRouter

from tests.support import ApiServer, UserClient, free_port, running_server

PASSWORD = "correct horse"
"""The password ``ApiServer.register`` gives its users."""


class Terminal:
    """Runs ``todo-chatbot chat`` as a person would, with its own config directory."""

    def __init__(self, home: Path) -> None:
        self.config_file = home / "config" / "todo-chatbot" / "chat.json"
        self.history_file = home / "state" / "todo-chatbot" / "chat_history"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("TODO_CHAT_")},
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_STATE_HOME": str(home / "state"),
            "NO_COLOR": "1",
        }

    def run(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "todo_chatbot.cli.main", "chat", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=60,
            check=False,
            start_new_session=True,
        )
        assert "Traceback" not in done.stderr, done.stderr
        return done

    def spawn(self, *args: str) -> pexpect.spawn[str]:
        """The command on a pseudo-terminal, as typed into."""
        return pexpect.spawn(
            sys.executable,
            ["-m", "todo_chatbot.cli.main", "chat", *args],
            env=self.env,
            encoding="utf-8",
            timeout=30,
        )

    def saved(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.config_file.read_text())
        return data

    def token(self, server: ApiServer) -> str:
        return str(self.saved()["sessions"][server.url]["token"])


@pytest.fixture(scope="module")
def embedded_server_of_its_own(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    with running_server(tmp_path_factory.mktemp("terminal") / "data") as own:
        yield own


@pytest.fixture
def server(request: pytest.FixtureRequest, runtime_name: str) -> ApiServer:
    """The server under test; the embedded one of this module's own: the terminal signs in
    dozens of times from this machine's address, which would use up the shared server's
    sign-ins per address (TODO_SIGN_INS_PER_ADDRESS) for the tests after these."""
    name = "embedded_server_of_its_own" if runtime_name == "embedded" else "distributed_server"
    live: ApiServer = request.getfixturevalue(name)
    return live


@pytest.fixture
def terminal(tmp_path: Path) -> Terminal:
    return Terminal(tmp_path)


@pytest.fixture
def signed_in(terminal: Terminal, server: ApiServer, alice: UserClient) -> Terminal:
    """``terminal`` signed in as alice at ``server`` (answers piped in)."""
    done = terminal.run("--server", server.url, "hi", stdin=f"{alice.email}\n{PASSWORD}\n")
    assert done.returncode == 0, done.stderr
    return terminal


def me(server: ApiServer, token: str) -> httpx.Response:
    with server.client(token) as client:
        return client.get("/api/me")


def test_the_first_run_signs_in_and_keeps_the_token_for_its_owner_only(
    terminal: Terminal, server: ApiServer, alice: UserClient
) -> None:
    done = terminal.run("--server", server.url, "hi", stdin=f"{alice.email}\n{PASSWORD}\n")

    assert done.returncode == 0, done.stderr
    assert "Password: " in done.stderr
    assert f"Signed in as {alice.email}" in done.stderr
    assert done.stdout.strip()
    assert stat.S_IMODE(terminal.config_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(terminal.config_file.parent.stat().st_mode) == 0o700
    assert PASSWORD not in terminal.config_file.read_text()
    answer = me(server, terminal.token(server))
    assert (answer.status_code, answer.json()["email"]) == (200, alice.email)


def test_the_next_run_reuses_the_token_and_the_server_without_asking(
    signed_in: Terminal, server: ApiServer
) -> None:
    token = signed_in.token(server)

    done = signed_in.run("what's pending?")

    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "pending" in done.stdout.lower()
    assert signed_in.token(server) == token


def test_one_message_adds_a_task_visible_through_the_api(
    signed_in: Terminal, server: ApiServer, alice: UserClient
) -> None:
    done = signed_in.run("add buy oat milk tomorrow at 5pm")

    assert done.returncode == 0, done.stderr
    assert "buy oat milk" in done.stdout
    assert "*" not in done.stdout
    assert [task["title"] for task in alice.items()] == ["buy oat milk"]


def test_with_json_the_answer_is_printed_as_the_server_sent_it(
    signed_in: Terminal, server: ApiServer, alice: UserClient
) -> None:
    done = signed_in.run("--json", "add pay rent")

    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert [action["tool"] for action in answer["actions"]] == ["add_task"]
    assert answer["actions"][0]["result"]["id"] == alice.items()[0]["id"]


def test_a_revoked_token_leads_to_a_new_sign_in(
    signed_in: Terminal, server: ApiServer, alice: UserClient
) -> None:
    revoked = signed_in.token(server)
    with server.client(revoked) as client:
        assert client.post("/api/auth/logout").status_code == 204

    done = signed_in.run("add water the ferns", stdin=f"{alice.email}\n{PASSWORD}\n")

    assert done.returncode == 0, done.stderr
    assert "sign in again" in done.stderr
    assert [task["title"] for task in alice.items()] == ["water the ferns"]
    assert signed_in.token(server) != revoked
    assert me(server, signed_in.token(server)).status_code == 200


def test_a_conversation_begun_with_a_revoked_token_signs_in_again_first(
    signed_in: Terminal, server: ApiServer, alice: UserClient
) -> None:
    with server.client(signed_in.token(server)) as client:
        assert client.post("/api/auth/logout").status_code == 204

    done = signed_in.run(stdin=f"{alice.email}\n{PASSWORD}\nadd oil the hinges\n")

    assert done.returncode == 0, done.stderr
    assert "sign in again" in done.stderr
    assert [task["title"] for task in alice.items()] == ["oil the hinges"]


def test_a_revoked_token_with_nobody_to_ask_fails_and_says_how_to_sign_in(
    signed_in: Terminal, server: ApiServer
) -> None:
    with server.client(signed_in.token(server)) as client:
        assert client.post("/api/auth/logout").status_code == 204

    done = signed_in.run("add water the ferns")

    assert done.returncode == 1
    assert "TODO_CHAT_PASSWORD" in done.stderr


def test_sign_out_revokes_the_token_on_the_server_and_forgets_it(
    signed_in: Terminal, server: ApiServer
) -> None:
    token = signed_in.token(server)

    done = signed_in.run("--sign-out")

    assert done.returncode == 0, done.stderr
    assert "Signed out" in done.stderr
    assert server.url not in signed_in.saved()["sessions"]
    assert token not in signed_in.config_file.read_text()
    assert me(server, token).status_code == 401


def test_signing_out_with_the_server_away_keeps_the_token_and_fails(
    signed_in: Terminal, server: ApiServer
) -> None:
    token = signed_in.token(server)
    saved = signed_in.saved()
    away = f"http://127.0.0.1:{free_port()}"
    saved["sessions"] = {away: saved["sessions"][server.url]}
    signed_in.config_file.write_text(json.dumps(saved))

    done = signed_in.run("--server", away, "--sign-out")

    assert done.returncode == 1
    assert f"No server answers at {away}" in done.stderr
    assert "The token is kept" in done.stderr
    assert signed_in.saved()["sessions"][away]["token"] == token


def test_an_unknown_email_is_offered_an_account(terminal: Terminal, server: ApiServer) -> None:
    email = f"terminal-{uuid.uuid4().hex[:12]}@example.com"

    done = terminal.run(
        "--server", server.url, "add plant tulips", stdin=f"{email}\nspring bulbs 2026\ny\n"
    )

    assert done.returncode == 0, done.stderr
    assert f"Create an account for {email}" in done.stderr
    with server.client() as anonymous:
        signed = anonymous.post(
            "/api/auth/login", json={"email": email, "password": "spring bulbs 2026"}
        )
    assert signed.status_code == 200
    with server.client(signed.json()["access_token"]) as client:
        titles = [task["title"] for task in client.get("/api/tasks").json()["items"]]
    assert titles == ["plant tulips"]


def test_a_wrong_password_for_a_taken_email_is_said_so(
    terminal: Terminal, server: ApiServer, alice: UserClient
) -> None:
    done = terminal.run("--server", server.url, "hi", stdin=f"{alice.email}\nnot the password\ny\n")

    assert done.returncode == 1
    assert "the password was wrong" in done.stderr
    assert not terminal.config_file.exists()


def test_piped_messages_are_answered_in_order_in_one_conversation(
    signed_in: Terminal, server: ApiServer, alice: UserClient
) -> None:
    done = signed_in.run("--new", stdin="add call the plumber\nwhat's pending?\nquit\nadd nope\n")

    assert done.returncode == 0, done.stderr
    assert done.stdout.count("call the plumber") == 2
    assert [task["title"] for task in alice.items()] == ["call the plumber"]
    conversation = signed_in.saved()["sessions"][server.url]["conversation_id"]
    messages = alice.get(f"/api/conversations/{conversation}/messages").json()["items"]
    assert [m["content"] for m in messages if m["role"] == "user"] == [
        "add call the plumber",
        "what's pending?",
    ]


def test_a_server_that_is_not_running_is_named_and_the_exit_status_says_so(
    terminal: Terminal,
) -> None:
    url = f"http://127.0.0.1:{free_port()}"

    done = terminal.run("--server", url, "add buy milk", stdin="me@example.com\npassword\n")

    assert done.returncode == 1
    assert f"No server answers at {url}" in done.stderr
    assert "Email" not in done.stderr
    assert done.stdout == ""


def test_a_tls_failure_is_said_so(terminal: Terminal, embedded_server: ApiServer) -> None:
    """An https URL of a server that speaks plain HTTP: the TLS handshake fails."""
    url = embedded_server.url.replace("http://", "https://")

    done = terminal.run("--server", url, "hi")

    assert done.returncode == 1
    assert f"TLS with {url} failed" in done.stderr


def test_too_many_sign_in_attempts_say_when_to_try_again(
    terminal: Terminal, tmp_path: Path
) -> None:
    wrong = "me@example.com\nnot my password\nn\n"
    with running_server(tmp_path / "data", failed_logins_per_account=1) as server:
        done = terminal.run("--server", server.url, "hi", stdin=wrong * 2)

    assert done.returncode == 1
    assert re.search(r"Try again in \d+ seconds\.", done.stderr), done.stderr


def failing_chat() -> APIRouter:
    router = APIRouter()

    @router.post("/failing/api/chat")
    async def chat() -> None:
        raise RuntimeError("a bug no handler knows")

    return router


@pytest.fixture
def failing_server(tmp_path: Path) -> Iterator[ApiServer]:
    """The embedded runtime whose chat, under ``/failing``, raises what nothing handles."""
    with running_server(tmp_path / "data", extra_routers=[failing_chat()]) as server:
        yield server


def test_a_server_error_is_reported_with_its_error_id(
    terminal: Terminal, failing_server: ApiServer
) -> None:
    user = failing_server.register()
    url = f"{failing_server.url}/failing"
    terminal.config_file.parent.mkdir(parents=True)
    terminal.config_file.write_text(
        json.dumps({"sessions": {url: {"email": user.email, "token": user.token}}})
    )

    done = terminal.run("--server", url, "add buy milk")

    assert done.returncode == 1
    assert re.search(r"HTTP 500, error id [0-9a-f-]{8,}", done.stderr), done.stderr


def test_on_a_terminal_the_password_is_not_echoed_and_lines_are_kept_in_history(
    terminal: Terminal, embedded_server: ApiServer
) -> None:
    user = embedded_server.register()
    child = terminal.spawn("--server", embedded_server.url)
    child.logfile_read = screen = io.StringIO()

    child.expect("Email: ")
    child.sendline(user.email)
    child.expect("Password: ")
    child.sendline(PASSWORD)
    child.expect("you> ")
    child.sendline("add sharpen the pencils")
    child.expect("Added ")
    child.expect("you> ")
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()

    assert child.exitstatus == 0
    assert f"Email: {user.email}" in screen.getvalue()
    assert PASSWORD not in screen.getvalue()
    assert [task["title"] for task in user.items()] == ["sharpen the pencils"]
    assert "add sharpen the pencils" in terminal.history_file.read_text().splitlines()
    assert stat.S_IMODE(terminal.history_file.stat().st_mode) == 0o600
