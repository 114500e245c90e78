"""The commands a chat message can carry, as typed values.

One dataclass per intent of the contract (``docs/contracts/nlu-parse.md``).
Values are domain values: a due is a ``date`` or an aware instant, priorities
and list settings are the domain's enums, and a list request's filter is the
:class:`~todo_chatbot.tasks.queries.TaskFilter` the stores read. :mod:`.render`
writes them as the contract's JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import Enum, StrEnum

from todo_chatbot.core.timekeeping import Due
from todo_chatbot.tasks.queries import SortKey, TaskFilter
from todo_chatbot.tasks.task import Priority


class Intent(StrEnum):
    ADD_TASK = "add_task"
    LIST_TASKS = "list_tasks"
    COMPLETE_TASK = "complete_task"
    REOPEN_TASK = "reopen_task"
    DELETE_TASK = "delete_task"
    UPDATE_TASK = "update_task"
    SNOOZE = "snooze"
    NEXT_DATES = "next_dates"
    LIST_REMINDERS = "list_reminders"
    WHY_NO_REMINDER = "why_no_reminder"
    SNOOZE_ALL = "snooze_all"
    HELP = "help"
    UNKNOWN = "unknown"


class Unset(Enum):
    """A field a change leaves alone (``None`` clears it)."""

    UNSET = "unset"


UNSET = Unset.UNSET


@dataclass(frozen=True)
class NewTask:
    """A task to add; ``due`` is a date or an instant, ``recurrence`` an RRULE value.

    ``remind_before`` is the reminder's lead before the due, in whole minutes, when
    the message gives one ("remind me 1 hour before"); ``remind_at`` is then that
    lead counted back from the due. A reminder at a moment of its own has no lead.
    """

    title: str
    due: Due | None = None
    remind_at: datetime | None = None
    remind_before: timedelta | None = None
    priority: Priority | None = None
    tags: tuple[str, ...] = ()
    recurrence: str | None = None
    repeat_from: str | None = None
    """``"completion"`` for a repeat counted from when the task is done; None: its due."""


@dataclass(frozen=True)
class TaskChanges:
    """What an update changes: fields left :data:`UNSET` stay, ``None`` clears.

    ``remind_before`` is a lead before the due, as in :class:`NewTask`.
    """

    title: str | Unset = UNSET
    due: Due | Unset | None = UNSET
    remind_at: datetime | Unset | None = UNSET
    remind_before: timedelta | Unset | None = UNSET
    priority: Priority | Unset | None = UNSET
    recurrence: str | Unset | None = UNSET
    tags_add: tuple[str, ...] = ()
    tags_remove: tuple[str, ...] = ()
    due_shift: timedelta | None = None
    """Move the due by this much ("postpone X by 2 days"); whole days keep the time."""
    due_time: time | None = None
    """Move the due to this time of day on the day it is due ("move X to 7pm")."""
    later: bool = False
    """The verb says later ("push", "postpone", "delay"): never make the due earlier."""


@dataclass(frozen=True)
class Sort:
    by: SortKey
    descending: bool


@dataclass(frozen=True)
class AddTask:
    task: NewTask
    intent: Intent = Intent.ADD_TASK


@dataclass(frozen=True)
class ListTasks:
    """``count``: the message asks how many ("how many are overdue?"), not which;
    ``next_page``: it asks for the next page of the listing before ("show more")."""

    filter: TaskFilter = field(default_factory=TaskFilter)
    sort: Sort | None = None
    count: bool = False
    next_page: bool = False
    intent: Intent = Intent.LIST_TASKS


@dataclass(frozen=True)
class CompleteTask:
    """``target``: the words naming the task, for the chat layer to resolve.
    ``selection``: the filter when the words select many tasks ("everything tagged
    errands", :mod:`.selection`); None when they name one."""

    target: str
    selection: TaskFilter | None = None
    intent: Intent = Intent.COMPLETE_TASK


@dataclass(frozen=True)
class ReopenTask:
    target: str
    selection: TaskFilter | None = None
    intent: Intent = Intent.REOPEN_TASK


@dataclass(frozen=True)
class DeleteTask:
    """``target`` is ``"all"`` when the message asks to delete every task."""

    target: str
    selection: TaskFilter | None = None
    intent: Intent = Intent.DELETE_TASK


@dataclass(frozen=True)
class UpdateTask:
    """``or_add`` (not in the contract's JSON) is the task to add instead when no task
    of the user's matches ``target``: "remind me about the dentist at 3" sets the
    dentist's reminder, or adds "dentist" with that reminder when there is none."""

    target: str
    changes: TaskChanges
    selection: TaskFilter | None = None
    or_add: NewTask | None = None
    intent: Intent = Intent.UPDATE_TASK


@dataclass(frozen=True)
class Snooze:
    """Snooze the reminder that just rang: it rings again ``until`` an instant, or in
    ``minutes`` (whole, at least 1); with neither, after the chat's default."""

    until: datetime | None = None
    minutes: int | None = None
    intent: Intent = Intent.SNOOZE


@dataclass(frozen=True)
class NextDates:
    """When the task ``target`` names is next due, and the ``count`` dates after
    ("when is call mom next?", "show the next 5 dates of pay rent")."""

    target: str
    count: int = 1
    intent: Intent = Intent.NEXT_DATES


@dataclass(frozen=True)
class ListReminders:
    """The reminders whose time falls on the days ``day_from`` to ``day_to`` (in the
    user's zone, both included): "what reminders do I have today?". Both None: every
    reminder still to come ("what will you remind me about?"); one None: open that side."""

    day_from: date | None = None
    day_to: date | None = None
    intent: Intent = Intent.LIST_REMINDERS


@dataclass(frozen=True)
class WhyNoReminder:
    """Why the task ``target`` names brought no reminder ("why didn't I get reminded
    about the dentist?"), answered from its reminder's schedule and delivery."""

    target: str
    intent: Intent = Intent.WHY_NO_REMINDER


@dataclass(frozen=True)
class SnoozeAll:
    """Quiet every reminder for a while ("snooze all my reminders for an hour"): those
    that rang and are unread, and those due to ring before then, come at the end of it
    (``until``, or ``minutes`` from now; neither: the chat's default snooze)."""

    until: datetime | None = None
    minutes: int | None = None
    intent: Intent = Intent.SNOOZE_ALL


@dataclass(frozen=True)
class Help:
    intent: Intent = Intent.HELP


@dataclass(frozen=True)
class Unknown:
    intent: Intent = Intent.UNKNOWN


Command = (
    AddTask
    | ListTasks
    | CompleteTask
    | ReopenTask
    | DeleteTask
    | UpdateTask
    | Snooze
    | NextDates
    | ListReminders
    | WhyNoReminder
    | SnoozeAll
    | Help
    | Unknown
)
"""Everything :func:`~todo_chatbot.chat.language.parse` can return."""
