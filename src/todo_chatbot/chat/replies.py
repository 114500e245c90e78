"""The chat's replies, composed from what the tools returned.

Short and concrete: each says what was done, with dates and times in the
user's zone (:mod:`.in_words`). Help and the answer to anything outside the
domain are fixed texts: the chat never pretends to have done something.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from todo_chatbot.chat import in_words
from todo_chatbot.chat.tools import ToolCall
from todo_chatbot.core.timekeeping import Due, parse_due
from todo_chatbot.core.words import fold

View = Mapping[str, Any]

HELP: Final = """\
I keep your to-do list. Just write what you want, for example:
- **Add**: "Buy groceries tomorrow at 5pm, remind me 1 hour before", \
"team sync every Monday at 9:30am p1 #work"
- **See**: "what's pending?", "show my high priority tasks due this week", \
"what's overdue?", "find tasks about invoices"
- **Finish**: "mark vitamins done"; **reopen**: "reopen vitamins"
- **Correct** what I just did: "no, Friday", "make it 6pm", "high priority"; \
**undo** it: "undo"
- **Change**: "move the report to next Friday at 3pm", "make taxes high priority", \
"rename groceries to food shopping"
- **Delete**: "delete the dentist task"
- **Reminders**: "what reminders do I have today?", "why didn't I get reminded \
about the dentist?", "snooze all my reminders for an hour"
When several tasks fit, I ask which one you mean: answer with its number ("2") \
or its title, or say "cancel"."""

OUT_OF_DOMAIN: Final = (
    "Sorry, I can only help with your tasks, and I didn't read that as something to do"
    ' with them. Say "help" to see what I understand.'
)
GREETING: Final = 'Hi! Tell me what to add, or ask "what\'s pending?". Say "help" for examples.'
THANKS: Final = "You're welcome!"
NOTHING_TO_ADD: Final = 'What should I add? For example: "call mom tomorrow at 6pm".'
NO_QUESTION: Final = (
    "I haven't asked anything that this answers. Tell me what to do with your tasks,"
    ' or say "help".'
)
ALREADY_ANSWERED: Final = (
    "That question was already answered (in another window), so I did nothing."
)
CANCELLED: Final = "OK, I left everything as it was."
NOTHING_TO_SNOOZE: Final = "There is no reminder to snooze: none came in the last day."
_GREETINGS: Final = re.compile(r"^(hi|hello|hey|hiya|howdy|yo|good (morning|afternoon|evening))\b")
_THANKS: Final = re.compile(r"^(thanks|thank you|thx|ty|cheers|great thanks|perfect)\b")


def small_talk(message: str) -> str | None:
    """A reply to a greeting or thanks, or None."""
    plain = fold(message).strip(" !.")
    if _GREETINGS.match(plain):
        return GREETING
    if _THANKS.match(plain):
        return THANKS
    return None


def added(view: View, now: datetime, tz: ZoneInfo) -> str:
    return f"Added {in_words.task_line(view, now, tz)}."


def corrected(view: View, now: datetime, tz: ZoneInfo) -> str:
    """The read-back after a correction: the whole task as it is now."""
    return f'Corrected: {in_words.task_line(view, now, tz)}. Say "undo" to take that back.'


def completed(view: View, was_done: bool) -> str:
    if was_done:
        return f"{in_words.title(view['title'])} was already done."
    text = f"Marked {in_words.title(view['title'])} as done."
    if view.get("recurrence"):
        said = in_words.repeat(view["recurrence"], view.get("repeat_from"))
        text += f" It repeats {said}, so the next one follows."
    if passed := in_words.skipped(view):
        text = f"{text[:-1]} ({passed}, already past)."
    return text


def reopened(view: View, was_pending: bool) -> str:
    if was_pending:
        return f"{in_words.title(view['title'])} isn't done yet, so there's nothing to reopen."
    return f"Reopened {in_words.title(view['title'])}."


def snoozed(notification: View, now: datetime, tz: ZoneInfo) -> str:
    """ "Snoozed *Buy groceries* until 4:10 PM." """
    until = datetime.fromisoformat(notification["snoozed_until"].replace("Z", "+00:00"))
    return (
        f"Snoozed {in_words.title(notification['title'])} until {in_words.moment(until, now, tz)}."
    )


def deleted(titles: Sequence[str]) -> str:
    if len(titles) == 1:
        return f"Deleted {in_words.title(titles[0])}."
    return f"Deleted {in_words.count(len(titles), 'task')}."


def updated(before: View, after: View, now: datetime, tz: ZoneInfo) -> str:
    """What changed, in words: "Renamed *A* to *B*", "Updated *A*: due Friday at 3:00 PM"."""
    if before["title"] != after["title"]:
        head = f"Renamed {in_words.title(before['title'])} to {in_words.title(after['title'])}"
    else:
        head = f"Updated {in_words.title(after['title'])}"
    changes = _changed_details(before, after, now, tz)
    if not changes:
        return f"{head}." if before["title"] != after["title"] else f"{head}: nothing changed."
    return f"{head}: {', '.join(changes)}."


def _changed_details(before: View, after: View, now: datetime, tz: ZoneInfo) -> list[str]:
    said: list[str] = []
    fields = ("due", "remind_at", "recurrence", "priority", "tags", "description")
    for name in fields:
        if before.get(name) == after.get(name):
            continue
        if after.get(name) in (None, []):
            said.append(f"no {_FIELD_NAMES[name]} now")
    shown_before = in_words.task_details(before, now, tz)
    said.extend(d for d in in_words.task_details(after, now, tz) if d not in shown_before)
    if before.get("description") != after.get("description") and after.get("description"):
        said.append("notes changed")
    return said


_FIELD_NAMES: Final = {
    "due": "due date",
    "remind_at": "reminder",
    "recurrence": "repeat",
    "priority": "priority",
    "tags": "tags",
    "description": "notes",
}


def listed(result: View, status: str, *, filtered: bool, now: datetime, tz: ZoneInfo) -> str:
    tasks: list[View] = list(result["tasks"])
    kind = {"pending": "pending ", "completed": "completed "}.get(status, "")
    if not tasks:
        return f"No {kind}tasks match that." if filtered else f"You have no {kind}tasks."
    lines = [
        f"{number}. {in_words.task_line(view, now, tz)}"
        + (" (done)" if view.get("status") == "completed" and status == "all" else "")
        for number, view in enumerate(tasks, start=1)
    ]
    if result.get("more"):
        head = f"Here are the first {len(tasks)} of your {kind}tasks:"
        lines.append(MORE_HINT)
    elif filtered:
        head = f"{in_words.count(len(tasks), kind + 'task')} match:"
    else:
        head = f"You have {in_words.count(len(tasks), kind + 'task')}:"
    return "\n".join([head, *lines])


def listed_page(result: View, status: str, *, start: int, now: datetime, tz: ZoneInfo) -> str:
    """A page after the first of a listing: its numbers go on from ``start``."""
    tasks: list[View] = list(result["tasks"])
    kind = {"pending": "pending ", "completed": "completed "}.get(status, "")
    if not tasks:
        return NO_MORE_PAGES
    lines = [
        f"{number}. {in_words.task_line(view, now, tz)}"
        for number, view in enumerate(tasks, start=start)
    ]
    which = "next" if result.get("more") else "last"
    head = f"Here are the {which} {in_words.count(len(tasks), kind + 'task')}:"
    return "\n".join([head, *lines, *([MORE_HINT] if result.get("more") else [])])


MORE_HINT: Final = 'Say "show more" for the next ones.'
NO_MORE_PAGES: Final = (
    'That was everything: there is no more to show. Say "show my tasks" to list them again.'
)
NOTHING_TO_PAGE: Final = (
    'There is no listing to go on with. Say "show my tasks" (or "what\'s due this week") first.'
)


def not_later(title: str, when: str) -> str:
    """A push that would make the task earlier: nothing changed."""
    return (
        f"{in_words.title(title)} is {when}, so that would not push it later; I left it."
        f' Tell me a later day, or say "move {title} to ..." to make it earlier.'
    )


def move_or_add(task_title: str, amount: str, title: str) -> str:
    """A question for a pending task's name and an amount ("rent 3 days")."""
    name = in_words.title(task_title)
    return (
        f'Did you mean to move {name} {amount} later? Say "postpone {task_title} by {amount}"'
        f' for that, or "add {title}" to add it as a new task.'
    )


def counted(number: int, status: str, *, filtered: bool) -> str:
    """The answer to "how many ...?": a number, no list."""
    kind = {"pending": "pending ", "completed": "completed "}.get(status, "")
    if filtered:
        if number == 0:
            return f"No {kind}tasks match that."
        verb = "matches" if number == 1 else "match"
        return f"{in_words.count(number, kind + 'task')} {verb} that."
    if number == 0:
        return f"You have no {kind}tasks."
    return f"You have {in_words.count(number, kind + 'task')}."


def which(verb: str, options: Sequence[View], now: datetime, tz: ZoneInfo) -> str:
    """The question when several tasks fit."""
    return (
        f"Which one should I {verb}?\n{in_words.numbered(options, now, tz)}\n"
        'Answer with a number or a title, or say "cancel".'
    )


def pick_again(options: int) -> str:
    return f'Please answer with a number from 1 to {options}, a title, or "cancel".'


def confirm_delete_all(views: Sequence[View]) -> str:
    titles = [view["title"] for view in views]
    shown = ", ".join(in_words.title(t) for t in titles[:5])
    rest = f" and {len(titles) - 5} more" if len(titles) > 5 else ""
    return (
        f"That would delete all {in_words.count(len(titles), 'task')} ({shown}{rest})."
        ' Are you sure? Say "yes" to delete them, or "no" to keep them.'
    )


def confirm_again(count: int) -> str:
    them = "them" if count > 1 else "it"
    return f'Please say "yes" to delete {them}, or "no" to keep {them}.'


def confirm_guess(view: View) -> str:
    """Deleting a task found by a close spelling only: a question first."""
    return f'Did you mean {in_words.title(view["title"])}? Say "yes" to delete it, or "no".'


def nothing_to_delete() -> str:
    return "You have no tasks to delete."


def no_target(verb: str) -> str:
    return f'Which task should I {verb}? Say its title, e.g. "{verb} buy milk".'


def not_found(target: str, closest: Sequence[str], status: str) -> str:
    where = {"pending": "pending tasks", "completed": "completed tasks"}.get(status, "tasks")
    text = f'I couldn\'t find "{target}" among your {where}.'
    if closest:
        text += f" Did you mean {in_words.quoted_list(closest)}?"
    return text


def failed(verb: str, reason: str) -> str:
    return f"I couldn't {verb} that: {reason}"


def actions_done(calls: Sequence[ToolCall], now: datetime, tz: ZoneInfo) -> str:
    """A reply from the tool calls alone (when the LLM failed after acting)."""
    said = []
    for call in calls:
        if call.failed or not isinstance(call.result, dict):
            continue
        if call.tool == "add_task":
            said.append(added(call.result, now, tz))
        elif call.tool == "complete_task":
            said.append(completed(call.result, was_done=False))
        elif call.tool == "reopen_task":
            said.append(reopened(call.result, was_pending=False))
        elif call.tool == "delete_task":
            said.append(deleted([call.result["title"]]))
        elif call.tool == "update_task":
            said.append(f"Updated {in_words.task_line(call.result, now, tz)}.")
        elif call.tool == "snooze_all_reminders":
            until = datetime.fromisoformat(call.result["until"])
            said.append(f"Snoozed your reminders until {in_words.moment(until, now, tz)}.")
    return " ".join(said) or "I couldn't finish that; please try again."


def next_dates(task: View, found: View, now: datetime, tz: ZoneInfo) -> str:
    """When a task is next due: "*Call mom* is next due Tuesday, March 17 (it repeats every
    month on the third Tuesday)", or its next dates one per line."""
    name = in_words.title(task["title"])
    dates = [parse_due(text, tz) for text in found["occurrences"]]
    if not dates:
        return f"{name} has no due date, so it has no next date."
    rule = found.get("recurrence")
    repeat = (
        in_words.repeat(rule, found.get("repeat_from"), _local_day(dates[0], tz)) if rule else None
    )
    first = in_words.moment(dates[0], now, tz)
    if repeat is None:
        return f"{name} is due {first}; it doesn't repeat."
    if len(dates) == 1 or found.get("repeat_from") == "completion":
        return f"{name} is next due {first} (it repeats {repeat})."
    lines = [f"{n}. {in_words.moment(due, now, tz)}" for n, due in enumerate(dates, start=1)]
    return "\n".join([f"The next {len(dates)} dates of {name} ({repeat}):", *lines])


def _local_day(due: Due, tz: ZoneInfo) -> date:
    return due.astimezone(tz).date() if isinstance(due, datetime) else due


def which_dates(options: Sequence[View], now: datetime, tz: ZoneInfo) -> str:
    """Several tasks fit a question about next dates: ask for the title in full."""
    return (
        f"Several tasks fit:\n{in_words.numbered(options, now, tz)}\n"
        "Ask again with more of the title, and I'll tell you its next dates."
    )
