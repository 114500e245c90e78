"""Operations over real HTTP: health, readiness, Prometheus metrics and the API docs."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.support import NOW, ApiServer, LiveServer, UserClient, running_server, wait_until
from todo_chatbot.runtimes.clocks import ManualClock

TASK_ROUTE = "/api/tasks/{task_id}"


def fetch_metrics(server: LiveServer) -> str:
    with server.client() as anonymous:
        answer = anonymous.get("/metrics")
    assert answer.status_code == 200, answer.text
    return answer.text


def sample(text: str, name: str, **labels: str) -> float:
    """The value of the sample ``name`` with exactly ``labels``, 0 if absent."""
    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == name and found.labels == labels:
                return float(found.value)
    return 0.0


def requests_total(text: str, method: str, route: str, status: str) -> float:
    return sample(text, "http_requests_total", method=method, route=route, status=status)


def test_healthz_answers_ok(server: LiveServer) -> None:
    with server.client() as anonymous:
        answer = anonymous.get("/healthz")

    assert answer.status_code == 200, answer.text
    assert answer.json() == {"status": "ok"}


CHECKS = {
    "embedded": {"database": True, "events": True, "scheduler": True},
    "distributed": {"sidecar": True, "database": True, "events": True, "receiving": True},
}


def test_readyz_answers_ready_with_its_checks(server: ApiServer) -> None:
    with server.client() as anonymous:
        answer = anonymous.get("/readyz")

    assert answer.status_code == 200, answer.text
    assert answer.json() == {"status": "ready", "checks": CHECKS[server.runtime_name]}


def test_operations_routes_need_no_token(server: LiveServer) -> None:
    with httpx.Client(
        base_url=server.url, headers={"Authorization": "Bearer garbage"}, timeout=10
    ) as client:
        for path in ("/healthz", "/readyz", "/metrics", "/openapi.json", "/docs"):
            assert client.get(path).status_code == 200, path


def test_metrics_is_prometheus_text(server: LiveServer) -> None:
    with server.client() as anonymous:
        answer = anonymous.get("/metrics")

    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain")
    assert "# TYPE http_requests_total counter" in answer.text
    assert "# TYPE http_request_duration_seconds histogram" in answer.text
    names = {family.name for family in text_string_to_metric_families(answer.text)}
    assert {"http_requests", "http_request_duration_seconds", "events_pending"} <= names


def test_metrics_count_requests_by_route_template(server: LiveServer, alice: UserClient) -> None:
    tasks = [alice.add(f"Counted {number}") for number in range(3)]
    missing = str(uuid.uuid4())
    before = fetch_metrics(server)

    for task in tasks:
        assert alice.get(f"/api/tasks/{task['id']}").status_code == 200
    assert alice.get(f"/api/tasks/{missing}").status_code == 404
    assert alice.patch(f"/api/tasks/{tasks[0]['id']}", json={"title": "x"}).status_code == 200
    assert alice.post(f"/api/tasks/{tasks[1]['id']}/complete").status_code == 200
    after = fetch_metrics(server)

    def delta(method: str, route: str, status: str) -> float:
        return requests_total(after, method, route, status) - requests_total(
            before, method, route, status
        )

    assert delta("GET", TASK_ROUTE, "200") == 3
    assert delta("GET", TASK_ROUTE, "404") == 1
    assert delta("PATCH", TASK_ROUTE, "200") == 1
    assert delta("POST", "/api/tasks/{task_id}/complete", "200") == 1
    assert delta("GET", "/metrics", "200") == 1
    latency = sample(
        after, "http_request_duration_seconds_count", method="GET", route=TASK_ROUTE
    ) - sample(before, "http_request_duration_seconds_count", method="GET", route=TASK_ROUTE)
    assert latency == 4
    for task_id in [*(task["id"] for task in tasks), missing]:
        assert task_id not in after


def test_metrics_never_label_by_raw_path(server: LiveServer) -> None:
    secret = f"no-such-page-{uuid.uuid4()}"
    with server.client() as anonymous:
        assert anonymous.get(f"/{secret}").status_code == 404

    assert secret not in fetch_metrics(server)


def test_metrics_count_refused_requests(server: LiveServer) -> None:
    before = fetch_metrics(server)
    with server.client() as anonymous:
        assert anonymous.get("/api/tasks").status_code == 401
        assert anonymous.get("/api/tasks").status_code == 401
    after = fetch_metrics(server)

    assert (
        requests_total(after, "GET", "/api/tasks", "401")
        - requests_total(before, "GET", "/api/tasks", "401")
        == 2
    )


def test_events_pending_drops_to_zero_once_delivered(tmp_path: Path) -> None:
    with running_server(tmp_path / "data", ManualClock(NOW)) as own:
        with own.register() as user:
            task = user.add("Pending event")
            wait_until(
                lambda: user.get("/api/audit", params={"task_id": task["id"]}).json()["items"],
                what="the audit entry",
            )

        def caught_up() -> bool:
            text = fetch_metrics(own)
            return (
                sample(text, "events_pending", consumer="audit") == 0
                and sample(text, "events_pending", consumer="recurring") == 0
            )

        wait_until(caught_up, what="every consumer to catch up")
        names = {
            found.labels.get("consumer")
            for family in text_string_to_metric_families(fetch_metrics(own))
            if family.name == "events_pending"
            for found in family.samples
        }
        assert {"audit", "recurring"} <= names


def test_docs_are_served(server: LiveServer) -> None:
    with server.client() as anonymous:
        answer = anonymous.get("/docs")

    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/html")
    assert "swagger-ui" in answer.text
    assert "/openapi.json" in answer.text


def test_the_docs_need_nothing_from_another_host(server: LiveServer) -> None:
    with server.client() as anonymous:
        page = anonymous.get("/docs").text
        assets = re.findall(r'(?:src|href)="([^"]+)"', page)
        fetched = {asset: anonymous.get(asset) for asset in assets}

    assert assets
    assert all(asset.startswith((server.url, "/")) for asset in assets)
    assert {asset: answer.status_code for asset, answer in fetched.items()} == dict.fromkeys(
        assets, 200
    )
    assert "cdn" not in page


def test_openapi_describes_the_contract(server: LiveServer) -> None:
    with server.client() as anonymous:
        answer = anonymous.get("/openapi.json")

    assert answer.status_code == 200, answer.text
    spec = answer.json()
    assert spec["info"]["title"] == "Todo Chatbot"
    assert spec["openapi"].startswith("3.")
    expected = {
        "/api/auth/register": {"post"},
        "/api/auth/login": {"post"},
        "/api/me": {"get", "patch"},
        "/api/tasks": {"get", "post"},
        "/api/tasks/{task_id}": {"get", "patch", "put", "delete"},
        "/api/tasks/{task_id}/complete": {"post"},
        "/api/tasks/{task_id}/reopen": {"post"},
        "/api/tasks/{task_id}/occurrences": {"get"},
        "/api/audit": {"get"},
        "/healthz": {"get"},
        "/readyz": {"get"},
        "/metrics": {"get"},
    }
    for path, methods in expected.items():
        assert path in spec["paths"], path
        assert methods <= set(spec["paths"][path]), path
    schemes = spec["components"]["securitySchemes"].values()
    assert any(scheme.get("scheme", "").lower() == "bearer" for scheme in schemes)
    task_schema = spec["components"]["schemas"]["TaskView"]
    assert set(task_schema["properties"]) == {
        "id",
        "title",
        "description",
        "status",
        "priority",
        "tags",
        "due",
        "remind_at",
        "remind_before_minutes",
        "recurrence",
        "repeat_from",
        "skipped_occurrences",
        "series_id",
        "created_at",
        "updated_at",
        "completed_at",
        "version",
    }
