"""What the server tells browsers, and what it keeps for the operator, over real HTTP:
the security headers on every kind of answer (the API, its errors, the web app's
files, /docs), a content security policy that allows exactly the pages' own inline
scripts, HSTS only on an HTTPS deployment, /metrics for the operator only, and
/docs turned off in production."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator

import httpx
import pytest

from tests.support import ApiServer, LiveServer, ServerProcess, running_server, start_process

EVERY_ANSWER = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
API_POLICY = "default-src 'none'; frame-ancestors 'none'"
METRICS_TOKEN = "operator-only-0123456789"


def assert_secured(answer: httpx.Response) -> None:
    for name, value in EVERY_ANSWER.items():
        assert answer.headers.get(name) == value, (answer.request.url, name)
    assert "strict-transport-security" not in answer.headers


def policy(answer: httpx.Response) -> dict[str, list[str]]:
    """The answer's content security policy, directive by directive."""
    directives = [part.split() for part in answer.headers["content-security-policy"].split(";")]
    return {words[0]: words[1:] for words in directives if words}


def sha256_source(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def inline_scripts(html: str) -> list[str]:
    return re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.DOTALL)


def test_api_answers_carry_the_security_headers_and_are_not_stored(
    server: ApiServer, alice: httpx.Client
) -> None:
    answers = [alice.get("/api/tasks"), alice.post("/api/tasks", json={"title": "Headers"})]

    for answer in answers:
        assert answer.status_code in (200, 201), answer.text
        assert_secured(answer)
        assert answer.headers["cache-control"] == "no-store"
        assert answer.headers["content-security-policy"] == API_POLICY


def test_the_answers_that_carry_a_token_are_not_stored(server: ApiServer) -> None:
    email = f"stored-nowhere-{id(server)}@example.com"
    credentials = {"email": email, "password": "correct horse"}
    with server.client() as anonymous:
        registered = anonymous.post("/api/auth/register", json=credentials)
        signed_in = anonymous.post("/api/auth/login", json=credentials)

    for answer in (registered, signed_in):
        assert "access_token" in answer.json(), answer.text
        assert_secured(answer)
        assert answer.headers["cache-control"] == "no-store"


def test_error_answers_carry_the_security_headers(server: ApiServer, alice: httpx.Client) -> None:
    with server.client() as anonymous:
        unauthenticated = anonymous.get("/api/tasks")
        nowhere = anonymous.get("/api/no/such/route")
    invalid = alice.post("/api/tasks", json={"title": ""})
    missing = alice.get("/api/tasks/00000000-0000-0000-0000-000000000000")

    assert [a.status_code for a in (unauthenticated, nowhere, invalid, missing)] == [
        401,
        404,
        422,
        404,
    ]
    for answer in (unauthenticated, nowhere, invalid, missing):
        assert_secured(answer)
        assert answer.headers["content-security-policy"] == API_POLICY
    for answer in (unauthenticated, invalid, missing):
        assert answer.headers["cache-control"] == "no-store"


def test_the_operations_routes_carry_the_security_headers(server: ApiServer) -> None:
    with server.client() as anonymous:
        for path in ("/healthz", "/readyz"):
            assert_secured(anonymous.get(path))


BOOT = "(self.__next_f=self.__next_f||[]).push([0])"
PAYLOAD = 'self.__next_f.push([1,"1:\\"$Sreact.fragment\\"\\n"])'
PAGE = (
    '<!DOCTYPE html><html><head><link rel="stylesheet" href="/_next/static/css/app.css"/>'
    '<script src="/_next/static/chunks/main-1a2b.js" async=""></script></head>'
    f'<body><div style="display:none">the app</div><script>{BOOT}</script>'
    f"<script>{PAYLOAD}</script></body></html>"
)


@pytest.fixture(scope="module")
def web_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The embedded runtime serving a web app laid out as Next's static export writes it."""
    out = tmp_path_factory.mktemp("out")
    (out / "index.html").write_text(PAGE)
    (out / "index.html.br").write_bytes(b"brotli bytes")
    (out / "404.html").write_text("<html><body><script>notFound()</script></body></html>")
    (out / "_next" / "static" / "chunks").mkdir(parents=True)
    (out / "_next" / "static" / "chunks" / "main-1a2b.js").write_text("console.log(1)")
    with running_server(tmp_path_factory.mktemp("data"), web_dir=out) as served:
        yield served


@pytest.mark.slow
def test_a_page_of_the_web_app_may_run_its_own_inline_scripts_and_nothing_else(
    web_app: LiveServer,
) -> None:
    with web_app.client() as browser:
        page = browser.get("/")
        compressed = browser.get("/", headers={"Accept-Encoding": "br"})

    assert page.status_code == 200
    assert_secured(page)
    directives = policy(page)
    assert sorted(directives["script-src"]) == sorted(
        ["'self'", sha256_source(BOOT), sha256_source(PAYLOAD)]
    )
    assert {sha256_source(script) for script in inline_scripts(page.text)} <= set(
        directives["script-src"]
    )
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["connect-src"] == ["'self'"]
    assert compressed.headers["content-encoding"] == "br"
    assert compressed.headers["content-security-policy"] == page.headers["content-security-policy"]


@pytest.mark.slow
def test_the_web_apps_other_files_carry_the_security_headers(web_app: LiveServer) -> None:
    with web_app.client() as browser:
        script = browser.get("/_next/static/chunks/main-1a2b.js")
        missing = browser.get("/no/such/page")

    assert script.status_code == 200
    assert_secured(script)
    assert missing.status_code == 404
    assert_secured(missing)
    assert policy(missing)["script-src"] == ["'self'", sha256_source("notFound()")]


def test_the_docs_page_may_run_its_own_scripts(server: ApiServer) -> None:
    with server.client() as browser:
        docs = browser.get("/docs")

    assert docs.status_code == 200
    assert_secured(docs)
    scripts = inline_scripts(docs.text)
    assert scripts
    assert sorted(policy(docs)["script-src"]) == sorted(
        ["'self'", *{sha256_source(script) for script in scripts}]
    )
    assert all(src.startswith("/") for src in re.findall(r'<script src="([^"]+)"', docs.text))


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """``todo-chatbot run`` as deployed: over HTTPS, a metrics token, no docs."""
    server = start_process(
        tmp_path_factory.mktemp("production"),
        TODO_HTTPS="true",
        TODO_METRICS_TOKEN=METRICS_TOKEN,
        TODO_DOCS="false",
    )
    yield server
    server.terminate()


@pytest.mark.slow
def test_an_https_deployment_says_so_on_every_answer(production: ServerProcess) -> None:
    with httpx.Client(base_url=production.url) as client:
        answers = [client.get("/healthz"), client.get("/api/tasks"), client.get("/nowhere")]

    for answer in answers:
        assert answer.headers["strict-transport-security"] == "max-age=63072000; includeSubDomains"


@pytest.mark.slow
def test_metrics_with_a_token_set_need_it(production: ServerProcess) -> None:
    with httpx.Client(base_url=production.url) as client:
        without = client.get("/metrics")
        wrong = client.get("/metrics", headers={"Authorization": "Bearer not-the-token"})
        right = client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})

    assert (without.status_code, wrong.status_code) == (401, 401)
    assert without.headers["www-authenticate"] == "Bearer"
    assert without.json() == {"detail": "/metrics needs the operator's bearer token"}
    assert right.status_code == 200
    assert "# TYPE http_requests_total counter" in right.text


def test_metrics_without_a_token_are_for_the_loopback_only(server: ApiServer) -> None:
    with httpx.Client(base_url=server.url) as client:
        local = client.get("/metrics")
        proxied = client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})

    assert local.status_code == 200
    assert proxied.status_code == 403
    assert "loopback" in proxied.json()["detail"]


@pytest.mark.slow
def test_the_docs_can_be_turned_off(production: ServerProcess) -> None:
    with httpx.Client(base_url=production.url) as client:
        gone = [
            client.get(path) for path in ("/docs", "/openapi.json", "/docs/assets/swagger-ui.css")
        ]
        health = client.get("/healthz")

    assert [answer.status_code for answer in gone] == [404, 404, 404]
    assert health.status_code == 200
