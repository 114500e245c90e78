"""The chart and the images checked offline: the real helm, kubeconform and hadolint.

The tools come from ``make deploy-tools`` (``devstack.deploy_tools``: built or
fetched once per machine into ``~/.cache/todo-chatbot``); these tests never build
them. Without them they are skipped on a developer's machine and fail in CI
(``CI`` set), like the browser tests: a skipped check would hide a missing one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pytest
import yaml

from devstack.cluster_tools import ClusterTools, find_cluster_tools, missing_cluster_tools
from devstack.deploy_tools import DeployTools, find_tools, missing_tools
from tests.deploy.cluster import ApiServer

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "deploy" / "helm" / "todo-chatbot"
DAPR_RESOURCES = ROOT / "deploy" / "dapr"
DOCKERFILE = ROOT / "docker" / "Dockerfile"
VALUES_FILES = ("values.yaml", "values-minikube.yaml", "values-aks.yaml", "values-gke.yaml",
                "values-oke.yaml")  # fmt: skip
"""Every values file of the chart: each is linted, rendered and validated."""
RELEASE = "todo"
NAMESPACE = "todo"


def missing(reason: str) -> NoReturn:
    """A prerequisite is missing: fail in CI, skip on a developer's machine."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must provide it: .ci/run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def tools() -> DeployTools:
    found = find_tools()
    if found is None:
        missing(f"not built yet: {', '.join(missing_tools())} (make deploy-tools)")
    return found


@dataclass(frozen=True)
class Helm:
    """The helm binary with its own (temporary) home: no user's configuration or cache."""

    binary: Path
    home: Path

    def run(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "HELM_CACHE_HOME": str(self.home / "cache"),
            "HELM_CONFIG_HOME": str(self.home / "config"),
            "HELM_DATA_HOME": str(self.home / "data"),
        }
        completed = subprocess.run(
            [str(self.binary), *argv], capture_output=True, text=True, env=env, check=False
        )
        if check and completed.returncode != 0:
            raise AssertionError(
                f"helm {' '.join(argv)} failed ({completed.returncode}):\n{completed.stderr}"
            )
        return completed

    def template(
        self, values_file: str | None, *extra: str, kube_version: str = "1.37.0"
    ) -> subprocess.CompletedProcess[str]:
        argv = ["template", RELEASE, str(CHART), "--namespace", NAMESPACE]
        argv += ["--kube-version", kube_version]
        if values_file is not None and values_file != "values.yaml":
            argv += ["-f", str(CHART / values_file)]
        return self.run(*argv, *extra, check=False)


@pytest.fixture(scope="session")
def helm(tools: DeployTools, tmp_path_factory: pytest.TempPathFactory) -> Helm:
    return Helm(tools.helm, tmp_path_factory.mktemp("helm-home"))


def documents(text: str) -> list[dict[str, Any]]:
    """The YAML documents of ``text`` that are objects (empty ones left out)."""
    return [document for document in yaml.safe_load_all(text) if isinstance(document, dict)]


@pytest.fixture(scope="session")
def rendered(helm: Helm) -> dict[str, list[dict[str, Any]]]:
    """``helm template`` of each values file: its objects, by values file."""
    out: dict[str, list[dict[str, Any]]] = {}
    for values_file in VALUES_FILES:
        completed = helm.template(values_file)
        assert completed.returncode == 0, f"{values_file}:\n{completed.stderr}"
        out[values_file] = documents(completed.stdout)
    return out


def of_kind(objects: Sequence[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [item for item in objects if item.get("kind") == kind]


def named(objects: Sequence[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {item["metadata"]["name"]: item for item in of_kind(objects, kind)}


# -- the cluster checks (make cluster-tools): a real API server, a kwok cluster ---------------


@pytest.fixture(scope="session")
def cluster_tools() -> ClusterTools:
    found = find_cluster_tools()
    if found is None:
        reason = f"not built yet: {', '.join(missing_cluster_tools())}"
        if os.environ.get("CLUSTER_CHECKS") == "0":
            pytest.skip(f"{reason}; CLUSTER_CHECKS=0: `make cluster-check` runs them")
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI must run make cluster-tools, or set CLUSTER_CHECKS=0)")
        pytest.skip(f"{reason} (make cluster-tools)")
    if shutil.which("openssl") is None:
        missing("openssl is not installed (the API server's certificates)")
    return found


@pytest.fixture(scope="session")
def apiserver(
    cluster_tools: ClusterTools, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ApiServer]:
    """etcd and kube-apiserver (RBAC, client certificates), Dapr's CRDs installed."""
    server = ApiServer(cluster_tools, tmp_path_factory.mktemp("apiserver"))
    try:
        server.start()
        server.kubectl.install_crds(cluster_tools.dapr_crds)
        yield server
    finally:
        server.stop()
