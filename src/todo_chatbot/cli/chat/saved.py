"""What the terminal chat keeps between runs: per server, the email, the access
token and the conversation to continue, and which server was used last.

One JSON file, ``chat.json`` in the user's config directory (platformdirs:
``$XDG_CONFIG_HOME/todo-chatbot`` on Linux), readable by its owner only (mode
0600, in a 0700 directory), written whole through a temporary file so that a
crash leaves the old or the new one. Passwords are never written. A file that
cannot be read counts as empty: it is only a cache of sign-ins.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "todo-chatbot"
FILE_NAME = "chat.json"


@dataclass(frozen=True)
class Session:
    """A sign-in to one server."""

    email: str
    token: str
    conversation_id: str | None = None


def default_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME)) / FILE_NAME


class SavedSessions:
    """The sessions file at ``path``; every change is written at once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._data = _read(path)

    def last_server(self) -> str | None:
        server = self._data.get("server")
        return server if isinstance(server, str) else None

    def session(self, server: str) -> Session | None:
        found = self._sessions().get(server)
        if not isinstance(found, dict):
            return None
        try:
            return Session(**found)
        except TypeError:
            return None

    def save(self, server: str, session: Session) -> None:
        """Keep ``session`` for ``server``, which becomes the server used by default."""
        self._data["server"] = server
        self._data["sessions"] = {**self._sessions(), server: asdict(session)}
        self._write()

    def use(self, server: str) -> None:
        """Make ``server`` the one used by default (it answered a message)."""
        if self.last_server() != server:
            self._data["server"] = server
            self._write()

    def forget(self, server: str) -> None:
        sessions = self._sessions()
        if sessions.pop(server, None) is not None:
            self._data["sessions"] = sessions
            self._write()

    def _sessions(self) -> dict[str, Any]:
        sessions = self._data.get("sessions")
        return dict(sessions) if isinstance(sessions, dict) else {}

    def _write(self) -> None:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.fchmod(descriptor, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                json.dump(self._data, file, indent=2)
                file.write("\n")
            os.replace(temporary, self.path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
