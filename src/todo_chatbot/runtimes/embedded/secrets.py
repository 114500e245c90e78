"""Secrets of the embedded runtime: from settings, else kept in the data directory."""

from __future__ import annotations

import secrets
from pathlib import Path

from todo_chatbot.runtimes.secrets import TOKEN_SIGNING_KEY


class LocalSecretStore:
    """The signing key comes from settings when given, else from ``secret.key``
    in the data directory, made (mode 0600) on the first run."""

    def __init__(self, data_dir: Path, configured: dict[str, str | None]) -> None:
        self._data_dir = data_dir
        self._configured = configured

    async def get(self, name: str) -> str | None:
        value = self._configured.get(name)
        if value:
            return value
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
