"""The binaries of a real Kubernetes control plane and of kwok, built into the per-machine cache.

The chart's cluster checks (``tests/deploy/test_cluster_*.py``) run the chart
against a real kube-apiserver (with etcd) and against a kwok cluster: a real
control plane whose nodes are fake. Only package registries are reachable here,
so every binary is built from the Go module proxy, once per machine and version,
into ``~/.cache/todo-chatbot/<tool>/<version>/`` (``devstack.cache``):

- ``etcd``: the ``go.etcd.io/etcd/server/v3`` module copied out of the
  read-only module cache, its ``replace``s (sibling folders of etcd's own
  repository) dropped so the sibling modules come from the proxy at the same
  version, then ``go build .`` (``go install`` refuses modules with replaces).
- ``kubernetes``: kube-apiserver, kube-controller-manager, kube-scheduler and
  kubectl from the ``k8s.io/kubernetes`` module, copied out the same way
  without ``vendor/`` and ``go.work``, each ``k8s.io/*`` staging module taken
  from the proxy (``v0.MINOR.PATCH``) instead of ``staging/``, then
  ``go build``: about a quarter of an hour on two busy cores the first time.
  The version variables are set as Kubernetes' own build sets them: kwokctl
  and helm read the version the binaries report.
- ``kwok``: ``go install`` of kwok (the fake nodes' controller) and kwokctl.
- ``dapr-crds``: Dapr's CRDs, the YAML files of ``charts/dapr/crds`` in the
  dapr module of the version whose schemas ``make deploy-tools`` makes.

``python -m devstack cluster-tools`` (``make cluster-tools``) makes sure all of
them are there and prints where and how long each build took; the tests find
them with :func:`find_cluster_tools` without building anything.
"""

from __future__ import annotations

import json
import resource
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from devstack.binaries import last_line, make_writable, require_tool, run_logged
from devstack.cache import ensure_entry, entry_path, read_manifest
from devstack.deploy_tools import DAPR_CRDS_VERSION, tool_version
from devstack.progress import say, step

ETCD_VERSION: Final = "3.6.8"
KUBERNETES_VERSION: Final = "1.36.3"
"""The control plane's version: inside the chart's range (1.31 to 1.37)."""
KWOK_VERSION: Final = "0.8.0"

KUBERNETES_COMMANDS: Final = (
    "kube-apiserver",
    "kube-controller-manager",
    "kube-scheduler",
    "kubectl",
)
KWOK_COMMANDS: Final = ("kwok", "kwokctl")
GO_HINT: Final = "install Go 1.26 or later"


@dataclass(frozen=True)
class ClusterTools:
    """Where each binary of the cluster checks is."""

    etcd: Path
    kube_apiserver: Path
    kube_controller_manager: Path
    kube_scheduler: Path
    kubectl: Path
    kwok: Path
    kwokctl: Path
    dapr_crds: Path
    """A folder of Dapr's CRDs, one YAML file each."""


def etcd_entry() -> Path:
    return entry_path("etcd", ETCD_VERSION)


def kubernetes_entry() -> Path:
    return entry_path("kubernetes", KUBERNETES_VERSION)


def kwok_entry() -> Path:
    return entry_path("kwok", KWOK_VERSION)


def dapr_crds_entry() -> Path:
    return entry_path("dapr-crds", DAPR_CRDS_VERSION)


def _entries() -> dict[str, Path]:
    return {
        "etcd": etcd_entry(),
        "kubernetes": kubernetes_entry(),
        "kwok": kwok_entry(),
        "dapr-crds": dapr_crds_entry(),
    }


# -- building from a module's source -------------------------------------------------------


def _download_module(module: str, version: str, log: Path) -> Path:
    """The module's folder in Go's (read-only) module cache, downloaded if missing."""
    go = require_tool("go", GO_HINT)
    answer = run_logged([go, "mod", "download", "-json", f"{module}@v{version}"], log)
    return Path(json.loads(answer)["Dir"])


def _writable_copy(module: str, version: str, target: Path, log: Path) -> Path:
    with step(f"{module}@v{version}: the source from the Go module proxy"):
        shutil.copytree(_download_module(module, version, log), target, symlinks=True)
        make_writable(target)
    return target


def _replaced_modules(source: Path, log: Path) -> list[str]:
    """The module paths ``go.mod`` of ``source`` replaces."""
    go = require_tool("go", GO_HINT)
    edits = json.loads(run_logged([go, "mod", "edit", "-json"], log, cwd=source))
    return [replace["Old"]["Path"] for replace in edits.get("Replace") or []]


def _go_build(source: Path, packages: list[str], ldflags: str, output: str, log: Path) -> None:
    """``go build -o output`` the main ``packages`` of ``source`` (static binaries);
    ``output`` ends with a slash for a folder of several."""
    go = require_tool("go", GO_HINT)
    # -v names each package as it is compiled: the progress line shows where the build is.
    argv = [go, "build", "-v", "-trimpath", "-ldflags", ldflags, "-o", output, *packages]
    env = {"CGO_ENABLED": "0", "GOFLAGS": "-mod=mod"}
    label = f"go build {' '.join(packages)} in {source.name}"
    with step(label, status=lambda: last_line(log)):
        run_logged(argv, log, cwd=source, env=env)


def _children_cpu_seconds() -> float:
    """CPU time (user and system) of the finished child processes so far: a build's
    cost on any machine, where its wall time depends on how busy this one is."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _go_version(log: Path) -> str:
    return run_logged([require_tool("go", GO_HINT), "env", "GOVERSION"], log).strip()


# -- etcd ----------------------------------------------------------------------------------


def _build_etcd(folder: Path) -> dict[str, Any]:
    log = folder / "build.log"
    source = _writable_copy("go.etcd.io/etcd/server/v3", ETCD_VERSION, folder / "src", log)
    dropped = _replaced_modules(source, log)
    edits = [f"-dropreplace={module}" for module in dropped]
    siblings = [module for module in dropped if module.startswith("go.etcd.io/etcd/")]
    edits += [f"-require={module}@v{ETCD_VERSION}" for module in siblings]
    run_logged([require_tool("go", GO_HINT), "mod", "edit", *edits], log, cwd=source)
    (folder / "bin").mkdir()
    cpu = _children_cpu_seconds()
    _go_build(source, ["."], "-s -w", str(folder / "bin" / "etcd"), log)
    cpu = round(_children_cpu_seconds() - cpu)
    shutil.rmtree(source)
    return {"go": _go_version(log), "cpu_seconds": cpu, "replaces_dropped": dropped}


def ensure_etcd() -> Path:
    entry = ensure_entry(etcd_entry(), _build_etcd, label=f"etcd {ETCD_VERSION}")
    return entry / "bin" / "etcd"


# -- Kubernetes ----------------------------------------------------------------------------


def staging_version(kubernetes_version: str = KUBERNETES_VERSION) -> str:
    """The version of the ``k8s.io/*`` staging modules of a Kubernetes release (v0.36.3)."""
    _, minor, patch = kubernetes_version.split(".")
    return f"v0.{minor}.{patch}"


def kubernetes_ldflags(version: str = KUBERNETES_VERSION) -> str:
    """What Kubernetes' own build sets (``hack/lib/version.sh``): the version they report."""
    major, minor, _ = version.split(".")
    flags = ["-s", "-w"]
    for package in ("k8s.io/client-go/pkg/version", "k8s.io/component-base/version"):
        values = {"gitVersion": f"v{version}", "gitMajor": major, "gitMinor": minor}
        values["gitTreeState"] = "clean"
        flags += [f"-X {package}.{name}={value}" for name, value in values.items()]
    return " ".join(flags)


def _build_kubernetes(folder: Path) -> dict[str, Any]:
    log = folder / "build.log"
    source = _writable_copy("k8s.io/kubernetes", KUBERNETES_VERSION, folder / "src", log)
    for name in ("vendor", "go.work", "go.work.sum"):
        path = source / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    staging = [module for module in _replaced_modules(source, log) if module.startswith("k8s.io/")]
    edits = [f"-dropreplace={module}" for module in staging]
    edits += [f"-require={module}@{staging_version()}" for module in staging]
    say(f"kubernetes {KUBERNETES_VERSION}: {len(staging)} staging modules from the proxy")
    run_logged([require_tool("go", GO_HINT), "mod", "edit", *edits], log, cwd=source)
    packages = [f"./cmd/{command}" for command in KUBERNETES_COMMANDS]
    (folder / "bin").mkdir()
    cpu = _children_cpu_seconds()
    _go_build(source, packages, kubernetes_ldflags(), f"{folder / 'bin'}/", log)
    cpu = round(_children_cpu_seconds() - cpu)
    shutil.rmtree(source)
    return {"go": _go_version(log), "cpu_seconds": cpu, "staging_modules": len(staging)}


def ensure_kubernetes() -> Path:
    """The folder of kube-apiserver, kube-controller-manager, kube-scheduler and kubectl."""
    label = f"kubernetes {KUBERNETES_VERSION} (a quarter of an hour the first time)"
    return ensure_entry(kubernetes_entry(), _build_kubernetes, label=label) / "bin"


# -- kwok ----------------------------------------------------------------------------------


def _install_kwok(folder: Path) -> dict[str, Any]:
    go = require_tool("go", GO_HINT)
    log = folder / "build.log"
    binaries = folder / "bin"
    binaries.mkdir()
    modules = [f"sigs.k8s.io/kwok/cmd/{command}@v{KWOK_VERSION}" for command in KWOK_COMMANDS]
    argv = [go, "install", "-v", "-trimpath", "-ldflags", "-s -w", *modules]
    cpu = _children_cpu_seconds()
    with step(f"go install kwok and kwokctl {KWOK_VERSION}", status=lambda: last_line(log)):
        run_logged(argv, log, env={"GOBIN": str(binaries), "CGO_ENABLED": "0"})
    return {"go": _go_version(log), "cpu_seconds": round(_children_cpu_seconds() - cpu)}


def ensure_kwok() -> Path:
    """The folder of kwok and kwokctl."""
    return ensure_entry(kwok_entry(), _install_kwok, label=f"kwok {KWOK_VERSION}") / "bin"


# -- Dapr's CRDs ---------------------------------------------------------------------------


def _copy_dapr_crds(folder: Path) -> dict[str, Any]:
    log = folder / "download.log"
    module = _download_module("github.com/dapr/dapr", DAPR_CRDS_VERSION, log)
    copied = []
    for path in sorted((module / "charts" / "dapr" / "crds").glob("*.yaml")):
        shutil.copyfile(path, folder / path.name)
        copied.append(path.name)
    return {"dapr": DAPR_CRDS_VERSION, "crds": copied}


def ensure_dapr_crds() -> Path:
    return ensure_entry(dapr_crds_entry(), _copy_dapr_crds, label=f"Dapr {DAPR_CRDS_VERSION} CRDs")


# -- all of them -----------------------------------------------------------------------------


def _tools_in(etcd: Path, kubernetes: Path, kwok: Path, dapr_crds: Path) -> ClusterTools:
    return ClusterTools(
        etcd=etcd,
        kube_apiserver=kubernetes / "kube-apiserver",
        kube_controller_manager=kubernetes / "kube-controller-manager",
        kube_scheduler=kubernetes / "kube-scheduler",
        kubectl=kubernetes / "kubectl",
        kwok=kwok / "kwok",
        kwokctl=kwok / "kwokctl",
        dapr_crds=dapr_crds,
    )


def ensure_cluster_tools() -> ClusterTools:
    """Every binary, built when missing (Kubernetes' the longest: minutes)."""
    return _tools_in(ensure_etcd(), ensure_kubernetes(), ensure_kwok(), ensure_dapr_crds())


def missing_cluster_tools() -> Iterator[str]:
    """The names of the entries not (yet) in the cache."""
    for name, entry in _entries().items():
        if not entry.is_dir():
            yield name


def find_cluster_tools() -> ClusterTools | None:
    """The binaries if every one is in the cache already (nothing is built), else None."""
    if any(missing_cluster_tools()):
        return None
    return _tools_in(
        etcd_entry() / "bin" / "etcd",
        kubernetes_entry() / "bin",
        kwok_entry() / "bin",
        dapr_crds_entry(),
    )


def first_builds() -> dict[str, str]:
    """How long each entry's build took, from its manifest: wall time (and CPU time)."""
    out = {}
    for name, entry in _entries().items():
        manifest = read_manifest(entry)
        cpu = f", {manifest['cpu_seconds']}s CPU" if "cpu_seconds" in manifest else ""
        out[name] = f"{manifest.get('seconds')}s{cpu}"
    return out


def main() -> int:
    tools = ensure_cluster_tools()
    versions = {
        "etcd": (tools.etcd, tool_version(tools.etcd, "--version")),
        "kube-apiserver": (tools.kube_apiserver, tool_version(tools.kube_apiserver, "--version")),
        "kubectl": (tools.kubectl, tool_version(tools.kubectl, "version", "--client")),
        "kwokctl": (tools.kwokctl, tool_version(tools.kwokctl, "--version")),
    }
    for name, (path, version) in versions.items():
        print(f"{name:15} {path} ({version})")
    print(f"{'dapr crds':15} {tools.dapr_crds}")
    built = "; ".join(f"{name} {took}" for name, took in first_builds().items())
    say(f"every cluster tool is ready (first builds took: {built})")
    return 0
