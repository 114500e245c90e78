"""Settings, read from the environment (``TODO_*``) once at start-up."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    return Path(user_data_dir("todo-chatbot", appauthor=False))


def default_web_dir() -> Path:
    """The web app as ``make`` builds it in a checkout of the repository."""
    return Path(__file__).resolve().parents[2] / "web" / "out"


class Settings(BaseSettings):
    """Every setting of the system; each is documented in the README."""

    model_config = SettingsConfigDict(env_prefix="TODO_", extra="ignore", populate_by_name=True)

    host: str = Field("127.0.0.1", description="Address the HTTP server listens on.")
    port: int = Field(8000, ge=0, le=65535, description="Port the HTTP server listens on.")
    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Where the SQLite database, the signing key and the rest are kept.",
    )
    web_dir: Path | None = Field(
        default_factory=default_web_dir,
        description="The built web app (Next.js's static export), served at /; the API alone"
        " is served when it is missing.",
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
    mapped_reads: bool = Field(
        True,
        description=(
            "Read the SQLite file through a memory map that outlives SQLite's cache drops"
            " (where the extension was built); false reads it with a system call per page."
        ),
    )
    reminder_late_after_seconds: float = Field(
        60.0,
        gt=0,
        description="A reminder fired later than this after its time (the system was down)"
        " is marked late.",
    )
    deliver_events: bool = Field(
        True,
        description="false keeps events in the outbox without handling them (maintenance).",
    )
    log_level: str = Field("INFO", description="DEBUG, INFO, WARNING or ERROR.")
    log_json: bool = Field(True, description="JSON lines (true) or plain text (false).")
    access_log: bool = Field(False, description="Log every HTTP request.")
    tracing: bool | None = Field(
        None,
        description="Carry each request's W3C trace context (its traceparent, or a new one)"
        " with the events it causes, and write trace_id and span_id on its log lines; unset:"
        " on for the distributed services, and for the embedded runtime when"
        " otlp_endpoint is set.",
    )
    otlp_endpoint: str | None = Field(
        None,
        validation_alias=AliasChoices(
            "TODO_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT", "otlp_endpoint"
        ),
        description="OTLP/HTTP endpoint (e.g. http://collector:4318) the app exports its own"
        " spans to; unset: none.",
    )
    trace_sampling_rate: float = Field(
        0.0,
        ge=0.0,
        le=1.0,
        description="Share of the traces this app starts that are sampled (recorded by Dapr"
        " and by the app's exporter): the Dapr Configuration's samplingRate.",
    )
    max_body_bytes: int = Field(1024 * 1024, ge=1024, description="Largest request body accepted.")
    stall_warning_ms: int = Field(
        250,
        ge=0,
        description="Log a warning, with where it was held, when the event loop stalls this"
        " long; 0 turns it off.",
    )

    # The chat's optional LLM: an OpenAI-compatible chat-completions endpoint.
    llm_base_url: str | None = Field(
        None,
        description="Base URL of an OpenAI-compatible API (e.g. https://api.openai.com/v1);"
        " with llm_api_key set, an LLM answers the chat, the parser taking over on any error.",
    )
    llm_api_key: SecretStr | None = Field(None, description="API key for llm_base_url.")
    llm_model: str = Field("gpt-4o-mini", description="Model name at llm_base_url.")
    llm_timeout_seconds: float = Field(
        20.0, gt=0, le=300, description="Longest wait for one answer of the LLM endpoint."
    )

    clock_file: Path | None = Field(
        None,
        description=(
            "Tests only: the clock reads the instant written in this file (ISO 8601),"
            " or the system clock while the file is absent."
        ),
    )

    # The distributed runtime: how a service reaches its Dapr sidecar.
    dapr_http_port: int = Field(
        3500,
        validation_alias=AliasChoices("TODO_DAPR_HTTP_PORT", "DAPR_HTTP_PORT", "dapr_http_port"),
        description="Port of the sidecar's HTTP API (Dapr's DAPR_HTTP_PORT).",
    )
    dapr_api_token: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("DAPR_API_TOKEN", "dapr_api_token"),
        description="Token the sidecar's API demands, if it demands one.",
    )
    app_api_token: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("APP_API_TOKEN", "app_api_token"),
        description=(
            "Token the sidecar sends (dapr-api-token header) on every call to the app; the"
            " app's Dapr-facing and service-only routes refuse calls without it."
        ),
    )
    pubsub: str = Field("pubsub", description="Dapr pub/sub component (Kafka).")
    state_store: str = Field("statestore", description="Dapr state store component.")
    database_binding: str = Field(
        "todo-db", description="Dapr PostgreSQL output binding to our schema."
    )
    secret_store: str = Field("secretstore", description="Dapr secret store component.")
    instance_id: str = Field(
        default_factory=socket.gethostname,
        description="This replica's name (holder of the outbox relay's lease).",
    )
    idempotency_key_hours: int = Field(
        24,
        ge=1,
        le=24 * 30,
        description="How long an Idempotency-Key and its first answer are kept.",
    )
    idempotency_lease_seconds: int = Field(
        300,
        ge=1,
        description="How long a request holds its Idempotency-Key before a retry may run"
        " again (when the first died without an answer).",
    )

    # Sign-in and registration limits (per fixed window; see docs/contracts/rest-api.md).
    attempt_window_seconds: int = Field(
        900, ge=1, description="Length of the window the sign-in limits count in."
    )
    failed_logins_per_account: int = Field(
        10,
        ge=1,
        description="Failed sign-ins (and registrations of a taken email, and wrong passwords"
        " confirming a change) per email per window; more answer 429.",
    )
    sign_ins_per_address: int = Field(
        50,
        ge=1,
        description="Sign-in attempts (failed or not) per client address per window; more"
        " answer 429.",
    )
    registrations_per_address: int = Field(
        20, ge=1, description="Registrations per client address per window; more answer 429."
    )
    trusted_proxies: str = Field(
        "127.0.0.1",
        description="Comma-separated addresses (or networks) of the reverse proxies whose"
        " X-Forwarded-For names the client's address; '*' trusts any, '' none.",
    )

    # What a client may hold of the server, and what the server tells browsers.
    header_timeout_seconds: float = Field(
        10.0,
        gt=0,
        description="A request's headers must all arrive within this time of its first byte"
        " (of the connection's opening, for the first); else 408 and the connection closed.",
    )
    body_timeout_seconds: float = Field(
        60.0,
        gt=0,
        description="A request's body must all arrive within this time of its headers; else"
        " 408 and the connection closed.",
    )
    keep_alive_timeout_seconds: float = Field(
        120.0,
        gt=0,
        description="A connection idle this long after an answer is closed (longer than"
        " clients keep idle connections: browsers ~60 s, Go 90 s).",
    )
    max_connections: int = Field(
        4096,
        ge=1,
        description="Open connections (HTTP and WebSocket) per server process; one more is"
        " answered 503 with Retry-After and closed, as is a request while this many are"
        " in progress.",
    )
    ws_connections_per_user: int = Field(
        16,
        ge=1,
        description="Open /ws connections of one user per server process; one more is closed"
        " with code 1008.",
    )
    metrics_token: SecretStr | None = Field(
        None,
        description="Bearer token /metrics demands; unset, /metrics answers only clients on"
        " the loopback interface.",
    )
    docs: bool = Field(True, description="Serve /docs and /openapi.json (false in production).")
    https: bool = Field(
        False,
        description="The deployment is reached over HTTPS only: answers carry"
        " Strict-Transport-Security.",
    )

    @property
    def database_path(self) -> Path:
        return self.data_dir / "todo.sqlite3"

    @property
    def metrics_dir(self) -> Path:
        """Where worker processes keep their Prometheus metrics (summed by /metrics)."""
        return self.data_dir / "metrics"
