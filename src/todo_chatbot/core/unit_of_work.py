"""Units of work: one atomic change to the store, and running one again when what it
read changed under it.

Each capability states what its units of work hold (``TaskUnitOfWork`` has the
tasks and the outbox, ``AccountsUnitOfWork`` the users, ...); a runtime's store
gives one unit of work that holds them all.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Final, Protocol, Self, TypeVar

ATTEMPTS: Final = 8
"""How often a unit of work is run when what it read keeps changing under it."""


class ConcurrentChange(Exception):
    """Something this unit of work read changed before it could commit; nothing was
    written. Running the unit again from the start succeeds unless it changes again."""


class AlreadyHandled(Exception):
    """An event this unit of work claimed was claimed by another one first; nothing
    was written (the other one did the work)."""


class UnitOfWork(Protocol):
    """One atomic change: everything it saves commits together, or nothing does."""

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


_Unit_co = TypeVar("_Unit_co", bound=UnitOfWork, covariant=True)
_Unit = TypeVar("_Unit", bound=UnitOfWork)
_Result = TypeVar("_Result")


class UnitOfWorkFactory(Protocol[_Unit_co]):
    def __call__(self, *, durable: bool = True) -> _Unit_co:
        """A fresh unit of work; ``durable=False`` may skip flushing to disk on commit
        (for state that can be rebuilt from the outbox, such as a handler's effects)."""
        ...


async def in_unit_of_work(uow: _Unit, change: Callable[[_Unit], Awaitable[_Result]]) -> _Result:
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
