"""SQL through Dapr's PostgreSQL output binding (``bindings.postgresql``).

Two traps of the binding shape this module:

- Its ``query`` operation drops errors raised while rows are read (it never
  checks ``rows.Err()``): a statement that fails inside PostgreSQL answers 200
  with ``[]``. So every read here is wrapped to return exactly one row, and an
  empty answer is reported as the failure it is.
- Parameters travel as a JSON array, so numbers arrive as float64: integers
  are exact only up to 2**53 (our epoch milliseconds and row numbers are far
  below it).

Writes use ``exec``, which does report errors, with PostgreSQL's SQLSTATE in
the message; :class:`SqlError` carries it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

import orjson

from todo_chatbot.runtimes.dapr.client import DaprClient, DaprError

_SQLSTATE: Final = re.compile(r"\(SQLSTATE ([0-9A-Z]{5})\)")
UNIQUE_VIOLATION: Final = "23505"
SERIALIZATION_FAILURE: Final = "40001"


class SqlError(Exception):
    """A statement failed; ``sqlstate`` is PostgreSQL's code when the binding gave it."""

    def __init__(self, sqlstate: str | None, message: str) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate
        self.message = message


class EmptyAnswer(SqlError):
    """A read that must return one row returned none: it failed inside PostgreSQL."""


class SqlBinding:
    """Statements against our PostgreSQL schema, through the sidecar's binding ``name``."""

    def __init__(self, client: DaprClient, name: str) -> None:
        self._client = client
        self._name = name

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run a statement (or, without parameters, several); the rows it changed."""
        metadata = {"sql": sql}
        if params:
            metadata["params"] = orjson.dumps(list(params)).decode()
        try:
            _, headers = await self._client.invoke_binding(self._name, "exec", metadata)
        except DaprError as exc:
            raise _sql_error(exc) from exc
        return int(headers.get("Metadata.rows-affected", "0") or 0)

    async def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The value of a statement that returns exactly one row of one column."""
        rows = await self._query(sql, params)
        if len(rows) != 1 or len(rows[0]) != 1:
            raise EmptyAnswer(None, f"expected one value, got {len(rows)} rows: {sql[:120]}")
        return rows[0][0]

    async def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """The rows of a query, each as a dict by column name."""
        text = await self.scalar(
            f"SELECT coalesce(json_agg(q), '[]'::json)::text FROM ({sql}) AS q", params
        )
        rows: list[dict[str, Any]] = orjson.loads(text)
        return rows

    async def first(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        found = await self.rows(sql, params)
        return found[0] if found else None

    async def _query(self, sql: str, params: Sequence[Any]) -> list[list[Any]]:
        metadata = {"sql": sql}
        if params:
            metadata["params"] = orjson.dumps(list(params)).decode()
        try:
            content, _ = await self._client.invoke_binding(self._name, "query", metadata)
        except DaprError as exc:
            raise _sql_error(exc) from exc
        rows: list[list[Any]] = orjson.loads(content) if content else []
        return rows


def _sql_error(exc: DaprError) -> SqlError:
    found = _SQLSTATE.search(exc.message)
    return SqlError(found.group(1) if found else None, exc.message)
