"""Helpers for the parser tests: read a message at a fixed ``now`` as the contract's JSON."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from todo_chatbot.chat.language import parse, to_contract
from todo_chatbot.core.timekeeping import zone

NOW = "2026-03-04T10:00:00-05:00"
"""Wednesday, 10:00 in New York; the clocks go forward on Sunday 2026-03-08."""
TZ = "America/New_York"


def read(text: str, now: str = NOW, tz: str = TZ) -> dict[str, Any]:
    zone_info = zone(tz)
    return to_contract(parse(text, now=datetime.fromisoformat(now), tz=zone_info), zone_info)


def task(text: str, now: str = NOW, tz: str = TZ) -> dict[str, Any]:
    """The ``task`` of a message that must add one."""
    result = read(text, now, tz)
    assert result["intent"] == "add_task", result
    body: dict[str, Any] = result["task"]
    return body


def due(text: str, now: str = NOW, tz: str = TZ) -> Any:
    return task(text, now, tz)["due"]


def listed(text: str, now: str = NOW, tz: str = TZ) -> dict[str, Any]:
    """The ``filter`` and ``sort`` of a message that must list tasks."""
    result = read(text, now, tz)
    assert result["intent"] == "list_tasks", result
    return result
