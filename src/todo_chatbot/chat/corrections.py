"""One-reply corrections: the message right after the chat added or changed a task
can correct what it understood, and the correction changes that same task.

What a correction can say, with or without a lead ("no", "actually", "make it",
"not weekly,"):

- a day or a time: "no, Friday" keeps the time, "make it 6pm" keeps the day,
  "Friday at 3pm" sets both;
- a repeat: "not weekly, monthly", "every Tuesday" (which also moves the due);
- a priority, tags or a reminder: "high priority", "#home", "remind me 1 hour before";
- "no reminder", "no due date", "don't repeat";
- a title: "call it X", "the title is X";
- "that's not a date, it's the title": the words the parser read as the due go
  back into the title (the message's words, less its add verb, tags and
  priority), and the due, its reminder and its repeat are cleared.

The fields are read by the parser itself, as the fields of a task with no title
("todo " + the correction), so a correction understands every date, repeat and
reminder a new task does. Pure: the task and the message that made it are
arguments.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any, Final
from zoneinfo import ZoneInfo

from todo_chatbot.chat.language import AddTask, parse
from todo_chatbot.chat.tools import TaskChange
from todo_chatbot.core.timekeeping import Due, parse_due, to_instant
from todo_chatbot.core.words import fold

_LEAD: Final = re.compile(
    r"^(?:(?:no|nope|nah|oops|sorry|wait|actually|i meant|i mean|rather|instead|"
    r"make (?:it|that)|change (?:it|that)(?: to)?|set it(?: to)?|move it(?: to)?|"
    r"it should be|should be|not [^,;:]+?(?=\s*[,;:]|\s+but\b))\b\s*(?:[,;:.!-]|\bbut\b)?\s*)+",
    re.IGNORECASE,
)
_TITLE_BACK: Final = re.compile(
    r"(?:not an? (?:date|time|day|due(?: date)?|deadline|reminder|repeat)\b"
    r"|(?:it'?s|that'?s|it is|that is|those are|they are|was|were|is|are) (?:all |just )?"
    r"(?:part of |in )?the (?:title|name)\b"
    r"|^(?:keep|put|leave) (?:that|it|them|those words|the date) in the (?:title|name)\b)"
)
_NO_REMINDER: Final = re.compile(
    r"^(?:no |without |remove (?:the )?|drop (?:the )?|don'?t (?:need (?:a |the )?)?)"
    r"(?:reminders?|remind(?:ing)? me)$"
)
_NO_DUE: Final = re.compile(
    r"^(?:no |without |remove (?:the )?|drop (?:the )?)(?:due(?: date)?|date|deadline)$"
)
_NO_REPEAT: Final = re.compile(
    r"^(?:(?:no|not|don'?t|do not|stop) (?:repeat(?:ing)?|recurring|recur)(?: it)?|"
    r"(?:just |only )?once|(?:only )?one time)$"
)
_TITLE: Final = re.compile(
    r"^(?:(?:no|nope|actually|sorry)\W+)*(?:call it|name it|title it|rename it(?: to)?|"
    r"the (?:title|name) is|it'?s called|it should be called)\s*:?\s+(?P<title>.+)$",
    re.IGNORECASE,
)
_ADD_VERB: Final = re.compile(
    r"^(?:please\s+)?(?:add|create|new task|set a reminder to|remind me to|remind me|"
    r"schedule|put|make a task(?: to)?)\b\s*:?\s*",
    re.IGNORECASE,
)
_MARKERS: Final = re.compile(
    r"(?:#\w[\w-]*|\bp[1-4]\b|![a-z0-9]+|\b(?:high|medium|low) priority\b)", re.IGNORECASE
)
_DAY_WORDS: Final = re.compile(
    r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?s?\b|\btoday\b|\btonight\b"
    r"|\btomorrow\b|\btmrw?\b|\bweekend\b|\bnext\b|\bin \w+ (?:days?|weeks?|months?)\b"
    r"|\b\d+(?:st|nd|rd|th)\b|\d[/.-]\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|"
    r"nov|dec)[a-z]*\b"
)
_TIME_WORDS: Final = re.compile(
    r"\d\s*(?:am|pm|a\.m|p\.m|h\b)|\d:\d\d|\bnoon\b|\bmidnight\b|\bmorning\b|\bafternoon\b"
    r"|\bevening\b|\bnight\b|\btonight\b|o'?clock|\bat \d"
)


def read_correction(
    message: str, task: Mapping[str, Any], said: str, *, now: datetime, tz: ZoneInfo
) -> TaskChange | None:
    """The change ``message`` asks of ``task`` (the task the chat just added or changed;
    ``said`` is the message that added it, "" if none did), or None when it is not a
    correction."""
    plain = " ".join(fold(message).split()).strip(" !.")
    if _TITLE_BACK.search(plain):
        return _title_back(said)
    if named := _TITLE.match(message.strip()):
        return TaskChange({"title": named["title"].strip(" \"'“”")})
    rest = _LEAD.sub("", plain).strip(" ,.!")
    if cleared := _cleared(plain) or _cleared(rest):
        return cleared
    if not rest:
        return None
    return _fields(rest, task, now=now, tz=tz)


def _cleared(text: str) -> TaskChange | None:
    """ "no reminder", "no due date", "don't repeat"."""
    if _NO_REMINDER.match(text):
        return TaskChange({"remind_at": None})
    if _NO_DUE.match(text):
        return TaskChange({"due": None, "recurrence": None, "remind_at": None})
    if _NO_REPEAT.match(text):
        return TaskChange({"recurrence": None})
    return None


def _fields(
    rest: str, task: Mapping[str, Any], *, now: datetime, tz: ZoneInfo
) -> TaskChange | None:
    """The fields a bare phrase sets ("Friday", "6pm", "monthly", "high priority")."""
    command = parse(f"todo {rest}", now=now, tz=tz)
    if not isinstance(command, AddTask) or command.task.title.strip():
        return None
    new = command.task
    fields: dict[str, Any] = {}
    current = parse_due(task["due"], tz) if task.get("due") else None
    if new.recurrence is not None:
        fields["recurrence"] = new.recurrence
    if new.due is not None and (new.recurrence is None or _DAY_WORDS.search(rest) or not current):
        fields["due"] = _merged_due(new.due, current, rest, tz)
    if new.priority is not None:
        fields["priority"] = new.priority
    if new.remind_before is not None:
        fields["remind_before_minutes"] = max(1, round(new.remind_before.total_seconds() / 60))
    elif new.remind_at is not None:
        fields["remind_at"] = new.remind_at
    if not fields and not new.tags:
        return None
    return TaskChange(fields, tags_add=new.tags)


def _merged_due(new: Due, current: Due | None, said: str, tz: ZoneInfo) -> Due:
    """A new day keeps the current time ("no, Friday"); a new time keeps the current day
    ("make it 6pm"); a day and a time replace both."""
    if current is None:
        return new
    current_day, current_time = _day_and_time(current, tz)
    new_day, new_time = _day_and_time(new, tz)
    if new_time is None and current_time is not None and not _TIME_WORDS.search(said):
        return to_instant(datetime.combine(new_day, current_time), tz)
    if new_time is not None and not _DAY_WORDS.search(said):
        return to_instant(datetime.combine(current_day, new_time), tz)
    return new


def _day_and_time(due: Due, tz: ZoneInfo) -> tuple[date, time | None]:
    if isinstance(due, datetime):
        wall = due.astimezone(tz)
        return wall.date(), wall.time().replace(tzinfo=None)
    return due, None


def _title_back(said: str) -> TaskChange | None:
    """The message's words as the title, the due (and what hangs on it) cleared."""
    words = _MARKERS.sub(" ", _ADD_VERB.sub("", said.strip()))
    title = " ".join(words.split()).strip(" ,.;:!-\"'“”")
    if not title:
        return None
    return TaskChange({"title": title, "due": None, "recurrence": None, "remind_at": None})
