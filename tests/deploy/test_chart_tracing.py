"""The chart's tracing: the sidecars' Configuration sends spans over OTLP to the
collector the values name, at their sampling rate, and the apps start their traces at
the same rate (and export their own spans where ``appOtlpEndpoint`` says)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.deploy.conftest import VALUES_FILES, Helm, documents, of_kind

TRACED = (
    "--set",
    "dapr.tracing.samplingRate=0.25",
    "--set",
    "dapr.tracing.otelEndpoint=otel-collector.observability:4317",
    "--set",
    "dapr.tracing.appOtlpEndpoint=http://otel-collector.observability:4318",
)


def app_env(objects: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Each Deployment's app container's plain environment, by component."""
    out = {}
    for deployment in of_kind(objects, "Deployment"):
        component = deployment["metadata"]["labels"]["app.kubernetes.io/component"]
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        out[component] = {e["name"]: e["value"] for e in container.get("env", []) if "value" in e}
    return out


def test_the_sidecars_send_spans_to_the_collector_and_the_apps_sample_alike(helm: Helm) -> None:
    completed = helm.template(None, *TRACED)
    assert completed.returncode == 0, completed.stderr
    objects = documents(completed.stdout)
    (configuration,) = of_kind(objects, "Configuration")
    assert configuration["spec"]["tracing"] == {
        "samplingRate": "0.25",
        "otel": {
            "endpointAddress": "otel-collector.observability:4317",
            "protocol": "grpc",
            "isSecure": False,
        },
    }
    envs = app_env(objects)
    for service in ("backend", "audit", "recurring", "notification", "websocket"):
        assert envs[service]["TODO_TRACE_SAMPLING_RATE"] == "0.25", service
        assert envs[service]["TODO_OTLP_ENDPOINT"] == "http://otel-collector.observability:4318"
    assert "TODO_TRACE_SAMPLING_RATE" not in envs["web"]


@pytest.mark.parametrize("values_file", VALUES_FILES)
def test_each_app_starts_traces_at_its_sidecars_sampling_rate(helm: Helm, values_file: str) -> None:
    completed = helm.template(values_file)
    assert completed.returncode == 0, completed.stderr
    objects = documents(completed.stdout)
    (configuration,) = of_kind(objects, "Configuration")
    rate = configuration["spec"]["tracing"]["samplingRate"]
    for service, env in app_env(objects).items():
        if service in ("backend", "audit", "recurring", "notification", "websocket"):
            assert env["TODO_TRACE_SAMPLING_RATE"] == rate, service


def test_the_values_schema_wants_a_url_for_the_apps_exporter(helm: Helm) -> None:
    completed = helm.template(None, "--set", "dapr.tracing.appOtlpEndpoint=collector:4318")
    assert completed.returncode != 0
    assert "appOtlpEndpoint" in completed.stderr, completed.stderr
