"""The alert rules (``deploy/monitoring/alerts.yaml``) through the real promtool:
``check rules`` passes, ``test rules`` runs the unit tests of
``deploy/monitoring/alerts.test.yaml``, which show each alert firing and staying
quiet; a rule whose threshold is wrong makes them fail; each alert links to what to
do when it fires (a heading of ``docs/deploy.md``)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from devstack.monitoring_tools import find_promtool
from tests.deploy.conftest import ROOT, missing

MONITORING = ROOT / "deploy" / "monitoring"
RULES = MONITORING / "alerts.yaml"
RULE_TESTS = MONITORING / "alerts.test.yaml"
DEPLOY_DOC = ROOT / "docs" / "deploy.md"
RUNBOOK = "https://github.com/todo-chatbot/todo-chatbot/blob/main/docs/deploy.md#"
WANTED = {
    "http_requests_total": "5xx rate",
    "http_request_duration_seconds_bucket": "p95 latency",
    "outbox_pending": "outbox backlog",
    "events_dead_lettered_total": "dead letters",
    "events_oldest_pending_seconds": "consumer lag",
    "consumer_stalled": "consumer stall",
    "reminder_lateness_seconds_bucket": "reminder lateness",
    "live_disconnects_total": "WebSocket disconnect storms",
}
"""What issue 19 asks the alerts to watch, by the metric that shows it."""


@pytest.fixture(scope="session")
def promtool() -> Path:
    found = find_promtool()
    if found is None:
        missing("promtool is not installed (Debian: apt-get install prometheus)")
    return found


def run(promtool: Path, *argv: str, cwd: Path = MONITORING) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(promtool), *argv], capture_output=True, text=True, cwd=cwd, check=False
    )


def alerts() -> list[dict[str, Any]]:
    rules = yaml.safe_load(RULES.read_text())
    return [rule for group in rules["groups"] for rule in group["rules"] if "alert" in rule]


def test_promtool_checks_the_rules(promtool: Path) -> None:
    completed = run(promtool, "check", "rules", str(RULES))
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert f"SUCCESS: {len(alerts())} rules found" in completed.stdout


def test_promtool_passes_the_rules_unit_tests(promtool: Path) -> None:
    completed = run(promtool, "test", "rules", str(RULE_TESTS))
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "SUCCESS" in completed.stdout


def test_every_alert_is_tested_firing_and_staying_quiet() -> None:
    fires: set[str] = set()
    quiet: set[str] = set()
    for case in yaml.safe_load(RULE_TESTS.read_text())["tests"]:
        for check in case.get("alert_rule_test", []):
            (fires if check["exp_alerts"] else quiet).add(check["alertname"])
    names = {rule["alert"] for rule in alerts()}
    assert fires == names
    assert quiet == names


def test_the_alerts_watch_what_the_issue_asks_for() -> None:
    expressions = " ".join(rule["expr"] for rule in alerts())
    unwatched = [what for metric, what in WANTED.items() if metric not in expressions]
    assert unwatched == []


@pytest.mark.parametrize(
    ("alert", "threshold", "broken"),
    [
        ("TodoChatbotHigh5xxRate", "> 0.05", "> 0.5"),
        ("TodoChatbotOutboxBacklog", "> 500", "> 5000"),
        ("TodoChatbotConsumerStalled", "for: 3m", "for: 30m"),
    ],
)
def test_the_unit_tests_fail_when_a_rule_is_wrong(
    promtool: Path, tmp_path: Path, alert: str, threshold: str, broken: str
) -> None:
    text = RULES.read_text()
    start = text.index(f"alert: {alert}")
    position = text.index(threshold, start)
    (tmp_path / "alerts.yaml").write_text(
        text[:position] + broken + text[position + len(threshold) :]
    )
    shutil.copy(RULE_TESTS, tmp_path / "alerts.test.yaml")
    completed = run(promtool, "test", "rules", "alerts.test.yaml", cwd=tmp_path)
    assert completed.returncode != 0, completed.stdout
    assert f"alertname: {alert}" in completed.stdout + completed.stderr


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_every_alert_links_to_what_to_do_when_it_fires() -> None:
    prose = re.sub(r"^```.*?^```", "", DEPLOY_DOC.read_text(), flags=re.MULTILINE | re.DOTALL)
    headings = re.findall(r"^#+ (.+)$", prose, re.MULTILINE)
    anchors = {github_anchor(heading) for heading in headings}
    for rule in alerts():
        annotations = rule["annotations"]
        assert annotations["summary"], rule["alert"]
        assert annotations["description"], rule["alert"]
        assert rule["labels"]["severity"] in ("warning", "critical"), rule["alert"]
        url: str = annotations["runbook_url"]
        assert url.startswith(RUNBOOK), url
        assert url.removeprefix(RUNBOOK) in anchors, f"{rule['alert']}: no heading for {url}"
