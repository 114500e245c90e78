"""Progress lines for slow steps: what runs, for how long so far, how long it took.

Builds and downloads here take minutes on two cores; a silent terminal looks
like a hang. ``step()`` prints a line when a step starts, a heartbeat with the
elapsed time while it runs, and the total when it ends. Everything goes to
standard error so that commands can keep standard output for their results.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

HEARTBEAT_SECONDS = 15.0


def say(message: str) -> None:
    print(f"[devstack] {message}", file=sys.stderr, flush=True)


def elapsed(since: float) -> str:
    seconds = time.monotonic() - since
    if seconds < 60:
        return f"{seconds:.1f}s"
    return f"{int(seconds // 60)}m{int(seconds % 60):02d}s"


@contextmanager
def step(
    label: str,
    status: Callable[[], str] | None = None,
    heartbeat: float = HEARTBEAT_SECONDS,
) -> Iterator[None]:
    """Announce ``label``, print the elapsed time every ``heartbeat`` seconds, then the total.

    ``status``, if given, is called at each heartbeat for a few words on where
    the step stands (say, the last line of a build log).
    """
    started = time.monotonic()
    done = threading.Event()

    def beat() -> None:
        while not done.wait(heartbeat):
            detail = ""
            if status is not None:
                try:
                    detail = f" ({status()})"
                except Exception as error:  # a status line must never break the step
                    detail = f" (status unavailable: {error})"
            say(f"  ... {label}: {elapsed(started)} so far{detail}")

    say(f"{label} ...")
    thread = threading.Thread(target=beat, name=f"progress: {label}", daemon=True)
    thread.start()
    try:
        yield
    except BaseException:
        done.set()
        say(f"{label}: failed after {elapsed(started)}")
        raise
    done.set()
    say(f"{label}: done in {elapsed(started)}")
