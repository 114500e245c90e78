"""Bulk actions: complete, reopen, delete or change every task a selection matches,
after a preview and a "yes".

One use case behind every entry point:

- :func:`matching` finds the tasks a selection (a list filter) matches, soonest
  due first, at most :data:`BULK_LIMIT`;
- :func:`apply` runs one task tool on each previewed task, through the same
  tools (so the same use cases, events and audit trail) as a single action.
  A task deleted meanwhile is skipped. An update whose new due is a date only
  keeps each task's own time of day ("push my overdue tasks to next Monday"
  moves a 5 PM task to 5 PM on Monday).

The chat previews in its reply and keeps the previewed ids in its pending
question (:mod:`.dialogue`); "yes" applies to exactly those. The LLM agent and
MCP clients call :meth:`~todo_chatbot.chat.tools.TaskTools.preview_bulk_action`,
which answers with the tasks and a token, then
:meth:`~todo_chatbot.chat.tools.TaskTools.apply_bulk_action` with that token:
it acts only on the token's tasks that the token's selection still matches, so
a client can act on no task a preview of that selection would not have listed.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, Final, Literal
from zoneinfo import ZoneInfo

import orjson

from todo_chatbot.chat import in_words
from todo_chatbot.core.errors import DomainError, TaskNotFound, ValidationFailed
from todo_chatbot.core.timekeeping import parse_due
from todo_chatbot.tasks.queries import SortKey, TaskFilter, read_list_query

if TYPE_CHECKING:
    from todo_chatbot.chat.tools import TaskTools

BulkTool = Literal["complete_task", "reopen_task", "delete_task", "update_task"]
BulkActionName = Literal["complete", "reopen", "delete", "update"]
ACTION_TOOLS: Final[dict[str, BulkTool]] = {
    "complete": "complete_task",
    "reopen": "reopen_task",
    "delete": "delete_task",
    "update": "update_task",
}
BULK_LIMIT: Final = 200
"""The most tasks one bulk action (or "delete all") touches: a list query's largest page."""
LISTED: Final = 20
"""Tasks a preview names before "and N more"."""
_TOKEN_PREFIX: Final = "bulk1."


async def matching(tools: TaskTools, selection: TaskFilter) -> tuple[list[dict[str, Any]], bool]:
    """The tasks ``selection`` matches, soonest due first, and whether there are more."""
    found = await tools.list_filtered(selection, sort=SortKey.DUE, limit=BULK_LIMIT)
    return found["tasks"], found["more"]


@dataclass(frozen=True)
class Applied:
    """What a bulk action did: the tasks it acted on (as they are now, or as they were
    for a delete), those gone meanwhile, and those it could not change (with why)."""

    done: list[dict[str, Any]] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


async def apply(
    tools: TaskTools,
    tool: BulkTool,
    options: Sequence[Mapping[str, Any]],
    arguments: Mapping[str, Any],
) -> Applied:
    """Run ``tool`` on each of ``options`` (``{"id", "title"}``), in order; ``arguments``
    are an update's JSON arguments besides the task id."""
    applied = Applied()
    for option in options:
        try:
            current = await tools.get(option["id"])
            applied.done.append(await _act(tools, tool, current, arguments))
        except TaskNotFound:
            applied.gone.append(option["title"])
        except DomainError as exc:
            applied.failed.append(f"{in_words.title(option['title'])}: {exc}")
    return applied


async def _act(
    tools: TaskTools, tool: BulkTool, current: dict[str, Any], arguments: Mapping[str, Any]
) -> dict[str, Any]:
    task_id = current["id"]
    if tool == "complete_task":
        return await tools.complete_task(task_id=task_id)
    if tool == "reopen_task":
        return await tools.reopen_task(task_id=task_id)
    if tool == "delete_task":
        await tools.delete_task(task_id=task_id)
        return current
    return await tools.update_task(task_id=task_id, **tools.resolved_arguments(current, arguments))


_BULK_CHANGES: Final = frozenset(
    {"due", "due_move", "remind_at", "priority", "recurrence", "tags_add", "tags_remove", "clear"}
)
CANNOT_IN_BULK: Final = (
    "I can change the due date, reminder, repeat, priority or tags of many tasks at once,"
    " but not that: change them one by one."
)


def can_change_in_bulk(arguments: Mapping[str, Any]) -> bool:
    """Whether an update's arguments can go to many tasks (not a new title, nor a
    reminder's lead)."""
    return set(arguments) <= _BULK_CHANGES


# --- the tools' tokens --------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    """What a bulk tool's token carries: the action, the selection as list parameters,
    an update's arguments, and the ids previewed."""

    action: BulkActionName
    selection: dict[str, list[str]]
    arguments: dict[str, Any]
    ids: list[str]

    def token(self) -> str:
        body = orjson.dumps(
            {"a": self.action, "s": self.selection, "c": self.arguments, "i": self.ids}
        )
        return _TOKEN_PREFIX + base64.urlsafe_b64encode(body).decode().rstrip("=")

    @classmethod
    def from_token(cls, token: str) -> Preview:
        """The preview a token carries; raises ValidationFailed for one no preview made."""
        text = token.strip()
        if not text.startswith(_TOKEN_PREFIX):
            raise _bad_token()
        encoded = text.removeprefix(_TOKEN_PREFIX)
        try:
            data = orjson.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
            preview = cls(action=data["a"], selection=data["s"], arguments=data["c"], ids=data["i"])
        except (ValueError, TypeError, KeyError, binascii.Error, orjson.JSONDecodeError):
            raise _bad_token() from None
        if (
            preview.action not in ACTION_TOOLS
            or not isinstance(preview.selection, dict)
            or not isinstance(preview.arguments, dict)
            or not isinstance(preview.ids, list)
            or not all(isinstance(i, str) for i in preview.ids)
        ):
            raise _bad_token()
        return preview

    def selection_filter(self) -> TaskFilter:
        return read_list_query({**self.selection, "limit": [str(BULK_LIMIT)]}).filter


def _bad_token() -> ValidationFailed:
    return ValidationFailed.single("token", "is not a token preview_bulk_action gave")


async def still_previewed(tools: TaskTools, preview: Preview) -> list[dict[str, Any]]:
    """The token's tasks that its selection still matches, in the token's order."""
    tasks, _ = await matching(tools, preview.selection_filter())
    current = {task["id"]: task for task in tasks}
    return [current[task_id] for task_id in preview.ids if task_id in current]


def applied_view(preview: Preview, matched: int, applied: Applied) -> dict[str, Any]:
    """``apply_bulk_action``'s answer: ``left_alone`` counts the previewed tasks it did
    not touch because they no longer match (deleted, done or changed meanwhile)."""
    return {
        "action": preview.action,
        "count": len(applied.done),
        "tasks": applied.done,
        "left_alone": len(preview.ids) - matched + len(applied.gone),
        "failed": applied.failed,
    }


# --- what the chat says ---------------------------------------------------------------


def preview_text(
    tool: BulkTool,
    arguments: Mapping[str, Any],
    tasks: Sequence[Mapping[str, Any]],
    *,
    more: bool,
    now: datetime,
    tz: ZoneInfo,
) -> str:
    """ "I'll mark these 3 tasks as done:", the tasks (at most :data:`LISTED`), and the
    question."""
    these = "1 task" if len(tasks) == 1 else f"these {len(tasks)} tasks"
    lines = [f"I'll {_doing(tool, these, arguments, now, tz)}:"]
    for task in tasks[:LISTED]:
        due = parse_due(task["due"], tz) if task.get("due") else None
        when = f" (due {in_words.moment(due, now, tz)})" if due is not None else ""
        lines.append(f"- {in_words.title(task['title'])}{when}")
    if len(tasks) > LISTED:
        lines.append(f"…and {len(tasks) - LISTED} more.")
    if more:
        lines.append(f"(More tasks match; I'll only touch these first {len(tasks)}.)")
    lines.append("Say yes to go ahead, or no to cancel.")
    return "\n".join(lines)


def confirm_again(count: int) -> str:
    """The question again, for an answer that is neither yes nor no."""
    them = "them" if count > 1 else "it"
    return f'Please say "yes" to go ahead with {them}, or "no" to cancel.'


def nothing_matches(tool: BulkTool) -> str:
    what = "pending " if tool == "complete_task" else ""
    return f"No {what}tasks match that, so there is nothing to change."


def applied_text(
    tool: BulkTool, arguments: Mapping[str, Any], applied: Applied, now: datetime, tz: ZoneInfo
) -> str:
    """What a confirmed bulk action did, with the count."""
    if not applied.done and not applied.failed:
        return "Those tasks were already gone."
    counted = in_words.count(len(applied.done), "task")
    said = {
        "complete_task": f"Marked {counted} as done.",
        "reopen_task": f"Reopened {counted}.",
        "delete_task": f"Deleted {counted}.",
        "update_task": f"Changed {counted} ({_change_words(arguments, now, tz)}).",
    }[tool]
    parts = [said]
    if applied.gone:
        parts.append(f"{in_words.count(len(applied.gone), 'task')} had been deleted meanwhile.")
    if applied.failed:
        parts.append("I couldn't change " + "; ".join(applied.failed) + ".")
    if applied.done:
        parts.append('Say "undo" to take it all back.')
    return " ".join(parts)


def _doing(
    tool: BulkTool, these: str, arguments: Mapping[str, Any], now: datetime, tz: ZoneInfo
) -> str:
    if tool == "complete_task":
        return f"mark {these} as done"
    if tool == "reopen_task":
        return f"reopen {these}"
    if tool == "delete_task":
        return f"delete {these}"
    if set(arguments) <= {"due", "due_move"} and arguments.get("due"):
        return f"move {these} to {_due_words(arguments['due'], now, tz)}"
    if set(arguments) == {"due_move"}:
        return f"move {these} {_move_words(arguments['due_move'])}"
    if set(arguments) == {"tags_add"}:
        return f"add {_tags(arguments['tags_add'])} to {these}"
    return f"change {these} ({_change_words(arguments, now, tz)})"


def _change_words(arguments: Mapping[str, Any], now: datetime, tz: ZoneInfo) -> str:
    words = []
    if arguments.get("due"):
        words.append(f"due {_due_words(arguments['due'], now, tz)}")
    if arguments.get("due_move") and not arguments.get("due"):
        words.append(f"due moved {_move_words(arguments['due_move'])}")
    if arguments.get("priority"):
        words.append(f"{arguments['priority']} priority")
    if arguments.get("tags_add"):
        words.append(f"add {_tags(arguments['tags_add'])}")
    if arguments.get("tags_remove"):
        words.append(f"take off {_tags(arguments['tags_remove'])}")
    if arguments.get("title"):
        words.append(f"title {in_words.title(arguments['title'])}")
    if arguments.get("clear"):
        words.append("clear " + ", ".join(arguments["clear"]))
    others = set(arguments) - {
        "due",
        "due_move",
        "priority",
        "tags_add",
        "tags_remove",
        "title",
        "clear",
    }
    if others:
        words.append("set " + ", ".join(sorted(others)).replace("_", " "))
    return "; ".join(words) or "no change"


def _move_words(move: Mapping[str, Any]) -> str:
    """A relative move in words: "2 days later", "an hour earlier", "to 7:00 PM on the
    day each is due"."""
    minutes, clock = move.get("shift_minutes"), move.get("time")
    if clock is not None:
        wall = datetime.combine(date(2000, 1, 1), time.fromisoformat(clock))
        return f"to {in_words.clock_time(wall)} on the day each is due"
    if not minutes:
        return "later" if move.get("later") else "as said"
    direction = "later" if minutes > 0 else "earlier"
    return f"{_amount(abs(int(minutes)))} {direction}"


def _amount(minutes: int) -> str:
    for unit, size in (("week", 7 * 24 * 60), ("day", 24 * 60), ("hour", 60)):
        if minutes % size == 0:
            return in_words.count(minutes // size, unit)
    return in_words.count(minutes, "minute")


def _due_words(due: str, now: datetime, tz: ZoneInfo) -> str:
    return in_words.moment(parse_due(due, tz), now, tz)


def _tags(tags: Sequence[str]) -> str:
    return " ".join(f"#{tag}" for tag in tags)
