"""The held-out phrasings, each written before the parser was run on it.

They were written in three rounds: 250 of 274 right on first run, then 92 of
96, then 75 of 79. Each family of phrasings has its module: adding, dates and
times, reminders, recurring, listing, changes (complete, reopen, delete,
update), and help and small talk; :mod:`heldout_expected` has what they share.
"""

from __future__ import annotations

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
from tests.unit.chat.language.support import read

FAMILIES = (
    ADDING + DATES_AND_TIMES + REMINDERS + RECURRING + LISTING + CHANGES + HELP_AND_SMALL_TALK
)
ALL_CASES = [(text, NOW, TZ, expected) for text, expected in FAMILIES] + ZONED


def test_the_held_out_set_is_large_and_has_no_repeats() -> None:
    texts = [(text, now, tz) for text, now, tz, _ in ALL_CASES]
    assert len(texts) >= 449
    assert len(set(texts)) == len(texts)


@pytest.mark.parametrize(
    ("text", "now", "tz", "expected"), ALL_CASES, ids=[f"{c[0]!r}@{c[2]}" for c in ALL_CASES]
)
def test_held_out_phrasing(text: str, now: str, tz: str, expected: dict[str, Any]) -> None:
    assert read(text, now, tz) == expected
