"""The chat service reads a message off the event loop: while the parser works on
the longest adversarial message, the loop keeps turning (serving other requests)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from todo_chatbot.chat.service import MAX_MESSAGE, parse_off_loop

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
WORST = ("snooze " + "z " * MAX_MESSAGE)[:MAX_MESSAGE]
"""The message the parser took longest over (docs/parser.md)."""


async def test_the_loop_keeps_turning_while_a_message_is_parsed() -> None:
    turns = 0

    async def turn() -> None:
        nonlocal turns
        while True:
            turns += 1
            await asyncio.sleep(0)

    turning = asyncio.create_task(turn())
    await asyncio.sleep(0)
    turns = 0
    await parse_off_loop(WORST, now=NOW, tz=ZoneInfo("Europe/Paris"))
    turning.cancel()

    assert turns >= 2, "the parse held the event loop"
