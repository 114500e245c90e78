"""The PostgreSQL schema beside a pod of the release before its newest migration (a
rolling upgrade keeps old pods serving while new ones start; a rollback brings them
back): what such a pod writes is stored, and its migration keeps the newer functions."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from tests.integration.runtimes.test_store_contract import make_user
from todo_chatbot.runtimes.clocks import ManualClock
from todo_chatbot.runtimes.dapr.schema import MIGRATIONS, migration_script
from todo_chatbot.runtimes.dapr.store import task_row
from todo_chatbot.runtimes.dapr.wiring import DaprBackendRuntime
from todo_chatbot.tasks import use_cases
from todo_chatbot.tasks.task import read_task_input

NEW_YORK = ZoneInfo("America/New_York")


async def test_a_task_row_without_repeat_from_is_stored_repeating_from_its_due(
    contract_backend: DaprBackendRuntime, clock: ManualClock
) -> None:
    runtime = contract_backend
    caller = await make_user(runtime, clock, "old-pod")
    fields = {"title": "Water the plants", "due": "2026-03-05", "recurrence": "FREQ=DAILY"}
    task = await use_cases.add_task(
        uow=runtime.uow_factory(),
        clock=clock,
        caller=caller,
        fields=read_task_input(fields, caller.tz, require_title=True),
    )
    task.id, task.series_id = "written-by-the-release-before", "its-own-series"
    row = task_row(task, NEW_YORK)
    del row["repeat_from"]  # a pod of the release before repeat_from sends none

    operation = {"op": "insert_task", "row": row, "timezone": "America/New_York"}
    await runtime.sql.execute("SELECT todo_apply($1::jsonb)", [[operation]])

    stored = await runtime.tasks.get(caller.user_id, task.id)
    assert stored.repeat_from.value == "due"


async def test_the_migration_of_an_older_release_keeps_the_newer_functions(
    contract_backend: DaprBackendRuntime,
) -> None:
    sql = contract_backend.sql
    older = (
        "CREATE OR REPLACE FUNCTION todo_apply(operations jsonb) RETURNS void"
        " LANGUAGE sql AS $older$ SELECT 1 / 0 $older$;"
    )

    await sql.execute(migration_script(MIGRATIONS[:-1], older))

    defined = await sql.scalar(
        "SELECT prosrc FROM pg_proc WHERE proname = 'todo_apply' AND prokind = 'f'"
    )
    assert "1 / 0" not in defined
    assert "insert_task" in defined
