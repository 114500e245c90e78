"""Undo: the newest entry of the journal reverted, through the same tools (so the same
use cases, events and audit trail) as the change it reverts.

Each step is reverted, last first: an added task is deleted; a changed one
gets back every field it had; a deleted one is put back under its own id; a
completed one is reopened, and the next occurrence its completion created (if
it is recurring) is deleted; a reopened one is completed again. When that
occurrence has not appeared yet (the distributed runtime's recurring service
creates it from the completion's event, later), it never will: the recurring
service makes no occurrence after a task that is no longer completed.

Messages that ask for it: "undo", "undo that", "oops undo", "undo the last
change", "revert that".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from todo_chatbot.chat import in_words
from todo_chatbot.chat.journal import Entry, Step
from todo_chatbot.chat.tools import TaskTools
from todo_chatbot.core.errors import DomainError, TaskNotFound
from todo_chatbot.core.words import fold

_UNDO: Final = re.compile(
    r"^(?:(?:oops|oh no|sorry|whoops|no|wait)\W*)*"
    r"(?:please\s+)?(?:undo|revert|take back)"
    r"(?:\s+(?:it|that|this|the last (?:one|change|action|thing)|my last (?:change|action)|"
    r"what you (?:just )?did|last))?"
    r"(?:\s+please)?$"
)
NOTHING_TO_UNDO: Final = (
    "There is nothing to undo: I haven't changed anything in this conversation."
)


def asks_to_undo(message: str) -> bool:
    """Whether the message asks to undo the last action ("undo", "oops undo that")."""
    plain = " ".join(fold(message).replace(",", " ").split()).strip(" !.")
    return _UNDO.match(plain) is not None


@dataclass(frozen=True)
class Undone:
    """What reverting one entry said, and the task the conversation is now about."""

    reply: str
    focus: dict[str, str] | None


async def revert(tools: TaskTools, entry: Entry, now: datetime, tz: ZoneInfo) -> Undone:
    """Revert every step of ``entry``, the last one first."""
    said: list[str] = []
    focus: dict[str, str] | None = None
    for step in reversed(entry.steps):
        line, kept = await _revert_step(tools, step, now, tz)
        said.append(line)
        if kept is not None:
            focus = kept
    if len(said) > 3:
        head = f'Undone: "{entry.said}" ({in_words.count(len(said), "change")}).'
        return Undone(" ".join([head, *said[:3], f"…and {len(said) - 3} more."]), focus)
    return Undone(" ".join(["Undone.", *said]), focus)


async def _revert_step(
    tools: TaskTools, step: Step, now: datetime, tz: ZoneInfo
) -> tuple[str, dict[str, str] | None]:
    name = in_words.title(step.title)
    try:
        if step.kind == "added":
            await tools.delete_task(task_id=step.task_id)
            return f"Deleted {name}, which I had added.", None
        assert step.before is not None
        if step.kind == "updated":
            view = await tools.put_back(step.task_id, step.before)
            line = in_words.task_line(view, now, tz)
            return f"{in_words.title(view['title'])} is back as it was: {line}.", _focus(view)
        if step.kind == "deleted":
            if await _exists(tools, step.task_id):
                return f"{name} is back already.", None
            view = await tools.restore(step.before)
            return f"Put back {in_words.task_line(view, now, tz)}.", _focus(view)
        if step.kind == "completed":
            view = await tools.reopen_task(task_id=step.task_id)
            return f"{name} is pending again.{await _drop_next(tools, step, now, tz)}", _focus(view)
        view = await tools.complete_task(task_id=step.task_id)
        return f"{name} is done again.", _focus(view)
    except TaskNotFound:
        return f"{name} was deleted meanwhile, so I left it.", None
    except DomainError as exc:
        return f"I couldn't undo the change to {name}: {exc}", None


async def _drop_next(tools: TaskTools, step: Step, now: datetime, tz: ZoneInfo) -> str:
    """Delete the occurrence the completion of a recurring task created."""
    assert step.before is not None
    if not step.before.get("recurrence"):
        return ""
    following = await tools.next_occurrence_of(step.before)
    if following is None:
        return " No next occurrence was made from it."
    await tools.delete_task(task_id=following["id"])
    due = in_words.task_details({"due": following["due"]}, now, tz)
    when = f" ({due[0]})" if due else ""
    return f" I removed the next occurrence{when} that completing it had created."


async def _exists(tools: TaskTools, task_id: str) -> bool:
    try:
        await tools.get(task_id)
    except TaskNotFound:
        return False
    return True


def _focus(view: dict[str, object]) -> dict[str, str]:
    """The task as the conversation's focus (what "it" means next)."""
    return {"id": str(view["id"]), "title": str(view["title"])}
