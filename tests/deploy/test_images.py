"""The built image (``make images``), started with podman as every deployable.

The image under test is the one tagged with the work tree's commit
(``localhost/todo-chatbot:<commit>``, ``devstack.images.revision_tag``): without it
these tests are skipped on a developer's machine and fail in CI.

- Its metadata: the OCI labels, user 10001, the ``HEALTHCHECK``; no secret in its
  history, its environment or its files.
- ``serve web`` and ``run`` (the embedded runtime) need nothing else: each is started
  alone on podman's bridge network with a published port, read-only and as non-root;
  its ``HEALTHCHECK`` passes (``podman healthcheck run``) and it serves ``/``.
- The five Dapr services wait for their sidecar before they listen at all (no
  ``/healthz`` without daprd), so they run in :class:`devstack.containers.ContainerStack`:
  the stack of ``make up`` (PostgreSQL, Kafka, the scheduler, a daprd per service)
  with each app a container of the image. Each passes its ``HEALTHCHECK`` and answers
  ``/healthz`` and ``/readyz``, read-only and as non-root; a user signs up and adds a
  task through the gateway, and the audit service records it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from devstack.containers import ContainerStack
from devstack.deploy_tools import DeployTools
from devstack.images import (
    BASES_DOCKERFILE,
    IMAGE_USER,
    podman,
    project_version,
    revision,
    revision_tag,
)
from devstack.processes import free_ports
from devstack.stack import SERVICES
from tests.deploy.conftest import missing

OCI_LABELS = ("title", "description", "version", "revision", "created", "licenses", "source",
              "base.name")  # fmt: skip
SECRET_NAME = re.compile(r"(PASSWORD|SECRET|TOKEN|API_KEY|PRIVATE_KEY|CREDENTIAL)", re.IGNORECASE)
SECRET_FILES = (".env", "secrets.json", "token-signing-key", "id_rsa", "id_ed25519", ".npmrc",
                ".pypirc", ".git-credentials", ".netrc", ".git", ".devstack")  # fmt: skip
"""Names of files that hold secrets (or a repository's history) and must not be in the image."""
HEALTHY_WITHIN = 60.0
"""Seconds a container gets to pass its health check (a generous start period)."""


@pytest.fixture(scope="module")
def image() -> str:
    if os.environ.get("IMAGE_CHECKS") == "0":
        pytest.skip("IMAGE_CHECKS=0: the image is built and started elsewhere (GitHub's image job)")
    if podman("version", "--format", "{{.Client.Version}}", check=False).returncode != 0:
        missing("podman does not run here (make images installs nothing: apt-get install podman)")
    reference = revision_tag(revision())
    if podman("image", "exists", reference, check=False).returncode != 0:
        missing(f"{reference} is not built (make images)")
    return reference


@pytest.fixture(scope="module")
def inspected(image: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = json.loads(podman("image", "inspect", image).stdout)
    return found[0]


def test_the_image_carries_the_oci_labels_of_its_build(inspected: dict[str, Any]) -> None:
    labels = inspected["Config"]["Labels"]
    for name in OCI_LABELS:
        assert labels.get(f"org.opencontainers.image.{name}"), name
    assert labels["org.opencontainers.image.version"] == project_version()
    assert labels["org.opencontainers.image.revision"] == revision()


def test_the_image_runs_as_non_root_with_a_health_check(inspected: dict[str, Any]) -> None:
    config = inspected["Config"]
    assert config["User"] == IMAGE_USER
    assert "/healthz" in " ".join(inspected["Healthcheck"]["Test"])  # podman: not in Config
    assert config["Entrypoint"] == ["todo-chatbot"]


def test_no_secret_in_the_image_history_or_environment(image: str) -> None:
    history = podman("history", "--no-trunc", "--format", "{{.CreatedBy}}", image).stdout
    environment = podman("image", "inspect", "--format", "{{json .Config.Env}}", image).stdout
    for line in [*history.splitlines(), *json.loads(environment)]:
        assert not SECRET_NAME.search(line), line


def test_no_secret_file_in_the_image(image: str) -> None:
    names: list[str] = []
    for name in SECRET_FILES:
        names += ["-o", "-name", name] if names else ["-name", name]
    search = ["/", "-xdev", "(", *names, ")", "-print"]
    as_root = ["--user", "0", "--no-healthcheck", "--entrypoint", "find"]  # to read every folder
    found = podman("run", "--rm", *as_root, image, *search, check=False)
    assert found.returncode == 0, found.stderr
    assert found.stdout.split() == []


def test_the_local_bases_dockerfile_is_hadolint_clean(tools: DeployTools) -> None:
    argv = [str(tools.hadolint), "--no-color", str(BASES_DOCKERFILE)]
    completed = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr


# -- started alone -----------------------------------------------------------------------------


def run_container(image: str, name: str, *argv: str, options: tuple[str, ...] = ()) -> str:
    """Start the image detached as the chart runs it (read-only, non-root, no capability)."""
    chart_like = ["--read-only", "--tmpfs", "/tmp", "--cap-drop", "all"]
    chart_like += ["--security-opt", "no-new-privileges", "--publish", "127.0.0.1::8000"]
    started = podman(
        "run", "--detach", "--replace", "--name", name, *chart_like, *options, image, *argv
    )
    return started.stdout.strip()


def wait_healthy(container: str) -> None:
    """Run the image's ``HEALTHCHECK`` until it passes (``podman healthcheck run``)."""
    deadline = time.monotonic() + HEALTHY_WITHIN
    while True:
        checked = podman("healthcheck", "run", container, check=False)
        if checked.returncode == 0:
            return
        if time.monotonic() > deadline:
            logs = podman("logs", "--tail", "30", container, check=False)
            output = logs.stdout + logs.stderr
            raise AssertionError(f"{container} is not healthy: {checked}\n{output}")
        time.sleep(1)


def published_url(container: str) -> str:
    port = podman("port", container, "8000/tcp").stdout.strip().rsplit(":", 1)[-1]
    return f"http://127.0.0.1:{port}"


def assert_read_only_and_non_root(container: str) -> None:
    assert podman("exec", container, "id", "-u").stdout.strip() == IMAGE_USER.split(":")[0]
    read_only = podman("inspect", "--format", "{{.HostConfig.ReadonlyRootfs}}", container)
    assert read_only.stdout.strip() == "true"
    written = podman("exec", container, "touch", "/opt/todo-chatbot/written", check=False)
    assert written.returncode != 0
    assert "Read-only file system" in written.stderr


@pytest.fixture
def container_name(request: pytest.FixtureRequest) -> Iterator[str]:
    name = "todo-test-" + re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")
    yield name
    podman("rm", "--force", "--time", "2", name, check=False)


def test_the_web_service_serves_the_web_app_read_only_as_non_root(
    image: str, container_name: str
) -> None:
    run_container(image, container_name, "serve", "web")
    wait_healthy(container_name)
    assert_read_only_and_non_root(container_name)
    url = published_url(container_name)
    page = httpx.get(f"{url}/", timeout=10)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "<html" in page.text.lower()
    assert "content-security-policy" in page.headers
    assert httpx.get(f"{url}/readyz", timeout=10).status_code == 200


def test_the_embedded_runtime_serves_the_app_and_the_api(
    image: str, container_name: str, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o777)  # the image's user (10001) writes the database there
    run_container(image, container_name, "run", options=("--volume", f"{data}:/data"))
    wait_healthy(container_name)
    assert_read_only_and_non_root(container_name)
    url = published_url(container_name)
    assert httpx.get(f"{url}/", timeout=10).status_code == 200
    signed_up = httpx.post(
        f"{url}/api/auth/register",
        json={"email": "image@example.org", "password": "a long enough password"},
        timeout=30,
    )
    assert signed_up.status_code == 201, signed_up.text
    assert any(data.iterdir())


# -- the Dapr services, each beside its sidecar ---------------------------------------------------


@pytest.fixture(scope="module")
def stack(image: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ContainerStack]:
    (port,) = free_ports(1)
    run_dir = tmp_path_factory.mktemp("container-stack")
    running = ContainerStack(run_dir, image=image, web_port=port)
    try:
        running.start()
        yield running
    finally:
        running.stop(remove=True)


@pytest.mark.parametrize("service", SERVICES)
def test_each_dapr_service_passes_its_health_check_read_only_as_non_root(
    stack: ContainerStack, service: str
) -> None:
    container = stack.container_name(f"app-{service}")
    wait_healthy(container)
    assert_read_only_and_non_root(container)
    url = stack.services[service].url
    assert httpx.get(f"{url}/healthz", timeout=10).status_code == 200
    ready = httpx.get(f"{url}/readyz", timeout=10)
    assert ready.status_code == 200, ready.text


def test_the_system_from_the_image_serves_a_user(stack: ContainerStack) -> None:
    assert stack.web_url is not None
    with httpx.Client(base_url=stack.web_url, timeout=30) as client:
        assert client.get("/").status_code == 200
        signed_up = client.post(
            "/api/auth/register",
            json={"email": "pods@example.org", "password": "a long enough password"},
        )
        assert signed_up.status_code == 201, signed_up.text
        client.headers["Authorization"] = f"Bearer {signed_up.json()['access_token']}"
        added = client.post("/api/tasks", json={"title": "Ship the image"})
        assert added.status_code == 201, added.text
        assert [item["title"] for item in client.get("/api/tasks").json()["items"]] == [
            "Ship the image"
        ]
