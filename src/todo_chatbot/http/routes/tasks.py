"""Tasks: list, read, create, change, complete, reopen and delete."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import orjson
from fastapi import APIRouter, Request, Response

from todo_chatbot.accounts.users import User
from todo_chatbot.http import constraints
from todo_chatbot.http.deps import CurrentUser, ExpectedVersion, RuntimeDep, caller_of
from todo_chatbot.http.idempotency import Once, OnceDep, TaskAnswer
from todo_chatbot.http.responses import task_response
from todo_chatbot.http.schemas import TaskIn, TaskPage, TaskPatch
from todo_chatbot.runtimes.runtime import Runtime
from todo_chatbot.tasks import use_cases
from todo_chatbot.tasks.queries import read_list_query
from todo_chatbot.tasks.representation import TaskView
from todo_chatbot.tasks.task import Task, TaskInput, read_task_input, read_task_replacement

router = APIRouter(prefix="/api/tasks", tags=["tasks"])

_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such task (or not yours)"}}
_CHANGE: dict[int | str, dict[str, Any]] = {
    **_NOT_FOUND,
    412: {"description": "If-Match names a version the task moved past"},
}


def _query_parameter(
    name: str, description: str, schema: dict[str, Any], *, repeatable: bool = False
) -> dict[str, Any]:
    if repeatable:
        schema = {"type": "array", "items": schema}
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _choice(*values: str) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


# The list's parameters are read and checked by the domain (read_list_query) in one
# pass; declaring them to FastAPI as well would check each one twice per request,
# so they are documented here instead.
_LIST_PARAMETERS = [
    _query_parameter(
        "status", "pending (default), completed or all", _choice("pending", "completed", "all")
    ),
    _query_parameter(
        "priority",
        "Repeatable: high, medium, low or none",
        _choice("high", "medium", "low", "none"),
        repeatable=True,
    ),
    _query_parameter(
        "tag",
        "Repeatable: every tag must be on the task",
        {"type": "string", **constraints.TAGS["items"]},
        repeatable=True,
    ),
    _query_parameter(
        "due_from",
        "Inclusive date YYYY-MM-DD, in your zone",
        {"type": "string", **constraints.DATE},
    ),
    _query_parameter(
        "due_to",
        "Inclusive date YYYY-MM-DD, in your zone; not before due_from",
        {"type": "string", **constraints.DATE},
    ),
    _query_parameter("overdue", "true: pending tasks past due", constraints.BOOLEAN),
    _query_parameter("q", "Keywords to find in titles and descriptions", constraints.SEARCH),
    _query_parameter(
        "sort",
        "due, priority, created (default) or title",
        _choice("due", "priority", "created", "title"),
    ),
    _query_parameter(
        "order", "asc or desc (default: the key's natural order)", _choice("asc", "desc")
    ),
    _query_parameter("limit", "1 to 200 (default 50)", constraints.LIMIT),
    _query_parameter("cursor", "next_cursor of the previous page", constraints.CURSOR),
]


def _task_answer(tz: ZoneInfo, status_code: int = 200) -> TaskAnswer:
    def answer(task: Task | None) -> Response:
        if task is None:
            raise RuntimeError("a task write answers with the task it wrote")
        return task_response(task, tz, status_code)

    return answer


def _deleted(task: Task | None) -> Response:
    return Response(status_code=204)


@router.get("", response_model=TaskPage, openapi_extra={"parameters": _LIST_PARAMETERS})
async def list_tasks(request: Request, user: CurrentUser, runtime: RuntimeDep) -> Response:
    """The user's tasks, filtered, searched and sorted, a page at a time."""
    params: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        params.setdefault(name, []).append(value)
    query = read_list_query(params)
    page = await runtime.tasks.list_views(user.id, query, now=runtime.clock.now(), tz=user.tz)
    return Response(
        b'{"items":['
        + b",".join(page.items)
        + b'],"next_cursor":'
        + orjson.dumps(page.next_cursor)
        + b"}",
        media_type="application/json",
    )


@router.post("", status_code=201, response_model=TaskView)
async def create_task(
    body: TaskIn, user: CurrentUser, runtime: RuntimeDep, once: OnceDep
) -> Response:
    """Create a task; a recurring one starts its own series."""
    fields = read_task_input(body.model_dump(exclude_unset=True), user.tz, require_title=True)
    return await once.task_write(
        lambda uows: use_cases.add_task(
            uow=uows(), clock=runtime.clock, caller=caller_of(user), fields=fields
        ),
        _task_answer(user.tz, 201),
    )


@router.get("/{task_id}", response_model=TaskView, responses=_NOT_FOUND)
async def get_task(task_id: str, user: CurrentUser, runtime: RuntimeDep) -> Response:
    """One task."""
    found = await runtime.tasks.get_view(user.id, task_id)
    return Response(
        found.json, media_type="application/json", headers={"ETag": f'"{found.version}"'}
    )


@router.patch("/{task_id}", response_model=TaskView, responses=_CHANGE)
async def patch_task(
    task_id: str,
    body: TaskPatch,
    user: CurrentUser,
    runtime: RuntimeDep,
    version: ExpectedVersion,
    once: OnceDep,
) -> Response:
    """Change the fields given; null clears one."""
    fields = read_task_input(body.model_dump(exclude_unset=True), user.tz, require_title=False)
    return await _update(task_id, fields, user, runtime, version, once)


@router.put("/{task_id}", response_model=TaskView, responses=_CHANGE)
async def put_task(
    task_id: str,
    body: TaskIn,
    user: CurrentUser,
    runtime: RuntimeDep,
    version: ExpectedVersion,
    once: OnceDep,
) -> Response:
    """Replace every editable field; the ones left out are cleared."""
    fields = read_task_replacement(body.model_dump(), user.tz)
    return await _update(task_id, fields, user, runtime, version, once)


async def _update(
    task_id: str,
    fields: TaskInput,
    user: User,
    runtime: Runtime,
    version: int | None,
    once: Once,
) -> Response:
    return await once.task_write(
        lambda uows: use_cases.update_task(
            uow=uows(),
            clock=runtime.clock,
            caller=caller_of(user),
            task_id=task_id,
            fields=fields,
            expected_version=version,
        ),
        _task_answer(user.tz),
    )


@router.delete("/{task_id}", status_code=204, responses=_CHANGE)
async def delete_task(
    task_id: str, user: CurrentUser, runtime: RuntimeDep, version: ExpectedVersion, once: OnceDep
) -> Response:
    """Delete a task."""
    return await once.task_write(
        lambda uows: use_cases.delete_task(
            uow=uows(),
            clock=runtime.clock,
            caller=caller_of(user),
            task_id=task_id,
            expected_version=version,
        ),
        _deleted,
    )


@router.post("/{task_id}/complete", response_model=TaskView, responses=_CHANGE)
async def complete_task(
    task_id: str, user: CurrentUser, runtime: RuntimeDep, version: ExpectedVersion, once: OnceDep
) -> Response:
    """Mark done; a recurring task's next occurrence follows as its own new task."""
    return await once.task_write(
        lambda uows: use_cases.complete_task(
            uow=uows(),
            clock=runtime.clock,
            caller=caller_of(user),
            task_id=task_id,
            expected_version=version,
        ),
        _task_answer(user.tz),
    )


@router.post("/{task_id}/reopen", response_model=TaskView, responses=_CHANGE)
async def reopen_task(
    task_id: str, user: CurrentUser, runtime: RuntimeDep, version: ExpectedVersion, once: OnceDep
) -> Response:
    """Mark pending again."""
    return await once.task_write(
        lambda uows: use_cases.reopen_task(
            uow=uows(),
            clock=runtime.clock,
            caller=caller_of(user),
            task_id=task_id,
            expected_version=version,
        ),
        _task_answer(user.tz),
    )
