"""Which failures of a call through the sidecar are the infrastructure's, not ours.

The sidecar unreachable (or answering 5xx for a component it cannot reach),
PostgreSQL refusing connections or shutting down, a write that kept losing
serialization races: a client may try again later, and the API answers 503.
Anything else (a constraint our statements broke, a malformed call) is a bug
and stays a 500 with its traceback.
"""

from __future__ import annotations

from typing import Final

from todo_chatbot.runtimes.dapr.client import DaprError
from todo_chatbot.runtimes.dapr.sql import SERIALIZATION_FAILURE, SqlError

UNAVAILABLE_SQLSTATE_CLASSES: Final = ("08", "53", "57", "58")
"""Connection exception, insufficient resources, operator intervention (a shutdown),
system error: PostgreSQL's own trouble."""


def infrastructure_fault(exc: BaseException) -> str | None:
    """What is unavailable (``sidecar``, ``database``), or None if ``exc`` is no such fault."""
    if isinstance(exc, DaprError):
        return "sidecar" if exc.status == 0 or exc.status >= 500 else None
    if isinstance(exc, SqlError):
        if isinstance(exc.__cause__, DaprError) and exc.__cause__.status == 0:
            return "sidecar"
        if exc.sqlstate is None or exc.sqlstate == SERIALIZATION_FAILURE:
            return "database"
        return "database" if exc.sqlstate[:2] in UNAVAILABLE_SQLSTATE_CLASSES else None
    return None


FAULTS: Final = (DaprError, SqlError)
"""The exception types :func:`infrastructure_fault` looks into."""
