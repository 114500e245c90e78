"""What the OpenAPI document adds to FastAPI's: the answers the server gives that
no route declares itself.

FastAPI lists what a route's signature shows. The bearer token, the strict
JSON reading, the body limit and the domain's own checks answer too: 401 on
every route that needs a token, 422 wherever a parameter or body is read,
413 where a body is, each in the contract's ``{"detail": ...}`` shape.
"""

from __future__ import annotations

from typing import Any, Final

from todo_chatbot.http import constraints

JsonObject = dict[str, Any]

_ERROR: Final = "ErrorOut"
_VALIDATION_ERROR: Final = "HTTPValidationError"
_BODY_METHODS: Final = frozenset({"post", "put", "patch"})


def describe_answers(document: JsonObject, *, secured: set[tuple[str, str]]) -> None:
    """Add the answers every operation can give to ``document``, in place;
    ``secured`` names the (path, method) pairs that need the bearer token."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas[_ERROR] = _error_schema()
    schemas.setdefault(_VALIDATION_ERROR, _validation_error_schema())
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            _describe_parameters(operation.get("parameters", ()))
            responses = operation.setdefault("responses", {})
            if (path, method) in secured:
                responses.setdefault("401", _unauthorized())
            if _takes_idempotency_key(operation):
                responses["422"] = _invalid_or_key_reused()
                responses.setdefault("409", _key_in_use())
            if operation.get("parameters") or operation.get("requestBody"):
                responses.setdefault("422", _invalid())
            for status, description in _ROUTE_ANSWERS.get((path, method), {}).items():
                responses.setdefault(status, _answer(description))
            if method in _BODY_METHODS and operation.get("requestBody"):
                responses.setdefault("413", _answer("The body is larger than the limit"))


_ROUTE_ANSWERS: Final[dict[tuple[str, str], dict[str, str]]] = {
    ("/api/auth/login", "post"): {"401": "Wrong email or password (the same for either)"},
    ("/api/auth/register", "post"): {"409": "An account with this email already exists"},
}
"""Answers the domain gives on routes that do not declare them."""

_PARAMETER_SCHEMAS: Final[dict[tuple[str, str], JsonObject]] = {
    ("query", "limit"): constraints.LIMIT,
    ("query", "cursor"): constraints.CURSOR,
    ("header", "if-match"): constraints.IF_MATCH,
    ("header", "idempotency-key"): constraints.IDEMPOTENCY_KEY,
}
"""Parameters that routes read as text and check themselves, described by name."""


def _describe_parameters(parameters: Any) -> None:
    for parameter in parameters:
        described = _PARAMETER_SCHEMAS.get((parameter["in"], parameter["name"].lower()))
        if described is not None:
            parameter["schema"] = {**described, "title": parameter["name"]}


def _ref(name: str) -> JsonObject:
    return {"$ref": f"#/components/schemas/{name}"}


def _answer(description: str, schema: str = _ERROR) -> JsonObject:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


def _unauthorized() -> JsonObject:
    answer = _answer("No valid bearer token")
    answer["headers"] = {
        "WWW-Authenticate": {"description": "Bearer", "schema": {"type": "string"}}
    }
    return answer


def _invalid() -> JsonObject:
    return _answer(
        "A parameter or the body breaks a rule; each error names its place", _VALIDATION_ERROR
    )


def _takes_idempotency_key(operation: JsonObject) -> bool:
    return any(
        parameter["in"] == "header" and parameter["name"].lower() == "idempotency-key"
        for parameter in operation.get("parameters", ())
    )


def _invalid_or_key_reused() -> JsonObject:
    return {
        "description": "A parameter or the body breaks a rule (each error names its place),"
        " or the Idempotency-Key was sent before with another request",
        "content": {
            "application/json": {"schema": {"anyOf": [_ref(_VALIDATION_ERROR), _ref(_ERROR)]}}
        },
    }


def _key_in_use() -> JsonObject:
    answer = _answer("A request with this Idempotency-Key is still being processed")
    answer["headers"] = {
        "Retry-After": {"description": "Seconds to wait", "schema": {"type": "string"}}
    }
    return answer


def _error_schema() -> JsonObject:
    return {
        "title": _ERROR,
        "type": "object",
        "required": ["detail"],
        "properties": {
            "detail": {"type": "string"},
            "error_id": {"type": "string", "description": "Names the log line of a 500"},
        },
    }


def _validation_error_schema() -> JsonObject:
    return {
        "title": _VALIDATION_ERROR,
        "type": "object",
        "properties": {
            "detail": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["loc", "msg", "type"],
                    "properties": {
                        "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                        "msg": {"type": "string"},
                        "type": {"type": "string"},
                    },
                },
            }
        },
    }
