"""The MCP server at /mcp, through the official MCP client over real HTTP (streamable
HTTP), against each runtime: the tools, their typed arguments, calls that run the
use cases as the token's user, and 401 without a token."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from tests.e2e.chatting import Chat, titles
from tests.support import ApiServer, UserClient, audit_trail, settle_audit

pytestmark = pytest.mark.slow

T = TypeVar("T")
TOOLS = {
    "add_task",
    "list_tasks",
    "find_tasks",
    "complete_task",
    "reopen_task",
    "delete_task",
    "update_task",
    "snooze_reminder",
    "next_occurrences",
    "preview_bulk_action",
    "apply_bulk_action",
    "list_reminders",
    "explain_reminder",
    "snooze_all_reminders",
    "undo",
}


def with_mcp(user: UserClient, work: Callable[[Client], Awaitable[T]]) -> T:
    """Run ``work`` with an MCP client connected to the user's /mcp."""

    async def session() -> T:
        headers = {"Authorization": f"Bearer {user.token}"}
        async with (
            httpx2.AsyncClient(headers=headers, timeout=10) as http,
            Client(streamable_http_client(f"{user.server.url}/mcp", http_client=http)) as client,
        ):
            return await work(client)

    return asyncio.run(session())


def call(user: UserClient, tool: str, arguments: dict[str, Any]) -> Any:
    async def work(client: Client) -> Any:
        result = await client.call_tool(tool, arguments)
        assert not result.is_error, result.content
        return result.structured_content

    return with_mcp(user, work)


def test_the_tools_are_listed_with_descriptions_and_typed_arguments(alice: UserClient) -> None:
    async def work(client: Client) -> Any:
        return (await client.list_tools()).tools

    tools = {tool.name: tool for tool in with_mcp(alice, work)}

    assert set(tools) == TOOLS
    add = tools["add_task"]
    assert str(add.description).startswith("Add a task")
    schema = add.input_schema
    assert schema["required"] == ["title"]
    assert "ctx" not in schema["properties"]
    assert schema["properties"]["priority"]["anyOf"][0]["enum"] == ["high", "medium", "low"]
    assert "YYYY-MM-DD" in schema["properties"]["due"]["description"]
    assert tools["complete_task"].input_schema["required"] == ["task_id"]


def test_a_tool_call_runs_the_use_case_as_the_tokens_user(alice: UserClient) -> None:
    added = call(
        alice,
        "add_task",
        {"title": "Renew passport", "due": "2026-03-10T09:00:00", "priority": "high"},
    )

    task = alice.get(f"/api/tasks/{added['id']}").json()
    assert (task["title"], task["due"], task["priority"]) == (
        "Renew passport",
        "2026-03-10T09:00:00-04:00",
        "high",
    )
    settle_audit(alice)
    assert [e["actor"] for e in audit_trail(alice, task_id=added["id"])] == ["chat"]


def test_find_then_complete(alice: UserClient) -> None:
    alice.add("Take vitamins")

    found = call(alice, "find_tasks", {"text": "vitamins"})
    (match,) = found["matches"]
    assert (match["title"], match["match"]) == ("Take vitamins", "words")
    done = call(alice, "complete_task", {"task_id": match["id"]})

    assert done["status"] == "completed"
    assert alice.get(f"/api/tasks/{match['id']}").json()["status"] == "completed"


def test_list_and_update(alice: UserClient) -> None:
    task = alice.add("Report", tags=["work"])

    changed = call(
        alice, "update_task", {"task_id": task["id"], "tags_add": ["q1"], "clear": ["tags"]}
    )
    listed = call(alice, "list_tasks", {"tags": ["q1"]})

    assert changed["tags"] == ["q1"]
    assert [t["id"] for t in listed["tasks"]] == [task["id"]]


def test_undo_reverts_the_chats_last_action_and_walks_back(alice: UserClient) -> None:
    chat = Chat(alice)
    chat.say("add buy milk")
    chat.say("add call bob")

    first = call(alice, "undo", {"conversation_id": chat.conversation_id})
    second = call(alice, "undo", {})
    third = call(alice, "undo", {})

    assert first["reply"] == "Undone. Deleted *call bob*, which I had added."
    assert [a["tool"] for a in first["actions"]] == ["delete_task"]
    assert (second["conversation_id"], second["reply"]) == (
        chat.conversation_id,
        "Undone. Deleted *buy milk*, which I had added.",
    )
    assert third["reply"].startswith("There is nothing to undo")
    assert titles(alice) == []


def test_the_undo_tool_says_what_it_does(alice: UserClient) -> None:
    async def work(client: Client) -> Any:
        return (await client.list_tools()).tools

    (undo,) = [tool for tool in with_mcp(alice, work) if tool.name == "undo"]

    assert str(undo.description).startswith("Undo the chat's last action")
    assert "ctx" not in undo.input_schema["properties"]
    assert "conversation" in undo.input_schema["properties"]["conversation_id"]["description"]


def test_a_failing_call_is_a_tool_error_and_another_users_task_is_not_found(
    alice: UserClient, bob: UserClient
) -> None:
    task = alice.add("Alice's")

    async def work(client: Client) -> Any:
        return await client.call_tool("delete_task", {"task_id": task["id"]})

    result = with_mcp(bob, work)

    assert result.is_error
    assert "not found" in str(result.content[0])
    assert alice.get(f"/api/tasks/{task['id']}").status_code == 200


def test_bad_arguments_are_refused(alice: UserClient) -> None:
    async def work(client: Client) -> Any:
        return await client.call_tool("add_task", {"title": "x", "priority": "urgent"})

    assert with_mcp(alice, work).is_error
    assert alice.items() == []


@pytest.mark.parametrize("token", [None, "not-a-token"])
def test_mcp_needs_a_valid_token(server: ApiServer, token: str | None) -> None:
    headers = {"Accept": "application/json, text/event-stream"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}

    answer = httpx.post(f"{server.url}/mcp", json=body, headers=headers, timeout=10)

    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"


def test_the_tools_carry_repeat_from_and_answer_next_dates(alice: UserClient) -> None:
    added = call(
        alice,
        "add_task",
        {
            "title": "Water the plants",
            "due": "2026-03-05",
            "recurrence": "FREQ=DAILY;INTERVAL=3",
            "repeat_from": "completion",
        },
    )
    assert added["repeat_from"] == "completion"
    changed = call(alice, "update_task", {"task_id": added["id"], "repeat_from": "due"})
    assert changed["repeat_from"] == "due"

    dates = call(alice, "next_occurrences", {"task_id": added["id"], "count": 3})

    assert dates == {
        "task_id": added["id"],
        "recurrence": "FREQ=DAILY;INTERVAL=3",
        "repeat_from": "due",
        "occurrences": ["2026-03-05", "2026-03-08", "2026-03-11"],
    }
