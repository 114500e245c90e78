"""A command whose target selects many tasks gets that selection as a filter.

"complete everything tagged errands" is a :class:`CompleteTask` whose target
is "everything tagged errands" and whose ``selection`` is the filter
``tags: [errands]`` (:func:`~todo_chatbot.chat.language.selection.read_selection`
decides). Complete, reopen, delete and update take a selection; a target that
names one task keeps ``selection`` None. A target read without the task noun
that ended it ("make all work tasks high priority" has the target "all work") is
read with the noun again when the message has it there.
"""

from __future__ import annotations

import re
from dataclasses import replace

from todo_chatbot.chat.language.commands import (
    Command,
    CompleteTask,
    DeleteTask,
    ReopenTask,
    UpdateTask,
)
from todo_chatbot.chat.language.selection import read_selection
from todo_chatbot.chat.language.when.values import Now
from todo_chatbot.tasks.queries import StatusFilter


def with_selection(command: Command, now: Now, text: str = "") -> Command:
    """``command`` (read from the message ``text``) with the selection its target makes."""
    if not isinstance(command, CompleteTask | ReopenTask | DeleteTask | UpdateTask):
        return command
    selection = read_selection(command.target, now)
    if selection is None and _noun_followed(command.target, text):
        selection = read_selection(f"{command.target} tasks", now)
    if selection is None:
        return command
    if isinstance(command, ReopenTask) and selection.status is StatusFilter.PENDING:
        selection = replace(selection, status=StatusFilter.COMPLETED)  # only done tasks reopen
    return replace(command, selection=selection)


def _noun_followed(target: str, text: str) -> bool:
    """Whether the message says ``target`` followed by a task noun ("all work *tasks*")."""
    words = target.lower().split()
    if not words:
        return False
    said = r"\s+".join(re.escape(word) for word in words)
    return re.search(rf"(?<!\S){said}\s+{_TASK_NOUN}", text.lower()) is not None


_TASK_NOUN = r"(?:tasks|task|todos|todo|items|things)(?!\S)"
