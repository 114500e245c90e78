"""A doorbell between worker processes: "events were committed, deliver them".

The process that runs the event bus listens on a Unix datagram socket named
after the data directory (in Linux's abstract namespace, so no file is left
behind); the others ring it after each commit that wrote to the outbox. A
lost ring costs nothing but latency: the bus also polls every second.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import platform
import socket
from collections.abc import Callable
from pathlib import Path


def address_for(data_dir: Path) -> str | bytes:
    """An abstract socket name on Linux; elsewhere a socket file in the data dir."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:24]
    if platform.system() == "Linux":
        return f"\0todo-chatbot-{digest}".encode()
    return str(data_dir / "bus.sock")


class Doorbell:
    def __init__(self, data_dir: Path) -> None:
        self._address = address_for(data_dir)
        self._sender = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._sender.setblocking(False)
        self._listener: socket.socket | None = None

    def ring(self) -> None:
        with contextlib.suppress(OSError):  # nobody listening, or the queue is full
            self._sender.sendto(b"!", self._address)

    def listen(self, on_ring: Callable[[], None]) -> None:
        """Call ``on_ring`` (on the running event loop) whenever another process rings."""
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        listener.setblocking(False)
        if isinstance(self._address, str):
            Path(self._address).unlink(missing_ok=True)
        listener.bind(self._address)
        self._listener = listener

        def drain() -> None:
            with contextlib.suppress(BlockingIOError):
                while True:
                    listener.recv(64)
            on_ring()

        asyncio.get_running_loop().add_reader(listener.fileno(), drain)

    def close(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(RuntimeError, ValueError):
                asyncio.get_running_loop().remove_reader(self._listener.fileno())
            self._listener.close()
            self._listener = None
        self._sender.close()
