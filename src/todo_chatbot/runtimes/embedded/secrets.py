"""Secrets of the embedded runtime, kept in the data directory."""

from __future__ import annotations

import secrets
from pathlib import Path

from todo_chatbot.runtimes.security import TOKEN_SIGNING_KEY


class LocalSecretStore:
    """The signing key comes from ``secret.key`` in the data directory, made (mode
    0600) on the first run."""

    def __init__(self, data_dir: Path) -> None:
        self._data_dir = data_dir

    async def get(self, name: str) -> str | None:
        if name == TOKEN_SIGNING_KEY:
            return _load_or_create(self._data_dir / "secret.key")
        return None


def _load_or_create(path: Path) -> str:
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(32)
    temporary = path.with_suffix(".tmp")
    temporary.touch(mode=0o600)
    temporary.write_text(value)
    temporary.replace(path)
    return value
