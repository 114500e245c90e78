"""The distributed system with every app running as the project's image, under podman.

:class:`ContainerStack` is :class:`devstack.stack.Stack` with one change: each app
(the five services and the web app's own service) is a container of the image
(``make images``) instead of a process of this machine's Python. Everything else is
the stack's: PostgreSQL, Kafka, the Dapr scheduler, a daprd per service and the
gateway stay processes of this machine, as ``make up`` starts them.

Each container runs as the chart runs its pods: the image's user (10001), a
read-only root file system with a ``tmpfs`` at ``/tmp``, every capability dropped, no
privilege escalation. It shares the host's network (``--network host``), as a pod's
containers share one: the app reaches its sidecar on ``127.0.0.1``, and the sidecar
the app. ``TODO_PORT`` carries the app's port, so the image's ``HEALTHCHECK`` asks
the right one (``podman healthcheck run NAME``).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, Final

from devstack.binaries import require_tool
from devstack.images import CONTAINERS_CONF, PACKAGES_HINT, podman
from devstack.stack import Stack

LABEL: Final = "todo-chatbot.devstack.run-dir"
"""Set on every container, valued with the hash of the stack's run directory, so that
stopping the stack removes its containers even when a ``podman run`` was killed."""


CLOCK_FOLDER: Final = "/run/todo-clock"
OWN_SETTINGS: Final = ("TODO_HOST", "TODO_PORT", "TODO_WEB_DIR", "TODO_DATA_DIR", "TODO_CLOCK_FILE")
"""Settings the container has its own values of: the image's web app and data folder, its
address, and the clock file where it is mounted."""


class ContainerStack(Stack):
    """A :class:`Stack` whose apps are containers of ``image``."""

    def __init__(self, run_dir: Path, *, image: str, **options: Any) -> None:
        super().__init__(run_dir, **options)
        self.image = image
        self.run_key = hashlib.sha256(str(self.run_dir).encode()).hexdigest()[:12]

    def container_name(self, name: str) -> str:
        """The container of the piece ``name`` (``app-backend``) of this stack."""
        return f"todo-{self.run_key}-{name}"

    def app_command(self, name: str, arguments: list[str], env: dict[str, str]) -> list[str]:
        port = arguments[arguments.index("--port") + 1]
        binary = require_tool("podman", PACKAGES_HINT)
        argv = ["env", f"CONTAINERS_CONF={CONTAINERS_CONF}", binary, "run", "--rm", "--replace"]
        argv += ["--pull=never"]
        argv += ["--name", self.container_name(name), "--label", f"{LABEL}={self.run_key}"]
        argv += ["--network", "host", "--read-only", "--tmpfs", "/tmp"]
        argv += ["--cap-drop", "all", "--security-opt", "no-new-privileges"]
        argv += ["--env", "TODO_HOST=127.0.0.1", "--env", f"TODO_PORT={port}"]
        # As a process of the stack would, the app has the settings of this environment
        # (TODO_*); each value from podman's environment, not on its command line.
        inherited = [key for key in os.environ if key.startswith("TODO_")]
        for key in dict.fromkeys([*inherited, *env]):
            if key not in OWN_SETTINGS:
                argv += ["--env", key]
        if "TODO_CLOCK_FILE" in env:
            argv += self.clock_options(Path(env["TODO_CLOCK_FILE"]))
        return [*argv, self.image, *arguments]

    @staticmethod
    def clock_options(clock_file: Path) -> list[str]:
        """The tests' clock file, seen by the image's user: its folder mounted read-only
        (the file is replaced, not rewritten, so one file's mount would keep the old one)."""
        folder = clock_file.parent
        folder.chmod(folder.stat().st_mode | 0o055)  # the image's user may read the clock
        return [
            "--volume", f"{folder}:{CLOCK_FOLDER}:ro",
            "--env", f"TODO_CLOCK_FILE={CLOCK_FOLDER}/{clock_file.name}",
        ]  # fmt: skip

    def kill_app(self, name: str) -> None:
        """SIGKILL the app's container (as a crash), then its ``podman run``."""
        self.kill_container(f"app-{name}")
        super().kill_app(name)

    def kill_service(self, name: str) -> None:
        """SIGKILL the app's container and its sidecar, as a crashed pod."""
        self.kill_container(f"app-{name}")
        super().kill_service(name)

    def kill_container(self, name: str) -> None:
        """SIGKILL the container of the piece ``name``: killing its ``podman run``
        alone would leave it running."""
        podman("kill", "--signal", "KILL", self.container_name(name), check=False)

    def stop(self, *, remove: bool = False) -> None:
        super().stop(remove=remove)
        self.remove_containers()

    def remove_containers(self) -> None:
        """Remove every container of this stack still there (a killed ``podman run``)."""
        found = podman("ps", "--all", "--quiet", "--filter", f"label={LABEL}={self.run_key}")
        identifiers = found.stdout.split()
        if identifiers:
            podman("rm", "--force", "--time", "2", *identifiers)
