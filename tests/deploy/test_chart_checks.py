"""The chart through the real tools: ``helm lint`` and ``helm template`` of every values
file, the rendered objects validated by kubeconform (``-strict``) against the schemas
of the oldest and the newest Kubernetes the chart supports and Dapr's CRDs, offline;
values the schema must refuse; the Dockerfile through hadolint."""

from __future__ import annotations

import subprocess

import pytest

from devstack.deploy_tools import DeployTools
from tests.deploy.conftest import CHART, DOCKERFILE, VALUES_FILES, Helm


@pytest.mark.parametrize("values_file", VALUES_FILES)
def test_helm_lint_passes_for_every_values_file(helm: Helm, values_file: str) -> None:
    argv = ["lint", "--strict", str(CHART), "--namespace", "todo"]
    if values_file != "values.yaml":
        argv += ["-f", str(CHART / values_file)]
    completed = helm.run(*argv, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "0 chart(s) failed" in completed.stdout


@pytest.mark.parametrize("values_file", VALUES_FILES)
def test_every_rendered_object_is_valid_for_the_oldest_and_newest_kubernetes(
    helm: Helm, tools: DeployTools, values_file: str
) -> None:
    assert len(tools.kubernetes_versions) >= 2, tools.kubernetes_versions
    for version in tools.kubernetes_versions:
        rendered = helm.template(values_file, kube_version=version)
        assert rendered.returncode == 0, rendered.stderr
        argv = [str(tools.kubeconform), "-strict", "-summary", "-output", "text"]
        argv += ["-kubernetes-version", version]
        for location in tools.schema_locations():
            argv += ["-schema-location", location]
        completed = subprocess.run(
            argv, input=rendered.stdout, capture_output=True, text=True, check=False
        )
        report = completed.stdout + completed.stderr
        assert completed.returncode == 0, f"Kubernetes {version}, {values_file}:\n{report}"
        # Every object was checked against a schema: none was skipped for lack of one.
        assert "Skipped: 0" in report, report
        assert "Invalid: 0, Errors: 0" in report, report


def test_kubeconform_refuses_what_the_api_server_would(helm: Helm, tools: DeployTools) -> None:
    """The check can fail: an unknown field in a Deployment and in a Dapr Component."""
    rendered = helm.template(None).stdout
    broken = [
        rendered.replace("revisionHistoryLimit: 5", "revisionHistoryLimit: 5\n  replica: 3", 1),
        rendered.replace("  type: pubsub.kafka\n", "  type: pubsub.kafka\n  typo: true\n", 1),
    ]
    for text in broken:
        assert text != rendered
        argv = [str(tools.kubeconform), "-strict", "-summary"]
        argv += ["-kubernetes-version", tools.kubernetes_versions[-1]]
        for location in tools.schema_locations():
            argv += ["-schema-location", location]
        completed = subprocess.run(argv, input=text, capture_output=True, text=True, check=False)
        assert completed.returncode != 0, completed.stdout
        assert "additional properties" in completed.stdout, completed.stdout


@pytest.mark.parametrize(
    ("setting", "complaint"),
    [
        ("kafka.authType=plain", "authType"),
        ("podSecurityContext.runAsNonRoot=false", "runAsNonRoot"),
        ("securityContext.readOnlyRootFilesystem=false", "readOnlyRootFilesystem"),
        ("services.audit.autoscaling.enabled=true", "autoscaling"),
        ("services.backend.resources.limits=null", "limits"),
        ("config.extraEnv.TODO_SECRET_KEY=plain-text", "extraEnv"),
        ("image.digest=latest", "digest"),
        ("devInfrastructure.enabled=true", "generate"),
    ],
)
def test_the_values_schema_refuses_bad_values_and_says_which(
    helm: Helm, setting: str, complaint: str
) -> None:
    completed = helm.template(None, "--set", setting)
    assert completed.returncode != 0, f"{setting} was accepted"
    assert complaint in completed.stderr, completed.stderr


def test_sasl_needs_a_user_name(helm: Helm) -> None:
    completed = helm.template(None, "--set", "kafka.authType=password")
    assert completed.returncode != 0
    assert "saslUsername" in completed.stderr, completed.stderr


def test_the_dockerfile_is_hadolint_clean(tools: DeployTools) -> None:
    completed = subprocess.run(
        [str(tools.hadolint), "--no-color", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
