"""The chat's answers to questions about reminders, and to "snooze all my reminders".

Each runs one tool (``list_reminders``, ``explain_reminder``,
``snooze_all_reminders``) and says what it returned, with times in the user's
zone. "Why didn't I get reminded about X?" is answered from what the system
knows: the task's reminder time, whether a notification was kept for it (and
read or snoozed), and the rules for when a reminder rings; it never claims to
know whether a phone showed it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from todo_chatbot.chat import in_words
from todo_chatbot.chat.language import ListReminders, SnoozeAll
from todo_chatbot.chat.tools import TaskTools
from todo_chatbot.core.errors import DomainError, NotFound
from todo_chatbot.core.timekeeping import local_date

View = Mapping[str, Any]
SHOWN: Final = 10
"""Reminders listed in one answer."""
WHICH_TASK: Final = (
    'Which task do you mean? For example: "why didn\'t I get reminded about the dentist?"'
)


async def list_reminders(tools: TaskTools, command: ListReminders) -> str:
    """The reminders of the days the command names, in the order they ring."""
    now, tz = tools.now(), tools.caller.tz
    try:
        found = await tools.reminders_on(command.day_from, command.day_to)
    except DomainError as exc:
        return f"I couldn't list your reminders: {exc}"
    reminders: list[View] = found["reminders"]
    when = _days_in_words(command, now, tz)
    if not reminders:
        return f"You have no reminders {when}." if when else "You have no reminders to come."
    lines = [
        f"{number}. {_reminder_line(reminder, now, tz)}"
        for number, reminder in enumerate(reminders[:SHOWN], start=1)
    ]
    count = in_words.count(len(reminders), "reminder")
    head = f"Your reminders {when}:" if when else "Your reminders to come:"
    if found["more"] or len(reminders) > SHOWN:
        head = f"The first {len(lines)} of your reminders{' ' + when if when else ''}:"
    else:
        head = f"{head[:-1]} ({count}):"
    return "\n".join([head, *lines])


def _reminder_line(reminder: View, now: datetime, tz: ZoneInfo) -> str:
    at = datetime.fromisoformat(reminder["at"])
    line = f"{in_words.moment(at, now, tz)}: {in_words.title(reminder['title'])}"
    if reminder["snoozed"]:
        line += " (snoozed, comes back then)"
    elif reminder["passed"]:
        line += " (already past)"
    return line


def _days_in_words(command: ListReminders, now: datetime, tz: ZoneInfo) -> str:
    """ "today", "from Monday to Sunday", "" (no days: every reminder to come)."""
    today = local_date(now, tz)
    first, last = command.day_from, command.day_to
    if first is None and last is None:
        return ""
    if first is not None and first == last:
        said = in_words.day(first, today)
        return said if said in ("today", "tomorrow", "yesterday") else f"on {said}"
    if first is None:
        assert last is not None
        return f"until {in_words.day(last, today)}"
    if last is None:
        return f"from {in_words.day(first, today)} on"
    return f"from {in_words.day(first, today)} to {in_words.day(last, today)}"


async def why_no_reminder(tools: TaskTools, target: str) -> tuple[str, dict[str, Any] | None]:
    """Why the task ``target`` names had no reminder, and the task (the conversation's
    focus next); several fitting tasks are listed to choose from."""
    now, tz = tools.now(), tools.caller.tz
    found = await tools.find_tasks(text=target, status="all")
    matches: list[View] = found["matches"]
    pending = [match for match in matches if match.get("status") == "pending"]
    matches = pending or matches
    if not matches:
        closest = found["suggestions"]
        text = f'I couldn\'t find "{target}" among your tasks.'
        if closest:
            text += f" Did you mean {in_words.quoted_list(closest)}?"
        return text, None
    if len(matches) > 1:
        listed = in_words.numbered(matches, now, tz)
        return (
            f"Several tasks fit:\n{listed}\nAsk again with more of the title, and I'll"
            " tell you what happened to its reminder.",
            None,
        )
    try:
        report = await tools.explain_reminder(task_id=matches[0]["id"])
    except NotFound:
        return "That task is gone: it was deleted meanwhile.", None
    return explained(report, now, tz), report["task"]


def explained(report: View, now: datetime, tz: ZoneInfo) -> str:
    """The answer for each story ``explain_reminder`` tells."""
    task: View = report["task"]
    name = in_words.title(task["title"])
    story = report["story"]
    at = datetime.fromisoformat(report["remind_at"]) if report["remind_at"] else None
    if story == "none_set" or at is None:
        return f"{name} has no reminder set, so none was sent. {_how_to_set(task)}"
    when = in_words.moment(at, now, tz)
    if story == "ahead":
        return f"{name}'s reminder is set for {when}, so it hasn't come yet."
    if story == "sent":
        return _sent(name, report["notification"], at, now, tz)
    if story == "done_first":
        return (
            f"{name} was marked done before its reminder time ({when}), and a task that is"
            " done gets no reminder. Reopen it if it isn't finished, and set a new reminder."
        )
    if story == "on_its_way":
        return f"{name}'s reminder was set for {when}, a moment ago: it is going out now."
    return (
        f"{name}'s reminder was set for {when}, and no notification went out for it. A"
        " reminder rings only while its task is pending with that reminder time: if the task"
        " was done (or its reminder changed) when the time came, it was skipped, and"
        " reopening a task brings back only a reminder still ahead. "
        + _how_to_set(task, again=True)
    )


def _sent(name: str, notification: View, at: datetime, now: datetime, tz: ZoneInfo) -> str:
    """It rang: when, whether late, and what became of it; a device is beyond what is known."""
    came = _instant(notification["created_at"])
    text = f"I did send {name}'s reminder: it came {in_words.moment(came, now, tz)}"
    text += " (late: the system was down at its time)." if notification["late"] else "."
    if notification["snoozed_until"]:
        until = _instant(notification["snoozed_until"])
        text += f" It was snoozed until {in_words.moment(until, now, tz)}."
    elif notification["read_at"]:
        text += " It is marked as read."
    else:
        text += " It is still unread in your notifications."
    return (
        text + " I can't tell whether your phone or browser showed it: I only know it was"
        " sent to the app, which shows it while it is open."
    )


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _how_to_set(task: View, *, again: bool = False) -> str:
    title = task["title"]
    verb = "Set it again" if again else "Set one"
    if task.get("due") and "T" in str(task["due"]):
        return f'{verb} with: "remind me about {title} 1 hour before".'
    return f'{verb} with: "remind me about {title} tomorrow at 9am".'


async def snooze_all(tools: TaskTools, command: SnoozeAll) -> str:
    """Every reminder quieted until the end of the snooze: what was snoozed and moved."""
    now, tz = tools.now(), tools.caller.tz
    try:
        result = await tools.snooze_all(minutes=command.minutes, until=command.until)
    except DomainError as exc:
        return f"I couldn't snooze your reminders: {exc}"
    until = in_words.moment(datetime.fromisoformat(result["until"]), now, tz)
    rung = _titles([n["title"] for n in result["snoozed"]])
    moved = _titles([t["title"] for t in result["moved"]])
    if not rung and not moved:
        return f"There were no reminders to snooze: none is waiting, and none rings before {until}."
    said = [f"Snoozed until {until}:"]
    if rung:
        said.append(f"{rung} (already rang)" + (";" if moved else "."))
    if moved:
        said.append(
            f"{moved} (would have rung before then; their reminders moved to {until},"
            ' say "undo" to put them back).'
        )
    return " ".join(said)


def _titles(titles: Sequence[str]) -> str:
    shown = [in_words.title(title) for title in titles[:5]]
    if len(titles) > 5:
        shown.append(f"{len(titles) - 5} more")
    return ", ".join(shown)
