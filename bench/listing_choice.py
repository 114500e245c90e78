"""How should the distributed runtime list tasks: Dapr's state Query API, or SQL
over our own schema through the PostgreSQL output binding? Measured here.

One user's 10,000 realistic tasks go into both: as JSON documents in the
``state.postgresql`` v1 store (the one with a Query API), and as rows of our
schema (the same seeding as the benchmarks). Then the same lists are asked of
each through a real daprd, and the latency of each is printed: the Query API
as it comes, the Query API after an operator adds expression indexes on the
JSON fields it filters and sorts on, and the binding over our indexes. What
the Query API cannot express at all (a tag the task must carry, keywords in
the title, tasks without a due date last) is listed too.

    .venv/bin/python -m bench.listing_choice [--tasks 10000] [--runs 200]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from bench.seed import SeedPlan, seed_into
from devstack.dapr import Daprd, component, postgres_state, write_resources
from devstack.infra import Infra
from devstack.processes import free_ports
from todo_chatbot.core.timekeeping import zone
from todo_chatbot.runtimes.clocks import SystemClock
from todo_chatbot.runtimes.dapr.client import DaprClient
from todo_chatbot.runtimes.dapr.schema import migrate
from todo_chatbot.runtimes.dapr.sql import SqlBinding
from todo_chatbot.runtimes.dapr.store import PostgresUnitOfWorkFactory, UserZones
from todo_chatbot.runtimes.dapr.views import PostgresTaskViews
from todo_chatbot.tasks.queries import ListQuery, SortKey, TaskFilter
from todo_chatbot.tasks.task import Priority

USER = "bench-user-0"
STORE = "statestore"


def document(row: dict[str, Any]) -> dict[str, Any]:
    """A task as a state store value: the fields lists filter and sort on, and the view.
    Numbers are zero-padded text: the Query API compares and sorts ``value->>'x'``."""
    return {
        "user_id": USER,
        "status": str(row["status"]),
        "priority": str(row["priority"]) if row["priority"] is not None else "",
        "due_at": f"{row['due_at']:015d}" if row["due_at"] is not None else "",
        "title_key": row["title_key"],
        "tags": row["tags"].split(),
        "view": orjson.loads(row["view"]),
    }


async def fill_state_store(client: DaprClient, sql: SqlBinding) -> int:
    rows = await sql.rows(
        "SELECT id, status, priority, due_at, title_key, array_to_string(tags, ' ') AS tags,"
        " view FROM tasks WHERE user_id = $1",
        [USER],
    )
    for start in range(0, len(rows), 500):
        items = [{"key": row["id"], "value": document(row)} for row in rows[start : start + 500]]
        await client.request(
            "POST",
            f"/v1.0/state/{STORE}",
            body=orjson.dumps(items),
            headers={"content-type": "application/json"},
        )
    return len(rows)


def query_api_body(priorities: list[str] | None, skip: int | None = None) -> dict[str, Any]:
    conditions: list[dict[str, Any]] = [{"EQ": {"user_id": USER}}, {"EQ": {"status": "0"}}]
    if priorities:
        conditions.append({"IN": {"priority": priorities}})
    body: dict[str, Any] = {
        "filter": {"AND": conditions},
        "sort": [{"key": "due_at", "order": "ASC"}],
        "page": {"limit": 50},
    }
    if skip is not None:
        body["page"]["token"] = str(skip)
    return body


async def query_api(client: DaprClient, body: dict[str, Any]) -> int:
    _, content, _ = await client.request(
        "POST",
        f"/v1.0-alpha1/state/{STORE}/query",
        body=orjson.dumps(body),
        headers={"content-type": "application/json"},
    )
    return len(orjson.loads(content)["results"])


async def timed(run: Callable[[], Awaitable[Any]], runs: int) -> dict[str, float]:
    first = await run()
    for _ in range(9):
        await run()
    took = []
    for _ in range(runs):
        started = time.perf_counter()
        await run()
        took.append(time.perf_counter() - started)
    took.sort()
    return {
        "rows": first if isinstance(first, int) else len(first.items),
        "p50_ms": statistics.median(took) * 1000,
        "p95_ms": took[int(0.95 * len(took))] * 1000,
    }


async def measure(client: DaprClient, sql: SqlBinding, runs: int) -> list[tuple[str, str, Any]]:
    views = PostgresTaskViews(sql)
    tz = zone("America/New_York")
    now = datetime.now(UTC)

    def binding(query: ListQuery) -> Callable[[], Awaitable[Any]]:
        return lambda: views.list_views(USER, query, now=now, tz=tz)

    shapes: list[tuple[str, dict[str, Any] | None, ListQuery]] = [
        (
            "pending, by due date",
            query_api_body(None),
            ListQuery(sort=SortKey.DUE, descending=False),
        ),
        (
            "pending, high or medium, by due date",
            query_api_body(["3", "2"]),
            ListQuery(
                filter=TaskFilter(priorities=(Priority.HIGH, Priority.MEDIUM)),
                sort=SortKey.DUE,
                descending=False,
            ),
        ),
        (
            "the same, fifth page",
            query_api_body(None, skip=200),
            ListQuery(sort=SortKey.DUE, descending=False),
        ),
        (
            "tagged 'work', by due date",
            None,
            ListQuery(filter=TaskFilter(tags=("work",)), sort=SortKey.DUE, descending=False),
        ),
        (
            "keyword 'invoice'",
            None,
            ListQuery(filter=TaskFilter(search_words=("invoice",))),
        ),
    ]
    results: list[tuple[str, str, Any]] = []
    for name, body, query in shapes:
        if body is not None:
            asked = functools.partial(query_api, client, body)
            results.append((name, "query API", await timed(asked, runs)))
        else:
            results.append((name, "query API", "cannot be expressed"))
        results.append((name, "binding", await timed(binding(query), runs)))
    return results


async def add_expression_indexes(sql: SqlBinding) -> None:
    await sql.execute(
        "CREATE INDEX IF NOT EXISTS dapr_state_tasks_by_due ON dapr_state"
        " ((value->>'user_id'), (value->>'status'), (value->>'due_at'))"
    )
    await sql.execute("ANALYZE dapr_state")


async def run(client: DaprClient, tasks: int, runs: int) -> list[tuple[str, str, Any]]:
    sql = SqlBinding(client, "todo-db")
    await migrate(sql)
    uows = PostgresUnitOfWorkFactory(sql, UserZones(sql), SystemClock())
    await seed_into(uows, SeedPlan(1, tasks, datetime.now(UTC)), batch=2_000, progress=False)
    await sql.execute("ANALYZE")
    print(f"state store filled with {await fill_state_store(client, sql)} documents", flush=True)
    results = await measure(client, sql, runs)
    await add_expression_indexes(sql)
    indexed = await measure(client, sql, runs)
    results += [
        (name, "query API + expression index", figures)
        for name, how, figures in indexed
        if how == "query API" and isinstance(figures, dict)
    ]
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="todo-listing-") as scratch:
        run_dir = Path(scratch)
        infra = Infra(run_dir / "infra").start()
        try:
            url = infra.postgres_url + "?sslmode=disable"
            resources = write_resources(
                run_dir / "resources",
                component("todo-db", "bindings.postgresql", {"connectionString": url}),
                postgres_state(STORE, url, tableName="dapr_state"),
            )
            http, grpc = free_ports(2)
            sidecar = Daprd("listing", None, http, grpc, resources, None, None, run_dir=run_dir)
            sidecar.start()
            client = DaprClient(http_port=http, timeout=300)
            results = asyncio.run(_run_and_close(client, args.tasks, args.runs))
            sidecar.stop()
        finally:
            infra.remove()
    print(f"\n{args.tasks} tasks of one user, {args.runs} runs each, through daprd")
    print(f"{'list':<38} {'how':<30} {'rows':>5} {'p50 ms':>8} {'p95 ms':>8}")
    for name, how, figures in sorted(results, key=lambda row: row[0]):
        if isinstance(figures, dict):
            print(
                f"{name:<38} {how:<30} {figures['rows']:>5.0f}"
                f" {figures['p50_ms']:>8.2f} {figures['p95_ms']:>8.2f}"
            )
        else:
            print(f"{name:<38} {how:<30} {figures:>23}")


async def _run_and_close(client: DaprClient, tasks: int, runs: int) -> list[tuple[str, str, Any]]:
    try:
        return await run(client, tasks, runs)
    finally:
        await client.close()


if __name__ == "__main__":
    main()
