"""A command whose target selects many tasks gets that selection as a filter.

"complete everything tagged errands" is a :class:`CompleteTask` whose target
is "everything tagged errands" and whose ``selection`` is the filter
``tags: [errands]`` (:func:`~todo_chatbot.chat.language.selection.read_selection`
decides). Complete, reopen, delete and update take a selection; a target that
names one task keeps ``selection`` None.
"""

from __future__ import annotations

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


def with_selection(command: Command, now: Now) -> Command:
    """``command`` with the selection its target makes, if it makes one."""
    if not isinstance(command, CompleteTask | ReopenTask | DeleteTask | UpdateTask):
        return command
    selection = read_selection(command.target, now)
    if selection is None:
        return command
    if isinstance(command, ReopenTask) and selection.status is StatusFilter.PENDING:
        selection = replace(selection, status=StatusFilter.COMPLETED)  # only done tasks reopen
    return replace(command, selection=selection)
