"""The chat's optional LLM path, driven against a STAND-IN, not a model.

No model can be downloaded or reached here, so these tests run a small local
HTTP server that speaks the OpenAI chat-completions protocol and answers from
a script: first the tool calls a model would make, then a final message. That
tests what is ours — the agent loop, the instructions it sends (current time,
the user's zone, the tools' schemas), the tools really running (the task
exists through the REST API) and the fallback to the parser on any error —
and says nothing about how well a real model would understand messages.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.chatting import Chat, tools_of
from tests.support import NOW, LiveServer, UserClient, running_server
from todo_chatbot.runtimes.clocks import ManualClock

pytestmark = pytest.mark.slow

Request = dict[str, Any]
Scripted = Callable[[Request], tuple[int, Any]]
"""One answer of the stand-in: from the request, an HTTP status and a JSON body."""


class StandInModel:
    """A chat-completions endpoint that answers from a script (and keeps the requests)."""

    def __init__(self) -> None:
        self.script: list[Scripted] = []
        self.requests: list[Request] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                stand_in.requests.append(body)
                status, answer = (
                    stand_in.script.pop(0)(body) if stand_in.script else (500, {"error": "done"})
                )
                payload = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                return None

        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._http.server_address[1]}/v1"
        threading.Thread(target=self._http.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._http.shutdown()


def tool_call(
    name: str, arguments: dict[str, Any] | Callable[[Request], dict[str, Any]]
) -> Scripted:
    def answer(request: Request) -> tuple[int, Any]:
        given = arguments(request) if callable(arguments) else arguments
        call = {
            "id": f"call_{name}",
            "type": "function",
            "function": {"name": name, "arguments": json.dumps(given)},
        }
        return 200, _completion(
            {"role": "assistant", "content": None, "tool_calls": [call]}, "tool_calls"
        )

    return answer


def final(text: str) -> Scripted:
    return lambda request: (200, _completion({"role": "assistant", "content": text}, "stop"))


def failure(status: int = 500) -> Scripted:
    return lambda request: (
        status,
        {"error": {"message": "stand-in failure", "type": "server_error"}},
    )


def slow(seconds: float) -> Scripted:
    def answer(request: Request) -> tuple[int, Any]:
        time.sleep(seconds)
        return final("too late")(request)

    return answer


def _completion(message: dict[str, Any], finish_reason: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stand-in",
        "object": "chat.completion",
        "created": 0,
        "model": "stand-in",
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
    }


def last_tool_result(request: Request) -> Any:
    return json.loads([m for m in request["messages"] if m["role"] == "tool"][-1]["content"])


@pytest.fixture(scope="module")
def model() -> Iterator[StandInModel]:
    stand_in = StandInModel()
    yield stand_in
    stand_in.stop()


@pytest.fixture(scope="module")
def llm_server(
    model: StandInModel, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    with running_server(
        tmp_path_factory.mktemp("llm"),
        ManualClock(NOW),
        llm_base_url=model.url,
        llm_api_key="stand-in-key",
        llm_model="stand-in",
        llm_timeout_seconds=1.0,
    ) as live:
        yield live


@pytest.fixture
def user(llm_server: LiveServer, model: StandInModel) -> Iterator[UserClient]:
    model.script.clear()
    model.requests.clear()
    with llm_server.register() as client:
        yield client


def test_the_agent_calls_the_tools_and_its_reply_is_the_answer(
    user: UserClient, model: StandInModel
) -> None:
    model.script[:] = [
        tool_call("add_task", {"title": "Call the plumber", "due": "2026-03-05T09:00:00-05:00"}),
        final("Added *Call the plumber* for tomorrow at 9:00 AM."),
    ]

    body = Chat(user).say("I need to call the plumber tomorrow morning")

    assert body["reply"] == "Added *Call the plumber* for tomorrow at 9:00 AM."
    assert tools_of(body) == ["add_task"]
    (task,) = user.items()
    assert (task["title"], task["due"]) == ("Call the plumber", "2026-03-05T09:00:00-05:00")
    first, second = model.requests
    assert first["model"] == "stand-in"
    instructions = first["messages"][0]["content"]
    assert "2026-03-04T10:00-05:00" in instructions
    assert "America/New_York" in instructions
    assert {tool["function"]["name"] for tool in first["tools"]} >= {"add_task", "find_tasks"}
    assert first["messages"][-1] == {
        "role": "user",
        "content": "I need to call the plumber tomorrow morning",
    }
    assert last_tool_result(second)["id"] == task["id"]


def test_the_agent_finds_a_task_before_completing_it(user: UserClient, model: StandInModel) -> None:
    user.add("Take vitamins")
    model.script[:] = [
        tool_call("find_tasks", {"text": "vitamins"}),
        tool_call(
            "complete_task",
            lambda request: {"task_id": last_tool_result(request)["matches"][0]["id"]},
        ),
        final("Done: *Take vitamins*."),
    ]

    body = Chat(user).say("vitamins taken")

    assert body["reply"] == "Done: *Take vitamins*."
    assert tools_of(body) == ["find_tasks", "complete_task"]
    assert [t["title"] for t in user.items(status="completed")] == ["Take vitamins"]


def test_a_tools_domain_error_goes_back_to_the_agent(user: UserClient, model: StandInModel) -> None:
    model.script[:] = [
        tool_call("complete_task", {"task_id": "no-such-task"}),
        final("I couldn't find that task."),
    ]

    body = Chat(user).say("finish the thing")

    assert body["reply"] == "I couldn't find that task."
    assert "not found" in last_tool_result(model.requests[1])["error"]


def test_the_agent_sees_the_conversation_so_far(user: UserClient, model: StandInModel) -> None:
    chat = Chat(user)
    model.script[:] = [final("Hello!"), final("Still here.")]
    chat.say("hi")
    chat.say("are you there?")

    roles = [(m["role"], m["content"]) for m in model.requests[1]["messages"][1:]]
    assert roles == [("user", "hi"), ("assistant", "Hello!"), ("user", "are you there?")]


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param([failure(500)], id="http-error"),
        pytest.param([failure(401)], id="refused-key"),
        pytest.param([slow(2.5)], id="timeout"),
        pytest.param([tool_call("add_task", {"priority": "high"})], id="bad-tool-arguments"),
        pytest.param([tool_call("launch_rocket", {})], id="unknown-tool"),
        pytest.param([final("")], id="empty-answer"),
    ],
)
def test_any_error_falls_back_to_the_parser(
    user: UserClient, model: StandInModel, broken: list[Scripted]
) -> None:
    model.script[:] = broken

    body = Chat(user).say("Buy milk tomorrow at 5pm")

    assert body["reply"] == "Added *Buy milk*, due tomorrow at 5:00 PM."
    assert [t["title"] for t in user.items()] == ["Buy milk"]
    assert model.requests, "the stand-in was asked first"


def test_a_failure_after_a_change_reports_it_and_does_not_do_it_twice(
    user: UserClient, model: StandInModel
) -> None:
    model.script[:] = [
        tool_call("add_task", {"title": "Buy milk", "due": "2026-03-05T17:00:00-05:00"}),
        failure(500),
    ]

    body = Chat(user).say("Buy milk tomorrow at 5pm")

    assert body["reply"] == "Added *Buy milk*, due tomorrow at 5:00 PM."
    assert tools_of(body) == ["add_task"]
    assert [t["title"] for t in user.items()] == ["Buy milk"]


def test_without_llm_settings_the_parser_answers(tmp_path: Path, model: StandInModel) -> None:
    model.requests.clear()
    with running_server(tmp_path, ManualClock(NOW)) as plain, plain.register() as user:
        assert Chat(user).reply("add buy milk") == "Added *buy milk*."
    assert model.requests == []


def token_in_history(request: Request) -> dict[str, Any]:
    """apply_bulk_action's arguments, from the preview's token the agent sees in the
    conversation so far."""
    (said,) = [
        m["content"]
        for m in request["messages"]
        if m["role"] == "assistant" and "preview_bulk_action token: " in (m["content"] or "")
    ]
    return {"token": said.rsplit("preview_bulk_action token: ", 1)[1].rstrip(")")}


def test_the_agent_previews_a_bulk_action_applies_it_once_agreed_and_undo_reverts_it(
    user: UserClient, model: StandInModel
) -> None:
    errands = [user.add(title, tags=["errands"]) for title in ("Buy stamps", "Post parcel")]
    user.add("Write essay")
    chat = Chat(user)
    model.script[:] = [
        tool_call("preview_bulk_action", {"action": "complete", "tags": ["errands"]}),
        final("I'll mark 2 tasks done: *Buy stamps* and *Post parcel*. OK?"),
    ]

    asked = chat.say("complete my errands")

    assert tools_of(asked) == ["list_tasks", "preview_bulk_action"]  # the preview's own list
    assert user.items(status="completed") == []
    instructions = model.requests[0]["messages"][0]["content"]
    assert "preview_bulk_action" in instructions
    model.script[:] = [tool_call("apply_bulk_action", token_in_history), final("Done.")]

    applied = chat.say("yes please")

    assert tools_of(applied) == [
        "list_tasks",
        "complete_task",
        "complete_task",
        "apply_bulk_action",
    ]
    done = {t["id"] for t in user.items(status="completed")}
    assert done == {task["id"] for task in errands}

    undone = chat.say("undo")  # the chat's own undo: one entry for the agent's batch

    assert tools_of(undone) == ["reopen_task", "reopen_task"]
    assert sorted(t["title"] for t in user.items()) == ["Buy stamps", "Post parcel", "Write essay"]


def test_the_agent_undoes_through_the_chats_own_undo(user: UserClient, model: StandInModel) -> None:
    model.script[:] = [
        tool_call("add_task", {"title": "Buy paint"}),
        final("Added *Buy paint*."),
        tool_call("undo", {}),
        final("I took that back: *Buy paint* is gone."),
    ]
    chat = Chat(user)
    chat.say("I need to buy paint")

    body = chat.say("actually, take back what you just did")

    assert body["reply"] == "I took that back: *Buy paint* is gone."
    assert tools_of(body) == ["delete_task"]
    assert user.items() == []
    asked = model.requests[2]
    assert "undo" in {tool["function"]["name"] for tool in asked["tools"]}
    assert last_tool_result(model.requests[3]) == {
        "reply": "Undone. Deleted *Buy paint*, which I had added."
    }
    model.script[:] = [tool_call("undo", {}), final("Nothing left to undo.")]
    chat.say("and the one before?")
    assert last_tool_result(model.requests[5]) == {
        "reply": "There is nothing to undo: I haven't changed anything in this conversation."
    }


def test_the_agent_snoozes_every_reminder_and_a_failure_after_it_is_not_done_twice(
    user: UserClient, model: StandInModel
) -> None:
    task = user.add("Team call", remind_at="2026-03-04T10:30:00-05:00")
    model.script[:] = [tool_call("snooze_all_reminders", {"minutes": 60}), failure(500)]

    body = Chat(user).say("snooze all my reminders for an hour")

    assert body["reply"] == "Snoozed your reminders until today at 11:00 AM."
    assert tools_of(body) == ["snooze_all_reminders"]
    assert user.items()[0]["remind_at"] == "2026-03-04T11:00:00-05:00"
    assert task["remind_at"] == "2026-03-04T10:30:00-05:00"
