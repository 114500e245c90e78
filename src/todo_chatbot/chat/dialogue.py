"""From a parsed command, or an answer to a pending question, to tool calls and a reply.

A command that names a task ("mark vitamins done") is resolved with
``find_tasks``: one best match is acted on; several become a :class:`Question`
listing them; none gets a reply with the closest titles. "it" means the task
the conversation last acted on. "delete all" is always a question first, and
only "yes" to it deletes (the tasks listed in the question, nothing added
since). The question is kept in the conversation's state, so the next message
(on any replica) can answer it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo

from todo_chatbot.chat import replies
from todo_chatbot.chat.language import (
    AddTask,
    Command,
    CompleteTask,
    DeleteTask,
    Help,
    ListFilter,
    ListTasks,
    ReopenTask,
    TaskChanges,
    Unset,
    UpdateTask,
)
from todo_chatbot.chat.matching import Candidate, decisive, rank
from todo_chatbot.chat.short_answers import Reply, choice, ordinal, yes_or_no
from todo_chatbot.chat.tools import StatusName, TaskTools
from todo_chatbot.core.errors import DomainError, TaskNotFound
from todo_chatbot.core.timekeeping import format_due, format_instant
from todo_chatbot.core.words import fold

ActingTool = Literal["complete_task", "reopen_task", "delete_task", "update_task"]
_VERBS: Final[dict[str, str]] = {
    "complete_task": "mark as done",
    "reopen_task": "reopen",
    "delete_task": "delete",
    "update_task": "change",
}
_PRONOUNS: Final = frozenset({"it", "that", "this", "this one", "that one", "that task", "it too"})
_ADD_VERBS: Final = re.compile(
    r"^(please )?(add|create|new task|remind me|set a reminder|schedule|put|make a task)\b"
)
DELETE_ALL_LIMIT: Final = 200


@dataclass(frozen=True)
class Question:
    """A question waiting for the user's answer.

    ``choose``: which of ``options`` ``tool`` should act on (with ``arguments``
    besides the task id). ``confirm``: whether to delete ``options`` (every task
    for "delete all", or the one task a misspelt title came closest to).
    """

    kind: Literal["choose", "confirm"]
    tool: ActingTool
    options: list[dict[str, Any]]
    arguments: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "tool": self.tool,
            "options": self.options,
            "arguments": self.arguments,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Question:
        return cls(
            kind=data["kind"],
            tool=data["tool"],
            options=list(data["options"]),
            arguments=dict(data.get("arguments") or {}),
        )


@dataclass(frozen=True)
class State:
    """What a conversation keeps between messages."""

    question: Question | None = None
    focus: dict[str, Any] | None = None
    """The task the conversation last acted on (``{"id", "title"}``): what "it" means."""

    def as_json(self) -> dict[str, Any]:
        return {
            "question": self.question.as_json() if self.question else None,
            "focus": self.focus,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> State:
        question = data.get("question")
        return cls(
            question=Question.from_json(question) if question else None, focus=data.get("focus")
        )


@dataclass(frozen=True)
class Outcome:
    """A reply, and the state the conversation keeps after it."""

    reply: str
    state: State


@dataclass(frozen=True)
class Consumed:
    """The message answers the pending question: ``run`` does what it says once the
    conversation has taken the question (so that only one replica runs it)."""

    answer: int | Reply


class Dialogue:
    """One message's work, for one user, through ``tools``."""

    def __init__(self, tools: TaskTools, state: State) -> None:
        self.tools = tools
        self.state = state
        self.tz: ZoneInfo = tools.caller.tz
        self.now: datetime = tools.now()

    # --- answers to a pending question -------------------------------------------------

    def answer_to_question(self, message: str) -> Consumed | None:
        """What the message answers, if it answers the pending question."""
        question = self.state.question
        if question is None:
            return None
        reply = yes_or_no(message)
        if reply is Reply.NO or (reply is Reply.YES and question.kind == "confirm"):
            return Consumed(reply)
        if question.kind == "choose":
            picked = choice(message, len(question.options))
            if picked is None:
                picked = self._option_by_title(message, question)
            if picked is not None:
                return Consumed(picked)
        return None

    def unanswered(self, message: str) -> str | None:
        """A reminder of the pending question when the message neither answers it nor
        reads as a new command (a number out of range, "yes" to a choice, a bare title
        that fits no option); None when the message should run as a new command."""
        question = self.state.question
        if question is None:
            return None
        if question.kind == "confirm":
            return replies.confirm_again(len(question.options)) if ordinal(message) else None
        if ordinal(message) is not None or yes_or_no(message) is not None:
            return replies.pick_again(len(question.options))
        return None

    async def run_answer(self, consumed: Consumed) -> Outcome:
        question = self.state.question
        assert question is not None
        cleared = replace(self.state, question=None)
        if consumed.answer is Reply.NO:
            return Outcome(replies.CANCELLED, cleared)
        if question.kind == "confirm":
            return await self._delete_listed(question.options, cleared)
        assert isinstance(consumed.answer, int)
        option = question.options[consumed.answer]
        return await self._act(question.tool, option["id"], question.arguments, cleared)

    def _option_by_title(self, message: str, question: Question) -> int | None:
        candidates = [Candidate(o["id"], o["title"]) for o in question.options]
        best = decisive(rank(message, candidates))
        if best is None:
            return None
        return next(i for i, o in enumerate(question.options) if o["id"] == best.candidate.id)

    def is_reply_to_nothing(self, message: str) -> bool:
        """A bare "2", "yes" or "cancel" when no question is pending."""
        return self.state.question is None and (
            ordinal(message) is not None or yes_or_no(message) is not None
        )

    def keeps_question(self, command: Command, message: str) -> bool:
        """While a question is pending, only a clear new command replaces it: a message
        the parser would add as a task without an add verb is more likely a wrong answer."""
        if self.state.question is None:
            return False
        return isinstance(command, AddTask) and not _ADD_VERBS.match(fold(message).strip())

    def reask(self) -> Outcome:
        question = self.state.question
        assert question is not None
        if question.kind == "confirm":
            return Outcome(replies.confirm_again(len(question.options)), self.state)
        text = "I still need to know which one you mean.\n" + replies.which(
            _VERBS[question.tool], question.options, self.now, self.tz
        )
        return Outcome(text, self.state)

    # --- commands --------------------------------------------------------------------

    async def run(self, command: Command, message: str) -> Outcome:
        """The parser's command, carried out; any pending question is dropped."""
        base = replace(self.state, question=None)
        if isinstance(command, AddTask):
            return await self._add(command, base)
        if isinstance(command, ListTasks):
            return await self._list(command, base)
        if isinstance(command, CompleteTask):
            return await self._on_target("complete_task", command.target, {}, base)
        if isinstance(command, ReopenTask):
            return await self._on_target("reopen_task", command.target, {}, base)
        if isinstance(command, DeleteTask):
            if fold(command.target) == "all":
                return await self._ask_delete_all(base)
            return await self._on_target("delete_task", command.target, {}, base)
        if isinstance(command, UpdateTask):
            arguments = _update_arguments(command.changes, self.tz)
            return await self._on_target("update_task", command.target, arguments, base)
        if isinstance(command, Help):
            return Outcome(replies.HELP, base)
        return Outcome(replies.small_talk(message) or replies.OUT_OF_DOMAIN, self.state)

    async def _add(self, command: AddTask, state: State) -> Outcome:
        task = command.task
        if not task.title.strip():
            return Outcome(replies.NOTHING_TO_ADD, state)
        try:
            view = await self.tools.add_task(
                title=task.title,
                due=format_due(task.due, self.tz) if task.due is not None else None,
                remind_at=format_instant(task.remind_at, self.tz) if task.remind_at else None,
                priority=task.priority.value if task.priority else None,
                tags=list(task.tags) or None,
                recurrence=task.recurrence,
            )
        except DomainError as exc:
            return Outcome(replies.failed("add", str(exc)), state)
        return Outcome(replies.added(view, self.now, self.tz), _focused(state, view))

    async def _list(self, command: ListTasks, state: State) -> Outcome:
        wanted = command.filter
        sort = command.sort
        try:
            result = await self.tools.list_tasks(
                status=wanted.status.value,
                priority=[p.value for p in wanted.priorities] or None,
                tags=list(wanted.tags) or None,
                due_from=wanted.due_from.isoformat() if wanted.due_from else None,
                due_to=wanted.due_to.isoformat() if wanted.due_to else None,
                overdue=wanted.overdue,
                search=wanted.search,
                sort=sort.by.value if sort else ("due" if wanted.overdue else None),
                order=("desc" if sort.descending else "asc") if sort else None,
                limit=10,
            )
        except DomainError as exc:
            return Outcome(replies.failed("list", str(exc)), state)
        filtered = replace(wanted, status=ListFilter().status) != ListFilter()
        text = replies.listed(
            result, wanted.status.value, filtered=filtered, now=self.now, tz=self.tz
        )
        return Outcome(text, state)

    async def _on_target(
        self, tool: ActingTool, target: str, arguments: dict[str, Any], state: State
    ) -> Outcome:
        verb = _VERBS[tool]
        if not target.strip():
            return Outcome(replies.no_target(verb.split()[0]), state)
        if fold(target).strip() in _PRONOUNS:
            if state.focus is None:
                return Outcome(replies.no_target(verb.split()[0]), state)
            return await self._act(tool, state.focus["id"], arguments, state)
        status = _searched_status(tool)
        found = await self.tools.find_tasks(text=target, status=status)
        matches = _prefer_pending(found["matches"])
        if len(matches) == 1 and tool == "delete_task" and matches[0]["match"] == "fuzzy":
            question = Question("confirm", tool, [_option(matches[0])])
            return Outcome(replies.confirm_guess(matches[0]), replace(state, question=question))
        if len(matches) == 1:
            return await self._act(tool, matches[0]["id"], arguments, state)
        if matches:
            question = Question("choose", tool, matches, arguments)
            return Outcome(
                replies.which(verb, matches, self.now, self.tz), replace(state, question=question)
            )
        return await self._nothing_found(tool, target, status, found["suggestions"], state)

    async def _nothing_found(
        self, tool: ActingTool, target: str, status: StatusName, closest: list[str], state: State
    ) -> Outcome:
        """No match: a task in the other status may explain it ("already done")."""
        other = _other_status(tool)
        if other is not None:
            elsewhere = await self.tools.find_tasks(text=target, status=other)
            best = elsewhere["matches"]
            if len(best) == 1 and best[0]["match"] in ("exact", "words", "partial"):
                view = await self.tools.get(best[0]["id"])
                text = (
                    replies.completed(view, was_done=True)
                    if tool == "complete_task"
                    else replies.reopened(view, was_pending=True)
                )
                return Outcome(text, _focused(state, view))
        return Outcome(replies.not_found(target, closest, status), state)

    async def _act(
        self, tool: ActingTool, task_id: str, arguments: dict[str, Any], state: State
    ) -> Outcome:
        try:
            before = await self.tools.get(task_id)
        except TaskNotFound:
            return Outcome(
                "That task is gone: it was deleted meanwhile.", replace(state, focus=None)
            )
        try:
            if tool == "complete_task":
                view = await self.tools.complete_task(task_id=task_id)
                text = replies.completed(view, was_done=before["status"] == "completed")
            elif tool == "reopen_task":
                view = await self.tools.reopen_task(task_id=task_id)
                text = replies.reopened(view, was_pending=before["status"] == "pending")
            elif tool == "delete_task":
                await self.tools.delete_task(task_id=task_id)
                return Outcome(replies.deleted([before["title"]]), replace(state, focus=None))
            else:
                view = await self.tools.update_task(task_id=task_id, **arguments)
                text = replies.updated(before, view, self.now, self.tz)
        except TaskNotFound:
            return Outcome(
                "That task is gone: it was deleted meanwhile.", replace(state, focus=None)
            )
        except DomainError as exc:
            return Outcome(replies.failed(_VERBS[tool], str(exc)), state)
        return Outcome(text, _focused(state, view))

    async def _ask_delete_all(self, state: State) -> Outcome:
        listed = await self.tools.list_tasks(status="all", limit=DELETE_ALL_LIMIT)
        tasks = [_option(t) for t in listed["tasks"]]
        if not tasks:
            return Outcome(replies.nothing_to_delete(), state)
        question = Question("confirm", "delete_task", tasks)
        return Outcome(replies.confirm_delete_all(tasks), replace(state, question=question))

    async def _delete_listed(self, options: list[dict[str, Any]], state: State) -> Outcome:
        titles = []
        for option in options:
            try:
                await self.tools.delete_task(task_id=option["id"])
            except TaskNotFound:
                continue
            titles.append(option["title"])
        if not titles:
            return Outcome("Those tasks were already gone.", replace(state, focus=None))
        return Outcome(replies.deleted(titles), replace(state, focus=None))


def _option(view: dict[str, Any]) -> dict[str, Any]:
    return {"id": view["id"], "title": view["title"]}


def _focused(state: State, view: dict[str, Any]) -> State:
    return replace(state, focus={"id": view["id"], "title": view["title"]})


def _prefer_pending(matches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Among equally good matches, pending tasks go before completed ones (a completed
    task is meant only when no pending one fits)."""
    pending = [m for m in matches if m.get("status") == "pending"]
    return pending or matches


def _searched_status(tool: ActingTool) -> StatusName:
    """Where the task a command names is looked for."""
    if tool == "complete_task":
        return "pending"
    if tool == "reopen_task":
        return "completed"
    return "all"


def _other_status(tool: ActingTool) -> StatusName | None:
    """Where a task that was not found may be instead (done already, or not yet)."""
    if tool == "complete_task":
        return "completed"
    if tool == "reopen_task":
        return "pending"
    return None


def _update_arguments(changes: TaskChanges, tz: ZoneInfo) -> dict[str, Any]:
    """The parser's changes as update_task's arguments (None clears, through ``clear``)."""
    arguments: dict[str, Any] = {}
    clear: list[str] = []
    if not isinstance(changes.title, Unset):
        arguments["title"] = changes.title
    if not isinstance(changes.due, Unset):
        if changes.due is None:
            clear.append("due")
        else:
            arguments["due"] = format_due(changes.due, tz)
    if not isinstance(changes.remind_at, Unset):
        if changes.remind_at is None:
            clear.append("remind_at")
        else:
            arguments["remind_at"] = format_instant(changes.remind_at, tz)
    if not isinstance(changes.priority, Unset):
        if changes.priority is None:
            clear.append("priority")
        else:
            arguments["priority"] = changes.priority.value
    if not isinstance(changes.recurrence, Unset):
        if changes.recurrence is None:
            clear.append("recurrence")
        else:
            arguments["recurrence"] = changes.recurrence
    if changes.tags_add:
        arguments["tags_add"] = list(changes.tags_add)
    if changes.tags_remove:
        arguments["tags_remove"] = list(changes.tags_remove)
    if clear:
        arguments["clear"] = clear
    return arguments
