"""The rendered chart through a real kube-apiserver: ``kubectl apply --dry-run=server
--validate=strict`` of every values file, with Dapr's CRDs installed.

Beyond kubeconform's schemas, the API server runs its own validation (a selector
that must match the pod template's labels, names, immutable fields, RBAC's
rules), its admission plugins and the CRDs' structural schemas, and refuses
unknown fields (strict). Nothing is stored: a dry run only tells what would be.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from devstack.cluster_tools import KUBERNETES_VERSION
from tests.deploy.cluster import ApiServer, Kubectl
from tests.deploy.conftest import NAMESPACE, VALUES_FILES, Helm, documents, of_kind


@pytest.fixture(scope="module")
def kubectl(apiserver: ApiServer) -> Kubectl:
    """kubectl against the API server, with the chart's namespace there."""
    namespace = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NAMESPACE}}
    apiserver.kubectl.run("apply", "-f", "-", input=yaml.safe_dump(namespace))
    return apiserver.kubectl


def dry_run(kubectl: Kubectl, manifest: str) -> tuple[int, list[str], str]:
    """``kubectl apply --dry-run=server --validate=strict``: exit code, names, errors."""
    completed = kubectl.run(
        "apply", "--dry-run=server", "--validate=strict", "-n", NAMESPACE, "-o", "name",
        "-f", "-", input=manifest, check=False,
    )  # fmt: skip
    return completed.returncode, completed.stdout.split(), completed.stderr


def rendered_for_the_server(helm: Helm, values_file: str | None) -> str:
    completed = helm.template(values_file, kube_version=KUBERNETES_VERSION)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def test_the_api_server_serves_daprs_crds(kubectl: Kubectl) -> None:
    served = kubectl.run("api-resources", "--api-group", "dapr.io", "-o", "name").stdout.split()
    assert {"components.dapr.io", "subscriptions.dapr.io", "resiliencies.dapr.io",
            "configurations.dapr.io"} <= set(served), served  # fmt: skip


@pytest.mark.parametrize("values_file", VALUES_FILES)
def test_the_api_server_accepts_every_rendered_object(
    kubectl: Kubectl, helm: Helm, values_file: str
) -> None:
    manifest = rendered_for_the_server(helm, values_file)
    objects = documents(manifest)
    code, names, errors = dry_run(kubectl, manifest)
    assert code == 0, f"{values_file}:\n{errors}"
    # Every object was accepted, none dropped, and the server warned about nothing
    # (a deprecated API, a field it would ignore).
    assert len(names) == len(objects), (names, [item["kind"] for item in objects])
    assert "Warning" not in errors, errors
    kinds = {item["kind"] for item in objects}
    assert {"Deployment", "Component", "Subscription", "Resiliency", "Configuration"} <= kinds


def _first(objects: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    return copy.deepcopy(of_kind(objects, kind)[0])


def _broken(helm: Helm) -> dict[str, dict[str, Any]]:
    """Objects of the default rendering, each broken in one way the server must refuse."""
    objects = documents(rendered_for_the_server(helm, None))
    unknown_field = _first(objects, "Component")
    unknown_field["spec"]["typo"] = True
    nameless_metadata = _first(objects, "Component")
    nameless_metadata["spec"]["metadata"].append({"value": "a value without a name"})
    selector_mismatch = _first(objects, "Deployment")
    selector_mismatch["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"] = "other"
    return {
        'unknown field "spec.typo"': unknown_field,
        "name: Required value": nameless_metadata,
        "`selector` does not match template `labels`": selector_mismatch,
    }


@pytest.mark.parametrize(
    "complaint",
    ['unknown field "spec.typo"', "name: Required value",
     "`selector` does not match template `labels`"],
)  # fmt: skip
def test_the_api_server_refuses_a_broken_object(
    kubectl: Kubectl, helm: Helm, complaint: str
) -> None:
    """The check can fail: a Component with an unknown field or a nameless metadata item
    (Dapr's CRD), a Deployment whose selector does not select its own pods (the server's
    own validation, which no schema expresses)."""
    broken = _broken(helm)[complaint]
    code, _, errors = dry_run(kubectl, yaml.safe_dump(broken))
    assert code != 0, f"accepted: {broken}"
    assert complaint in errors, errors
