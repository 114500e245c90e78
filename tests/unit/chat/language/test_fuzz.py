"""Random mixes of the parser's own words: every one is read as some command, none raises.

A message the parser cannot place (a zone with no time, a date past year 9999, a
series that never falls) is read as one it does not understand; nothing raises.
"""

from __future__ import annotations

from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.chat.language.support import read
from tests.unit.chat.language.vocabulary import vocabulary
from todo_chatbot.chat.language import Unknown, parse
from todo_chatbot.core.timekeeping import zone

_WORDS = vocabulary()
_ZONES = ("America/New_York", "UTC", "Asia/Kolkata", "Pacific/Kiritimati", "Pacific/Pago_Pago")
_NOWS = ("2026-03-04T10:00:00", "2026-12-31T23:59:00", "2027-02-28T00:30:00")


@settings(
    max_examples=3000,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    words=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=14),
    tz=st.sampled_from(_ZONES),
    now=st.sampled_from(_NOWS),
)
def test_any_mix_of_the_parsers_words_reads_as_a_command(
    words: list[str], tz: str, now: str
) -> None:
    zone_info = zone(tz)
    read(
        " ".join(words),
        now=datetime.fromisoformat(now).replace(tzinfo=zone_info).isoformat(),
        tz=tz,
    )


def test_a_time_zone_word_without_a_day_or_time_stays_in_the_title() -> None:
    for text in ("ping the IST team", "review the UTC migration", "fix bug in CET parser"):
        result = read(text)
        assert result["intent"] == "add_task", text
        assert (result["task"]["title"], result["task"]["due"]) == (text, None)


def test_a_time_zone_word_after_a_time_still_sets_the_zone() -> None:
    assert read("call bob tomorrow at 5pm CET")["task"]["due"] == "2026-03-05T11:00:00-05:00"


def test_a_date_beyond_year_9999_is_not_understood() -> None:
    now = datetime.fromisoformat("2026-03-04T10:00:00-05:00")
    for text in ("pay rent every monday from 12/31/9999", "call bob 12/31/9999 wednesday nightly"):
        assert isinstance(parse(text, now=now, tz=zone("America/New_York")), Unknown), text
