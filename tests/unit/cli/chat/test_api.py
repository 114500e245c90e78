"""What the terminal chat says about a server's answers and addresses."""

from __future__ import annotations

import httpx2
import pytest

from todo_chatbot.cli.chat.api import ApiError, InvalidInput, failure, normalized_server


def test_a_server_url_loses_its_trailing_slash_and_keeps_its_path() -> None:
    assert normalized_server("https://todo.example.com/chat/ ") == "https://todo.example.com/chat"


@pytest.mark.parametrize("url", ["ftp://todo.example.com", "localhost:8000", "http://"])
def test_what_is_not_an_http_url_is_refused(url: str) -> None:
    with pytest.raises(ApiError, match="not a server URL"):
        normalized_server(url)


def test_a_429_says_how_long_to_wait() -> None:
    answer = httpx2.Response(
        429, headers={"Retry-After": "42"}, json={"detail": "Too many sign-in attempts"}
    )

    assert failure(answer).message == "Too many sign-in attempts. Try again in 42 seconds."


def test_a_500_names_its_error_id() -> None:
    answer = httpx2.Response(
        500, json={"detail": "Internal server error (error id abc123)", "error_id": "abc123"}
    )

    assert "error id abc123" in failure(answer).message


def test_a_503_says_what_is_away_and_when_to_try_again() -> None:
    answer = httpx2.Response(503, headers={"Retry-After": "5"}, json={"detail": "Storage away"})

    assert failure(answer).message == (
        "The server is unavailable for now (Storage away); try again in 5 seconds."
    )


def test_a_422_names_the_fields() -> None:
    answer = httpx2.Response(
        422,
        json={"detail": [{"loc": ["body", "password"], "msg": "is too common", "type": "x"}]},
    )

    found = failure(answer)

    assert isinstance(found, InvalidInput)
    assert found.message == "password: is too common"


def test_an_answer_that_is_not_json_is_named_by_its_status() -> None:
    answer = httpx2.Response(502, text="<html>Bad Gateway</html>")

    assert failure(answer).message == "The server failed (HTTP 502: Bad Gateway)."
