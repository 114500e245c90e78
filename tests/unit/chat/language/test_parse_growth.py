"""The parser's work grows linearly with the message: adversarial messages of growing length.

Each family repeats one piece of the parser's vocabulary after a lead ("at at at ...",
"remind me remind me ...", "move of of of ...", "the report is actually actually ..."),
the kind of message that once made some rule try every start against every end. The
check is on growth, not on a time: the median CPU time of a message 8 times as long must
stay well under 8² = 64 times that of the short one (linear is 8; the bound leaves room
for a noisy machine).
"""

from __future__ import annotations

import gc
import statistics
import time
from datetime import datetime

import pytest

from todo_chatbot.chat.language import parse
from todo_chatbot.core.timekeeping import zone

NOW = datetime.fromisoformat("2026-03-04T10:00:00-05:00")
TZ = zone("America/New_York")
SHORT, LONG = 250, 2000
GROWTH_BOUND = 20.0
RUNS = 3

FAMILIES = [
    ("buy milk ", "at "),
    ("buy milk ", "every "),
    ("buy milk ", "on "),
    ("buy milk ", "remind me "),
    ("buy milk ", "remind me at "),
    ("buy milk ", "5 "),
    ("buy milk ", "next "),
    ("buy milk ", "in 5 "),
    ("buy milk ", "IST "),
    ("buy milk ", "dec 5 "),
    ("buy milk ", "#tag "),
    ("buy milk ", '"a" '),
    ("buy milk ", ", "),
    ("buy milk ", "the "),
    ("buy milk ", "from "),
    ("buy milk ", "a "),
    ("buy milk ", "and make it "),
    ("buy milk ", "before "),
    ("buy milk ", "@ "),
    ("move ", "of "),
    ("move ", "at "),
    ("move ", "a "),
    ("mark ", "a "),
    ("mark ", "to "),
    ("snooze ", "@ "),
    ("snooze ", "5 "),
    ("list ", "urgent "),
    ("list ", "asap "),
    ("what is ", "due "),
    ("buy ", "a" * 40 + " "),
    ("put a reminder on ", "x at 5 "),
    ("set a reminder for ", "the task "),
    ("the report ", "is actually "),
    ("the report is ", "actually due "),
    ("pay rent ", "should be "),
    ("don't remind me about ", "it "),
    ("take the ", "work tag off "),
    ("gym ", "mon wed "),
    ("show my ", "work stuff "),
    ("buy milk ", "thanks "),
    ("buy milk ", "!1 "),
    ("buy milk ", "firday "),
    ("buy milk ", '" a '),
    ("clear ", "the gutters "),
    ("finish ", "asap "),
    ("newest first ", "please "),
    ("asdf ", "hmm "),
]


def message(lead: str, unit: str, length: int) -> str:
    """``lead`` then ``unit`` over and over, cut at ``length`` characters."""
    text = lead + unit * (length // len(unit) + 1)
    return text[:length]


def cpu_time(text: str) -> float:
    """The median CPU seconds of parsing ``text``, garbage collection held off."""
    runs = []
    gc.collect()
    gc.disable()
    try:
        for _ in range(RUNS):
            started = time.process_time()
            parse(text, now=NOW, tz=TZ)
            runs.append(time.process_time() - started)
    finally:
        gc.enable()
    return statistics.median(runs)


@pytest.mark.parametrize(("lead", "unit"), FAMILIES, ids=[lead + unit for lead, unit in FAMILIES])
def test_parsing_time_grows_linearly_with_the_message(lead: str, unit: str) -> None:
    short = cpu_time(message(lead, unit, SHORT))
    long = cpu_time(message(lead, unit, LONG))

    assert long / short < GROWTH_BOUND, (
        f"{LONG / SHORT:.0f}x longer took {long / short:.1f}x the time "
        f"({short * 1000:.1f} ms, {long * 1000:.1f} ms)"
    )
