"""The development phrasings of issue 20's families read as expected (exact contract JSON)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.chat.language.dev_phrasing_families import FAMILIES
from tests.unit.chat.language.support import read

CASES = [(family, text, expected) for family, cases in FAMILIES.items() for text, expected in cases]


def test_no_phrasing_is_written_twice() -> None:
    texts = [text for _, text, _ in CASES]
    assert len(set(texts)) == len(texts)


@pytest.mark.parametrize(
    ("family", "text", "expected"), CASES, ids=[f"{c[0]}:{c[1]!r}" for c in CASES]
)
def test_family_phrasing(family: str, text: str, expected: dict[str, Any]) -> None:
    assert read(text) == expected
