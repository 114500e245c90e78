"""The chart's monitoring, rendered by the real helm: the Dapr services' pods announce
their ``/metrics`` to Prometheus and read its token from a Secret; a NetworkPolicy
lets Prometheus in; the PodMonitor and the PrometheusRule exist only where the
Prometheus Operator's API does (``--api-versions monitoring.coreos.com/v1``), are
valid against its CRDs (kubeconform ``-strict``) and carry the repository's one
rules file; the Grafana dashboard's ConfigMap holds the repository's dashboard."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from devstack.deploy_tools import DeployTools
from devstack.monitoring_tools import find_monitoring_schemas, schema_location
from tests.deploy.conftest import (
    CHART,
    ROOT,
    VALUES_FILES,
    Helm,
    documents,
    missing,
    named,
    of_kind,
)
from tests.deploy.test_chart_invariants import component_of, deployables, pod_of
from todo_chatbot.runtimes.dapr.topology import SERVICES

Objects = list[dict[str, Any]]
OPERATOR_API = ("--api-versions", "monitoring.coreos.com/v1")
RULES = ROOT / "deploy" / "monitoring" / "alerts.yaml"
DASHBOARD = ROOT / "deploy" / "monitoring" / "grafana" / "todo-chatbot.json"


def render(helm: Helm, values_file: str | None, *extra: str) -> Objects:
    completed = helm.template(values_file, *extra)
    assert completed.returncode == 0, completed.stderr
    return documents(completed.stdout)


@pytest.fixture(scope="module")
def with_operator(helm: Helm) -> dict[str, Objects]:
    """Each values file rendered where the Prometheus Operator is installed, with the
    dashboard's ConfigMap on."""
    extra = (*OPERATOR_API, "--set", "monitoring.dashboard.enabled=true")
    return {values_file: render(helm, values_file, *extra) for values_file in VALUES_FILES}


@pytest.fixture(scope="session")
def monitoring_schemas() -> Path:
    found = find_monitoring_schemas()
    if found is None:
        missing("the Prometheus Operator's schemas are not there yet (make deploy-tools)")
    return found


def the_one(objects: Objects, kind: str) -> dict[str, Any]:
    (found,) = of_kind(objects, kind)
    return found


def selects(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(key) == value for key, value in selector.items())


@pytest.mark.parametrize("values_file", VALUES_FILES)
def test_no_monitor_or_rule_is_rendered_where_the_operator_s_api_is_missing(
    rendered: dict[str, Objects], with_operator: dict[str, Objects], values_file: str
) -> None:
    for kind in ("PodMonitor", "PrometheusRule"):
        assert of_kind(rendered[values_file], kind) == []
        assert len(of_kind(with_operator[values_file], kind)) == 1


def test_the_monitor_and_the_rule_can_be_turned_off(helm: Helm) -> None:
    objects = render(
        helm, None, *OPERATOR_API, "--set", "monitoring.podMonitor.enabled=false",
        "--set", "monitoring.rules.enabled=false",
    )  # fmt: skip
    assert of_kind(objects, "PodMonitor") == of_kind(objects, "PrometheusRule") == []


@pytest.mark.parametrize("values_file", VALUES_FILES)
def test_the_dapr_services_announce_their_metrics_and_read_its_token_from_a_secret(
    rendered: dict[str, Objects], values_file: str
) -> None:
    values = yaml.safe_load((CHART / "values.yaml").read_text())
    token_secret = values["secrets"]["metricsToken"]
    for service, deployment in deployables(rendered[values_file]).items():
        annotations = pod_of(deployment)["metadata"].get("annotations", {})
        (container,) = pod_of(deployment)["spec"]["containers"]
        env = {variable["name"]: variable for variable in container["env"]}
        if service not in SERVICES:  # web serves no /metrics
            assert "prometheus.io/scrape" not in annotations
            assert "TODO_METRICS_TOKEN" not in env
            continue
        assert annotations["prometheus.io/scrape"] == "true"
        assert annotations["prometheus.io/path"] == "/metrics"
        ports = {port["containerPort"] for port in container["ports"]}
        assert int(annotations["prometheus.io/port"]) in ports
        reference = env["TODO_METRICS_TOKEN"]["valueFrom"]["secretKeyRef"]
        assert reference == {"name": token_secret, "key": token_secret, "optional": True}


@pytest.mark.parametrize("values_file", VALUES_FILES)
def test_the_pod_monitor_scrapes_each_dapr_service_with_the_token_and_its_sidecar(
    with_operator: dict[str, Objects], values_file: str
) -> None:
    objects = with_operator[values_file]
    monitor = the_one(objects, "PodMonitor")
    selector = monitor["spec"]["selector"]["matchLabels"]
    selected = {
        service
        for service, deployment in deployables(objects).items()
        if selects(selector, pod_of(deployment)["metadata"]["labels"])
    }
    assert selected == set(SERVICES)
    app, sidecar = monitor["spec"]["podMetricsEndpoints"]
    container_ports = {
        port["name"]
        for deployment in deployables(objects).values()
        for port in pod_of(deployment)["spec"]["containers"][0]["ports"]
    }
    assert app["port"] in container_ports
    assert app["path"] == "/metrics"
    deployment = deployables(objects)["backend"]
    env = {v["name"]: v for v in pod_of(deployment)["spec"]["containers"][0]["env"]}
    reference = env["TODO_METRICS_TOKEN"]["valueFrom"]["secretKeyRef"]
    credentials = app["authorization"]["credentials"]
    assert app["authorization"]["type"] == "Bearer"
    assert (credentials["name"], credentials["key"]) == (reference["name"], reference["key"])
    # The port the sidecar injector gives daprd's metrics; the chart asks daprd for 9090.
    assert sidecar == {**sidecar, "port": "dapr-metrics", "path": "/"}
    assert pod_of(deployment)["metadata"]["annotations"]["dapr.io/metrics-port"] == "9090"


@pytest.mark.parametrize("values_file", VALUES_FILES)
def test_prometheus_may_reach_the_app_s_and_the_sidecar_s_metrics(
    rendered: dict[str, Objects], values_file: str
) -> None:
    objects = rendered[values_file]
    policies = named(objects, "NetworkPolicy")
    (policy,) = [p for name, p in policies.items() if name.endswith("-from-prometheus")]
    selector = policy["spec"]["podSelector"]["matchLabels"]
    reached = {
        component_of(deployment)
        for deployment in deployables(objects).values()
        if selects(selector, pod_of(deployment)["metadata"]["labels"])
    }
    assert reached == set(SERVICES)
    (rule,) = policy["spec"]["ingress"]
    assert {port["port"] for port in rule["ports"]} == {8000, 9090}
    values = yaml.safe_load((CHART / "values.yaml").read_text())["monitoring"]["prometheus"]
    assert rule["from"] == [values]


def test_the_prometheus_rule_carries_the_repository_s_rules_file(
    with_operator: dict[str, Objects],
) -> None:
    rule = the_one(with_operator["values.yaml"], "PrometheusRule")
    assert rule["spec"]["groups"] == yaml.safe_load(RULES.read_text())["groups"]


def test_the_dashboard_s_config_map_holds_the_repository_s_dashboard(
    rendered: dict[str, Objects], with_operator: dict[str, Objects]
) -> None:
    assert of_kind(rendered["values.yaml"], "ConfigMap") == []
    (config_map,) = of_kind(with_operator["values.yaml"], "ConfigMap")
    assert config_map["metadata"]["labels"]["grafana_dashboard"] == "1"
    (text,) = config_map["data"].values()
    assert json.loads(text) == json.loads(DASHBOARD.read_text())


def test_development_clusters_get_a_generated_metrics_token(
    rendered: dict[str, Objects],
) -> None:
    secrets = named(rendered["values-minikube.yaml"], "Secret")
    assert "metrics-token" in secrets["metrics-token"]["data"]
    assert "metrics-token" not in named(rendered["values.yaml"], "Secret")


def kubeconform(
    tools: DeployTools, schemas: Path, text: str, version: str
) -> subprocess.CompletedProcess[str]:
    argv = [str(tools.kubeconform), "-strict", "-summary", "-kubernetes-version", version]
    for location in [*tools.schema_locations(), schema_location(schemas)]:
        argv += ["-schema-location", location]
    return subprocess.run(argv, input=text, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("values_file", VALUES_FILES)
def test_the_monitoring_objects_are_valid_against_the_operator_s_crds(
    helm: Helm, tools: DeployTools, monitoring_schemas: Path, values_file: str
) -> None:
    extra = (*OPERATOR_API, "--set", "monitoring.dashboard.enabled=true")
    for version in tools.kubernetes_versions:
        completed = helm.template(values_file, *extra, kube_version=version)
        assert completed.returncode == 0, completed.stderr
        checked = kubeconform(tools, monitoring_schemas, completed.stdout, version)
        report = checked.stdout + checked.stderr
        assert checked.returncode == 0, f"Kubernetes {version}, {values_file}:\n{report}"
        assert "Skipped: 0" in report, report
        assert "Invalid: 0, Errors: 0" in report, report


def test_kubeconform_refuses_a_broken_pod_monitor_and_rule(
    helm: Helm, tools: DeployTools, monitoring_schemas: Path
) -> None:
    """The check can fail: an unknown field in the PodMonitor, a rule without ``expr``."""
    text = helm.template(None, *OPERATOR_API).stdout
    broken = [
        text.replace("  podMetricsEndpoints:", "  podMetricEndpoints:", 1),
        text.replace("        expr: ", "        exp: ", 1),
    ]
    for candidate in broken:
        assert candidate != text
        checked = kubeconform(tools, monitoring_schemas, candidate, tools.kubernetes_versions[-1])
        assert checked.returncode != 0, checked.stdout
        assert "PodMonitor" in checked.stdout or "PrometheusRule" in checked.stdout


@pytest.mark.parametrize(
    ("setting", "complaint"),
    [
        ("monitoring.podMonitor.interval=soon", "interval"),
        ("monitoring.scrap.enabled=true", "scrap"),
        ("monitoring.dashboard.namespace=Not_A_Namespace", "namespace"),
        ("secrets.metricsToken=Bad Name", "metricsToken"),
    ],
)
def test_the_values_schema_refuses_bad_monitoring_values(
    helm: Helm, setting: str, complaint: str
) -> None:
    completed = helm.template(None, "--set", setting)
    assert completed.returncode != 0, f"{setting} was accepted"
    assert complaint in completed.stderr, completed.stderr
