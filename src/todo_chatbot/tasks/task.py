"""The task: its fields, the rules they obey, and how it changes.

Input arrives as plain JSON values (strings, lists, None) from the API and the
tools, or as domain values (a ``date``, an aware ``datetime``, a ``Priority``,
a ``RecurrenceRule``) from the chat's parser; :func:`read_task_input` applies
every rule of the API contract to either and names each field that breaks one.
A :class:`Task` changes only through its methods, each of which returns what
changed so that the use case can publish it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Final, TypeVar
from zoneinfo import ZoneInfo

from todo_chatbot.core.errors import ErrorCollector, ValidationFailed
from todo_chatbot.core.timekeeping import (
    Due,
    InvalidTime,
    check_supported,
    check_written_date,
    is_supported,
    parse_due,
    parse_instant,
    utc,
)
from todo_chatbot.tasks.recurrence import (
    Following,
    InvalidRecurrence,
    RecurrenceRule,
    check_repeats,
    following_after_completion,
    following_on_schedule,
    parse_rule,
    upcoming_dues,
)
from todo_chatbot.tasks.reminder_times import (
    MAX_REMIND_BEFORE_MINUTES,
    reminder_before,
    shift_reminder,
)

MAX_TITLE = 500
MAX_DESCRIPTION = 10_000
MAX_TAGS = 20
MAX_TAG = 50
_TAG_CHARS = re.compile(r"^[\w-]+$")
_Day = TypeVar("_Day", bound=date)


class Status(StrEnum):
    PENDING = "pending"
    COMPLETED = "completed"


class Priority(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """High sorts above medium above low."""
        return _PRIORITY_RANK[self]


class RepeatFrom(StrEnum):
    """What a recurring task's next occurrence is counted from: its schedule (the
    due), or the time it was completed ("3 days after I finish it")."""

    DUE = "due"
    COMPLETION = "completion"


_PRIORITY_RANK: Final = {Priority.HIGH: 3, Priority.MEDIUM: 2, Priority.LOW: 1}
PRIORITY_BY_RANK: Final = {rank: priority for priority, rank in _PRIORITY_RANK.items()}

EDITABLE_FIELDS: Final = (
    "title",
    "description",
    "due",
    "remind_at",
    "remind_before_minutes",
    "priority",
    "tags",
    "recurrence",
    "repeat_from",
)


@dataclass(frozen=True)
class TaskInput:
    """Checked values for some editable fields: only the keys given are present."""

    values: Mapping[str, Any]

    def __contains__(self, name: str) -> bool:
        return name in self.values


def read_task_input(raw: Mapping[str, Any], tz: ZoneInfo, *, require_title: bool) -> TaskInput:
    """Check raw editable fields against the contract's rules, naming every broken one."""
    errors = ErrorCollector()
    values: dict[str, Any] = {}
    for name, value in raw.items():
        if name not in EDITABLE_FIELDS:
            errors.add(name, "is not an editable field")
            continue
        try:
            values[name] = _READERS[name](value, tz)
        except (ValueError, TypeError) as exc:
            errors.add(name, str(exc))
    if require_title and "title" not in raw:
        errors.add("title", "is required")
    if values.get("remind_at") is not None and values.get("remind_before_minutes") is not None:
        errors.add("remind_before_minutes", "give remind_at or remind_before_minutes, not both")
    errors.raise_if_any()
    return TaskInput(values)


def read_task_replacement(raw: Mapping[str, Any], tz: ZoneInfo) -> TaskInput:
    """Every editable field, for replacing a task: the ones absent are cleared."""
    return read_task_input(
        {name: raw.get(name) for name in EDITABLE_FIELDS}, tz, require_title=True
    )


def _read_title(value: Any, tz: ZoneInfo) -> str:
    if value is None:
        raise ValueError("cannot be empty")
    if not isinstance(value, str):
        raise TypeError("must be a string")
    _refuse_nul(value)
    title = value.strip()
    if not title:
        raise ValueError("cannot be empty")
    if len(title) > MAX_TITLE:
        raise ValueError(f"must be at most {MAX_TITLE} characters")
    return title


def _read_description(value: Any, tz: ZoneInfo) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError("must be a string or null")
    _refuse_nul(value)
    if len(value) > MAX_DESCRIPTION:
        raise ValueError(f"must be at most {MAX_DESCRIPTION} characters")
    return value if value.strip() else None


def _refuse_nul(text: str) -> None:
    """NUL ends strings in C and in PostgreSQL's text: no field may hold one."""
    if "\x00" in text:
        raise ValueError("must not contain NUL characters (U+0000)")


def _read_tags(value: Any, tz: ZoneInfo) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        raise TypeError("must be a list of strings")
    if len(value) > MAX_TAGS:
        raise ValueError(f"at most {MAX_TAGS} tags")
    tags: list[str] = []
    for item in value:
        if not isinstance(item, str):
            raise TypeError("must be a list of strings")
        _refuse_nul(item)
        tag = item.strip().lstrip("#")
        if not 1 <= len(tag) <= MAX_TAG:
            raise ValueError(f"each tag must be 1 to {MAX_TAG} characters")
        if not _TAG_CHARS.match(tag):
            raise ValueError(f"tag {item!r} may hold only letters, digits, '-' and '_'")
        if tag.lower() not in tags:
            tags.append(tag.lower())
    return tuple(tags)


def _read_priority(value: Any, tz: ZoneInfo) -> Priority | None:
    if value is None or isinstance(value, Priority):
        return value
    if not isinstance(value, str):
        raise TypeError("must be 'high', 'medium', 'low' or null")
    try:
        return Priority(value.strip().lower())
    except ValueError:
        raise ValueError("must be 'high', 'medium', 'low' or null") from None


def _read_due(value: Any, tz: ZoneInfo) -> Due | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return _supported(_instant(value))
    if isinstance(value, date):
        return _supported(value)
    if not isinstance(value, str):
        raise TypeError("must be a date (YYYY-MM-DD), a date-time or null")
    try:
        due = parse_due(value.strip(), tz)
        check_written_date(value)
    except InvalidTime as exc:
        raise ValueError(str(exc)) from None
    return _supported(_whole_second(due) if isinstance(due, datetime) else due)


def _read_remind_at(value: Any, tz: ZoneInfo) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return _supported(_instant(value))
    if not isinstance(value, str):
        raise TypeError("must be a date-time or null")
    try:
        instant = parse_instant(value.strip(), tz)
        check_written_date(value)
    except InvalidTime as exc:
        raise ValueError(str(exc)) from None
    return _supported(_whole_second(instant))


def _supported(value: _Day) -> _Day:
    try:
        check_supported(value)
    except InvalidTime as exc:
        raise ValueError(str(exc)) from None
    return value


def _read_remind_before_minutes(value: Any, tz: ZoneInfo) -> int | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("must be a whole number of minutes or null")
    if not 0 <= value <= MAX_REMIND_BEFORE_MINUTES:
        raise ValueError(f"must be from 0 to {MAX_REMIND_BEFORE_MINUTES} minutes")
    return value


def _read_recurrence(value: Any, tz: ZoneInfo) -> RecurrenceRule | None:
    if value is None or isinstance(value, RecurrenceRule):
        return value
    if isinstance(value, str) and not value.strip():
        return None
    if not isinstance(value, str):
        raise TypeError("must be an RRULE string or null")
    try:
        return parse_rule(value)
    except InvalidRecurrence as exc:
        raise ValueError(str(exc)) from None


def _instant(value: datetime) -> datetime:
    try:
        return _whole_second(utc(value))
    except InvalidTime as exc:
        raise ValueError(str(exc)) from None


def _whole_second(instant: datetime) -> datetime:
    """Dues and reminders are kept to the second, as the API shows them (and as a
    reminder's job names its time)."""
    return instant.replace(microsecond=0)


def _read_repeat_from(value: Any, tz: ZoneInfo) -> RepeatFrom:
    if value is None or isinstance(value, RepeatFrom):
        return value or RepeatFrom.DUE
    if not isinstance(value, str):
        raise TypeError("must be 'due', 'completion' or null")
    try:
        return RepeatFrom(value.strip().lower())
    except ValueError:
        raise ValueError("must be 'due', 'completion' or null") from None


_READERS: Final = {
    "title": _read_title,
    "description": _read_description,
    "tags": _read_tags,
    "priority": _read_priority,
    "due": _read_due,
    "remind_at": _read_remind_at,
    "remind_before_minutes": _read_remind_before_minutes,
    "recurrence": _read_recurrence,
    "repeat_from": _read_repeat_from,
}

Changes = dict[str, tuple[Any, Any]]
"""Field name to (old value, new value), in domain values."""


@dataclass
class Task:
    """A user's task. ``series_anchor`` and ``occurrence`` place it in its series."""

    id: str
    user_id: str
    title: str
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    status: Status = Status.PENDING
    priority: Priority | None = None
    tags: tuple[str, ...] = ()
    due: Due | None = None
    remind_at: datetime | None = None
    remind_before_minutes: int | None = None
    """Set when the reminder is relative to the due: ``remind_at`` follows the due."""
    recurrence: RecurrenceRule | None = None
    repeat_from: RepeatFrom = RepeatFrom.DUE
    """Kept only while the task recurs: a task without a recurrence repeats from its due."""
    series_id: str | None = None
    series_anchor: Due | None = None
    occurrence: int | None = None
    completed_at: datetime | None = None
    version: int = 1

    @classmethod
    def create(
        cls,
        *,
        task_id: str,
        user_id: str,
        fields: TaskInput,
        now: datetime,
        tz: ZoneInfo,
        new_series_id: str,
    ) -> Task:
        """A new pending task at version 1; a recurring one starts its own series."""
        task = cls(id=task_id, user_id=user_id, title="", created_at=now, updated_at=now)
        for name, value in fields.values.items():
            setattr(task, name, value)
        task._settle_reminder(fields, tz)
        task._settle_repeat_from(fields)
        _check_invariants(task, tz)
        if task.recurrence is not None:
            task.series_id = new_series_id
            task.series_anchor = task.due
            task.occurrence = 1
        return task

    def update(
        self, fields: TaskInput, *, now: datetime, tz: ZoneInfo, new_series_id: str
    ) -> Changes:
        """Apply the given fields; returns what changed (nothing changes if it is empty).
        A reminder relative to the due follows a moved due."""
        before = replace(self)
        for name, value in fields.values.items():
            setattr(self, name, value)
        try:
            self._settle_reminder(fields, tz)
            self._settle_repeat_from(fields)
            _check_invariants(self, tz)
        except ValidationFailed:
            self.__dict__.update(before.__dict__)
            raise
        changes: Changes = {
            name: (getattr(before, name), getattr(self, name))
            for name in EDITABLE_FIELDS
            if getattr(before, name) != getattr(self, name)
        }
        if not changes:
            return changes
        self._rebase_series(changes, new_series_id)
        self._touch(now)
        return changes

    def _settle_reminder(self, fields: TaskInput, tz: ZoneInfo) -> None:
        """A reminder given as an instant stands alone; one given as a lead before the
        due (or kept as one) is placed before the due, and goes when the due goes."""
        if fields.values.get("remind_at") is not None or (
            "remind_at" in fields and "remind_before_minutes" not in fields
        ):
            self.remind_before_minutes = None
        if self.remind_before_minutes is None:
            return
        if self.due is not None:
            self.remind_at = reminder_before(self.due, self.remind_before_minutes, tz)
        elif fields.values.get("remind_before_minutes") is not None:
            raise ValidationFailed.single(
                "remind_before_minutes", "a reminder before the due needs a due"
            )
        else:
            self.remind_at = self.remind_before_minutes = None

    def _settle_repeat_from(self, fields: TaskInput) -> None:
        """A task that stops recurring repeats from its due again; asking a task without
        a recurrence to repeat after completion is refused."""
        if self.recurrence is not None:
            return
        if fields.values.get("repeat_from") is RepeatFrom.COMPLETION:
            raise ValidationFailed.single(
                "repeat_from", "repeating after completion needs a recurrence"
            )
        self.repeat_from = RepeatFrom.DUE

    def _rebase_series(self, changes: Changes, new_series_id: str) -> None:
        """A new or edited rule, or a moved due, re-bases the series on this due."""
        if self.recurrence is None:
            self.series_anchor = None
            return
        if self.series_id is None:
            self.series_id = new_series_id
            self.occurrence = 1
        if (
            "due" in changes
            or "recurrence" in changes
            or "repeat_from" in changes
            or self.series_anchor is None
        ):
            self.series_anchor = self.due

    def complete(self, now: datetime) -> Changes:
        """Mark done; completing a completed task changes nothing."""
        if self.status is Status.COMPLETED:
            return {}
        changes: Changes = {
            "status": (self.status, Status.COMPLETED),
            "completed_at": (self.completed_at, now),
        }
        self.status = Status.COMPLETED
        self.completed_at = now
        self._touch(now)
        return changes

    def reopen(self, now: datetime) -> Changes:
        """Mark pending again; reopening a pending task changes nothing."""
        if self.status is Status.PENDING:
            return {}
        changes: Changes = {
            "status": (self.status, Status.PENDING),
            "completed_at": (self.completed_at, None),
        }
        self.status = Status.PENDING
        self.completed_at = None
        self._touch(now)
        return changes

    def next_occurrence(self, *, task_id: str, now: datetime, tz: ZoneInfo) -> Task | None:
        """The series' next task after this one, or None when the series has ended.

        It keeps the title, description, priority, tags and series, and its
        reminder keeps the same lead before its due. Its due is the first one still
        ahead at the completion (``now`` if the task is not completed), or for a task
        repeating after completion, counted from the day it was completed.
        """
        found = self._following(tz, completed_at=self.completed_at, now=now)
        if found is None or self.due is None:
            return None
        due = found.due
        remind_at = None
        if self.remind_before_minutes is not None:
            remind_at = reminder_before(due, self.remind_before_minutes, tz)
        elif self.remind_at is not None:
            remind_at = _shifted_reminder(self.due, self.remind_at, due, tz)
        return Task(
            id=task_id,
            user_id=self.user_id,
            title=self.title,
            description=self.description,
            priority=self.priority,
            tags=self.tags,
            due=due,
            remind_at=remind_at,
            remind_before_minutes=self.remind_before_minutes,
            recurrence=self.recurrence,
            repeat_from=self.repeat_from,
            series_id=self.series_id,
            series_anchor=found.anchor,
            occurrence=found.occurrence,
            created_at=now,
            updated_at=now,
        )

    def skipped_occurrences(self, tz: ZoneInfo) -> tuple[Due, ...]:
        """The dates of the series a completed overdue task passed over (the occurrence
        made after it is the first one still ahead when it was completed)."""
        if self.status is not Status.COMPLETED or self.completed_at is None:
            return ()
        if self.repeat_from is RepeatFrom.COMPLETION:
            return ()
        found = self._following(tz, completed_at=self.completed_at, now=self.completed_at)
        return found.skipped if found is not None else ()

    def upcoming_dues(self, count: int, tz: ZoneInfo) -> list[Due]:
        """This task's due and the series' dues after it, ``count`` at most; only the
        due for a task repeating after completion (the rest depend on when it is done)."""
        if self.due is None:
            return []
        if self.recurrence is None or self.repeat_from is RepeatFrom.COMPLETION:
            return [self.due]
        return upcoming_dues(
            self.recurrence,
            anchor=self.series_anchor or self.due,
            current=self.due,
            occurrence=self.occurrence or 1,
            tz=tz,
            count=count,
        )

    def _following(
        self, tz: ZoneInfo, *, completed_at: datetime | None, now: datetime
    ) -> Following | None:
        """The occurrence after this one; an uncompleted task skips nothing, and one
        repeating after completion counts from ``now`` until it is completed."""
        if self.recurrence is None or self.due is None:
            return None
        number = self.occurrence or 1
        if self.repeat_from is RepeatFrom.COMPLETION:
            return following_after_completion(
                self.recurrence,
                current=self.due,
                occurrence=number,
                tz=tz,
                completed_at=completed_at or now,
            )
        return following_on_schedule(
            self.recurrence,
            anchor=self.series_anchor or self.due,
            current=self.due,
            occurrence=number,
            tz=tz,
            completed_at=completed_at,
        )

    def _touch(self, now: datetime) -> None:
        self.updated_at = max(now, self.updated_at)
        self.version += 1


def _shifted_reminder(
    old_due: Due, old_remind_at: datetime, new_due: Due, tz: ZoneInfo
) -> datetime | None:
    """The next occurrence's reminder, as far before its due as the last one's; none
    when that falls outside the supported dates (a reminder far after its due)."""
    try:
        shifted = shift_reminder(
            old_due=old_due, old_remind_at=old_remind_at, new_due=new_due, tz=tz
        )
    except OverflowError:
        return None
    return shifted if is_supported(shifted) else None


def _check_invariants(task: Task, tz: ZoneInfo) -> None:
    """Rules that join fields: a recurring task needs a due, and must recur."""
    if task.recurrence is None:
        return
    if task.due is None:
        raise ValidationFailed.single("recurrence", "a recurring task needs a due date")
    try:
        check_repeats(task.recurrence, task.due, tz)
    except InvalidRecurrence as exc:
        raise ValidationFailed.single("recurrence", str(exc)) from None
