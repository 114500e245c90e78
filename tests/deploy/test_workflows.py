"""The GitHub Actions workflows: actionlint with ShellCheck, and what they promise.

actionlint (``make deploy-tools``) checks the workflows' syntax, expressions,
job dependencies and the inputs of the actions they call, and hands every
``run:`` script to Debian's ``shellcheck``. The other tests read the workflows
for the promises docs/deploy.md makes: actions pinned by commit, least
permissions, the make targets `.ci/run` runs, an atomic rollout that rolls back.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from devstack.deploy_tools import DeployTools
from tests.deploy.conftest import ROOT, missing

WORKFLOWS = ROOT / ".github" / "workflows"
CI_RUN = ROOT / ".ci" / "run"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


@pytest.fixture(scope="module")
def shellcheck() -> Path:
    found = shutil.which("shellcheck")
    if found is None:
        missing("no shellcheck on the path (apt-get install shellcheck)")
    return Path(found)


def actionlint(
    tools: DeployTools, shellcheck: Path, *files: Path
) -> subprocess.CompletedProcess[str]:
    argv = [str(tools.actionlint), "-no-color", "-oneline", "-shellcheck", str(shellcheck)]
    # pyflakes would check `shell: python` steps; there are none.
    argv += ["-pyflakes", "", *map(str, files)]
    return subprocess.run(argv, capture_output=True, text=True, check=False, cwd=ROOT)


def workflow_files() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.yaml"))


def load(name: str) -> dict[Any, Any]:
    loaded: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text())
    return loaded


def steps_of(job: dict[str, Any]) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = job.get("steps", [])
    return steps


def test_the_workflows_are_the_three() -> None:
    assert [path.name for path in workflow_files()] == ["ci.yaml", "deploy.yaml", "rollout.yaml"]
    assert not list(WORKFLOWS.glob("*.yml"))


def test_actionlint_and_shellcheck_find_nothing_in_the_workflows(
    tools: DeployTools, shellcheck: Path
) -> None:
    completed = actionlint(tools, shellcheck, *workflow_files())
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_actionlint_refuses_a_bad_expression_and_shellcheck_an_unquoted_variable(
    tools: DeployTools, shellcheck: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "on: push\n"
        "permissions: {}\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-24.04\n"
        "    steps:\n"
        "      - run: echo ${{ github.no_such_property }}\n"
        "      - run: rm -rf $TARGET/build\n"
    )
    completed = actionlint(tools, shellcheck, broken)
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert 'property "no_such_property" is not defined' in completed.stdout
    assert "SC2086" in completed.stdout


def test_every_action_is_pinned_by_commit_with_its_version_beside() -> None:
    for path in workflow_files():
        lines = [line.strip() for line in path.read_text().splitlines()]
        uses = [line for line in lines if line.startswith(("uses:", "- uses:"))]
        assert uses, path.name
        for line in uses:
            reference = line.split("uses:", 1)[1].split("#")[0].strip()
            if reference.startswith("./"):
                continue
            assert PINNED.match(reference), f"{path.name}: {line}"
            assert re.search(r"# v\d+\.\d+\.\d+$", line), f"{path.name}: no version: {line}"


def test_permissions_are_read_only_except_pushing_the_image() -> None:
    writes = []
    for path in workflow_files():
        workflow = load(path.name)
        assert "permissions" in workflow, f"{path.name} sets no default permissions"
        scopes = [("", workflow["permissions"])]
        scopes += [(name, job.get("permissions", {})) for name, job in workflow["jobs"].items()]
        for job, permissions in scopes:
            assert permissions in ({}, "read-all") or isinstance(permissions, dict), permissions
            for scope, level in (permissions or {}).items():
                if level == "write":
                    writes.append((path.name, job, scope))
    assert writes == [("deploy.yaml", "image", "packages")]


def test_ci_runs_the_make_targets_that_gate_a_landing() -> None:
    commands = [
        line for line in CI_RUN.read_text().splitlines() if not line.lstrip().startswith("#")
    ]
    gate = set(re.findall(r"\bmake ([\w-]+)", "\n".join(commands)))
    assert {"stack-build", "deploy-tools", "cluster-tools", "images", "test"} <= gate
    jobs = load("ci.yaml")["jobs"]
    test_job = jobs["test"]
    runs = [step["run"] for step in steps_of(test_job) if "run" in step]
    # `make images` is the image job's Docker build: podman cannot run in the test job.
    assert [f"make {target}" for target in sorted(gate - {"images"})] == sorted(
        run for run in runs if run.startswith("make ")
    )
    (make_test,) = [step for step in steps_of(test_job) if step.get("run") == "make test"]
    assert make_test["env"]["IMAGE_CHECKS"] == "0"
    assert any("docker/Dockerfile" in str(step.get("with", {})) for step in steps_of(jobs["image"]))
    assert "shellcheck" in runs[0]
    assert "postgresql-15" in runs[0]


def test_the_tool_cache_is_keyed_by_the_files_that_name_the_versions() -> None:
    job = load("ci.yaml")["jobs"]["test"]
    (cache,) = [step for step in steps_of(job) if "actions/cache@" in step.get("uses", "")]
    assert cache["with"]["path"] == "~/.cache/todo-chatbot"
    for versions in ("versions.py", "deploy_tools.py", "cluster_tools.py", "monitoring_tools.py"):
        assert f"devstack/{versions}" in cache["with"]["key"]


def test_a_rollout_is_atomic_one_at_a_time_and_rolled_back_when_its_checks_fail() -> None:
    (job,) = load("rollout.yaml")["jobs"].values()
    assert job["environment"]["name"] == "${{ inputs.environment }}"
    assert job["concurrency"]["cancel-in-progress"] is False
    runs = {step.get("id", step.get("name")): step for step in steps_of(job)}
    upgrade = runs["upgrade"]["run"]
    for flag in ("upgrade --install", "--atomic", "--wait", "image.digest=", "--timeout"):
        assert flag in upgrade
    (rollback,) = [step for step in steps_of(job) if "helm -n" in step.get("run", "")
                   and " rollback " in step["run"]]  # fmt: skip
    assert "failure()" in rollback["if"]
    assert "steps.upgrade.outcome == 'success'" in rollback["if"]


def test_production_waits_for_staging_and_both_use_the_image_built_for_the_commit() -> None:
    deploy = load("deploy.yaml")
    jobs = deploy["jobs"]
    assert jobs["production"]["needs"] == ["image", "staging"]
    for environment in ("staging", "production"):
        job = jobs[environment]
        assert job["uses"] == "./.github/workflows/rollout.yaml"
        assert job["with"]["environment"] == environment
        assert job["with"]["digest"] == "${{ needs.image.outputs.digest }}"
    # A pull request's CI may pass on a fork's branch called main: never deploy that.
    assert "github.event.workflow_run.event == 'push'" in jobs["image"]["if"]
    assert "head_repository.full_name == github.repository" in jobs["image"]["if"]
    (build,) = [step for step in steps_of(jobs["image"]) if step.get("id") == "build"]
    assert build["with"]["tags"].endswith(":${{ steps.names.outputs.revision }}")
    assert build["with"]["push"] is True
