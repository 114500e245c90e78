"""Running a unit of work, again when the store saw what it read change under it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Final, TypeVar

from todo_chatbot.tasks.ports import ConcurrentChange, UnitOfWork

ATTEMPTS: Final = 8
"""How often a unit of work is run when what it read keeps changing under it."""

_Result = TypeVar("_Result")


async def in_unit_of_work(
    uow: UnitOfWork, change: Callable[[UnitOfWork], Awaitable[_Result]]
) -> _Result:
    """Run ``change`` inside ``uow``, again from the start if the store reports that
    what it read changed before the commit (stores with optimistic concurrency)."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            async with uow:
                return await change(uow)
        except ConcurrentChange:
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")
