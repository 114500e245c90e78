"""Infrastructure faults answer 503 in the contract's error shape, logged once a fault.

A request that fails because the sidecar or the database is away gets
``503 {"detail": ...}`` with ``Retry-After``, as a normal answer (the
connection stays open). The log gets one warning line when a kind of fault
starts, then at most one a ``SUMMARY_SECONDS`` saying how many requests it
answered since; no traceback. A failure that is not the infrastructure's
goes on to the 500 handler with its traceback.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Final

import structlog
from fastapi import FastAPI, Request, Response

from todo_chatbot.http.responses import json_response
from todo_chatbot.runtimes.dapr.faults import FAULTS, infrastructure_fault

log = structlog.get_logger(__name__)

RETRY_AFTER_SECONDS: Final = 5
SUMMARY_SECONDS: Final = 30.0


@dataclass
class FaultLog:
    """Rate-limits the log lines of infrastructure faults, per kind."""

    every: float = SUMMARY_SECONDS
    _last_line: dict[str, float] = field(default_factory=dict)
    _unlogged: dict[str, int] = field(default_factory=dict)

    def answered(self, kind: str, error: str) -> None:
        now = time.monotonic()
        last = self._last_line.get(kind)
        if last is not None and now - last < self.every:
            self._unlogged[kind] = self._unlogged.get(kind, 0) + 1
            return
        self._last_line[kind] = now
        log.warning(
            "infrastructure.unavailable",
            unavailable=kind,
            error=error[:300],
            answered_503_since_last_line=self._unlogged.pop(kind, 0),
        )


def install_fault_handlers(app: FastAPI) -> None:
    faults = FaultLog()

    async def unavailable(request: Request, exc: Exception) -> Response:
        kind = infrastructure_fault(exc)
        if kind is None:
            raise exc
        faults.answered(kind, str(exc))
        return json_response(
            {"detail": f"The service is unavailable for a moment (its {kind} is away): retry"},
            503,
            {"Retry-After": str(RETRY_AFTER_SECONDS)},
        )

    for fault in FAULTS:
        app.add_exception_handler(fault, unavailable)
