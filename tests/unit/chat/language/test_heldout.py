"""The held-out phrasings, each written before the parser was run on it.

They were written in rounds: 250 of 274 right on first run, then 92 of 96,
then 75 of 79; then the snoozes and leads (docs/parser.md has their first
run). Each family of phrasings has its module: adding, dates and times,
reminders, recurring, listing, changes (complete, reopen, delete, update),
help and small talk, and snoozes and leads; round 5 (issue 20's families:
filler, priority and tags, reminders on tasks, corrections, sorts, completed
tasks, parts of the day, help, nothing meant, bulk) is :mod:`heldout_round5`, and
round 6 (the same families after round 5 passed) :mod:`heldout_round6`.
:mod:`heldout_expected` has what they share. A lead (``remind_before``) is no
part of the contract's JSON, so the leads' cases also check it on the typed
command.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.unit.chat.language.heldout_adding import ADDING
from tests.unit.chat.language.heldout_changes import CHANGES
from tests.unit.chat.language.heldout_dates_and_times import DATES_AND_TIMES, ZONED
from tests.unit.chat.language.heldout_expected import NOW, TZ
from tests.unit.chat.language.heldout_help_and_small_talk import HELP_AND_SMALL_TALK
from tests.unit.chat.language.heldout_listing import LISTING
from tests.unit.chat.language.heldout_recurring import RECURRING
from tests.unit.chat.language.heldout_reminders import REMINDERS
from tests.unit.chat.language.heldout_round5 import ROUND_5
from tests.unit.chat.language.heldout_round6 import ROUND_6
from tests.unit.chat.language.heldout_snooze_and_leads import (
    LEADS,
    NEAR_MISSES,
    SNOOZES,
    Lead,
)
from tests.unit.chat.language.support import read
from todo_chatbot.chat.language import AddTask, Unset, UpdateTask, parse
from todo_chatbot.core.timekeeping import zone

SNOOZES_AND_LEADS = SNOOZES + [(text, expected) for text, expected, _ in LEADS] + NEAR_MISSES
FAMILIES = (
    ADDING
    + DATES_AND_TIMES
    + REMINDERS
    + RECURRING
    + LISTING
    + CHANGES
    + HELP_AND_SMALL_TALK
    + SNOOZES_AND_LEADS
    + ROUND_5
    + ROUND_6
)
ALL_CASES = [(text, NOW, TZ, expected) for text, expected in FAMILIES] + ZONED


def test_the_held_out_set_is_large_and_has_no_repeats() -> None:
    texts = [(text, now, tz) for text, now, tz, _ in ALL_CASES]
    assert len(texts) >= 759
    assert len(set(texts)) == len(texts)


@pytest.mark.parametrize(
    ("text", "now", "tz", "expected"), ALL_CASES, ids=[f"{c[0]!r}@{c[2]}" for c in ALL_CASES]
)
def test_held_out_phrasing(text: str, now: str, tz: str, expected: dict[str, Any]) -> None:
    assert read(text, now, tz) == expected


@pytest.mark.parametrize(("text", "lead"), [(text, lead) for text, _, lead in LEADS])
def test_held_out_lead(text: str, lead: Lead) -> None:
    assert _lead_minutes(text) == lead


def _lead_minutes(text: str) -> Lead:
    """The typed command's ``remind_before`` in minutes (``None`` and ``UNSET`` as they are)."""
    command = parse(text, now=datetime.fromisoformat(NOW), tz=zone(TZ))
    assert isinstance(command, AddTask | UpdateTask), command
    value = (
        command.task.remind_before
        if isinstance(command, AddTask)
        else command.changes.remind_before
    )
    if value is None or isinstance(value, Unset):
        return value
    return value // timedelta(minutes=1)
