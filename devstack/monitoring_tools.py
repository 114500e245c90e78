"""The tools the monitoring checks use: promtool, and the Prometheus Operator's schemas.

- ``promtool``: Debian's ``prometheus`` package (2.42; CI installs it, ``.ci/run``).
  Its ``check rules`` and ``test rules`` are all the checks need; a newer promtool
  would be a Go build of minutes (``go install
  github.com/prometheus/prometheus/cmd/promtool@v0.316.0``) for nothing they use.
- ``monitoring-schemas``: the CRDs of the Prometheus Operator (``PodMonitor``,
  ``PrometheusRule``, ...) from its module on the Go module proxy, made strict JSON
  schemas in the layout of the Dapr schemas
  (``monitoring.coreos.com/podmonitor_v1.json``), so kubeconform checks the chart's
  monitoring objects offline. Cached in ``~/.cache/todo-chatbot/monitoring-schemas/``.

``python -m devstack.monitoring_tools`` (part of ``make deploy-tools``) makes sure
both are there; the tests find them with :func:`find_promtool` and
:func:`find_monitoring_schemas` without building anything.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Final

import yaml

from devstack.binaries import BuildError, require_tool, run_logged
from devstack.cache import ensure_entry, entry_path
from devstack.deploy_tools import strict_schema
from devstack.progress import say

PROMETHEUS_OPERATOR_VERSION: Final = "0.85.0"
"""The newest release of the operator's module the Go module proxy serves."""
PROMETHEUS_OPERATOR_MODULE: Final = "github.com/prometheus-operator/prometheus-operator"
PROMETHEUS_OPERATOR_CRDS: Final = "example/prometheus-operator-crd"


def find_promtool() -> Path | None:
    """promtool on PATH (Debian: ``apt-get install prometheus``), or None."""
    found = shutil.which("promtool")
    return Path(found) if found else None


def promtool_version(promtool: Path) -> str:
    completed = subprocess.run(
        [str(promtool), "--version"], capture_output=True, text=True, check=False
    )
    return (completed.stdout or completed.stderr).strip().splitlines()[0]


def monitoring_schemas_entry() -> Path:
    return entry_path("monitoring-schemas", PROMETHEUS_OPERATOR_VERSION)


def _build_monitoring_schemas(folder: Path) -> dict[str, Any]:
    go = require_tool("go", "install Go 1.26 or later")
    log = folder / "download.log"
    module = f"{PROMETHEUS_OPERATOR_MODULE}@v{PROMETHEUS_OPERATOR_VERSION}"
    answer = run_logged([go, "mod", "download", "-json", module], log)
    crds = Path(json.loads(answer)["Dir"]) / PROMETHEUS_OPERATOR_CRDS
    written = [name for path in sorted(crds.glob("*.yaml")) for name in _schemas(path, folder)]
    if not written:
        raise BuildError(f"no CustomResourceDefinition in {crds}")
    return {"prometheus-operator": PROMETHEUS_OPERATOR_VERSION, "schemas": written}


class _CrdLoader(yaml.SafeLoader):
    """YAML without 1.1's ``=`` "value" tag: the CRDs list ``=`` as a plain string
    (a relabeling action), which PyYAML's safe loader would refuse."""


_CrdLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:value"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _schemas(crd_file: Path, folder: Path) -> list[str]:
    """Each served version of the CRDs in ``crd_file`` as ``{group}/{kind}_{version}.json``."""
    written = []
    for crd in yaml.load_all(crd_file.read_text(), Loader=_CrdLoader):
        if not crd or crd.get("kind") != "CustomResourceDefinition":
            continue
        spec = crd["spec"]
        kind = spec["names"]["kind"].lower()
        group = folder / spec["group"]
        group.mkdir(exist_ok=True)
        for served in spec["versions"]:
            schema = served.get("schema", {}).get("openAPIV3Schema")
            if schema is not None:
                name = f"{kind}_{served['name']}.json"
                (group / name).write_text(json.dumps(strict_schema(schema)))
                written.append(f"{spec['group']}/{name}")
    return written


def ensure_monitoring_schemas() -> Path:
    return ensure_entry(
        monitoring_schemas_entry(),
        _build_monitoring_schemas,
        label=f"Prometheus Operator {PROMETHEUS_OPERATOR_VERSION} CRD schemas",
    )


def find_monitoring_schemas() -> Path | None:
    """The schemas if they are in the cache already (nothing is built), else None."""
    entry = monitoring_schemas_entry()
    return entry if entry.is_dir() else None


def schema_location(schemas: Path) -> str:
    """kubeconform's ``-schema-location`` for the schemas in ``schemas``."""
    return f"{schemas}/{{{{.Group}}}}/{{{{.ResourceKind}}}}_{{{{.ResourceAPIVersion}}}}.json"


def main() -> int:
    schemas = ensure_monitoring_schemas()
    print(f"monitoring schemas {schemas}")
    promtool = find_promtool()
    if promtool is None:
        print("promtool is missing: apt-get install prometheus (Debian's 2.42 is enough)")
        return 1
    print(f"promtool     {promtool} ({promtool_version(promtool)})")
    say("the monitoring checks' tools are ready")
    return 0


if __name__ == "__main__":
    sys.exit(main())
