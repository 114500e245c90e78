"""A property-based fuzz of the whole API: schemathesis against the running
server's own ``/openapi.json``.

Every operation, every check schemathesis has (no 5xx, documented statuses,
media types, headers and response schemas; schema-valid requests accepted,
schema-violating ones refused; the stateful links between operations), signed
in as a registered user, with deterministic generation (and a fixed seed) and a
bounded number of examples, so that it runs in well under a minute. The
stateful phase follows the server's answers (the ids it returns), so the number
of cases varies by a few percent between runs (about 2,000). It drives the
embedded runtime served over real HTTP; the HTTP layer it checks (middleware,
routes, schemas) is the same in both runtimes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support import LiveServer
from todo_chatbot.observability import metrics

ROOT = Path(__file__).resolve().parents[2]
SEED = 20261205
MAX_EXAMPLES = 30
"""Examples per operation and phase: about 2,000 requests, 15 to 35 s on two cores."""

STATE_STATUSES = ["2xx", "3xx", "401", "403", "404", "409", "412", "429"]
"""What a schema-valid request may be answered besides success: the resource's
state (another user's or a deleted task: 404; a version moved on: 412), not the
data, decides these."""

UNDESCRIBABLE_RULES = {
    "GET /api/tasks": "a cursor is opaque (only next_cursor is one); due_from <= due_to",
    "GET /api/audit": "a cursor is opaque (only next_cursor is one)",
    "GET /api/notifications": "a cursor is opaque (only next_cursor is one)",
    "PATCH /api/tasks/{task_id}": "the rules that join fields hold for the task as changed",
    "POST /api/notifications/{notification_id}/snooze": "until must be within a year from now",
    "POST /api/auth/register": "a password must not be common or one character repeated",
    "POST /api/me/password": "a password must not be common or one character repeated",
}
"""Operations where a schema-valid request may still break a rule JSON Schema
cannot state; for these alone a 422 to valid data is not a failure."""


SESSION_ENDING_OPERATIONS = ("POST /api/auth/logout", "POST /api/me/password", "DELETE /api/me")
"""Operations that may end the session they are sent with: fuzzed in a run of their
own, signed in as a user of their own, so that the rest keep a working token."""

SIGN_IN_OPERATIONS = ("POST /api/auth/register", "POST /api/auth/login")
SIGN_IN_EXAMPLES = 5
"""Each sign-in hashes a password on purpose slowly (argon2id, ~0.1 s of CPU):
these two get fewer examples, and registration no coverage phase (it would
register once per known time zone, 600 of them: four minutes)."""


def fuzz_config(token: str) -> dict[str, Any]:
    return {
        "seed": SEED,
        "headers": {"Authorization": f"Bearer {token}"},
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True},
        "checks": {"positive_data_acceptance": {"expected-statuses": STATE_STATUSES}},
        "operations": [
            {
                "include-name": name,
                "checks": {
                    "positive_data_acceptance": {"expected-statuses": [*STATE_STATUSES, "422"]}
                },
            }
            for name in UNDESCRIBABLE_RULES
        ]
        + [
            {
                "include-name": name,
                "generation": {"max-examples": SIGN_IN_EXAMPLES},
                "phases": {"coverage": {"enabled": name != "POST /api/auth/register"}},
            }
            for name in SIGN_IN_OPERATIONS
        ],
    }


def to_toml(config: dict[str, Any]) -> str:
    """``config`` as TOML (JSON's strings, numbers, lists and inline tables are TOML)."""
    lines: list[str] = []
    operations = config.pop("operations")
    for key, value in config.items():
        lines.append(f"{key} = {_inline(value)}")
    for operation in operations:
        lines.append("[[operations]]")
        lines.extend(f"{key} = {_inline(value)}" for key, value in operation.items())
    return "\n".join(lines) + "\n"


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f'"{k}" = {_inline(v)}' for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value)


def server_errors() -> int:
    """How many requests the servers of this process have answered with a 5xx, as
    their metrics count them (the embedded server runs in the test's process)."""
    return sum(
        int(sample.value)
        for family in metrics.HTTP_REQUESTS.collect()
        for sample in family.samples
        if sample.name.endswith("_total") and sample.labels["status"].startswith("5")
    )


@dataclass(frozen=True)
class FuzzRun:
    """What one schemathesis run did: its cases, those that failed, its exit status and
    the end of its report (what failed and how to reproduce it)."""

    generated: int
    with_failures: int
    returncode: int
    summary: str


def fuzz(server: LiveServer, token: str, folder: Path, selection: list[str]) -> FuzzRun:
    """Run schemathesis against ``server``'s document, signed in with ``token``."""
    folder.mkdir()
    config_file = folder / "schemathesis.toml"
    config_file.write_text(to_toml(fuzz_config(token)))
    report = folder / "report.json"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "--config-file",
            str(config_file),
            "run",
            f"{server.url}/openapi.json",
            "--checks",
            "all",
            *selection,
            "--report-json-path",
            str(report),
            "--no-color",
        ],
        capture_output=True,
        text=True,
        cwd=folder,  # schemathesis keeps a cache in the working directory
        env={**os.environ, "SCHEMATHESIS_HOOKS": "tests.e2e.fuzz_hooks", "PYTHONPATH": str(ROOT)},
        timeout=600,
        check=False,
    )
    cases = json.loads(report.read_text())["test_cases"]
    return FuzzRun(cases["generated"], cases["with_failures"], run.returncode, run.stdout[-6000:])


def test_the_api_fuzzed_from_its_openapi_document_finds_no_5xx_and_no_violation(
    embedded_server: LiveServer, tmp_path: Path
) -> None:
    with embedded_server.register() as user, embedded_server.register() as leaving:
        tokens = (user.token, leaving.token)
    server_errors_before = server_errors()
    excluded = [arg for name in SESSION_ENDING_OPERATIONS for arg in ("--exclude-name", name)]
    included = [arg for name in SESSION_ENDING_OPERATIONS for arg in ("--include-name", name)]

    runs = [
        fuzz(embedded_server, tokens[0], tmp_path / "all-but-sessions", excluded),
        fuzz(embedded_server, tokens[1], tmp_path / "sessions", included),
    ]

    answered_5xx = server_errors() - server_errors_before
    print(
        f"schemathesis: {sum(run.generated for run in runs)} cases,"
        f" {sum(run.with_failures for run in runs)} with failures, {answered_5xx} answered 5xx"
    )
    assert answered_5xx == 0, [run.summary for run in runs]
    for run in runs:
        assert run.generated > 0, run.summary
        assert run.returncode == 0, run.summary
        assert run.with_failures == 0, run.summary
