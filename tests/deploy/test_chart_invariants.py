"""What every rendering of the chart must keep true, read from ``helm template``'s
objects: limits, probes and non-root on every workload; Dapr's annotations with the
app ids the code knows; the components, subscriptions and resiliency equal to what
``make up`` runs against real daprd (``deploy/dapr/``); subscriptions scoped to the
apps that consume them; no secret in any values file or rendered literally."""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any, cast

import pytest
import yaml

from tests.deploy.conftest import (
    CHART,
    DAPR_RESOURCES,
    VALUES_FILES,
    documents,
    named,
    of_kind,
)
from todo_chatbot.cli.main import build_parser
from todo_chatbot.live.hub import LiveHub
from todo_chatbot.runtimes.dapr.topology import SERVICES
from todo_chatbot.runtimes.subscriptions import live_subscriptions, subscriptions

Objects = list[dict[str, Any]]
DEPLOYABLES = {*SERVICES, "web"}
WORKLOAD_KINDS = ("Deployment", "Job", "StatefulSet", "DaemonSet")


def workloads(objects: Objects) -> Iterator[dict[str, Any]]:
    for item in objects:
        if item["kind"] in WORKLOAD_KINDS:
            yield item


def pod_of(workload: dict[str, Any]) -> dict[str, Any]:
    template: dict[str, Any] = workload["spec"]["template"]
    return template


def component_of(workload: dict[str, Any]) -> str:
    component: str = workload["metadata"]["labels"]["app.kubernetes.io/component"]
    return component


def deployables(objects: Objects) -> dict[str, dict[str, Any]]:
    """The six deployables' Deployments by service (development infrastructure left out)."""
    return {
        component_of(item): item
        for item in of_kind(objects, "Deployment")
        if component_of(item) in DEPLOYABLES
    }


@pytest.mark.parametrize("values_file", VALUES_FILES)
def test_every_workload_has_limits_probes_and_runs_as_non_root_read_only(
    rendered: dict[str, Objects], values_file: str
) -> None:
    found = list(workloads(rendered[values_file]))
    assert found
    for workload in found:
        name = workload["metadata"]["name"]
        spec = pod_of(workload)["spec"]
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        assert spec["securityContext"].get("runAsUser", 1) != 0, name
        assert spec["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault", name
        for container in spec["containers"]:
            where = f"{name}/{container['name']}"
            resources = container["resources"]
            for bound in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(resources[bound]), where
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True, where
            assert security["allowPrivilegeEscalation"] is False, where
            assert security["capabilities"]["drop"] == ["ALL"], where
            if workload["kind"] != "Job":
                assert "livenessProbe" in container, where
                assert "readinessProbe" in container, where


@pytest.mark.parametrize("values_file", VALUES_FILES)
def test_the_deployables_are_the_six_and_probe_healthz_and_readyz(
    rendered: dict[str, Objects], values_file: str
) -> None:
    found = deployables(rendered[values_file])
    assert set(found) == DEPLOYABLES
    for service, deployment in found.items():
        (container,) = pod_of(deployment)["spec"]["containers"]
        assert container["args"] == ["serve", service]
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        # A consumer's /healthz answers 503 a few seconds on purpose: liveness waits 30 s.
        liveness = container["livenessProbe"]
        assert liveness["periodSeconds"] * liveness["failureThreshold"] >= 30
        ports = {port["name"]: port["containerPort"] for port in container["ports"]}
        assert ports == {"http": 8000}


@pytest.mark.parametrize("values_file", VALUES_FILES)
def test_dapr_annotations_carry_the_code_s_app_ids_health_check_and_tokens(
    rendered: dict[str, Objects], values_file: str
) -> None:
    objects = rendered[values_file]
    (configuration,) = of_kind(objects, "Configuration")
    app_ids = set()
    for service, deployment in deployables(objects).items():
        annotations = pod_of(deployment)["metadata"].get("annotations", {})
        if service == "web":
            assert "dapr.io/enabled" not in annotations
            continue
        app_ids.add(annotations["dapr.io/app-id"])
        assert annotations["dapr.io/app-id"] == service
        assert annotations["dapr.io/enabled"] == "true"
        assert annotations["dapr.io/app-port"] == "8000"
        assert annotations["dapr.io/config"] == configuration["metadata"]["name"]
        assert annotations["dapr.io/enable-app-health-check"] == "true"
        assert annotations["dapr.io/app-health-check-path"] == "/healthz"
        assert annotations["dapr.io/app-token-secret"]
        assert annotations["dapr.io/api-token-secret"]
        env = {item["name"]: item for item in pod_of(deployment)["spec"]["containers"][0]["env"]}
        for token, secret in (
            ("APP_API_TOKEN", annotations["dapr.io/app-token-secret"]),
            ("DAPR_API_TOKEN", annotations["dapr.io/api-token-secret"]),
        ):
            assert env[token]["valueFrom"]["secretKeyRef"] == {"name": secret, "key": "token"}
    assert app_ids == set(SERVICES)


def _without_chart_labels(resource: dict[str, Any]) -> dict[str, Any]:
    copy = dict(resource)
    copy["metadata"] = {"name": resource["metadata"]["name"]}
    return copy


def _local_resources() -> dict[tuple[str, str], dict[str, Any]]:
    found = {}
    for path in sorted((DAPR_RESOURCES / "resources").glob("*.yaml")):
        for resource in documents(path.read_text()):
            found[(resource["kind"], resource["metadata"]["name"])] = resource
    return found


def test_the_chart_s_dapr_resources_are_the_ones_make_up_runs(
    rendered: dict[str, Objects],
) -> None:
    """With the default values (Kafka without authentication, as locally) every
    Component but the secret store, every Subscription and the Resiliency render
    exactly as deploy/dapr/resources has them, and the Configuration as config.yaml."""
    local = _local_resources()
    chart = {
        (item["kind"], item["metadata"]["name"]): _without_chart_labels(item)
        for item in rendered["values.yaml"]
        if item["apiVersion"].startswith("dapr.io/")
    }
    configuration = yaml.safe_load((DAPR_RESOURCES / "config.yaml").read_text())
    chart_configuration = chart.pop(("Configuration", configuration["metadata"]["name"]))
    assert chart_configuration["spec"] == configuration["spec"]
    local_store = local.pop(("Component", "secretstore"))
    chart_store = chart.pop(("Component", "secretstore"))
    assert local_store["spec"]["type"] == "secretstores.local.file"
    assert chart_store["spec"]["type"] == "secretstores.kubernetes"
    assert set(chart) == set(local)
    for key, resource in local.items():
        assert chart[key] == resource, key


def test_kafka_with_sasl_reads_its_password_from_a_secret(rendered: dict[str, Objects]) -> None:
    for values_file in ("values-aks.yaml", "values-gke.yaml", "values-oke.yaml"):
        for component in of_kind(rendered[values_file], "Component"):
            if component["spec"]["type"] != "pubsub.kafka":
                continue
            metadata = {item["name"]: item for item in component["spec"]["metadata"]}
            assert metadata["authType"]["value"] == "password"
            assert metadata["disableTls"]["value"] == "false"
            assert "value" not in metadata["saslPassword"]
            assert metadata["saslPassword"]["secretKeyRef"]["name"]


@pytest.mark.parametrize("values_file", VALUES_FILES)
def test_subscriptions_are_scoped_to_the_apps_of_the_code_s_table(
    rendered: dict[str, Objects], values_file: str
) -> None:
    unused = cast(Any, None)
    hub = cast(LiveHub, SimpleNamespace(push_task_change=None, push_reminder=None))
    table = subscriptions(uow_factory=unused, next_occurrences=unused, scheduler=unused)
    expected = {(item.service, str(item.topic)) for item in [*table, *live_subscriptions(hub)]}
    found = set()
    for subscription in of_kind(rendered[values_file], "Subscription"):
        (scope,) = subscription["scopes"]
        topic = subscription["spec"]["topic"]
        assert scope in SERVICES
        if topic.endswith("-dead-letters"):
            # Each app reads its own dead letters only, in their own consumer group.
            assert topic == f"{scope}-dead-letters"
            assert subscription["spec"]["pubsubname"] == "pubsub-dead-letters"
            continue
        found.add((scope, topic))
        dead_letters = subscription["spec"].get("deadLetterTopic")
        if scope == "websocket":
            assert subscription["spec"]["pubsubname"] == "pubsub-broadcast"
        else:
            assert dead_letters == f"{scope}-dead-letters"
    assert found == expected


@pytest.mark.parametrize("values_file", VALUES_FILES)
def test_components_are_scoped_to_known_apps(
    rendered: dict[str, Objects], values_file: str
) -> None:
    for component in of_kind(rendered[values_file], "Component"):
        assert set(component.get("scopes", [])) <= {*SERVICES, "migrate"}, component


@pytest.mark.parametrize("values_file", VALUES_FILES)
def test_backend_and_websocket_autoscale_and_every_deployable_has_a_budget(
    rendered: dict[str, Objects], values_file: str
) -> None:
    objects = rendered[values_file]
    found = deployables(objects)
    targets = {
        hpa["spec"]["scaleTargetRef"]["name"] for hpa in of_kind(objects, "HorizontalPodAutoscaler")
    }
    assert targets == {found["backend"]["metadata"]["name"], found["websocket"]["metadata"]["name"]}
    for name in targets:
        assert "replicas" not in named(objects, "Deployment")[name]["spec"]
    budgets = {
        yaml.safe_dump(pdb["spec"]["selector"]["matchLabels"], sort_keys=True)
        for pdb in of_kind(objects, "PodDisruptionBudget")
    }
    for deployment in found.values():
        selector = deployment["spec"]["selector"]["matchLabels"]
        assert yaml.safe_dump(selector, sort_keys=True) in budgets, deployment["metadata"]["name"]


@pytest.mark.parametrize("values_file", VALUES_FILES)
def test_each_service_has_its_own_account_reading_only_the_secrets_it_needs(
    rendered: dict[str, Objects], values_file: str
) -> None:
    objects = rendered[values_file]
    accounts = named(objects, "ServiceAccount")
    roles = named(objects, "Role")
    bindings = named(objects, "RoleBinding")
    used = set()
    for service, deployment in deployables(objects).items():
        account = pod_of(deployment)["spec"]["serviceAccountName"]
        assert account in accounts
        assert account not in used
        used.add(account)
        bound = [b for b in bindings.values() if b["subjects"][0]["name"] == account]
        if service == "web":
            assert bound == []
            assert pod_of(deployment)["spec"]["automountServiceAccountToken"] is False
            continue
        (binding,) = bound
        rules = roles[binding["roleRef"]["name"]]["rules"]
        assert rules == [
            {
                "apiGroups": [""],
                "resources": ["secrets"],
                "resourceNames": rules[0]["resourceNames"],
                "verbs": ["get"],
            }
        ]
        readable = set(rules[0]["resourceNames"])
        assert ("token-signing-key" in readable) == (service in ("backend", "websocket"))
        assert "database-url" in readable


@pytest.mark.parametrize("values_file", VALUES_FILES)
def test_the_ingress_gives_one_origin_with_long_lived_websockets(
    rendered: dict[str, Objects], values_file: str
) -> None:
    objects = rendered[values_file]
    services = {component_of(s): s["metadata"]["name"] for s in of_kind(objects, "Service")}
    routes: dict[str, str] = {}
    ingresses = of_kind(objects, "Ingress")
    for ingress in ingresses:
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                routes[path["path"]] = path["backend"]["service"]["name"]
                if path["path"] == "/ws":
                    annotations = ingress["metadata"]["annotations"]
                    assert (
                        int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
                    )
    assert routes["/"] == services["web"]
    assert routes["/api"] == routes["/mcp"] == services["backend"]
    assert routes["/ws"] == services["websocket"]


@pytest.mark.parametrize("values_file", VALUES_FILES)
def test_network_policies_deny_by_default_and_open_only_the_ingress_paths(
    rendered: dict[str, Objects], values_file: str
) -> None:
    policies = of_kind(rendered[values_file], "NetworkPolicy")
    (deny,) = [p for p in policies if p["metadata"]["name"].endswith("-default-deny")]
    assert "ingress" not in deny["spec"]
    assert "Ingress" in deny["spec"]["policyTypes"]
    opened = {
        p["spec"]["podSelector"]["matchLabels"].get("app.kubernetes.io/component")
        for p in policies
        if p["metadata"]["name"].endswith("-from-ingress")
    }
    assert opened == {"backend", "websocket", "web"}


def test_the_migration_is_a_hook_job_running_a_real_command(rendered: dict[str, Objects]) -> None:
    (job,) = of_kind(rendered["values.yaml"], "Job")
    hooks = job["metadata"]["annotations"]["helm.sh/hook"].split(",")
    assert "pre-upgrade" in hooks
    (container,) = pod_of(job)["spec"]["containers"]
    arguments = build_parser().parse_args(container["args"])
    assert arguments.command == "migrate"
    assert arguments.keep_sidecar is False
    annotations = pod_of(job)["metadata"]["annotations"]
    assert annotations["dapr.io/app-id"] == "migrate"
    assert "dapr.io/app-port" not in annotations  # it receives no events, no jobs


SECRET_WORDS = re.compile(r"password|passwd|token|secret|api_?key|signing|credential", re.I)


def _leaves(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, f"{path}[{index}]")
    else:
        yield path, node


@pytest.mark.parametrize("values_file", VALUES_FILES)
def test_no_values_file_holds_a_secret(values_file: str) -> None:
    """A value under a secret-sounding key is the name of a Secret (under ``secrets``),
    a Secret's name in a TLS block, or a switch: never the secret itself."""
    values = yaml.safe_load((CHART / values_file).read_text())
    for path, value in _leaves(values):
        if not SECRET_WORDS.search(path) or not isinstance(value, str) or not value:
            continue
        assert path.startswith("secrets.") or path.endswith(".secretName"), (path, value)
        assert re.fullmatch(r"[a-z0-9]([-a-z0-9.]*[a-z0-9])?", value), (path, value)


@pytest.mark.parametrize("values_file", VALUES_FILES)
def test_nothing_secret_is_rendered_as_a_literal(
    rendered: dict[str, Objects], values_file: str
) -> None:
    objects = rendered[values_file]
    generates = yaml.safe_load((CHART / values_file).read_text()).get("secrets", {})
    if not generates.get("generate"):
        assert of_kind(objects, "Secret") == []
    for workload in workloads(objects):
        for container in pod_of(workload)["spec"]["containers"]:
            for variable in container.get("env", []):
                if SECRET_WORDS.search(variable["name"]):
                    assert "value" not in variable, (workload["metadata"]["name"], variable)
    for component in of_kind(objects, "Component"):
        for item in component["spec"]["metadata"]:
            if SECRET_WORDS.search(item["name"]) or item["name"] in ("connectionString", "brokers"):
                assert "value" not in item, (component["metadata"]["name"], item)
