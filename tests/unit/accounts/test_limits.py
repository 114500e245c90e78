"""Unit tests of ``todo_chatbot.accounts.limits``: attempts counted per key in fixed
windows, refused past a limit with the seconds left in the window, taken back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from todo_chatbot.accounts.limits import account_key, admit
from todo_chatbot.core.errors import TooManyAttempts

START = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)  # a multiple of 60 s since the epoch


class CountsInMemory:
    """The attempt counter's contract, in a dict."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, int], int] = {}
        self.ends: dict[int, datetime] = {}

    async def add(self, key: str, window: int, ends_at: datetime) -> int:
        self.counts[key, window] = self.counts.get((key, window), 0) + 1
        self.ends[window] = ends_at
        return self.counts[key, window]

    async def take_back(self, key: str, window: int) -> None:
        self.counts[key, window] = max(0, self.counts.get((key, window), 0) - 1)


async def test_attempts_past_the_limit_are_refused_with_the_seconds_left() -> None:
    counter = CountsInMemory()
    now = START + timedelta(seconds=20)
    for _ in range(3):
        await admit(counter=counter, window_seconds=60, now=now, limits={"k": 3})

    with pytest.raises(TooManyAttempts) as refused:
        await admit(counter=counter, window_seconds=60, now=now, limits={"k": 3})

    assert refused.value.retry_after == 40
    assert counter.ends == {int(START.timestamp()) // 60: START + timedelta(seconds=60)}


async def test_the_next_window_starts_afresh() -> None:
    counter = CountsInMemory()
    for _ in range(2):
        await admit(counter=counter, window_seconds=60, now=START, limits={"k": 2})

    await admit(
        counter=counter, window_seconds=60, now=START + timedelta(seconds=60), limits={"k": 2}
    )


async def test_any_key_over_its_limit_refuses_the_attempt() -> None:
    counter = CountsInMemory()
    await admit(counter=counter, window_seconds=60, now=START, limits={"a": 1, "b": 5})

    with pytest.raises(TooManyAttempts):
        await admit(counter=counter, window_seconds=60, now=START, limits={"a": 1, "b": 5})


async def test_an_attempt_taken_back_does_not_count() -> None:
    counter = CountsInMemory()
    for _ in range(5):
        admitted = await admit(counter=counter, window_seconds=60, now=START, limits={"k": 1})
        await admitted.take_back("k")

    assert counter.counts == {("k", int(START.timestamp()) // 60): 0}


async def test_the_retry_after_is_at_least_a_second() -> None:
    counter = CountsInMemory()
    end = START + timedelta(seconds=59, milliseconds=999)
    await admit(counter=counter, window_seconds=60, now=end, limits={"k": 1})

    with pytest.raises(TooManyAttempts) as refused:
        await admit(counter=counter, window_seconds=60, now=end, limits={"k": 1})

    assert refused.value.retry_after == 1


def test_an_accounts_key_keeps_no_email() -> None:
    key = account_key("alice@example.com")

    assert "alice" not in key
    assert key == account_key("alice@example.com") != account_key("bob@example.com")
