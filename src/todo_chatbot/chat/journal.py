"""The undo journal: what each chat message changed, so that "undo" can revert it.

Every change a tool makes is a :class:`Step` (the task, and how it was before);
the steps of one message make one :class:`Entry`, so a message that changes
many tasks at once (a confirmed "delete all", a bulk action) is undone by one
"undo". The journal is plain JSON kept in the conversation's state, newest
entry last, at most :data:`JOURNAL_LIMIT` entries and :data:`STEP_LIMIT` steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo

from todo_chatbot.core.timekeeping import format_due
from todo_chatbot.tasks.representation import task_view
from todo_chatbot.tasks.task import Task

StepKind = Literal["added", "updated", "deleted", "completed", "reopened"]
JOURNAL_LIMIT: Final = 20
"""Entries kept: the undos one conversation can walk back."""
STEP_LIMIT: Final = 500
"""Steps kept over all entries (the state is written with every message): the oldest
entries go first, the newest always stays."""


@dataclass(frozen=True)
class Step:
    """One change to one task: ``before`` is the task as it was (:func:`snapshot`),
    None for an added task (there was nothing before)."""

    kind: StepKind
    task_id: str
    title: str
    before: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "task_id": self.task_id,
            "title": self.title,
            "before": self.before,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Step:
        return cls(
            kind=data["kind"], task_id=data["task_id"], title=data["title"], before=data["before"]
        )


@dataclass(frozen=True)
class Entry:
    """What one message changed, in the order it changed it."""

    said: str
    steps: tuple[Step, ...]

    def as_json(self) -> dict[str, Any]:
        return {"said": self.said, "steps": [step.as_json() for step in self.steps]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry:
        return cls(said=data["said"], steps=tuple(Step.from_json(s) for s in data["steps"]))


def snapshot(task: Task, tz: ZoneInfo) -> dict[str, Any]:
    """The task as the API shows it, with its place in its series (what a restore needs)."""
    return {
        **task_view(task, tz),
        "occurrence": task.occurrence,
        "series_anchor": format_due(task.series_anchor, tz) if task.series_anchor else None,
    }


def pushed(journal: tuple[Entry, ...], entry: Entry) -> tuple[Entry, ...]:
    """The journal with ``entry`` as its newest, the oldest dropped past the limits."""
    kept = (*journal, entry)[-JOURNAL_LIMIT:]
    while len(kept) > 1 and sum(len(e.steps) for e in kept) > STEP_LIMIT:
        kept = kept[1:]
    return kept


def journal_from_json(data: Any) -> tuple[Entry, ...]:
    return tuple(Entry.from_json(entry) for entry in data or [])
