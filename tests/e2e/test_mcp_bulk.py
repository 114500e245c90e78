"""The bulk tools over MCP, through the official client against each runtime: a preview
that changes nothing and returns the matching tasks with a token, and an apply that acts
on exactly the previewed tasks the selection still matches (never on one the preview
did not list), through the same use cases as the chat (the audit trail shows them).

The servers stand at Wednesday 2026-03-04 10:00 in New York (the users' zone).
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from mcp import Client

from tests.e2e.test_mcp import call, with_mcp
from tests.support import UserClient, audit_trail, settle_audit

pytestmark = pytest.mark.slow


def tools_by_name(user: UserClient) -> dict[str, Any]:
    async def work(client: Client) -> Any:
        return (await client.list_tools()).tools

    return {tool.name: tool for tool in with_mcp(user, work)}


def test_the_bulk_tools_are_described_for_an_agent(alice: UserClient) -> None:
    tools = tools_by_name(alice)

    preview, apply = tools["preview_bulk_action"], tools["apply_bulk_action"]
    assert str(preview.description).startswith("Step 1 of a bulk action")
    assert "apply_bulk_action" in str(preview.description)
    assert preview.input_schema["required"] == ["action"]
    action = preview.input_schema["properties"]["action"]
    assert action["enum"] == ["complete", "reopen", "delete", "update"]
    assert {"tags", "overdue", "due_from", "search", "due", "tags_add"} <= set(
        preview.input_schema["properties"]
    )
    assert str(apply.description).startswith("Step 2 of a bulk action")
    assert apply.input_schema["required"] == ["token"]


def test_preview_changes_nothing_and_apply_acts_only_on_what_it_listed(
    alice: UserClient,
) -> None:
    cleaning = alice.add("Pick up dry cleaning", tags=["errands"])
    stamps = alice.add("Buy stamps", tags=["errands"])
    alice.add("Write essay")

    preview = call(alice, "preview_bulk_action", {"action": "complete", "tags": ["errands"]})

    assert preview["count"] == 2
    assert sorted(t["title"] for t in preview["tasks"]) == ["Buy stamps", "Pick up dry cleaning"]
    assert alice.items(status="completed") == []
    late = alice.add("Post parcel", tags=["errands"])  # not previewed
    assert alice.post(f"/api/tasks/{stamps['id']}/complete").status_code == 200  # meanwhile

    applied = call(alice, "apply_bulk_action", {"token": preview["token"]})

    assert (applied["count"], applied["left_alone"]) == (1, 1)
    assert [t["title"] for t in applied["tasks"]] == ["Pick up dry cleaning"]
    assert sorted(t["title"] for t in alice.items()) == ["Post parcel", "Write essay"]
    assert alice.get(f"/api/tasks/{late['id']}").json()["status"] == "pending"
    settle_audit(alice)
    events = [(e["event_type"], e["actor"]) for e in audit_trail(alice, task_id=cleaning["id"])]
    assert events[0] == ("task.completed", "chat")


def test_a_bulk_update_moves_each_task_keeping_its_time(alice: UserClient) -> None:
    bill = alice.add("Pay bill", due="2026-03-02T17:00:00")
    book = alice.add("Return book", due="2026-03-03", tags=["library"])
    alice.add("Dentist", due="2026-03-10")

    preview = call(
        alice,
        "preview_bulk_action",
        {"action": "update", "overdue": True, "due": "2026-03-09", "tags_add": ["late"]},
    )
    assert preview["count"] == 2
    call(alice, "apply_bulk_action", {"token": preview["token"]})

    moved_bill = alice.get(f"/api/tasks/{bill['id']}").json()
    moved_book = alice.get(f"/api/tasks/{book['id']}").json()
    assert (moved_bill["due"], moved_bill["tags"]) == ("2026-03-09T17:00:00-04:00", ["late"])
    assert (moved_book["due"], moved_book["tags"]) == ("2026-03-09", ["library", "late"])


def test_an_update_without_a_change_and_a_made_up_token_are_refused(alice: UserClient) -> None:
    alice.add("Buy milk")

    async def work(client: Client) -> Any:
        no_change = await client.call_tool("preview_bulk_action", {"action": "update"})
        made_up = await client.call_tool("apply_bulk_action", {"token": "delete everything"})
        return no_change, made_up

    no_change, made_up = with_mcp(alice, work)

    assert no_change.is_error
    assert made_up.is_error
    assert "preview_bulk_action" in str(made_up.content[0])
    assert [t["title"] for t in alice.items()] == ["Buy milk"]


def edited(token: str, ids: list[str]) -> str:
    """``token`` with its task ids replaced (what a client that forges one would send)."""
    encoded = token.removeprefix("bulk1.")
    body = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    body["i"] = ids
    return "bulk1." + base64.urlsafe_b64encode(json.dumps(body).encode()).decode()


def test_an_edited_token_cannot_reach_tasks_outside_its_selection(alice: UserClient) -> None:
    errand = alice.add("Buy stamps", tags=["errands"])
    other = alice.add("Write essay")
    preview = call(alice, "preview_bulk_action", {"action": "delete", "tags": ["errands"]})

    applied = call(
        alice, "apply_bulk_action", {"token": edited(preview["token"], [other["id"], errand["id"]])}
    )

    assert (applied["count"], applied["left_alone"]) == (1, 1)
    assert alice.get(f"/api/tasks/{errand['id']}").status_code == 404
    assert alice.get(f"/api/tasks/{other['id']}").status_code == 200
