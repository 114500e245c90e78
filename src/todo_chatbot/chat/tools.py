"""The task tools: one definition that the chat, the MCP server and the LLM agent call.

Each tool runs the same use cases as the REST API (so the same events are
published), as the user with the actor ``chat``, takes plain typed keyword
arguments and returns plain JSON values: a task as the API shows it, in the
user's zone. Dates and times are ISO 8601 text, read as the REST API reads
them (a date-time without an offset is in the user's zone).

The chat's own dialogue has domain values already (the parser's dates,
priorities and filter): it calls :meth:`TaskTools.add`, :meth:`TaskTools.change`
and :meth:`TaskTools.list_filtered`, which take them as they are and count as calls of
``add_task``, ``update_task`` and ``list_tasks``.

Every call, including one that fails, is kept in :attr:`TaskTools.calls`: the
chat answers with them as its ``actions``. Every change is also kept in
:attr:`TaskTools.steps`, with the task as it was: the chat's undo journal
(:mod:`.journal`) reverts them with :meth:`TaskTools.put_back`,
:meth:`TaskTools.restore` and the tools themselves.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Concatenate, Final, Literal, ParamSpec, TypeVar

from pydantic import Field

from todo_chatbot.chat import bulk
from todo_chatbot.chat.journal import Step, StepKind, snapshot
from todo_chatbot.chat.matching import Candidate, Tier, rank, suggestions
from todo_chatbot.chat.rescheduling import DueMove, rescheduled
from todo_chatbot.core.clock import Clock
from todo_chatbot.core.errors import DomainError, ValidationFailed, VersionConflict
from todo_chatbot.core.timekeeping import (
    InvalidTime,
    format_instant,
    parse_date,
    parse_due,
    parse_instant,
    start_of_day,
)
from todo_chatbot.core.unit_of_work import UnitOfWorkFactory
from todo_chatbot.notifications import use_cases as notifications_use_cases
from todo_chatbot.notifications.notification import Notifications, notification_view
from todo_chatbot.notifications.reminder_questions import (
    explain_reminder,
    reminders_between,
    reminders_to_quiet,
)
from todo_chatbot.tasks import use_cases
from todo_chatbot.tasks.occurrences import (
    DEFAULT_OCCURRENCES,
    MAX_OCCURRENCES,
    upcoming_occurrences,
)
from todo_chatbot.tasks.ports import Scheduler, TaskUnitOfWork, TaskViews
from todo_chatbot.tasks.queries import (
    DEFAULT_SORT,
    NATURAL_DESCENDING,
    NO_PRIORITY,
    ListQuery,
    SortKey,
    TaskFilter,
    check_list_query,
    read_list_query,
)
from todo_chatbot.tasks.representation import task_from_view, task_view, value_view
from todo_chatbot.tasks.task import EDITABLE_FIELDS, Task, read_task_input
from todo_chatbot.tasks.use_cases import Caller

P = ParamSpec("P")
R = TypeVar("R")

PriorityName = Literal["high", "medium", "low"]
StatusName = Literal["pending", "completed", "all"]
SortName = Literal["due", "priority", "created", "title"]
ClearableField = Literal["description", "due", "remind_at", "priority", "recurrence", "tags"]

SEARCH_PAGE: Final = 200
SCAN_PAGES: Final = 5
"""Pages of the user's most recent tasks read for a fuzzy match (1,000 tasks)."""

_DUE = (
    "When it is due: a date YYYY-MM-DD, or a date-time YYYY-MM-DDTHH:MM:SS with the"
    " offset (one without an offset is read in the user's time zone)"
)
_REMIND = "When to remind the user: a date-time, as for due"
_RRULE = (
    "How it repeats: an RFC 5545 RRULE value of at most daily frequency,"
    " e.g. FREQ=DAILY, FREQ=WEEKLY;BYDAY=MO,TH, FREQ=MONTHLY;BYMONTHDAY=1 (needs a due)"
)
_TASK_ID = "The task's id (find_tasks or list_tasks give it)"
_REPEAT_FROM = (
    "What the next occurrence of a recurring task is counted from: 'due' (its schedule,"
    " the default) or 'completion' (the rule from the day it is done: FREQ=DAILY;INTERVAL=3"
    " with 'completion' is 3 days after the user finishes it)"
)
RepeatFromName = Literal["due", "completion"]


@dataclass(frozen=True)
class ToolCall:
    """One call of a tool: what it was given and what it returned (or its error)."""

    tool: str
    arguments: dict[str, Any]
    result: Any

    @property
    def failed(self) -> bool:
        return isinstance(self.result, dict) and "error" in self.result

    def as_json(self) -> dict[str, Any]:
        return {"tool": self.tool, "arguments": self.arguments, "result": self.result}


@dataclass(frozen=True)
class TaskChange:
    """What ``update_task`` changes, as domain values: a field given as None is
    cleared; tags are added and taken off over the task's current ones."""

    fields: Mapping[str, Any]
    tags_add: tuple[str, ...] = ()
    tags_remove: tuple[str, ...] = ()
    move: DueMove | None = None
    """A move relative to the task's current due: the chat resolves it against the task
    (:func:`~todo_chatbot.chat.rescheduling.rescheduled`) into ``fields`` before calling
    ``update_task``, which only takes absolute values."""


def _recorded(
    method: Callable[Concatenate[TaskTools, P], Coroutine[Any, Any, R]],
) -> Callable[Concatenate[TaskTools, P], Coroutine[Any, Any, R]]:
    """Keep each call of the tool, with its result or its error, in ``calls``."""

    @functools.wraps(method)
    async def call(self: TaskTools, /, *args: P.args, **kwargs: P.kwargs) -> R:
        arguments = {name: value for name, value in kwargs.items() if value is not None}
        return await self._record(method.__name__, arguments, method(self, *args, **kwargs))

    return call


@dataclass(frozen=True)
class ToolPorts:
    """What the tools act through: a runtime's ports."""

    uow_factory: UnitOfWorkFactory[TaskUnitOfWork]
    clock: Clock
    views: TaskViews
    notifications: Notifications
    scheduler: Scheduler


class TaskTools:
    """The tools, acting for one user (``caller``)."""

    def __init__(self, ports: ToolPorts, caller: Caller) -> None:
        self._uow_factory = ports.uow_factory
        self._clock = ports.clock
        self._views = ports.views
        self._notifications = ports.notifications
        self._scheduler = ports.scheduler
        self.caller = caller
        self.calls: list[ToolCall] = []
        self._tasks: dict[str, Task] = {}
        """Tasks read while finding, by id (what find_tasks answers with)."""
        self.steps: list[Step] = []
        """The changes made, with how each task was before (the undo journal's entry)."""

    @_recorded
    async def add_task(
        self,
        *,
        title: Annotated[str, Field(description="What to do, 1 to 500 characters")],
        description: Annotated[str | None, Field(description="Longer notes")] = None,
        due: Annotated[str | None, Field(description=_DUE)] = None,
        remind_at: Annotated[str | None, Field(description=_REMIND)] = None,
        priority: PriorityName | None = None,
        tags: Annotated[
            list[str] | None, Field(description="Lower-case words without '#', at most 20")
        ] = None,
        recurrence: Annotated[str | None, Field(description=_RRULE)] = None,
        repeat_from: Annotated[RepeatFromName | None, Field(description=_REPEAT_FROM)] = None,
    ) -> dict[str, Any]:
        """Add a task for the user. Returns the task as created."""
        fields = {
            "title": title,
            "description": description,
            "due": due,
            "remind_at": remind_at,
            "priority": priority,
            "tags": tags,
            "recurrence": recurrence,
            "repeat_from": repeat_from,
        }
        return await self._add({name: value for name, value in fields.items() if value is not None})

    async def add(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """``add_task`` with domain values (a date stays a date); None values are left out."""
        given = {name: value for name, value in fields.items() if value is not None}
        return await self._record("add_task", self._arguments(given), self._add(given))

    async def _add(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        task = await use_cases.add_task(
            uow=self._uow_factory(),
            clock=self._clock,
            caller=self.caller,
            fields=read_task_input(fields, self.caller.tz, require_title=True),
        )
        self.steps.append(Step("added", task.id, task.title))
        return self._view(task)

    @_recorded
    async def list_tasks(
        self,
        *,
        status: StatusName = "pending",
        priority: Annotated[
            list[PriorityName] | None, Field(description="Any of these priorities")
        ] = None,
        tags: Annotated[
            list[str] | None, Field(description="Tasks carrying all these tags")
        ] = None,
        due_from: Annotated[str | None, Field(description="Due on or after this date")] = None,
        due_to: Annotated[str | None, Field(description="Due on or before this date")] = None,
        overdue: Annotated[bool, Field(description="Only pending tasks past due")] = False,
        search: Annotated[
            str | None, Field(description="Words to find in titles and descriptions")
        ] = None,
        sort: SortName | None = None,
        order: Literal["asc", "desc"] | None = None,
        limit: Annotated[int, Field(ge=1, le=200)] = 20,
    ) -> dict[str, Any]:
        """List the user's tasks (pending ones unless status says otherwise), filtered
        and sorted. Dates are YYYY-MM-DD in the user's zone. Returns the tasks and
        whether there are more."""
        params = _filter_params(status, priority, tags, due_from, due_to, overdue, search)
        params.update(
            {
                "sort": [sort] if sort else [],
                "order": [order] if order else [],
                "limit": [str(limit)],
            }
        )
        return await self._list(read_list_query({k: v for k, v in params.items() if v}))

    async def list_filtered(
        self,
        task_filter: TaskFilter,
        *,
        sort: SortKey | None = None,
        descending: bool | None = None,
        limit: int = 20,
        cursor: str | None = None,
    ) -> dict[str, Any]:
        """``list_tasks`` with the filter as a domain value; ``sort`` and ``descending``
        None mean the defaults. From ``cursor`` on when given; the result's ``cursor``
        is where the next page starts (None: this was the last)."""
        by = sort or DEFAULT_SORT
        query = ListQuery(
            filter=task_filter,
            sort=by,
            descending=NATURAL_DESCENDING[by] if descending is None else descending,
            limit=limit,
            cursor=cursor,
        )
        arguments = {
            "status": task_filter.status.value,
            "priority": [p.value if p else NO_PRIORITY for p in task_filter.priorities] or None,
            "tags": list(task_filter.tags) or None,
            "due_from": task_filter.due_from.isoformat() if task_filter.due_from else None,
            "due_to": task_filter.due_to.isoformat() if task_filter.due_to else None,
            "overdue": task_filter.overdue,
            "search": task_filter.search,
            "sort": sort.value if sort else None,
            "order": None if descending is None else ("desc" if descending else "asc"),
            "limit": limit,
            "cursor": cursor,
        }
        return await self._record(
            "list_tasks",
            {name: value for name, value in arguments.items() if value is not None},
            self._list_page(query),
        )

    async def _list_page(self, query: ListQuery) -> dict[str, Any]:
        page = await self._views.list_tasks(
            self.caller.user_id, check_list_query(query), now=self._clock.now(), tz=self.caller.tz
        )
        return {
            "tasks": [self._view(task) for task in page.items],
            "more": page.next_cursor is not None,
            "cursor": page.next_cursor,
        }

    async def _list(self, query: ListQuery) -> dict[str, Any]:
        page = await self._list_page(query)
        return {"tasks": page["tasks"], "more": page["more"]}

    @_recorded
    async def find_tasks(
        self,
        *,
        text: Annotated[str, Field(description="Words of the title, as the user said them")],
        status: StatusName = "pending",
    ) -> dict[str, Any]:
        """Find the tasks whose title the words name, best match first: an exact title
        beats every word of it, which beats words it starts with, which beats a close
        spelling. Returns the matches of the best kind (several mean the words fit
        several tasks equally) and, when nothing matches, the closest titles."""
        found = await self._search(text, status)
        matches = rank(text, found.values())
        titles: list[str] = []
        if not matches or matches[0].tier < Tier.PARTIAL:
            scanned = await self._scan(status)
            matches = rank(text, {**found, **scanned}.values())
            titles = [task.title for task in scanned.values()]
        return {
            "matches": [
                {**self._brief(self._tasks[m.candidate.id]), "match": m.tier.name.lower()}
                for m in matches
            ],
            "suggestions": [] if matches else suggestions(text, titles),
        }

    @_recorded
    async def complete_task(
        self, *, task_id: Annotated[str, Field(description=_TASK_ID)]
    ) -> dict[str, Any]:
        """Mark a task done; a recurring task's next occurrence follows by itself.
        Returns the task."""
        before = await self._views.get(self.caller.user_id, task_id)
        task = await use_cases.complete_task(
            uow=self._uow_factory(), clock=self._clock, caller=self.caller, task_id=task_id
        )
        self._step("completed", before, task)
        return self._view(task)

    @_recorded
    async def reopen_task(
        self, *, task_id: Annotated[str, Field(description=_TASK_ID)]
    ) -> dict[str, Any]:
        """Mark a completed task pending again. Returns the task."""
        before = await self._views.get(self.caller.user_id, task_id)
        task = await use_cases.reopen_task(
            uow=self._uow_factory(), clock=self._clock, caller=self.caller, task_id=task_id
        )
        self._step("reopened", before, task)
        return self._view(task)

    @_recorded
    async def delete_task(
        self, *, task_id: Annotated[str, Field(description=_TASK_ID)]
    ) -> dict[str, Any]:
        """Delete a task for good. Returns its id and title."""
        task = await self._views.get(self.caller.user_id, task_id)
        await use_cases.delete_task(
            uow=self._uow_factory(), clock=self._clock, caller=self.caller, task_id=task_id
        )
        self.steps.append(Step("deleted", task.id, task.title, snapshot(task, self.caller.tz)))
        return {"id": task.id, "title": task.title, "deleted": True}

    @_recorded
    async def update_task(
        self,
        *,
        task_id: Annotated[str, Field(description=_TASK_ID)],
        title: Annotated[str | None, Field(description="A new title")] = None,
        description: Annotated[str | None, Field(description="New notes")] = None,
        due: Annotated[str | None, Field(description=_DUE)] = None,
        remind_at: Annotated[str | None, Field(description=_REMIND)] = None,
        priority: PriorityName | None = None,
        recurrence: Annotated[str | None, Field(description=_RRULE)] = None,
        repeat_from: Annotated[RepeatFromName | None, Field(description=_REPEAT_FROM)] = None,
        tags_add: Annotated[list[str] | None, Field(description="Tags to add")] = None,
        tags_remove: Annotated[list[str] | None, Field(description="Tags to take off")] = None,
        clear: Annotated[list[ClearableField] | None, Field(description="Fields to empty")] = None,
    ) -> dict[str, Any]:
        """Change a task: only the fields given change, and those named in clear are
        emptied (tags_add then adds to the emptied tags). Returns the task as changed."""
        fields: dict[str, Any] = {
            name: value
            for name, value in {
                "title": title,
                "description": description,
                "due": due,
                "remind_at": remind_at,
                "priority": priority,
                "recurrence": recurrence,
                "repeat_from": repeat_from,
            }.items()
            if value is not None
        }
        for name in clear or []:
            fields[name] = None
        return await self._change(task_id, fields, tags_add or [], tags_remove or [])

    async def change(self, task_id: str, change: TaskChange) -> dict[str, Any]:
        """``update_task`` with domain values (a relative move already resolved)."""
        if change.move is not None:
            raise ValueError("resolve a relative move against the task before changing it")
        return await self._record(
            "update_task",
            {"task_id": task_id, **self.change_arguments(change)},
            self._change(
                task_id, dict(change.fields), list(change.tags_add), list(change.tags_remove)
            ),
        )

    def resolved_arguments(
        self, task: Mapping[str, Any], arguments: Mapping[str, Any]
    ) -> dict[str, Any]:
        """``update_task``'s JSON ``arguments`` for ``task`` (its view), with a new due and
        a relative ``due_move`` resolved against the task as it is now
        (:func:`~todo_chatbot.chat.rescheduling.rescheduled`: a date keeps a timed task's
        time, a reminder at a moment of its own keeps its lead). Raises ``NotLater``."""
        rest = dict(arguments)
        move_json = rest.pop("due_move", None)
        if move_json is None and rest.get("due") is None:
            return rest
        tz = self.caller.tz
        fields = {"due": parse_due(rest.pop("due"), tz)} if rest.get("due") is not None else {}
        move = None if move_json is None else DueMove.from_json(move_json)
        moved = rescheduled(task, fields, move, tz, self.now())
        return {**rest, **self.change_arguments(TaskChange(moved))}

    def change_arguments(self, change: TaskChange) -> dict[str, Any]:
        """``change`` as ``update_task``'s JSON arguments (besides the task id)."""
        given = {name: value for name, value in change.fields.items() if value is not None}
        arguments = self._arguments(given)
        if change.tags_add:
            arguments["tags_add"] = list(change.tags_add)
        if change.tags_remove:
            arguments["tags_remove"] = list(change.tags_remove)
        if cleared := [name for name, value in change.fields.items() if value is None]:
            arguments["clear"] = cleared
        if change.move is not None:
            arguments["due_move"] = change.move.as_json()
        return arguments

    async def _change(
        self, task_id: str, fields: dict[str, Any], tags_add: list[str], tags_remove: list[str]
    ) -> dict[str, Any]:
        for attempt in range(3):
            try:
                before = await self._views.get(self.caller.user_id, task_id)
                after = await self._update(task_id, dict(fields), tags_add, tags_remove)
                if after["version"] != before.version:
                    self.steps.append(
                        Step("updated", task_id, before.title, snapshot(before, self.caller.tz))
                    )
                return after
            except VersionConflict:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _update(
        self, task_id: str, fields: dict[str, Any], tags_add: list[str], tags_remove: list[str]
    ) -> dict[str, Any]:
        """One try: tags are added and removed over the version read, so a change made
        meanwhile is never overwritten (the caller tries again)."""
        version = None
        if tags_add or tags_remove:
            current = await self._views.get(self.caller.user_id, task_id)
            version = current.version
            removed = {tag.lower().lstrip("#") for tag in tags_remove}
            cleared = "tags" in fields and fields["tags"] is None
            kept = [tag for tag in current.tags if tag not in removed and not cleared]
            fields["tags"] = kept + [t for t in tags_add if t.lower().lstrip("#") not in kept]
        task = await use_cases.update_task(
            uow=self._uow_factory(),
            clock=self._clock,
            caller=self.caller,
            task_id=task_id,
            fields=read_task_input(fields, self.caller.tz, require_title=False),
            expected_version=version,
        )
        return self._view(task)

    async def _record(
        self, tool: str, arguments: dict[str, Any], call: Coroutine[Any, Any, R]
    ) -> R:
        """Keep the call of ``tool`` with its result, or its error."""
        try:
            result = await call
        except DomainError as exc:
            self.calls.append(ToolCall(tool, arguments, {"error": str(exc)}))
            raise
        self.calls.append(ToolCall(tool, arguments, result))
        return result

    def _step(self, kind: StepKind, before: Task, after: Task) -> None:
        """Journal a completion or a reopening that changed the task."""
        if after.version != before.version:
            self.steps.append(Step(kind, before.id, before.title, snapshot(before, self.caller.tz)))

    async def restore(self, before: Mapping[str, Any]) -> dict[str, Any]:
        """Put back a deleted task as :func:`snapshot` kept it, under its own id (a call
        of ``restore_task``, the undo of ``delete_task``)."""
        return await self._record("restore_task", {"task_id": before["id"]}, self._restore(before))

    async def _restore(self, before: Mapping[str, Any]) -> dict[str, Any]:
        tz = self.caller.tz
        task = replace(
            task_from_view(before, user_id=self.caller.user_id, tz=tz),
            occurrence=before.get("occurrence"),
            series_anchor=parse_due(before["series_anchor"], tz)
            if before.get("series_anchor")
            else None,
        )
        restored = await use_cases.restore_task(
            uow=self._uow_factory(), clock=self._clock, caller=self.caller, task=task
        )
        return self._view(restored)

    async def put_back(self, task_id: str, before: Mapping[str, Any]) -> dict[str, Any]:
        """``update_task`` giving the task back every field :func:`snapshot` kept (the
        undo of a change)."""
        fields = {name: before.get(name) for name in EDITABLE_FIELDS}
        if fields.get("remind_before_minutes") is not None:
            fields.pop("remind_at", None)
        arguments = {"task_id": task_id, **{k: v for k, v in fields.items() if v is not None}}
        return await self._record("update_task", arguments, self._replace_fields(task_id, fields))

    async def _replace_fields(self, task_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        task = await use_cases.update_task(
            uow=self._uow_factory(),
            clock=self._clock,
            caller=self.caller,
            task_id=task_id,
            fields=read_task_input(fields, self.caller.tz, require_title=True),
        )
        return self._view(task)

    async def next_occurrence_of(self, before: Mapping[str, Any]) -> dict[str, Any] | None:
        """The pending task that follows ``before`` in its series (the one its completion
        created), if it exists yet: the first one numbered after it (an overdue task's
        completion passes over the dates already gone, and they are numbered too)."""
        number = before.get("occurrence")
        if not before.get("series_id") or number is None:
            return None
        found = await self._search(before["title"], "pending")
        following = [
            self._tasks[candidate]
            for candidate in found
            if self._tasks[candidate].series_id == before["series_id"]
            and (self._tasks[candidate].occurrence or 0) > number
        ]
        if not following:
            return None
        return self._view(min(following, key=lambda task: task.occurrence or 0))

    def _arguments(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """Domain values as a tool's JSON arguments, in the user's zone."""
        return {name: value_view(name, value, self.caller.tz) for name, value in fields.items()}

    @_recorded
    async def snooze_reminder(
        self,
        *,
        notification_id: Annotated[
            str | None, Field(description="The reminder's notification; the latest if not given")
        ] = None,
        minutes: Annotated[
            int | None, Field(description="Bring it back in this many minutes (10 by default)")
        ] = None,
        until: Annotated[str | None, Field(description="Or at this date-time")] = None,
    ) -> dict[str, Any]:
        """Bring back later a reminder the user got (the latest one unless a notification
        id is given). Returns the notification, with when it comes back."""
        try:
            at = parse_instant(until.strip(), self.caller.tz) if until else None
        except InvalidTime as exc:
            raise ValidationFailed.single("until", str(exc)) from None
        return await self._snooze(notification_id, minutes, at)

    async def snooze(self, *, minutes: int | None, until: datetime | None) -> dict[str, Any]:
        """``snooze_reminder`` of the latest reminder, with domain values."""
        arguments = {
            name: value
            for name, value in {
                "minutes": minutes,
                "until": format_instant(until, self.caller.tz) if until else None,
            }.items()
            if value is not None
        }
        return await self._record("snooze_reminder", arguments, self._snooze(None, minutes, until))

    async def _snooze(
        self, notification_id: str | None, minutes: int | None, until: datetime | None
    ) -> dict[str, Any]:
        if notification_id is None:
            latest = await notifications_use_cases.latest_reminder(
                notifications=self._notifications, user_id=self.caller.user_id, now=self.now()
            )
            notification_id = latest.id
        snoozed = await notifications_use_cases.snooze(
            notifications=self._notifications,
            scheduler=self._scheduler,
            clock=self._clock,
            user_id=self.caller.user_id,
            notification_id=notification_id,
            minutes=minutes,
            until=until,
        )
        return notification_view(snoozed)

    @_recorded
    async def list_reminders(
        self,
        *,
        from_date: Annotated[
            str | None,
            Field(description="First day, YYYY-MM-DD in the user's zone (default: from now)"),
        ] = None,
        to_date: Annotated[
            str | None, Field(description="Last day, YYYY-MM-DD (default: no end)")
        ] = None,
        limit: Annotated[int, Field(ge=1, le=200)] = 20,
    ) -> dict[str, Any]:
        """List the reminders that ring on the given days (both included), in the order
        they ring: for "what reminders do I have today?" give today as both dates; with
        no dates, every reminder still to come. A reminder is a pending task's own, or
        one that rang and was snoozed (snoozed: true). Not the tasks due on those days:
        use list_tasks for those. Returns each reminder's task_id, title, due, at (when
        it rings) and whether that time has passed, and whether there are more."""
        try:
            first = parse_date(from_date) if from_date else None
            last = parse_date(to_date) if to_date else None
        except InvalidTime as exc:
            raise ValidationFailed.single("from_date/to_date", str(exc)) from None
        return await self._reminders(first, last, limit)

    async def reminders_on(self, day_from: date | None, day_to: date | None) -> dict[str, Any]:
        """``list_reminders`` with the days as dates."""
        arguments = {
            name: day.isoformat()
            for name, day in (("from_date", day_from), ("to_date", day_to))
            if day is not None
        }
        return await self._record(
            "list_reminders", arguments, self._reminders(day_from, day_to, 20)
        )

    async def _reminders(
        self, day_from: date | None, day_to: date | None, limit: int
    ) -> dict[str, Any]:
        if day_from is not None and day_to is not None and day_to < day_from:
            raise ValidationFailed.single("to_date", "must not be before from_date")
        now, tz = self.now(), self.caller.tz
        start = start_of_day(day_from, tz) if day_from else now
        end = start_of_day(day_to + timedelta(days=1), tz) if day_to else None
        found = await reminders_between(
            views=self._views,
            notifications=self._notifications,
            user_id=self.caller.user_id,
            tz=tz,
            now=now,
            start=start,
            end=end,
        )
        return {
            "reminders": [
                {
                    "task_id": reminder.task.id,
                    "title": reminder.task.title,
                    "due": self._view(reminder.task)["due"],
                    "at": format_instant(reminder.at, tz),
                    "snoozed": reminder.snoozed,
                    "passed": reminder.at <= now,
                }
                for reminder in found[:limit]
            ],
            "more": len(found) > limit,
        }

    @_recorded
    async def explain_reminder(
        self, *, task_id: Annotated[str, Field(description=_TASK_ID)]
    ) -> dict[str, Any]:
        """Why a task's reminder came or did not ("why didn't I get reminded about X?"),
        from its schedule and its delivery. story is one of: none_set (the task has no
        reminder), ahead (its time has not come), sent (it rang: notification is what
        the user got, with when, whether read, snoozed until when), done_first (the task
        was done before the reminder's time, and a done task's reminder does not ring),
        on_its_way (its time passed under a minute ago), not_sent (its time passed and
        no notification came of it, e.g. the task was done then and reopened later).
        Whether a device showed a notification is not known here. Returns the task, the
        reminder's time (remind_at) and the story."""
        task = await self._views.get(self.caller.user_id, task_id)
        report = await explain_reminder(
            notifications=self._notifications,
            task=task,
            user_id=self.caller.user_id,
            now=self.now(),
        )
        sent = report.notification
        return {
            "task": self._view(task),
            "remind_at": format_instant(report.remind_at, self.caller.tz)
            if report.remind_at
            else None,
            "story": report.story.value,
            "notification": notification_view(sent) if sent is not None else None,
        }

    @_recorded
    async def snooze_all_reminders(
        self,
        *,
        minutes: Annotated[
            int | None, Field(description="Quiet them for this many minutes (10 by default)")
        ] = None,
        until: Annotated[str | None, Field(description="Or until this date-time")] = None,
    ) -> dict[str, Any]:
        """Quiet every reminder for a while ("snooze all my reminders for an hour"): each
        reminder of the last day that rang and is unread (or snoozed to come back sooner)
        is snoozed to the end of it, and each pending task whose reminder would ring
        before then has its reminder moved to the end of it (an update of the task, which
        the chat's undo can revert). Returns until, the notifications snoozed and the
        tasks whose reminder moved."""
        try:
            at = parse_instant(until.strip(), self.caller.tz) if until else None
        except InvalidTime as exc:
            raise ValidationFailed.single("until", str(exc)) from None
        return await self._snooze_all(minutes, at)

    async def snooze_all(self, *, minutes: int | None, until: datetime | None) -> dict[str, Any]:
        """``snooze_all_reminders`` with domain values."""
        arguments = {
            name: value
            for name, value in {
                "minutes": minutes,
                "until": format_instant(until, self.caller.tz) if until else None,
            }.items()
            if value is not None
        }
        return await self._record(
            "snooze_all_reminders", arguments, self._snooze_all(minutes, until)
        )

    async def _snooze_all(self, minutes: int | None, until: datetime | None) -> dict[str, Any]:
        now = self.now()
        end = _whole_second(
            notifications_use_cases.snooze_until(now=now, minutes=minutes, until=until)
        )
        quiet = await reminders_to_quiet(
            views=self._views,
            notifications=self._notifications,
            user_id=self.caller.user_id,
            tz=self.caller.tz,
            now=now,
            until=end,
        )
        snoozed = [await self._snooze(rung.id, None, end) for rung in quiet.rung]
        moved = [await self._change(task.id, {"remind_at": end}, [], []) for task in quiet.coming]
        return {"until": format_instant(end, self.caller.tz), "snoozed": snoozed, "moved": moved}

    @_recorded
    async def next_occurrences(
        self,
        *,
        task_id: Annotated[str, Field(description=_TASK_ID)],
        count: Annotated[
            int, Field(ge=1, le=MAX_OCCURRENCES, description="How many dates (5 by default)")
        ] = DEFAULT_OCCURRENCES,
    ) -> dict[str, Any]:
        """When a task is next due: its due, then the dates its recurrence gives after it
        (only the due for a task repeating after completion). Returns the dates and the
        rule."""
        return await upcoming_occurrences(
            views=self._views,
            user_id=self.caller.user_id,
            tz=self.caller.tz,
            task_id=task_id,
            count=count,
        )

    @_recorded
    async def preview_bulk_action(
        self,
        *,
        action: Annotated[
            bulk.BulkActionName,
            Field(description="What to do to every matching task"),
        ],
        status: StatusName = "pending",
        priority: Annotated[
            list[PriorityName] | None, Field(description="Tasks of any of these priorities")
        ] = None,
        tags: Annotated[
            list[str] | None, Field(description="Tasks carrying all these tags")
        ] = None,
        due_from: Annotated[str | None, Field(description="Due on or after this date")] = None,
        due_to: Annotated[str | None, Field(description="Due on or before this date")] = None,
        overdue: Annotated[bool, Field(description="Only pending tasks past due")] = False,
        search: Annotated[
            str | None, Field(description="Words to find in titles and descriptions")
        ] = None,
        due: Annotated[
            str | None,
            Field(description=f"update: the new due. {_DUE}; a date only keeps each task's time"),
        ] = None,
        set_priority: Annotated[
            PriorityName | None, Field(description="update: the new priority")
        ] = None,
        tags_add: Annotated[list[str] | None, Field(description="update: tags to add")] = None,
        tags_remove: Annotated[
            list[str] | None, Field(description="update: tags to take off")
        ] = None,
    ) -> dict[str, Any]:
        """Step 1 of a bulk action (complete, reopen, delete or update many tasks at once):
        changes nothing, returns the tasks the selection matches (the filters are those of
        list_tasks; at most 200, soonest due first) and a token. Show the user the tasks
        and the count, and only when they agree call apply_bulk_action with the token.
        For action update, give the change: due, set_priority, tags_add and/or tags_remove."""
        params = _filter_params(status, priority, tags, due_from, due_to, overdue, search)
        selection = {name: values for name, values in params.items() if values}
        change = {
            name: value
            for name, value in {
                "due": due,
                "priority": set_priority,
                "tags_add": tags_add,
                "tags_remove": tags_remove,
            }.items()
            if value
        }
        if action == "update" and not change:
            raise ValidationFailed.single("due", "an update needs a change to make")
        if action != "update":
            change = {}
        preview = bulk.Preview(action, selection, change, [])
        tasks, more = await bulk.matching(self, preview.selection_filter())
        token = replace(preview, ids=[task["id"] for task in tasks]).token()
        return {"action": action, "count": len(tasks), "tasks": tasks, "more": more, "token": token}

    @_recorded
    async def apply_bulk_action(
        self,
        *,
        token: Annotated[str, Field(description="The token preview_bulk_action returned")],
    ) -> dict[str, Any]:
        """Step 2 of a bulk action, once the user agreed to the preview: acts on exactly
        the previewed tasks that the selection still matches (none added since; one
        deleted or changed meanwhile is left alone). Returns the tasks acted on, the count,
        and how many previewed tasks were left alone."""
        preview = bulk.Preview.from_token(token)
        tasks = await bulk.still_previewed(self, preview)
        tool = bulk.ACTION_TOOLS[preview.action]
        applied = await bulk.apply(self, tool, tasks, preview.arguments)
        return bulk.applied_view(preview, len(tasks), applied)

    async def get(self, task_id: str) -> dict[str, Any]:
        """A task as the API shows it (not a tool call: the chat reads what it acts on)."""
        return self._view(await self._views.get(self.caller.user_id, task_id))

    async def _search(self, text: str, status: StatusName) -> dict[str, Candidate]:
        try:
            query = read_list_query({"q": [text[:200]], "status": [status], "limit": ["200"]})
        except DomainError:
            return {}
        page = await self._views.list_tasks(
            self.caller.user_id, query, now=self._clock.now(), tz=self.caller.tz
        )
        return self._candidates(page.items)

    async def _scan(self, status: StatusName) -> dict[str, Candidate]:
        """The user's most recent tasks, up to ``SCAN_PAGES`` pages."""
        found: dict[str, Candidate] = {}
        params: dict[str, list[str]] = {"status": [status], "limit": [str(SEARCH_PAGE)]}
        for _ in range(SCAN_PAGES):
            query = read_list_query(params)
            page = await self._views.list_tasks(
                self.caller.user_id, query, now=self._clock.now(), tz=self.caller.tz
            )
            found.update(self._candidates(page.items))
            if page.next_cursor is None:
                break
            params["cursor"] = [page.next_cursor]
        return found

    def _candidates(self, tasks: list[Task]) -> dict[str, Candidate]:
        self._tasks.update({task.id: task for task in tasks})
        return {
            task.id: Candidate(task.id, task.title, pending=task.status.value == "pending")
            for task in tasks
        }

    def _view(self, task: Task) -> dict[str, Any]:
        return task_view(task, self.caller.tz)

    def _brief(self, task: Task) -> dict[str, Any]:
        view = self._view(task)
        return {name: view[name] for name in ("id", "title", "status", "due", "priority")}

    def now(self) -> datetime:
        """The clock's time (what replies say dates against)."""
        return self._clock.now()


def _filter_params(
    status: StatusName,
    priority: list[PriorityName] | None,
    tags: list[str] | None,
    due_from: str | None,
    due_to: str | None,
    overdue: bool,
    search: str | None,
) -> dict[str, list[str]]:
    """The list tools' filter arguments as ``GET /api/tasks``'s query parameters (an
    empty list for one not given), for :func:`read_list_query`."""
    return {
        "status": [status],
        "priority": list(priority or []),
        "tag": list(tags or []),
        "due_from": [due_from] if due_from else [],
        "due_to": [due_to] if due_to else [],
        "overdue": ["true"] if overdue else [],
        "q": [search] if search else [],
    }


def _whole_second(moment: datetime) -> datetime:
    """``moment`` rounded up to a whole second: a time every answer writes alike."""
    if not moment.microsecond:
        return moment
    return moment.replace(microsecond=0) + timedelta(seconds=1)


TOOL_NAMES: Final = (
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
)
"""The tools every entry point exposes, in the order they are listed."""
