"""Domain errors become HTTP answers here, in one place."""

from __future__ import annotations

from fastapi import FastAPI, Request, Response

from todo_chatbot.domain.errors import (
    DomainError,
    EmailTaken,
    InvalidCredentials,
    NotAuthenticated,
    NotFound,
    ValidationFailed,
    VersionConflict,
)
from todo_chatbot.entrypoints.http.responses import json_response, validation_detail


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
    return json_response({"detail": str(exc)}, 400)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, domain_error)
