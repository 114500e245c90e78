"""Warns when the event loop stops turning, and says where it was held.

Every request of a worker process goes through one event loop, so a call that
blocks it (a slow query, a lock, a burst of garbage collection) holds up every
request in flight at once. The loop notes the time every ``interval``; a thread
beside it checks, and when the loop has not noted it for ``threshold`` logs
``event_loop.stalled`` with the loop thread's stack at that moment, then
``event_loop.resumed`` with how long the stall lasted. A stack at rest in the
loop's poll means no code on the loop held it: the process was not given the
CPU, or another of its threads kept the interpreter.
"""

from __future__ import annotations

import asyncio
import sys
import threading
import time
import traceback
from typing import Final

import structlog

from todo_chatbot.observability.metrics import EVENT_LOOP_STALLS

log = structlog.get_logger(__name__)

CHECK_INTERVAL: Final = 0.05
"""Seconds between the loop's notes of the time, and between the thread's checks."""


class LoopStallWatch:
    """Watches one event loop from a thread of its own while it runs."""

    def __init__(self, threshold: float, interval: float = CHECK_INTERVAL) -> None:
        self._threshold = threshold
        self._interval = interval
        self._last_turn = time.monotonic()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._loop_thread_id = 0
        self._timer: asyncio.TimerHandle | None = None

    def start(self) -> None:
        """From the loop's own thread."""
        loop = asyncio.get_running_loop()
        self._loop_thread_id = threading.get_ident()
        self._note_turn(loop)
        self._thread = threading.Thread(target=self._watch, name="loop-stall-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._timer is not None:
            self._timer.cancel()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _note_turn(self, loop: asyncio.AbstractEventLoop) -> None:
        self._last_turn = time.monotonic()
        self._timer = loop.call_later(self._interval, self._note_turn, loop)

    def _watch(self) -> None:
        stalled_since: float | None = None
        while not self._stopping.wait(self._interval):
            last_turn = self._last_turn
            held = time.monotonic() - last_turn
            if stalled_since is None and held >= self._threshold:
                stalled_since = last_turn
                EVENT_LOOP_STALLS.inc()
                log.warning(
                    "event_loop.stalled",
                    held_ms=round(held * 1000),
                    stack=self._loop_stack(),
                )
            elif stalled_since is not None and last_turn > stalled_since:
                log.warning(
                    "event_loop.resumed", stalled_ms=round((last_turn - stalled_since) * 1000)
                )
                stalled_since = None

    def _loop_stack(self) -> str:
        frame = sys._current_frames().get(self._loop_thread_id)
        return "".join(traceback.format_stack(frame)) if frame is not None else ""
