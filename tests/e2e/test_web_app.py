"""The web app's static files served at ``/`` by the embedded runtime, behind the API:
pages, their scripts cached for a year, a 404 page for what is not there, and the
API, ``/ws`` and ``/docs`` still answered by the API."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import LiveServer, running_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A web app as ``next build`` lays one out (``output: "export"``, trailing slashes)."""
    out = tmp_path_factory.mktemp("out")
    (out / "index.html").write_text("<html><body>the app</body></html>")
    (out / "404.html").write_text("<html><body>not here</body></html>")
    (out / "settings").mkdir()
    (out / "settings" / "index.html").write_text("<html><body>settings</body></html>")
    (out / "_next" / "static" / "chunks").mkdir(parents=True)
    (out / "_next" / "static" / "chunks" / "app-1a2b3c.js").write_text("console.log(1)")
    script = out / "_next" / "static" / "chunks" / "big-4d5e6f.js"
    script.write_text("console.log('big');" * 100)
    (script.parent / (script.name + ".br")).write_bytes(b"brotli bytes")
    (script.parent / (script.name + ".gz")).write_bytes(gzip.compress(script.read_bytes()))
    return out


@pytest.fixture(scope="module")
def served(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with running_server(tmp_path_factory.mktemp("data"), web_dir=built) as server:
        yield server


def test_the_app_is_served_at_the_root_and_its_pages_by_folder(served: LiveServer) -> None:
    with served.client() as browser:
        root = browser.get("/")
        settings = browser.get("/settings/")

    assert (root.status_code, root.text) == (200, "<html><body>the app</body></html>")
    assert root.headers["content-type"].startswith("text/html")
    assert root.headers["cache-control"] == "no-cache"
    assert "settings" in settings.text


def test_scripts_named_by_content_are_cached_for_a_year(served: LiveServer) -> None:
    with served.client() as browser:
        script = browser.get("/_next/static/chunks/app-1a2b3c.js")

    assert script.status_code == 200
    assert script.headers["cache-control"] == "public, max-age=31536000, immutable"


def raw(server: LiveServer, path: str, accept_encoding: str) -> tuple[dict[str, str], bytes]:
    """The headers and the bytes on the wire (not decoded) of ``GET path``."""
    with (
        server.client() as browser,
        browser.stream("GET", path, headers={"Accept-Encoding": accept_encoding}) as answer,
    ):
        return dict(answer.headers), b"".join(answer.iter_raw())


@pytest.mark.parametrize(
    ("accepts", "encoding", "body"),
    [
        ("gzip, deflate, br, zstd", "br", b"brotli bytes"),
        ("gzip", "gzip", None),
        ("br;q=0, gzip;q=0.5", "gzip", None),
        ("identity", None, b"console.log('big');" * 100),
    ],
)
def test_a_browser_is_sent_the_compressed_copy_it_accepts(
    served: LiveServer, built: Path, accepts: str, encoding: str | None, body: bytes | None
) -> None:
    headers, sent = raw(served, "/_next/static/chunks/big-4d5e6f.js", accepts)

    assert headers.get("content-encoding") == encoding
    assert headers["content-type"].startswith("text/javascript")
    assert headers["vary"] == "Accept-Encoding"
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    if encoding == "gzip":
        assert gzip.decompress(sent) == (built / "_next/static/chunks/big-4d5e6f.js").read_bytes()
    else:
        assert sent == body


def test_a_compressed_copy_unchanged_since_the_last_visit_is_not_sent_again(
    served: LiveServer,
) -> None:
    headers, _ = raw(served, "/_next/static/chunks/big-4d5e6f.js", "br")
    with served.client() as browser:
        again = browser.get(
            "/_next/static/chunks/big-4d5e6f.js",
            headers={"Accept-Encoding": "br", "If-None-Match": headers["etag"]},
        )

    assert again.status_code == 304


def test_a_missing_page_is_the_apps_404(served: LiveServer) -> None:
    with served.client() as browser:
        missing = browser.get("/no/such/page")

    assert missing.status_code == 404
    assert "not here" in missing.text


@pytest.mark.parametrize("path", ["/api/no/such/route", "/mcp/nothing", "/ws/nothing"])
def test_a_path_under_the_api_that_no_route_takes_is_the_apis_404(
    served: LiveServer, path: str
) -> None:
    with served.client() as browser:
        missing = browser.get(path)

    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/json"
    assert missing.json() == {"detail": "Not Found"}


def test_a_method_an_api_path_does_not_serve_is_the_apis_405(served: LiveServer) -> None:
    with served.client() as browser:
        wrong = browser.request("TRACE", "/api/tasks")

    assert wrong.status_code == 405
    assert set(wrong.headers["allow"].split(", ")) == {"GET", "POST"}


def test_the_api_and_the_docs_still_answer_first(served: LiveServer) -> None:
    with served.register() as user:
        tasks = user.get("/api/tasks")
        docs = user.get("/docs")
        health = user.get("/healthz")

    assert tasks.status_code == 200
    assert tasks.json() == {"items": [], "next_cursor": None}
    assert "swagger-ui" in docs.text
    assert health.json() == {"status": "ok"}


def test_without_a_built_app_the_api_alone_is_served(tmp_path: Path) -> None:
    with (
        running_server(tmp_path / "data", web_dir=tmp_path / "never-built") as server,
        server.client() as browser,
    ):
        root = browser.get("/")
        health = browser.get("/healthz")

    assert root.status_code == 404
    assert health.status_code == 200
