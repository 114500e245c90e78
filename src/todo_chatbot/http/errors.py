"""Domain errors become HTTP answers here, in one place."""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler
from starlette.exceptions import HTTPException
from starlette.routing import BaseRoute, Match

from todo_chatbot.core.errors import (
    DomainError,
    EmailTaken,
    InvalidCredentials,
    NotAuthenticated,
    NotFound,
    TooManyAttempts,
    ValidationFailed,
    VersionConflict,
)
from todo_chatbot.http.responses import json_response, validation_detail


async def domain_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, ValidationFailed):
        return json_response({"detail": validation_detail(exc.errors, exc.location)}, 422)
    if isinstance(exc, NotFound):
        return json_response({"detail": str(exc)}, 404)
    if isinstance(exc, VersionConflict):
        return json_response(
            {"detail": str(exc), "current_version": exc.current},
            412,
            {"ETag": f'"{exc.current}"'},
        )
    if isinstance(exc, EmailTaken):
        return json_response({"detail": str(exc)}, 409)
    if isinstance(exc, InvalidCredentials | NotAuthenticated):
        return json_response({"detail": str(exc)}, 401, {"WWW-Authenticate": "Bearer"})
    if isinstance(exc, TooManyAttempts):
        return json_response({"detail": str(exc)}, 429, {"Retry-After": str(exc.retry_after)})
    return json_response({"detail": str(exc)}, 400)


_UNREADABLE_BODY = "There was an error parsing the body"


async def http_error(request: Request, exc: Exception) -> Response:
    """FastAPI answers a body that is not UTF-8 with 400; the contract says 422."""
    if isinstance(exc, HTTPException) and (exc.status_code, exc.detail) == (400, _UNREADABLE_BODY):
        detail = [
            {"type": "json_invalid", "loc": ["body"], "msg": "The body is not JSON text in UTF-8"}
        ]
        return json_response({"detail": detail}, 422)
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        exc.headers = {**(exc.headers or {}), "Allow": _allowed_methods(request)}
    return await http_exception_handler(request, exc)


def _allowed_methods(request: Request) -> str:
    """Every method some route serves at the request's path (Starlette names only
    those of the first route that matches the path, one of several)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        if isinstance(route, BaseRoute) and route.matches(request.scope)[0] != Match.NONE:
            methods.update(getattr(route, "methods", None) or ())
    return ", ".join(sorted(methods))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(HTTPException, http_error)
