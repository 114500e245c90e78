"""Identifiers: random version-4 UUIDs, as text.

``uuid.uuid4()`` asks the operating system for 16 random bytes per call; a
write makes several ids, so the bytes are drawn 4 KiB at a time instead.
"""

from __future__ import annotations

import os
import threading
import uuid

_POOL_BYTES = 4096
_lock = threading.Lock()
_pool = b""
_taken = _POOL_BYTES


def new_id() -> str:
    """A fresh random UUID (version 4), like ``str(uuid.uuid4())``."""
    global _pool, _taken
    with _lock:
        if _taken + 16 > len(_pool):
            _pool = os.urandom(_POOL_BYTES)
            _taken = 0
        raw = _pool[_taken : _taken + 16]
        _taken += 16
    return str(uuid.UUID(bytes=raw, version=4))
