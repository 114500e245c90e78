"""Settings, read from the environment (``TODO_*``) once at start-up."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    return Path(user_data_dir("todo-chatbot", appauthor=False))


class Settings(BaseSettings):
    """Every setting of the system; each is documented in the README."""

    model_config = SettingsConfigDict(env_prefix="TODO_", extra="ignore")

    host: str = Field("127.0.0.1", description="Address the HTTP server listens on.")
    port: int = Field(8000, ge=0, le=65535, description="Port the HTTP server listens on.")
    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Where the SQLite database, the signing key and the rest are kept.",
    )
    workers: int = Field(
        1,
        ge=1,
        le=64,
        description="HTTP worker processes; one of them also runs the background services.",
    )
    secret_key: SecretStr | None = Field(
        None, description="Key that signs access tokens; made and kept in the data dir if unset."
    )
    token_ttl_seconds: int = Field(
        7 * 24 * 3600, ge=60, description="How long an access token stays valid."
    )
    durability: Literal["full", "normal"] = Field(
        "full",
        description=(
            "full: every acknowledged change is on disk (fsync per commit); normal: survives"
            " a crash of the process but may lose the last commits on a power cut."
        ),
    )
    deliver_events: bool = Field(
        True,
        description="false keeps events in the outbox without handling them (maintenance).",
    )
    log_level: str = Field("INFO", description="DEBUG, INFO, WARNING or ERROR.")
    log_json: bool = Field(True, description="JSON lines (true) or plain text (false).")
    access_log: bool = Field(False, description="Log every HTTP request.")
    max_body_bytes: int = Field(1024 * 1024, ge=1024, description="Largest request body accepted.")

    @property
    def database_path(self) -> Path:
        return self.data_dir / "todo.sqlite3"
