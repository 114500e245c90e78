"""What the held-out phrasings expect, and the moment they are read at.

Every case is resolved at ``NOW`` (Wednesday 2026-03-04 10:00 in New York; the
clocks go forward on Sunday 2026-03-08) unless it says otherwise. The expected
values use the contract's JSON; the helpers fill in the defaults so that each
case names only what it is about.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

NOW = "2026-03-04T10:00:00-05:00"
TZ = "America/New_York"
_NY = ZoneInfo(TZ)

Expected = dict[str, Any]


def at(wall: str) -> str:
    """``"03-05 17:00"`` (2026, New York) as the contract writes a date-time."""
    moment = datetime.strptime(f"2026-{wall}", "%Y-%m-%d %H:%M").replace(tzinfo=_NY)
    return moment.isoformat(timespec="seconds")


def day(month_day: str) -> str:
    return f"2026-{month_day}"


def add(
    title: str,
    *,
    due: str | None = None,
    remind: str | None = None,
    priority: str | None = None,
    tags: tuple[str, ...] = (),
    rule: str | None = None,
) -> Expected:
    return {
        "intent": "add_task",
        "task": {
            "title": title,
            "due": due,
            "remind_at": remind,
            "priority": priority,
            "tags": list(tags),
            "recurrence": rule,
        },
    }


def listing(sort: tuple[str, str] | None = None, **filters: Any) -> Expected:
    full: dict[str, Any] = {
        "status": "pending",
        "priority": None,
        "tags": [],
        "due_from": None,
        "due_to": None,
        "overdue": False,
        "search": None,
    }
    full.update(filters)
    return {
        "intent": "list_tasks",
        "filter": full,
        "sort": None if sort is None else {"by": sort[0], "order": sort[1]},
    }


def counting(**filters: Any) -> Expected:
    """A question of how many ("how many are overdue?"): a list request that counts."""
    return {**listing(**filters), "count": True}


def done(target: str) -> Expected:
    return {"intent": "complete_task", "target": target}


def reopen(target: str) -> Expected:
    return {"intent": "reopen_task", "target": target}


def delete(target: str) -> Expected:
    return {"intent": "delete_task", "target": target}


def update(target: str, **changes: Any) -> Expected:
    return {"intent": "update_task", "target": target, "changes": changes}


def snooze(*, minutes: int | None = None, until: str | None = None) -> Expected:
    """A snooze of the reminder that just rang; with neither, the chat's default."""
    body: dict[str, Any] = {}
    if minutes is not None:
        body["minutes"] = minutes
    if until is not None:
        body["until"] = until
    return {"intent": "snooze", "snooze": body}


HELP: Expected = {"intent": "help"}
UNKNOWN: Expected = {"intent": "unknown"}
