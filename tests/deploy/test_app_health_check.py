"""The sidecars' app health check: the same in the chart as in devstack, and quick
enough to resubscribe a stalled consumer.

A consumer whose Kafka consumer stopped receiving answers ``/healthz`` with 503
for ``RESUBSCRIBE_FOR`` seconds (``runtimes/dapr/progress.py``); its sidecar must
count ``threshold`` failed probes in that time to close the app's subscriptions
and open them again (tests/distributed/test_consumer_progress.py shows it with
devstack's daprd). In Kubernetes the chart's annotations give daprd those flags.
"""

from __future__ import annotations

from typing import Any

import pytest

from devstack.stack import APP_HEALTH_CHECK_ARGS
from tests.deploy.conftest import VALUES_FILES, Helm, documents, of_kind
from todo_chatbot.runtimes.dapr.progress import RESUBSCRIBE_FOR

FLAGS = (
    "enable-app-health-check",
    "app-health-check-path",
    "app-health-probe-interval",
    "app-health-probe-timeout",
    "app-health-threshold",
)
"""daprd's flags, each the name of its ``dapr.io/`` annotation."""


def devstack_flags() -> dict[str, str]:
    """``APP_HEALTH_CHECK_ARGS`` as flag -> value (``true`` for a flag alone)."""
    flags: dict[str, str] = {}
    args = list(APP_HEALTH_CHECK_ARGS)
    while args:
        name = args.pop(0).removeprefix("--")
        flags[name] = args.pop(0) if args and not args[0].startswith("--") else "true"
    return flags


def sidecar_annotations(objects: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """The health check's annotations of each Deployment that runs a sidecar."""
    found = {}
    for deployment in of_kind(objects, "Deployment"):
        annotations = deployment["spec"]["template"]["metadata"].get("annotations", {})
        if annotations.get("dapr.io/enabled") == "true":
            name = annotations["dapr.io/app-id"]
            found[name] = {flag: annotations.get(f"dapr.io/{flag}", "") for flag in FLAGS}
    return found


@pytest.mark.parametrize("values_file", VALUES_FILES)
def test_every_sidecar_checks_its_app_as_devstack_s_daprd_does(
    rendered: dict[str, list[dict[str, Any]]], values_file: str
) -> None:
    sidecars = sidecar_annotations(rendered[values_file])
    assert set(sidecars) == {"backend", "audit", "recurring", "notification", "websocket"}
    for app_id, flags in sidecars.items():
        assert flags == devstack_flags(), app_id


def test_the_threshold_s_failed_probes_and_one_more_fit_in_a_stalled_consumer_s_503s() -> None:
    flags = devstack_flags()
    interval = int(flags["app-health-probe-interval"])
    threshold = int(flags["app-health-threshold"])
    assert flags["app-health-check-path"] == "/healthz"
    assert interval * (threshold + 1) <= RESUBSCRIBE_FOR
    # daprd refuses a probe timeout longer than the interval.
    assert int(flags["app-health-probe-timeout"]) <= interval * 1000


@pytest.mark.parametrize(
    "setting",
    [
        "dapr.appHealthCheck.probeIntervalSeconds=3",
        "dapr.appHealthCheck.threshold=3",
        "dapr.appHealthCheck.probeTimeoutMilliseconds=5000",
    ],
)
def test_the_values_schema_refuses_a_check_too_slow_for_a_stalled_consumer(
    helm: Helm, setting: str
) -> None:
    completed = helm.template(None, "--set", setting)
    assert completed.returncode != 0, f"{setting} was accepted"
    assert setting.split(".")[2].split("=")[0] in completed.stderr, completed.stderr


def test_a_faster_check_renders_into_every_sidecar(helm: Helm) -> None:
    completed = helm.template(None, "--set", "dapr.appHealthCheck.threshold=1")
    assert completed.returncode == 0, completed.stderr
    for flags in sidecar_annotations(documents(completed.stdout)).values():
        assert flags["app-health-threshold"] == "1"
