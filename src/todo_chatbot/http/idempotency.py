"""The ``Idempotency-Key`` header on the API's writes (the IETF draft "The
Idempotency-Key HTTP Header Field").

A write sent with a key claims it for the user before it runs. A retry with
the same key and the same request (method, path, query, ``If-Match`` and
body) gets the first answer again, marked ``Idempotent-Replayed: true``, and
changes nothing; the same key with another request is a 422; a retry while the
first still runs is a 409 with ``Retry-After``. Only successful answers are
kept: a write refused (a 4xx) changed nothing and frees its key.

Task writes keep their answer in the write's own unit of work, so a write that
committed always has its answer kept; the chat and the notifications keep it
right after the write (their changes span several units of work, or none).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Awaitable, Callable
from datetime import timedelta
from types import TracebackType
from typing import Annotated, Final, Self

import orjson
from fastapi import Depends, Header, Request, Response

from todo_chatbot.accounts.users import User
from todo_chatbot.core.errors import DomainError, ValidationFailed
from todo_chatbot.core.idempotency import (
    Answered,
    Claim,
    Claimed,
    ClaimLost,
    ClaimRequest,
    Mismatched,
    StoredAnswer,
)
from todo_chatbot.core.unit_of_work import UnitOfWorkFactory
from todo_chatbot.http.deps import CurrentUser, RuntimeDep
from todo_chatbot.http.responses import json_response
from todo_chatbot.runtimes.runtime import Runtime, StoreUnitOfWork
from todo_chatbot.tasks.events import Event
from todo_chatbot.tasks.ports import Inbox, TaskRepository, TaskUnitOfWork
from todo_chatbot.tasks.task import Task

HEADER: Final = "Idempotency-Key"
REPLAYED: Final = "Idempotent-Replayed"
MAX_KEY: Final = 255
_KEY: Final = re.compile(r"[\x21\x23-\x5b\x5d-\x7e]{1," + str(MAX_KEY) + "}")
"""Visible ASCII but the quote and the backslash (the draft's key is a structured
field's string, which a client may send quoted)."""
_KEPT_HEADERS: Final = ("content-type", "etag", "location")

TaskAnswer = Callable[[Task | None], Response]
"""A task write's answer, from the task it wrote (None: it wrote none)."""


def read_key(raw: str | None) -> str | None:
    """The key a request carries (quoted or not), or None; 422 if it is malformed."""
    if raw is None:
        return None
    text = raw.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    if not _KEY.fullmatch(text):
        raise ValidationFailed.single(
            HEADER.lower(),
            f"must be 1 to {MAX_KEY} visible ASCII characters, without quotes or backslashes",
            "header",
        )
    return text


async def fingerprint(request: Request) -> str:
    """What makes two requests the same: method, path, query, If-Match and the body (as
    JSON with its keys sorted, so spacing and key order do not count)."""
    body = await request.body()
    try:
        canonical = orjson.dumps(orjson.loads(body), option=orjson.OPT_SORT_KEYS) if body else b""
    except orjson.JSONDecodeError:
        canonical = body
    digest = hashlib.sha256()
    for part in (
        request.method.encode(),
        request.url.path.encode(),
        request.url.query.encode(),
        request.headers.get("if-match", "").encode(),
        canonical,
    ):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def stored(response: Response) -> StoredAnswer:
    return StoredAnswer(
        status=response.status_code,
        body=bytes(response.body),
        headers={
            name: response.headers[name] for name in _KEPT_HEADERS if name in response.headers
        },
    )


def replayed(answer: StoredAnswer) -> Response:
    return Response(
        content=answer.body, status_code=answer.status, headers={**answer.headers, REPLAYED: "true"}
    )


def _still_running(retry_after: timedelta) -> Response:
    return json_response(
        {"detail": f"A request with this {HEADER} is still being processed"},
        409,
        {"Retry-After": str(max(1, math.ceil(retry_after.total_seconds())))},
    )


def _mismatched() -> Response:
    return json_response(
        {"detail": f"This {HEADER} was used for a different request (method, path or body)"},
        422,
    )


class _WrittenTasks:
    """The unit's task repository, noting the last task written (the write's answer)."""

    def __init__(self, inner: TaskRepository) -> None:
        self._inner = inner
        self.last: Task | None = None

    async def add(self, task: Task) -> None:
        await self._inner.add(task)
        self.last = task

    async def get(self, user_id: str, task_id: str) -> Task:
        return await self._inner.get(user_id, task_id)

    async def save(self, task: Task) -> None:
        await self._inner.save(task)
        self.last = task

    async def remove(self, task: Task) -> None:
        await self._inner.remove(task)
        self.last = task

    async def has_occurrence(self, user_id: str, series_id: str, occurrence: int) -> bool:
        return await self._inner.has_occurrence(user_id, series_id, occurrence)


class _AnsweringUnitOfWork:
    """A store's unit of work that keeps the key's answer in the same commit as the write."""

    def __init__(self, inner: StoreUnitOfWork, claim: Claim, answer: TaskAnswer) -> None:
        self._inner = inner
        self._claim = claim
        self._answer = answer
        self._written: _WrittenTasks | None = None
        self.kept: StoredAnswer | None = None

    @property
    def tasks(self) -> TaskRepository:
        return self._require_written()

    @property
    def inbox(self) -> Inbox:
        return self._inner.inbox

    def publish(self, *events: Event) -> None:
        self._inner.publish(*events)

    async def commit(self) -> None:
        answer = stored(self._answer(self._require_written().last))
        await self._inner.idempotency.record(self._claim, answer)
        await self._inner.commit()
        self.kept = answer

    async def rollback(self) -> None:
        await self._inner.rollback()

    async def __aenter__(self) -> Self:
        await self._inner.__aenter__()
        self._written = _WrittenTasks(self._inner.tasks)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._inner.__aexit__(exc_type, exc, tb)

    def _require_written(self) -> _WrittenTasks:
        if self._written is None:
            raise RuntimeError("the unit of work is not open")
        return self._written


class _AnsweringUnits:
    """Makes the units of work of one keyed task write (a use case may retry with a new one)."""

    def __init__(self, runtime: Runtime, claim: Claim, answer: TaskAnswer) -> None:
        self._runtime = runtime
        self._claim = claim
        self._answer = answer
        self.made: list[_AnsweringUnitOfWork] = []

    def __call__(self, *, durable: bool = True) -> TaskUnitOfWork:
        unit = _AnsweringUnitOfWork(
            self._runtime.uow_factory(durable=durable), self._claim, self._answer
        )
        self.made.append(unit)
        return unit

    def kept(self) -> StoredAnswer | None:
        return next((unit.kept for unit in self.made if unit.kept is not None), None)


class Once:
    """One write, run at most once per key: how a route runs its write."""

    def __init__(self, request: Request, runtime: Runtime, user: User, key: str | None) -> None:
        self._request = request
        self._runtime = runtime
        self._user = user
        self._key = key

    async def task_write(
        self,
        write: Callable[[UnitOfWorkFactory[TaskUnitOfWork]], Awaitable[Task | None]],
        answer: TaskAnswer,
    ) -> Response:
        """Run a task use case; with a key, its answer commits with its write."""
        if self._key is None:
            return answer(await write(self._runtime.uow_factory))
        claim_or_answer = await self._claim()
        if isinstance(claim_or_answer, Response):
            return claim_or_answer
        claim = claim_or_answer
        units = _AnsweringUnits(self._runtime, claim, answer)
        try:
            result = await write(units)
        except ClaimLost:
            return _still_running(timedelta(seconds=1))
        except Exception:
            await self._runtime.idempotency_keys.release(claim)
            raise
        kept = units.kept()
        if kept is not None:
            return _kept_answer(kept)
        response = answer(result)
        await self._runtime.idempotency_keys.answer(claim, stored(response))
        return response

    async def write(self, write: Callable[[], Awaitable[Response]]) -> Response:
        """Run a write that has no unit of work of its own to keep the answer in.

        A domain error (a 4xx) comes before any change and frees the key; any other
        failure may come after some change, so the claim stays until its lease lapses.
        """
        if self._key is None:
            return await write()
        claim_or_answer = await self._claim()
        if isinstance(claim_or_answer, Response):
            return claim_or_answer
        try:
            response = await write()
        except DomainError:
            await self._runtime.idempotency_keys.release(claim_or_answer)
            raise
        await self._runtime.idempotency_keys.answer(claim_or_answer, stored(response))
        return response

    async def _claim(self) -> Claim | Response:
        """The key claimed for this request, or what to answer instead."""
        assert self._key is not None
        settings = self._runtime.settings
        outcome = await self._runtime.idempotency_keys.claim(
            ClaimRequest(
                user_id=self._user.id,
                key=self._key,
                fingerprint=await fingerprint(self._request),
                now=self._runtime.clock.now(),
                lease=timedelta(seconds=settings.idempotency_lease_seconds),
                keep=timedelta(hours=settings.idempotency_key_hours),
            )
        )
        if isinstance(outcome, Claimed):
            return outcome.claim
        if isinstance(outcome, Answered):
            return replayed(outcome.answer)
        if isinstance(outcome, Mismatched):
            return _mismatched()
        return _still_running(outcome.retry_after)


def _kept_answer(answer: StoredAnswer) -> Response:
    """The answer a task write kept with its commit, as this first request's answer."""
    return Response(content=answer.body, status_code=answer.status, headers=answer.headers)


async def once(
    request: Request,
    runtime: RuntimeDep,
    user: CurrentUser,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias=HEADER,
            description="Any unique string (1 to 255 visible ASCII characters, e.g. a UUID):"
            " a retry with the same key gets the first answer and changes nothing more"
            " (kept 24 hours by default). The same key with another request is a 422; a"
            " retry while the first still runs, a 409 with Retry-After.",
        ),
    ] = None,
) -> Once:
    return Once(request, runtime, user, read_key(idempotency_key))


OnceDep = Annotated[Once, Depends(once)]
