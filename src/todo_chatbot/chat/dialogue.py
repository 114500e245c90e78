"""From a parsed command, or an answer to a pending question, to tool calls and a reply.

A command that names a task ("mark vitamins done") is resolved with
``find_tasks``: one best match is acted on; several become a :class:`Question`
listing them; none gets a reply with the closest titles. "it" means the task
the conversation last acted on. "delete all" is always a question first, and
only "yes" to it deletes (the tasks listed in the question, nothing added
since). A command whose target selects many tasks ("complete everything
tagged errands") is a bulk action (:mod:`.bulk`): the reply previews the
tasks, and "yes" acts on exactly those. The question is kept in the
conversation's state, so the next message (on any replica) can answer it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Final, Literal
from zoneinfo import ZoneInfo

from todo_chatbot.chat import bulk, reminder_answers, replies
from todo_chatbot.chat.journal import Entry, Step, journal_from_json, pushed
from todo_chatbot.chat.language import (
    AddTask,
    Command,
    CompleteTask,
    DeleteTask,
    Help,
    Intent,
    ListReminders,
    ListTasks,
    NextDates,
    ReopenTask,
    Snooze,
    SnoozeAll,
    TaskChanges,
    Unset,
    UpdateTask,
    WhyNoReminder,
)
from todo_chatbot.chat.matching import Candidate, decisive, rank
from todo_chatbot.chat.paging import PAGE_SIZE, Listing
from todo_chatbot.chat.rescheduling import DueMove, NotLater, rescheduled
from todo_chatbot.chat.short_answers import Reply, choice, ordinal, yes_or_no
from todo_chatbot.chat.tools import StatusName, TaskChange, TaskTools
from todo_chatbot.chat.undoing import NOTHING_TO_UNDO, revert
from todo_chatbot.core.errors import DomainError, NotFound, TaskNotFound
from todo_chatbot.core.words import fold
from todo_chatbot.tasks.queries import SortKey, TaskFilter

ActingTool = bulk.BulkTool
"""The tools a command on named tasks acts with (one task or a bulk action's)."""
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
DELETE_ALL_LIMIT: Final = bulk.BULK_LIMIT
_TOOL_OF: Final[dict[Intent, ActingTool]] = {
    Intent.COMPLETE_TASK: "complete_task",
    Intent.REOPEN_TASK: "reopen_task",
    Intent.DELETE_TASK: "delete_task",
    Intent.UPDATE_TASK: "update_task",
}
_NAME_AND_AMOUNT: Final = re.compile(
    r"(?P<name>.+?) (?:by |for )?(?P<amount>(?:\d+|a|an|one|two|three|four|five|six|seven) "
    r"(?:minute|min|hour|hr|day|week|month)s?)(?: (?:later|earlier|more|back))?"
)
"""A title that is a task's name and an amount of time, and nothing else."""
COUNT_PAGE: Final = 200


@dataclass(frozen=True)
class Question:
    """A question waiting for the user's answer.

    ``choose``: which of ``options`` ``tool`` should act on (with ``arguments``
    besides the task id). ``confirm``: whether ``tool`` should act on every one of
    ``options`` (every task for "delete all", the one task a misspelt title came
    closest to, or the tasks a bulk action previewed). ``said``: a bulk action's
    message, which names its journal entry.
    """

    kind: Literal["choose", "confirm"]
    tool: ActingTool
    options: list[dict[str, Any]]
    arguments: dict[str, Any] = field(default_factory=dict)
    said: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "tool": self.tool,
            "options": self.options,
            "arguments": self.arguments,
            "said": self.said,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Question:
        return cls(
            kind=data["kind"],
            tool=data["tool"],
            options=list(data["options"]),
            arguments=dict(data.get("arguments") or {}),
            said=str(data.get("said") or ""),
        )


@dataclass(frozen=True)
class State:
    """What a conversation keeps between messages."""

    question: Question | None = None
    focus: dict[str, Any] | None = None
    """The task the conversation last acted on (``{"id", "title"}``): what "it" means."""
    journal: tuple[Entry, ...] = ()
    """What each message changed, newest last: what "undo" reverts (:mod:`.journal`)."""
    last: dict[str, Any] | None = None
    """The task the previous message added or changed, the message that added or first
    changed it, whether it added it, and the title it gave (``{"task_id", "said",
    "added", "title"}``; the message's other words went to the other fields): what a
    correction ("no, Friday") changes."""
    listing: dict[str, Any] | None = None
    """The last listing and where its next page starts (:class:`~.paging.Listing` as
    JSON): what "show more" goes on with."""

    def as_json(self) -> dict[str, Any]:
        return {
            "question": self.question.as_json() if self.question else None,
            "focus": self.focus,
            "journal": [entry.as_json() for entry in self.journal],
            "last": self.last,
            "listing": self.listing,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> State:
        question = data.get("question")
        return cls(
            question=Question.from_json(question) if question else None,
            focus=data.get("focus"),
            journal=journal_from_json(data.get("journal")),
            last=data.get("last"),
            listing=data.get("listing"),
        )

    def after(self, said: str, steps: Sequence[Step], *, corrected: bool = False) -> State:
        """The state once the message ``said`` made ``steps``: one journal entry for them
        all, and the task a next message can correct (when it added or changed one, or
        ``corrected`` it, even to what it was)."""
        if not steps:
            return self if corrected else replace(self, last=None)
        journal = pushed(self.journal, Entry(said, tuple(steps)))
        ids = {step.task_id for step in steps}
        if len(ids) != 1 or steps[-1].kind not in ("added", "updated"):
            return replace(self, journal=journal, last=None)
        task_id = steps[-1].task_id
        if self.last is not None and self.last["task_id"] == task_id:
            return replace(self, journal=journal)
        last = {
            "task_id": task_id,
            "said": said,
            "added": steps[0].kind == "added",
            "title": steps[-1].title,
        }
        return replace(self, journal=journal, last=last)


@dataclass(frozen=True)
class Outcome:
    """A reply, and the state the conversation keeps after it."""

    reply: str
    state: State
    undone: bool = False
    """An undo: its own tool calls are not journaled."""
    corrected: bool = False
    """A correction: a next message can correct the same task again."""
    said: str | None = None
    """What names the message's journal entry, when not the message itself (a bulk
    action's "yes" is journaled as the request it confirmed)."""


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
            return _confirm_again(question) if ordinal(message) else None
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
            return await self._apply_confirmed(question, cleared)
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
            return Outcome(_confirm_again(question), self.state)
        text = "I still need to know which one you mean.\n" + replies.which(
            _VERBS[question.tool], question.options, self.now, self.tz
        )
        return Outcome(text, self.state)

    # --- undo and corrections ---------------------------------------------------------

    async def undo(self) -> Outcome:
        """Revert the newest journal entry (one message's changes, however many)."""
        base = replace(self.state, question=None, last=None)
        if not self.state.journal:
            return Outcome(NOTHING_TO_UNDO, base, undone=True)
        entry = self.state.journal[-1]
        undone = await revert(self.tools, entry, self.now, self.tz)
        state = replace(base, journal=self.state.journal[:-1], focus=undone.focus)
        return Outcome(undone.reply, state, undone=True)

    async def corrected_task(self) -> tuple[dict[str, Any], str] | None:
        """The task a correction would change (the one the previous message added or
        changed) and the message that added it ("" when it was not added in this
        conversation: its title was not read from a message); None when there is none."""
        last = self.state.last
        if last is None:
            return None
        try:
            return await self.tools.get(last["task_id"]), last["said"] if last.get("added") else ""
        except TaskNotFound:
            return None

    async def correct(self, task_id: str, change: TaskChange) -> Outcome:
        """Change the task as a correction says, and read the whole task back."""
        state = replace(self.state, question=None)
        try:
            view = await self.tools.change(task_id, change)
        except TaskNotFound:
            return Outcome(
                "That task is gone: it was deleted meanwhile.", replace(state, focus=None)
            )
        except DomainError as exc:
            return Outcome(replies.failed("change", str(exc)), state)
        text = replies.corrected(view, self.now, self.tz)
        return Outcome(text, _focused(state, view), corrected=True)

    # --- commands --------------------------------------------------------------------

    async def run(self, command: Command, message: str) -> Outcome:
        """The parser's command, carried out; any pending question is dropped."""
        base = replace(self.state, question=None)
        if isinstance(command, AddTask):
            return await self._add(command, base, message)
        if isinstance(command, ListTasks):
            return await self._list(command, base)
        if isinstance(command, CompleteTask | ReopenTask | DeleteTask | UpdateTask):
            return await self._on_command_target(command, message, base)
        if isinstance(command, Snooze):
            return await self._snooze(command, base)
        if isinstance(command, NextDates):
            return await self._next_dates(command, base)
        if isinstance(command, ListReminders | WhyNoReminder | SnoozeAll):
            return await self._reminders(command, base)
        if isinstance(command, Help):
            return Outcome(replies.HELP, base)
        return Outcome(replies.small_talk(message) or replies.OUT_OF_DOMAIN, self.state)

    async def _on_command_target(
        self,
        command: CompleteTask | ReopenTask | DeleteTask | UpdateTask,
        message: str,
        state: State,
    ) -> Outcome:
        tool = _TOOL_OF[command.intent]
        change = _task_change(command.changes) if isinstance(command, UpdateTask) else None
        if command.selection is not None:
            return await self._ask_bulk(tool, command.selection, change, message, state)
        if isinstance(command, DeleteTask) and fold(command.target) == "all":
            return await self._ask_delete_all(state)
        found = None
        if isinstance(command, UpdateTask) and command.or_add is not None:
            found = await self.tools.find_tasks(text=command.target, status="all")
            named = [m for m in found["matches"] if m["match"] != "fuzzy"]
            if not named:  # "remind me about the party tomorrow" with no such task
                return await self._add(AddTask(command.or_add), state, message)
        return await self._on_target(tool, command.target, change, state, found)

    async def _ask_bulk(
        self,
        tool: ActingTool,
        selection: TaskFilter,
        change: TaskChange | None,
        message: str,
        state: State,
    ) -> Outcome:
        """Preview what a bulk action would touch, and ask before acting (:mod:`.bulk`)."""
        arguments = self.tools.change_arguments(change) if change else {}
        if not bulk.can_change_in_bulk(arguments):
            return Outcome(bulk.CANNOT_IN_BULK, state)
        try:
            tasks, more = await bulk.matching(self.tools, selection)
        except DomainError as exc:
            return Outcome(replies.failed("list", str(exc)), state)
        if not tasks:
            return Outcome(bulk.nothing_matches(tool), state)
        question = Question("confirm", tool, [_option(t) for t in tasks], arguments, message)
        text = bulk.preview_text(tool, arguments, tasks, more=more, now=self.now, tz=self.tz)
        return Outcome(text, replace(state, question=question))

    async def _reminders(
        self, command: ListReminders | WhyNoReminder | SnoozeAll, state: State
    ) -> Outcome:
        """A question about reminders (:mod:`.reminder_answers`), or a snooze of them all."""
        if isinstance(command, ListReminders):
            return Outcome(await reminder_answers.list_reminders(self.tools, command), state)
        if isinstance(command, SnoozeAll):
            return Outcome(await reminder_answers.snooze_all(self.tools, command), state)
        target = command.target
        if fold(target).strip() in _PRONOUNS:
            if state.focus is None:
                return Outcome(reminder_answers.WHICH_TASK, state)
            target = state.focus["title"]
        text, task = await reminder_answers.why_no_reminder(self.tools, target)
        return Outcome(text, _focused(state, task) if task is not None else state)

    async def _snooze(self, command: Snooze, state: State) -> Outcome:
        try:
            view = await self.tools.snooze(minutes=command.minutes, until=command.until)
        except NotFound:
            return Outcome(replies.NOTHING_TO_SNOOZE, state)
        except DomainError as exc:
            return Outcome(replies.failed("snooze", str(exc)), state)
        return Outcome(replies.snoozed(view, self.now, self.tz), state)

    async def _add(self, command: AddTask, state: State, message: str) -> Outcome:
        task = command.task
        if not task.title.strip():
            return Outcome(replies.NOTHING_TO_ADD, state)
        if not _ADD_VERBS.match(fold(message).strip()):
            moved = await self._move_without_a_verb(task.title)
            if moved is not None:
                return Outcome(moved, state)
        try:
            view = await self.tools.add(
                {
                    "title": task.title,
                    "due": task.due,
                    **_reminder(task.remind_at, task.remind_before),
                    "priority": task.priority,
                    "tags": task.tags or None,
                    "recurrence": task.recurrence,
                    "repeat_from": task.repeat_from,
                }
            )
        except DomainError as exc:
            return Outcome(replies.failed("add", str(exc)), state)
        return Outcome(replies.added(view, self.now, self.tz), _focused(state, view))

    async def _move_without_a_verb(self, title: str) -> str | None:
        """A question instead of a task when a title is a pending task's name and an
        amount of time ("rent 3 days"): a move said without its verb, most likely."""
        match = _NAME_AND_AMOUNT.fullmatch(fold(title).strip())
        if match is None:
            return None
        found = await self.tools.find_tasks(text=match["name"], status="pending")
        named = [m for m in found["matches"] if m["match"] != "fuzzy"]
        if not named:
            return None
        return replies.move_or_add(named[0]["title"], match["amount"], title)

    async def _next_dates(self, command: NextDates, state: State) -> Outcome:
        """When the task the command names is next due (the best pending match; "it" is
        the task last acted on)."""
        if fold(command.target).strip() in _PRONOUNS and state.focus is not None:
            task_id = state.focus["id"]
        else:
            found = await self.tools.find_tasks(text=command.target, status="pending")
            matches = found["matches"]
            if not matches:
                return Outcome(
                    replies.not_found(command.target, found["suggestions"], "pending"), state
                )
            if len(matches) > 1:
                return Outcome(replies.which_dates(matches, self.now, self.tz), state)
            task_id = matches[0]["id"]
        try:
            task = await self.tools.get(task_id)
            dates = await self.tools.next_occurrences(task_id=task_id, count=command.count)
        except TaskNotFound:
            return Outcome("That task is gone: it was deleted meanwhile.", state)
        return Outcome(replies.next_dates(task, dates, self.now, self.tz), _focused(state, task))

    async def _list(self, command: ListTasks, state: State) -> Outcome:
        if command.next_page:
            return await self._next_page(state)
        wanted = command.filter
        sort = command.sort
        listing = Listing(
            filter=wanted,
            sort=sort.by if sort else (SortKey.DUE if wanted.overdue else None),
            descending=sort.descending if sort else None,
            cursor=None,
            shown=0,
        )
        filtered = replace(wanted, status=TaskFilter().status) != TaskFilter()
        try:
            if command.count:
                number = await self._count(listing)
                text = replies.counted(number, wanted.status.value, filtered=filtered)
                return Outcome(text, state)
            result = await self._page(listing)
        except DomainError as exc:
            return Outcome(replies.failed("list", str(exc)), state)
        text = replies.listed(
            result, wanted.status.value, filtered=filtered, now=self.now, tz=self.tz
        )
        return Outcome(text, _listed(state, listing, result))

    async def _next_page(self, state: State) -> Outcome:
        """The page after the conversation's last listing ("show more")."""
        if state.listing is None:
            return Outcome(replies.NOTHING_TO_PAGE, state)
        listing = Listing.from_json(state.listing)
        if listing.cursor is None:
            return Outcome(replies.NO_MORE_PAGES, state)
        try:
            result = await self._page(listing)
        except DomainError as exc:
            return Outcome(replies.failed("list", str(exc)), state)
        status = listing.filter.status.value
        text = replies.listed_page(
            result, status, start=listing.shown + 1, now=self.now, tz=self.tz
        )
        return Outcome(text, _listed(state, listing, result))

    async def _page(self, listing: Listing, limit: int = PAGE_SIZE) -> dict[str, Any]:
        return await self.tools.list_filtered(
            listing.filter,
            sort=listing.sort,
            descending=listing.descending,
            limit=limit,
            cursor=listing.cursor,
        )

    async def _count(self, listing: Listing) -> int:
        """How many tasks the listing's query finds (every page of it)."""
        number = 0
        while True:
            result = await self._page(listing, limit=COUNT_PAGE)
            number += len(result["tasks"])
            if result["cursor"] is None:
                return number
            listing = replace(listing, cursor=result["cursor"])

    async def _on_target(
        self,
        tool: ActingTool,
        target: str,
        change: TaskChange | None,
        state: State,
        found: dict[str, Any] | None = None,
    ) -> Outcome:
        """Act on the task ``target`` names (``change`` is what an update changes), or
        ask which one it is; ``found`` is the search for it when it was made already."""
        verb = _VERBS[tool]
        if not target.strip():
            return Outcome(replies.no_target(verb.split()[0]), state)
        if fold(target).strip() in _PRONOUNS:
            if state.focus is None:
                return Outcome(replies.no_target(verb.split()[0]), state)
            return await self._act(tool, state.focus["id"], change, state)
        status = _searched_status(tool)
        if found is None:
            found = await self.tools.find_tasks(text=target, status=status)
        matches = _prefer_pending(found["matches"])
        if len(matches) == 1 and tool == "delete_task" and matches[0]["match"] == "fuzzy":
            question = Question("confirm", tool, [_option(matches[0])])
            return Outcome(replies.confirm_guess(matches[0]), replace(state, question=question))
        if len(matches) == 1:
            return await self._act(tool, matches[0]["id"], change, state)
        if matches:
            arguments = self.tools.change_arguments(change) if change else {}
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
        self,
        tool: ActingTool,
        task_id: str,
        change: TaskChange | Mapping[str, Any] | None,
        state: State,
    ) -> Outcome:
        """Run ``tool`` on the task; an update's ``change`` is domain values, or the
        tool's JSON arguments kept in a question while it waited for its answer."""
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
            elif isinstance(change, TaskChange):
                view = await self.tools.change(task_id, self._resolved(before, change))
                text = replies.updated(before, view, self.now, self.tz)
            else:
                arguments = self.tools.resolved_arguments(before, change or {})
                view = await self.tools.update_task(task_id=task_id, **arguments)
                text = replies.updated(before, view, self.now, self.tz)
        except TaskNotFound:
            return Outcome(
                "That task is gone: it was deleted meanwhile.", replace(state, focus=None)
            )
        except NotLater as exc:
            return Outcome(replies.not_later(before["title"], str(exc)), _focused(state, before))
        except DomainError as exc:
            return Outcome(replies.failed(_VERBS[tool], str(exc)), state)
        return Outcome(text, _focused(state, view))

    def _resolved(self, task: Mapping[str, Any], change: TaskChange) -> TaskChange:
        """``change`` with its due move resolved against the task as it is now."""
        fields = rescheduled(task, change.fields, change.move, self.tz, self.now)
        return replace(change, fields=fields, move=None)

    async def _ask_delete_all(self, state: State) -> Outcome:
        listed = await self.tools.list_tasks(status="all", limit=DELETE_ALL_LIMIT)
        tasks = [_option(t) for t in listed["tasks"]]
        if not tasks:
            return Outcome(replies.nothing_to_delete(), state)
        question = Question("confirm", "delete_task", tasks)
        return Outcome(replies.confirm_delete_all(tasks), replace(state, question=question))

    async def _apply_confirmed(self, question: Question, state: State) -> Outcome:
        """ "yes": the question's tool on each of its tasks (those deleted meanwhile
        skipped), one journal entry for them all."""
        applied = await bulk.apply(self.tools, question.tool, question.options, question.arguments)
        unfocused = replace(state, focus=None)
        if question.said:
            text = bulk.applied_text(question.tool, question.arguments, applied, self.now, self.tz)
            return Outcome(text, unfocused, said=question.said)
        if not applied.done:
            return Outcome("Those tasks were already gone.", unfocused)
        return Outcome(replies.deleted([task["title"] for task in applied.done]), unfocused)


def _confirm_again(question: Question) -> str:
    if question.said:
        return bulk.confirm_again(len(question.options))
    return replies.confirm_again(len(question.options))


def _listed(state: State, listing: Listing, result: Mapping[str, Any]) -> State:
    """The state once a page of ``listing`` was shown: where the next page starts."""
    shown = listing.shown + len(result["tasks"])
    kept = replace(listing, cursor=result["cursor"], shown=shown)
    return replace(state, listing=kept.as_json())


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


def _task_change(changes: TaskChanges) -> TaskChange:
    """The parser's changes as the tools' :class:`TaskChange` (None clears a field)."""
    fields = {
        name: value
        for name in ("title", "due", "priority", "recurrence")
        if not isinstance(value := getattr(changes, name), Unset)
    }
    if not isinstance(changes.remind_before, Unset) and changes.remind_before is not None:
        fields["remind_before_minutes"] = _minutes(changes.remind_before)
    elif not isinstance(changes.remind_at, Unset):
        fields["remind_at"] = changes.remind_at
    return TaskChange(
        fields, tags_add=changes.tags_add, tags_remove=changes.tags_remove, move=_move(changes)
    )


def _move(changes: TaskChanges) -> DueMove | None:
    """The relative part of a change of the due, if any."""
    if changes.due_shift is None and changes.due_time is None and not changes.later:
        return None
    return DueMove(shift=changes.due_shift, time=changes.due_time, later=changes.later)


def _reminder(remind_at: datetime | None, remind_before: timedelta | None) -> dict[str, Any]:
    """A new task's reminder: its lead before the due when the message gave one (so it
    moves with the due), else the instant."""
    if remind_before is not None:
        return {"remind_before_minutes": _minutes(remind_before)}
    return {"remind_at": remind_at}


def _minutes(lead: timedelta) -> int:
    return max(1, round(lead / timedelta(minutes=1)))
