"""The chart installed, upgraded and rolled back by helm on a kwok cluster.

kwokctl runs a real control plane (etcd, kube-apiserver, kube-controller-manager,
kube-scheduler) as processes of this machine, plus kwok's controller, which
plays two fake nodes. So what Kubernetes itself does with the chart really
happens: Deployments make ReplicaSets, the scheduler binds their pods to nodes
(requests against the nodes' capacity, selectors, tolerations), rolling updates
replace ReplicaSets, the hook Job is created and completes, the HPA controller
reads the HPAs, helm waits for all of it. What a fake node does not do: run a
container. kwok marks each bound pod Running and Ready (a Job's pods Succeeded),
so the image, the probes, the Dapr sidecar (there is no injector), the
NetworkPolicies and the Ingress (no controller) are not exercised here.

Values: values-minikube.yaml (in-cluster PostgreSQL and Redpanda without
volumes, so no StorageClass is needed; tokens made by the chart).
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from devstack.cluster_tools import ClusterTools
from tests.deploy.cluster import Kubectl, KwokCluster, wait_until
from tests.deploy.conftest import CHART, NAMESPACE, RELEASE, Helm

VALUES = str(CHART / "values-minikube.yaml")
NODES = 2
UPGRADED_TAG = "dev-upgraded"
APP_DEPLOYMENTS = ("backend", "web", "audit", "recurring", "notification", "websocket")
"""The chart's six deployables (the image's); the development PostgreSQL and Redpanda
are Deployments too."""
HPAS = {"backend": (1, 3, 70), "websocket": (1, 3, 60)}
"""values-minikube.yaml's autoscaling: min, max, target CPU utilisation."""


@dataclass(frozen=True)
class Snapshot:
    """What the cluster and helm said at one moment."""

    deployments: dict[str, dict[str, Any]]
    """By component (backend, postgres, ...)."""
    replica_sets: list[dict[str, Any]]
    pods: list[dict[str, Any]]
    release: dict[str, Any]
    """``helm status -o json``."""
    generated_secret: str
    """The app API token the chart made at install (base64)."""


@dataclass(frozen=True)
class Kwok:
    cluster: KwokCluster
    kubectl: Kubectl
    helm: Helm
    nodes: list[str]
    """The fake nodes' names."""

    def helm_run(self, *argv: str) -> str:
        """helm against the cluster, its discovery cache in its own home (not ``~/.kube``)."""
        home = self.helm.home
        completed = subprocess.run(
            [str(self.helm.binary), *argv, "--kubeconfig", str(self.kubectl.kubeconfig)],
            capture_output=True, text=True, check=False,
            env={**os.environ, "HOME": str(home), "HELM_CACHE_HOME": str(home / "cache"),
                 "HELM_CONFIG_HOME": str(home / "config"), "HELM_DATA_HOME": str(home / "data")},
        )  # fmt: skip
        assert completed.returncode == 0, f"helm {' '.join(argv)}:\n{completed.stderr}"
        return completed.stdout

    def settled_snapshot(self) -> Snapshot:
        """What the cluster says once every rollout has finished: helm's ``--wait`` waits
        for the new pods to be ready, not for the old ReplicaSet to be scaled down."""
        names = self.kubectl.run("get", "deployments", "-n", NAMESPACE, "-o", "name").stdout
        for name in names.split():
            self.kubectl.run("rollout", "status", name, "-n", NAMESPACE, "--timeout", "120s")
        return self.snapshot()

    def snapshot(self) -> Snapshot:
        deployments = self.kubectl.get("deployments", "-n", NAMESPACE)["items"]
        by_component = {
            item["metadata"]["labels"]["app.kubernetes.io/component"]: item for item in deployments
        }
        status = json.loads(self.helm_run("status", RELEASE, "-n", NAMESPACE, "-o", "json"))
        secret = self.kubectl.get("secret", "app-api-token", "-n", NAMESPACE)
        return Snapshot(
            deployments=by_component,
            replica_sets=self.kubectl.get("replicasets", "-n", NAMESPACE)["items"],
            pods=self.kubectl.get("pods", "-n", NAMESPACE)["items"],
            release=status,
            generated_secret=secret["data"]["token"],
        )


@pytest.fixture(scope="module")
def kwok(
    cluster_tools: ClusterTools, helm: Helm, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Kwok]:
    cluster = KwokCluster(cluster_tools, tmp_path_factory.mktemp("kwok"))
    try:
        cluster.create(nodes=NODES)
        cluster.kubectl.install_crds(cluster_tools.dapr_crds)
        nodes = wait_until(f"{NODES} Ready fake nodes", lambda: _ready_nodes(cluster.kubectl))
        yield Kwok(cluster, cluster.kubectl, helm, nodes)
    finally:
        cluster.delete()


def _ready_nodes(kubectl: Kubectl) -> list[str] | None:
    ready = [
        node["metadata"]["name"]
        for node in kubectl.get("nodes")["items"]
        if any(c["type"] == "Ready" and c["status"] == "True" for c in node["status"]["conditions"])
    ]
    return ready if len(ready) == NODES else None


@pytest.fixture(scope="module")
def installed(kwok: Kwok) -> Snapshot:
    kwok.helm_run(
        "install", RELEASE, str(CHART), "-n", NAMESPACE, "--create-namespace", "-f", VALUES,
        "--wait", "--timeout", "5m",
    )  # fmt: skip
    return kwok.settled_snapshot()


@pytest.fixture(scope="module")
def upgraded(kwok: Kwok, installed: Snapshot) -> Snapshot:
    kwok.helm_run(
        "upgrade", RELEASE, str(CHART), "-n", NAMESPACE, "-f", VALUES,
        "--set", f"image.tag={UPGRADED_TAG}", "--wait", "--timeout", "5m",
    )  # fmt: skip
    return kwok.settled_snapshot()


@pytest.fixture(scope="module")
def rolled_back(kwok: Kwok, upgraded: Snapshot) -> Snapshot:
    kwok.helm_run("rollback", RELEASE, "1", "-n", NAMESPACE, "--wait", "--timeout", "5m")
    return kwok.settled_snapshot()


def _image(deployment: dict[str, Any]) -> str:
    image: str = deployment["spec"]["template"]["spec"]["containers"][0]["image"]
    return image


def _revision(item: dict[str, Any]) -> str:
    revision: str = item["metadata"]["annotations"]["deployment.kubernetes.io/revision"]
    return revision


def _assert_rolled_out(snapshot: Snapshot) -> None:
    for component, deployment in snapshot.deployments.items():
        wanted, status = deployment["spec"]["replicas"], deployment["status"]
        assert status.get("availableReplicas") == wanted, (component, status)
        assert status.get("updatedReplicas") == wanted, (component, status)
        assert status.get("replicas") == wanted, (component, status)  # no old pod left


def _serving_replica_set(snapshot: Snapshot, component: str) -> dict[str, Any]:
    """The one ReplicaSet of ``component`` that has pods."""
    serving = [
        item
        for item in snapshot.replica_sets
        if item["metadata"]["labels"].get("app.kubernetes.io/component") == component
        and item["spec"]["replicas"] > 0
    ]
    assert len(serving) == 1, [item["metadata"]["name"] for item in serving]
    found: dict[str, Any] = serving[0]
    return found


def _migration_hook(snapshot: Snapshot) -> dict[str, Any]:
    hooks: list[dict[str, Any]] = [
        hook for hook in snapshot.release.get("hooks", []) if hook["kind"] == "Job"
    ]
    assert [hook["name"] for hook in hooks] == [f"{RELEASE}-todo-chatbot-migrate"], hooks
    return hooks[0]


def test_helm_install_waits_until_every_deployment_is_available(installed: Snapshot) -> None:
    assert installed.release["info"]["status"] == "deployed"
    assert installed.release["version"] == 1
    assert set(installed.deployments) == {*APP_DEPLOYMENTS, "postgres", "redpanda"}
    _assert_rolled_out(installed)
    for component in APP_DEPLOYMENTS:
        assert _image(installed.deployments[component]) == "localhost/todo-chatbot:dev"


def test_every_pod_is_bound_to_a_fake_node_and_ready(kwok: Kwok, installed: Snapshot) -> None:
    running = [pod for pod in installed.pods if pod["status"]["phase"] == "Running"]
    assert len(running) == sum(d["spec"]["replicas"] for d in installed.deployments.values())
    for pod in running:
        assert pod["spec"].get("nodeName") in kwok.nodes, (pod["metadata"]["name"], kwok.nodes)
        ready = {c["type"]: c["status"] for c in pod["status"]["conditions"]}
        assert ready.get("Ready") == "True", (pod["metadata"]["name"], ready)


def test_the_migration_hook_job_ran_and_succeeded(installed: Snapshot) -> None:
    """The post-install hook: helm created the Job, its pod completed, helm deleted it
    (hook-succeeded) and recorded the run."""
    last_run = _migration_hook(installed)["last_run"]
    assert last_run["phase"] == "Succeeded", last_run
    assert last_run["completed_at"] >= last_run["started_at"]


def test_the_hpas_target_backend_and_websocket_with_their_bounds(
    kwok: Kwok, installed: Snapshot
) -> None:
    hpas = kwok.kubectl.get("hpa", "-n", NAMESPACE)["items"]
    by_target = {hpa["spec"]["scaleTargetRef"]["name"]: hpa for hpa in hpas}
    assert set(by_target) == {f"{RELEASE}-todo-chatbot-{name}" for name in HPAS}
    for name, (low, high, cpu) in HPAS.items():
        spec = by_target[f"{RELEASE}-todo-chatbot-{name}"]["spec"]
        assert spec["scaleTargetRef"]["kind"] == "Deployment"
        assert (spec["minReplicas"], spec["maxReplicas"]) == (low, high)
        target = spec["metrics"][0]["resource"]
        assert (target["name"], target["target"]["averageUtilization"]) == ("cpu", cpu)

    def seen_by_the_controller() -> list[str] | None:
        """The HPA controller has read each HPA and its Deployment (no metrics server:
        it cannot compute a utilisation, and says so)."""
        items = kwok.kubectl.get("hpa", "-n", NAMESPACE)["items"]
        reasons = [
            f"{hpa['metadata']['name']}: {c['type']}={c['status']} ({c.get('reason')})"
            for hpa in items
            for c in hpa.get("status", {}).get("conditions", [])
        ]
        counted = all(hpa.get("status", {}).get("currentReplicas") == 1 for hpa in items)
        return reasons if counted and len({r.split(":")[0] for r in reasons}) == len(HPAS) else None

    conditions = wait_until("the HPA controller's conditions", seen_by_the_controller, 90)
    assert any("AbleToScale=True" in condition for condition in conditions), conditions


def test_helm_upgrade_rolls_out_a_new_replica_set(installed: Snapshot, upgraded: Snapshot) -> None:
    assert upgraded.release["version"] == 2
    assert upgraded.release["info"]["status"] == "deployed"
    _assert_rolled_out(upgraded)
    for component in APP_DEPLOYMENTS:
        deployment = upgraded.deployments[component]
        assert _image(deployment) == f"localhost/todo-chatbot:{UPGRADED_TAG}"
        assert _revision(deployment) == "2"
        before = _serving_replica_set(installed, component)
        after = _serving_replica_set(upgraded, component)
        assert after["metadata"]["name"] != before["metadata"]["name"]
        assert after["status"].get("availableReplicas") == deployment["spec"]["replicas"]
    for unchanged in ("postgres", "redpanda"):
        assert _revision(upgraded.deployments[unchanged]) == "1"
    # The pre-upgrade hook ran again, and the tokens the chart made were kept.
    assert _migration_hook(upgraded)["last_run"]["phase"] == "Succeeded"
    before_run = _migration_hook(installed)["last_run"]["started_at"]
    assert _migration_hook(upgraded)["last_run"]["started_at"] > before_run
    assert upgraded.generated_secret == installed.generated_secret


def test_helm_rollback_restores_the_first_revision(
    installed: Snapshot, rolled_back: Snapshot, kwok: Kwok
) -> None:
    assert rolled_back.release["version"] == 3
    assert rolled_back.release["info"]["status"] == "deployed"
    history = json.loads(kwok.helm_run("history", RELEASE, "-n", NAMESPACE, "-o", "json"))
    assert [entry["status"] for entry in history] == ["superseded", "superseded", "deployed"]
    assert history[-1]["description"] == "Rollback to 1"
    _assert_rolled_out(rolled_back)
    for component in APP_DEPLOYMENTS:
        deployment = rolled_back.deployments[component]
        assert _image(deployment) == "localhost/todo-chatbot:dev"
        assert _revision(deployment) == "3"
        # The first revision's ReplicaSet (same pod template, same hash) serves again.
        original = _serving_replica_set(installed, component)["metadata"]["name"]
        assert _serving_replica_set(rolled_back, component)["metadata"]["name"] == original
    assert rolled_back.generated_secret == installed.generated_secret
