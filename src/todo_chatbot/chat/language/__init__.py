"""The offline chat parser: one message in, one typed command out.

    >>> command = parse("buy milk tomorrow at 5pm", now=now, tz=tz)
    >>> to_contract(command, tz)
    {"intent": "add_task", "task": {"title": "buy milk", "due": "...T17:00:00-05:00", ...}}

Pure: no I/O and no clock; ``now`` and the zone are arguments. The pipeline,
module by module: :mod:`.words` (tokens, normalized words, spelled-out
numbers), :mod:`.intents` (which command, title and target; snoozes), :mod:`.when`
(dates and times), :mod:`.reminders`, :mod:`.priority`, :mod:`.tags`,
:mod:`.recurring`, :mod:`.listing` (filters and sorts), :mod:`.render` (the
contract's JSON). ``docs/parser.md`` describes it in full.
"""

from todo_chatbot.chat.language.commands import (
    AddTask,
    Command,
    CompleteTask,
    DeleteTask,
    Help,
    Intent,
    ListReminders,
    ListTasks,
    NewTask,
    NextDates,
    ReopenTask,
    Snooze,
    SnoozeAll,
    Sort,
    TaskChanges,
    Unknown,
    Unset,
    UpdateTask,
    WhyNoReminder,
)
from todo_chatbot.chat.language.intents.dispatch import parse
from todo_chatbot.chat.language.render import to_contract, to_json

__all__ = [
    "AddTask",
    "Command",
    "CompleteTask",
    "DeleteTask",
    "Help",
    "Intent",
    "ListReminders",
    "ListTasks",
    "NewTask",
    "NextDates",
    "ReopenTask",
    "Snooze",
    "SnoozeAll",
    "Sort",
    "TaskChanges",
    "Unknown",
    "Unset",
    "UpdateTask",
    "WhyNoReminder",
    "parse",
    "to_contract",
    "to_json",
]
