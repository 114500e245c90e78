"""The held-out phrasings, each round written before the parser was run on it.

Round one (``heldout_cases.py``): 250 of 274 right on first run. Round two
(``heldout_round2.py``): 92 of 96 right on first run. Round three
(``heldout_round3.py``): 75 of 79 right on first run.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.chat.language.heldout_cases import CASES, NOW, TZ, ZONED_CASES
from tests.unit.chat.language.heldout_round2 import CASES_ROUND_2
from tests.unit.chat.language.heldout_round3 import CASES_ROUND_3
from tests.unit.chat.language.support import read

ALL_CASES = [
    (text, NOW, TZ, expected) for text, expected in CASES + CASES_ROUND_2 + CASES_ROUND_3
] + ZONED_CASES


def test_the_held_out_set_is_large_and_has_no_repeats() -> None:
    texts = [(text, now, tz) for text, now, tz, _ in ALL_CASES]
    assert len(texts) >= 449
    assert len(set(texts)) == len(texts)


@pytest.mark.parametrize(
    ("text", "now", "tz", "expected"), ALL_CASES, ids=[f"{c[0]!r}@{c[2]}" for c in ALL_CASES]
)
def test_held_out_phrasing(text: str, now: str, tz: str, expected: dict[str, Any]) -> None:
    assert read(text, now, tz) == expected
