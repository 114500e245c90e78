"""Every query of the Grafana dashboard and of the alert rules names a metric the
services really serve: ``python -m devstack.metric_names`` (the script) reads the
names from a real embedded server's ``/metrics`` after some use, and from a real
daprd's metrics endpoint after it has served its API and published (the dashboard's
``dapr_*`` panels). A misspelt metric makes the script fail and name it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from devstack import versions
from devstack.binaries import dapr_entry
from devstack.dapr import Daprd
from devstack.metric_names import (
    Query,
    dashboard_queries,
    exposed_names,
    metric_names,
    unknown_names,
)
from devstack.processes import free_ports
from tests.deploy.conftest import ROOT, missing
from tests.support import LiveServer, start_server

DASHBOARD = ROOT / "deploy" / "monitoring" / "grafana" / "todo-chatbot.json"
RULES = ROOT / "deploy" / "monitoring" / "alerts.yaml"
IN_MEMORY_PUBSUB = """\
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: pubsub
spec:
  type: pubsub.in-memory
  version: v1
  metadata: []
"""

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The embedded runtime, used a little: a user, tasks, a reminder, a live client."""
    live = start_server(tmp_path_factory.mktemp("metrics"))
    try:
        with live.register() as user:
            task = user.add("Water the plants", remind_at="2026-03-05T09:00:00Z")
            user.patch(f"/api/tasks/{task['id']}", json={"completed": True})
            user.get("/api/tasks/no-such-task")
        yield live
    finally:
        live.stop()


@pytest.fixture(scope="module")
def sidecar(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Daprd]:
    """A real daprd with an in-memory pub/sub, which has served its API and published."""
    if not dapr_entry(versions.DAPR_VERSION).is_dir():
        missing("daprd is not built yet (make stack-build)")
    run_dir = tmp_path_factory.mktemp("daprd")
    resources = run_dir / "resources"
    resources.mkdir()
    (resources / "pubsub.yaml").write_text(IN_MEMORY_PUBSUB)
    http_port, grpc_port = free_ports(2)
    daprd = Daprd("backend", None, http_port, grpc_port, resources, None, None, run_dir=run_dir)
    daprd.start()
    try:
        for number in range(3):
            answer = httpx.post(f"{daprd.http_url}/v1.0/publish/pubsub/task-events", json=number)
            assert answer.status_code == 204, answer.text
        yield daprd
    finally:
        daprd.stop()


def check(*argv: str) -> subprocess.CompletedProcess[str]:
    """The script, as an operator runs it."""
    return subprocess.run(
        [sys.executable, "-m", "devstack.metric_names", *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_every_panel_and_rule_names_a_metric_the_services_serve(
    server: LiveServer, sidecar: Daprd
) -> None:
    completed = check(
        "--dashboard", str(DASHBOARD), "--rules", str(RULES),
        f"{server.url}/metrics", f"http://127.0.0.1:{sidecar.metrics_port}/",
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr
    queries = len(dashboard_queries(json.loads(DASHBOARD.read_text())))
    assert f"{queries + 8} queries, 0 naming" in completed.stdout


def test_the_dapr_panels_need_daprd_s_own_metrics(server: LiveServer) -> None:
    """The app's /metrics alone does not serve the sidecar panels' names: the check
    above really reads them from daprd."""
    completed = check("--dashboard", str(DASHBOARD), f"{server.url}/metrics")
    assert completed.returncode == 1
    assert "dapr_http_server_request_count" in completed.stdout


def test_a_misspelt_metric_is_found_and_named(
    server: LiveServer, sidecar: Daprd, tmp_path: Path
) -> None:
    dashboard = DASHBOARD.read_text().replace("live_disconnects_total", "live_disconnect_total")
    assert dashboard != DASHBOARD.read_text()
    broken = tmp_path / "dashboard.json"
    broken.write_text(dashboard)
    completed = check(
        "--dashboard", str(broken), f"{server.url}/metrics",
        f"http://127.0.0.1:{sidecar.metrics_port}/",
    )  # fmt: skip
    assert completed.returncode == 1
    assert "panel 'Disconnects': live_disconnect_total" in completed.stdout


@pytest.mark.parametrize(
    ("expr", "names"),
    [
        (
            'sum by (route, le) (rate(http_request_duration_seconds_bucket{route!~"/a|/b"}[5m]))',
            {"http_request_duration_seconds_bucket"},
        ),
        (
            "a_total / on (namespace) group_left (pod) b offset 5m > bool 3",
            {"a_total", "b"},
        ),
        ('x{le="+Inf", s="{not_a_metric}"} and ignoring (le) y', {"x", "y"}),
        ("clamp_min(0.5 * sum(max_over_time(live_connections[$__rate_interval])), 50)",
         {"live_connections"}),
        ("histogram_quantile(0.95, sum by (le) (rate(z_bucket[${interval}])))", {"z_bucket"}),
    ],
)  # fmt: skip
def test_metric_names_are_read_out_of_promql(expr: str, names: set[str]) -> None:
    assert metric_names(expr) == names


def test_a_query_naming_no_metric_counts_as_unknown() -> None:
    query = Query("panel 'x'", "vector(1)")
    assert unknown_names([query], {"anything"}) == {query: set()}


def test_served_names_are_read_as_written_and_from_declared_families() -> None:
    exposition = (
        "# TYPE dapr_component_pubsub_egress_count counter\n"
        'dapr_component_pubsub_egress_count{app_id="backend"} 3\n'
        "# HELP event_publish_seconds Time one publish took.\n"
        "# TYPE event_publish_seconds histogram\n"
        "# TYPE events_dead_lettered_total counter\n"
    )
    assert exposed_names(exposition) == {
        "dapr_component_pubsub_egress_count",
        "event_publish_seconds_bucket",
        "event_publish_seconds_count",
        "event_publish_seconds_sum",
        "events_dead_lettered_total",
    }


def test_the_dashboard_is_well_formed() -> None:
    """What Grafana needs to import it: a uid, unique panel ids, panels on the grid
    without overlapping, every query on the chosen Prometheus data source."""
    dashboard = json.loads(DASHBOARD.read_text())
    assert dashboard["uid"] == "todo-chatbot"
    panels = dashboard["panels"]
    ids = [panel["id"] for panel in panels]
    assert len(ids) == len(set(ids))
    cells: set[tuple[int, int]] = set()
    for panel in panels:
        grid = panel["gridPos"]
        assert grid["x"] + grid["w"] <= 24, panel["title"]
        mine = {
            (x, y)
            for x in range(grid["x"], grid["x"] + grid["w"])
            for y in range(grid["y"], grid["y"] + grid["h"])
        }
        assert not cells & mine, f"{panel['title']} overlaps another panel"
        cells |= mine
        refs = [target["refId"] for target in panel.get("targets", [])]
        assert len(refs) == len(set(refs)), panel["title"]
        for target in panel.get("targets", []):
            assert target["datasource"] == {"type": "prometheus", "uid": "${datasource}"}
    variables = {variable["name"] for variable in dashboard["templating"]["list"]}
    assert variables == {"datasource", "namespace"}
