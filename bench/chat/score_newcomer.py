#!/usr/bin/env python3
"""Score the chat on a newcomer's conversation (bench/chat/newcomer.jsonl).

    score_newcomer.py [CASES.jsonl] [--verbose]

Starts the embedded runtime on a real HTTP server (as the tests do) with a manual
clock standing at Wednesday 2026-03-04 10:00 in New York, registers a fresh
account in that zone, and says each step's message through ``POST /api/chat`` in
one conversation. Before and after each step it reads every task through
``GET /api/tasks?status=all`` and checks the difference and the reply against the
step's ``expect`` as bench/chat/README.md defines it. Prints PASS/FAIL per step
with a short reason, and last ``handled as expected: X/N (P%)``. A benchmark: it
exits 0 whatever the figure (1 when the file is unusable).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

CASES = Path(__file__).with_name("newcomer.jsonl")
NOW_ISO = "2026-03-04T15:00:00+00:00"
"""Wednesday 2026-03-04, 10:00 in New York."""
TIMEZONE = "America/New_York"

Task = dict[str, Any]
Snapshot = dict[str, Task]
"""Every task of the account, by id."""

FIELDS = ("title", "due", "remind_at", "priority", "tags", "recurrence", "repeat_from", "status")
"""The fields a person sees; a change of any other (version, updated_at) is not a change."""

LISTED_ITEM = re.compile(r"^\s*\d+\.\s+\*(?P<title>[^*]+)\*", re.MULTILINE)
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
DURATION_RULES = {"D": "DAILY", "W": "WEEKLY", "M": "MONTHLY", "Y": "YEARLY"}


@dataclass(frozen=True)
class Turn:
    """What one step did: the tasks before and after it, and the chat's reply."""

    before: Snapshot
    after: Snapshot
    reply: str
    previous_listing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Verdict:
    passed: bool
    reason: str


def passed(reason: str = "") -> Verdict:
    return Verdict(True, reason)


def failed(reason: str) -> Verdict:
    return Verdict(False, reason)


# --- reading tasks and replies -------------------------------------------------------


def listed_titles(reply: str) -> tuple[str, ...]:
    """The titles a reply lists, in order (its numbered ``1. *title*`` lines)."""
    return tuple(match["title"].strip() for match in LISTED_ITEM.finditer(reply))


def visible(task: Task) -> dict[str, Any]:
    return {name: task.get(name) for name in FIELDS}


def added(turn: Turn) -> list[Task]:
    return [task for task_id, task in turn.after.items() if task_id not in turn.before]


def removed(turn: Turn) -> list[Task]:
    return [task for task_id, task in turn.before.items() if task_id not in turn.after]


def changed(turn: Turn) -> list[tuple[Task, Task]]:
    """(before, after) of every task that is in both and looks different."""
    return [
        (task, turn.after[task_id])
        for task_id, task in turn.before.items()
        if task_id in turn.after and visible(task) != visible(turn.after[task_id])
    ]


def untouched(turn: Turn) -> bool:
    return not added(turn) and not removed(turn) and not changed(turn)


def difference(turn: Turn) -> str:
    """A short account of what a step did to the tasks, for a failure's reason."""
    parts = [f"added {task['title']!r}" for task in added(turn)]
    parts += [f"removed {task['title']!r}" for task in removed(turn)]
    for old, new in changed(turn):
        fields = [name for name in FIELDS if old.get(name) != new.get(name)]
        parts.append(f"changed {old['title']!r} ({', '.join(fields)})")
    return "; ".join(parts) or "no task changed"


def named(tasks: Iterable[Task], title: str) -> Task | None:
    """The task ``title`` names: the one with that title, else the one it begins."""
    candidates = list(tasks)
    for task in candidates:
        if task["title"].casefold() == title.casefold():
            return task
    for task in candidates:
        if task["title"].casefold().startswith(title.casefold()):
            return task
    return None


# --- comparing field values ------------------------------------------------------------


def rule_parts(rule: str | None) -> dict[str, str] | None:
    if rule is None:
        return None
    return dict(part.split("=", 1) for part in rule.upper().split(";") if "=" in part)


def same_repeat(expected: str | None, actual: str | None, due: str | None) -> bool:
    """Two RRULEs are the same repeat when their parts match, or, from the task's due,
    they make the same next dates ("FREQ=YEARLY" from March 3 is "on March 3")."""
    if rule_parts(expected) == rule_parts(actual):
        return True
    if expected is None or actual is None or due is None:
        return False
    return next_dates(expected, due) == next_dates(actual, due)


def next_dates(rule: str, due: str, count: int = 8) -> list[datetime]:
    from dateutil.rrule import rrule, rrulestr

    start = datetime.fromisoformat(due if "T" in due else due + "T00:00:00")
    dates = rrulestr(f"RRULE:{rule}", dtstart=start.replace(tzinfo=None))
    assert isinstance(dates, rrule)
    return [moment for _, moment in zip(range(count), dates, strict=False)]


def same_moment(expected: str | None, actual: str | None) -> bool:
    """Dates equal as dates, date-times as instants; a date never equals a date-time."""
    if expected is None or actual is None:
        return expected == actual
    expected_is_date = "T" not in expected
    if expected_is_date != ("T" not in actual):
        return False
    if expected_is_date:
        return date.fromisoformat(expected) == date.fromisoformat(actual)
    return datetime.fromisoformat(expected) == datetime.fromisoformat(actual)


def field_mismatch(name: str, expected: Any, task: Task, *, tags_all: bool) -> str | None:
    """Why ``task`` does not carry ``expected`` for the field ``name``; None if it does."""
    if name == "title_starts":
        matches = task["title"].casefold().startswith(expected.casefold())
    elif name == "title":
        matches = task["title"].casefold() == expected.casefold()
    elif name in ("due", "remind_at"):
        matches = same_moment(expected, task.get(name))
    elif name == "recurrence":
        matches = same_repeat(expected, task.get("recurrence"), task.get("due"))
    elif name == "tags":
        wanted, carried = set(expected), set(task.get("tags") or ())
        matches = wanted == carried if tags_all else wanted <= carried
    elif name == "repeat_after_completion":
        matches = task.get("repeat_from") == "completion" and rule_parts(
            task.get("recurrence")
        ) == rule_parts(rule_of_duration(expected))
        return (
            None if matches else f"repeat {task.get('recurrence')} from {task.get('repeat_from')}"
        )
    else:
        matches = task.get(name) == expected
    return None if matches else f"{name} is {task.get(name)!r}, expected {expected!r}"


def rule_of_duration(duration: str) -> str:
    """``P3D`` as the RRULE a repeat after completion stores (``FREQ=DAILY;INTERVAL=3``)."""
    match = re.fullmatch(r"P(\d+)([DWMY])", duration)
    if match is None:
        raise ValueError(f"unsupported duration {duration!r}")
    count, unit = int(match[1]), DURATION_RULES[match[2]]
    return f"FREQ={unit}" if count == 1 else f"FREQ={unit};INTERVAL={count}"


def mismatches(fields: Mapping[str, Any], task: Task, *, tags_all: bool) -> list[str]:
    found = (field_mismatch(name, value, task, tags_all=tags_all) for name, value in fields.items())
    return [reason for reason in found if reason is not None]


def mentions_number(reply: str, value: int) -> bool:
    if re.search(rf"(?<![\d.]){value}(?![\d.])", reply):
        return True
    word = NUMBER_WORDS[value] if value < len(NUMBER_WORDS) else None
    return word is not None and re.search(rf"\b{word}\b", reply, re.IGNORECASE) is not None


# --- one check per kind of expectation ---------------------------------------------------


def check_adds(expect: Mapping[str, Any], turn: Turn) -> Verdict:
    new = added(turn)
    if len(new) != 1 or removed(turn) or changed(turn):
        return failed(difference(turn))
    wrong = mismatches(expect["task"], new[0], tags_all=True)
    return failed(f"added {new[0]['title']!r}: " + "; ".join(wrong)) if wrong else passed()


def check_changes(expect: Mapping[str, Any], turn: Turn) -> Verdict:
    target = named(turn.before.values(), expect["task"])
    if target is None:
        return failed(f"no task {expect['task']!r} before the step")
    touched = changed(turn)
    if added(turn) or removed(turn) or [old["id"] for old, _ in touched] != [target["id"]]:
        return failed(difference(turn))
    after = turn.after[target["id"]]
    fields: dict[str, Any] = dict(expect["fields"])
    wrong = mismatches(fields, after, tags_all=False)
    kept = [name for name in FIELDS if name not in fields and name != "tags"]
    wrong += [f"{name} changed" for name in kept if target.get(name) != after.get(name)]
    if not set(target.get("tags") or ()) <= set(after.get("tags") or ()):
        wrong.append("lost tags")
    return failed("; ".join(wrong)) if wrong else passed()


def titles_of(tasks: Sequence[Task]) -> list[str]:
    return sorted(task["title"] for task in tasks)


def check_completes(expect: Mapping[str, Any], turn: Turn) -> Verdict:
    done = [
        new
        for old, new in changed(turn)
        if old["status"] == "pending" and new["status"] != "pending"
    ]
    others = [old for old, new in changed(turn) if old["status"] == new["status"]]
    if titles_of(done) != sorted(expect["tasks"]) or others or removed(turn):
        return failed(difference(turn))
    next_due = expect.get("next_due")
    occurrences = added(turn)
    if next_due is None:
        return failed(difference(turn)) if occurrences else passed()
    if len(occurrences) != 1 or not same_moment(next_due, occurrences[0].get("due")):
        due = [task.get("due") for task in occurrences]
        return failed(f"next occurrence due {due}, expected {next_due}")
    return passed()


def check_deletes(expect: Mapping[str, Any], turn: Turn) -> Verdict:
    if titles_of(removed(turn)) != sorted(expect["tasks"]) or added(turn) or changed(turn):
        return failed(difference(turn))
    return passed()


def check_undoes(expect: Mapping[str, Any], turn: Turn) -> Verdict:
    wanted_gone = sorted(expect.get("deletes", []))
    reopened = [
        new
        for old, new in changed(turn)
        if old["status"] != "pending" and new["status"] == "pending"
    ]
    gone = [task for task in removed(turn) if task["title"] not in expect.get("reopens", [])]
    problems = []
    if titles_of(gone) != wanted_gone:
        problems.append("removed " + str(titles_of(removed(turn))))
    if titles_of(reopened) != sorted(expect.get("reopens", [])):
        problems.append(f"reopened {titles_of(reopened)}")
    if titles_of(added(turn)) != sorted(expect.get("restores", [])):
        problems.append(f"restored {titles_of(added(turn))}")
    if len(changed(turn)) != len(reopened):
        problems.append(difference(turn))
    return failed("; ".join(problems)) if problems else passed()


def check_confirms(expect: Mapping[str, Any], turn: Turn) -> Verdict:
    if not untouched(turn):
        return failed(difference(turn))
    titles = expect["tasks"]
    missing = [title for title in titles if title.casefold() not in turn.reply.casefold()]
    if missing:
        return failed(f"the preview does not name {missing}")
    if not mentions_number(turn.reply, len(titles)):
        return failed(f"the preview gives no count of {len(titles)}")
    return passed()


def check_lists(expect: Mapping[str, Any], turn: Turn) -> Verdict:
    if not untouched(turn):
        return failed(difference(turn))
    listed = listed_titles(turn.reply)
    folded = [title.casefold() for title in listed]
    if "titles" in expect:
        wanted = [title.casefold() for title in expect["titles"]]
        if expect.get("prefix"):
            ok = folded[: len(wanted)] == wanted
        elif expect.get("ordered"):
            ok = folded == wanted
        else:
            ok = sorted(folded) == sorted(wanted)
        return passed() if ok else failed(f"listed {list(listed)}")
    if "contains" in expect:
        missing = [title for title in expect["contains"] if title.casefold() not in folded]
        return failed(f"listed {list(listed)}, not {missing}") if missing else passed()
    if expect.get("first_page"):
        return passed() if listed else failed("listed nothing")
    if expect.get("next_page"):
        return check_next_page(turn, listed)
    return failed("unknown listing expectation")


def check_next_page(turn: Turn, listed: Sequence[str]) -> Verdict:
    """The tasks after the previous listing; or, if that one showed them all, says so."""
    if not turn.previous_listing:
        return failed("no listing before to page on")
    if listed:
        repeated = set(listed) & set(turn.previous_listing)
        return failed(f"lists again {sorted(repeated)}") if repeated else passed()
    showed_all = len(turn.previous_listing) >= len(turn.before)
    return passed() if showed_all else failed("listed nothing though more tasks exist")


def check_count(expect: Mapping[str, Any], turn: Turn) -> Verdict:
    if not untouched(turn):
        return failed(difference(turn))
    if listed_titles(turn.reply) and not mentions_number(turn.reply, expect["value"]):
        return failed("listed tasks instead of a number")
    if not mentions_number(turn.reply, expect["value"]):
        return failed(f"reply has no {expect['value']}: {first_line(turn.reply)!r}")
    return passed()


def check_replies(expect: Mapping[str, Any], turn: Turn) -> Verdict:
    if not untouched(turn):
        return failed(difference(turn))
    if not turn.reply.strip():
        return failed("empty reply")
    missing = [
        word for word in expect.get("contains", []) if word.casefold() not in turn.reply.casefold()
    ]
    return failed(f"reply lacks {missing}: {first_line(turn.reply)!r}") if missing else passed()


CHECKS = {
    "adds": check_adds,
    "changes": check_changes,
    "completes": check_completes,
    "deletes": check_deletes,
    "undoes": check_undoes,
    "confirms": check_confirms,
    "lists": check_lists,
    "count": check_count,
    "replies": check_replies,
}


def check(expect: Mapping[str, Any], turn: Turn) -> Verdict:
    """Whether ``turn`` did what ``expect`` (a step's expectation) asks."""
    return CHECKS[expect["kind"]](expect, turn)


def first_line(reply: str) -> str:
    return reply.strip().splitlines()[0][:80] if reply.strip() else ""


# --- replaying the conversation -------------------------------------------------------------


def read_cases(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def snapshot(client: Any) -> Snapshot:
    """Every task of the signed-in user, by id (every page of ``status=all``)."""
    tasks: Snapshot = {}
    params: dict[str, Any] = {"status": "all", "limit": 200}
    while True:
        answer = client.get("/api/tasks", params=params)
        answer.raise_for_status()
        body = answer.json()
        tasks.update({task["id"]: task for task in body["items"]})
        if not body.get("next_cursor"):
            return tasks
        params["cursor"] = body["next_cursor"]


def replay(cases: Sequence[Mapping[str, Any]], verbose: bool) -> int:
    """Say every step to a fresh server; print the verdicts; the number passed."""
    from tests.e2e.chatting import Chat
    from tests.support import start_server
    from todo_chatbot.runtimes.clocks import ManualClock

    wins = 0
    with tempfile.TemporaryDirectory(prefix="newcomer-") as data_dir:
        clock = ManualClock(datetime.fromisoformat(NOW_ISO))
        server = start_server(Path(data_dir), clock, log_level="WARNING")
        try:
            user = server.register(timezone=TIMEZONE)
            chat = Chat(user)
            listing: tuple[str, ...] = ()
            for case in cases:
                before = snapshot(user)
                reply = chat.reply(case["say"])
                turn = Turn(before, snapshot(user), reply, listing)
                listing = listed_titles(reply) or listing
                verdict = check(case["expect"], turn)
                wins += verdict.passed
                print_verdict(case, verdict, reply, verbose)
        finally:
            server.stop()
    return wins


def print_verdict(case: Mapping[str, Any], verdict: Verdict, reply: str, verbose: bool) -> None:
    status = "PASS" if verdict.passed else "FAIL"
    reason = f" ({verdict.reason})" if verdict.reason else ""
    print(f"{status} {case['step']:>3} {case['say']!r}{reason}")
    if verbose or not verdict.passed:
        print("         reply: " + reply.strip().replace("\n", " | ")[:300])


def quiet_logs() -> None:
    """Only the server's warnings and errors, so the verdicts stay readable."""
    import logging

    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", nargs="?", type=Path, default=CASES)
    parser.add_argument("--verbose", action="store_true", help="print every reply")
    options = parser.parse_args(argv)
    try:
        cases = read_cases(options.cases)
    except (OSError, ValueError) as error:
        print(f"cannot read {options.cases}: {error}", file=sys.stderr)
        return 1
    quiet_logs()
    wins = replay(cases, options.verbose)
    print(f"handled as expected: {wins}/{len(cases)} ({100 * wins / len(cases):.0f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
