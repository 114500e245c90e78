"""Do the dashboard's and the alert rules' queries name metrics the services serve?

A Grafana panel whose query names a metric nobody exposes stays empty without an
error, and an alert on one never fires: the mistake is silent. This module reads
the metric names out of the PromQL of a Grafana dashboard (every panel's targets
and the template variables' ``label_values`` queries) and of a Prometheus rules
file, and compares them with what real ``/metrics`` endpoints serve (the services',
daprd's), in Prometheus' text format: a family ``http_requests`` of type counter
is served as ``http_requests_total``, a histogram as ``..._bucket``, ``_count`` and
``_sum``.

    python -m devstack.metric_names --dashboard deploy/monitoring/grafana/todo-chatbot.json \\
        --rules deploy/monitoring/alerts.yaml http://127.0.0.1:8000/metrics

prints each query's unknown names and exits 1 if there are any (``--token`` sends
``/metrics``' bearer token).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import httpx
import yaml

SAMPLE_SUFFIXES: Final[dict[str, tuple[str, ...]]] = {
    "histogram": ("_bucket", "_count", "_sum"),
    "summary": ("", "_count", "_sum"),
}
"""The names a family's samples take in the text format (0.0.4), by the family's type;
a counter's, a gauge's and an untyped family's are the family's own name."""
_SAMPLE: Final = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)")
_TYPE: Final = re.compile(r"^#\s*TYPE\s+([a-zA-Z_:][a-zA-Z0-9_:]*)\s+(\w+)")

KEYWORDS: Final = frozenset(
    {"and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right",
     "bool", "offset", "inf", "nan", "atan2"}
)  # fmt: skip
_STRINGS: Final = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`')
_MATCHERS: Final = re.compile(r"\{[^{}]*\}")
_RANGES: Final = re.compile(r"\[[^\[\]]*\]")
_GROUPING: Final = re.compile(
    r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)", re.IGNORECASE
)
_VARIABLES: Final = re.compile(r"\$\{[^}]*\}|\$\w+")
_IDENTIFIER: Final = re.compile(r"(?<![\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?")
_LABEL_VALUES: Final = re.compile(r"^\s*label_values\(\s*(?:(.+?)\s*,\s*)?\w+\s*\)\s*$")


@dataclass(frozen=True)
class Query:
    """One PromQL expression, and where it comes from (a panel's or an alert's name)."""

    source: str
    expr: str


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression selects (functions, keywords, label names
    and Grafana's ``$variables`` left out)."""
    text = _VARIABLES.sub(" ", expr)
    text = _STRINGS.sub('""', text)
    text = _MATCHERS.sub(" ", text)
    text = _RANGES.sub(" ", text)
    text = _GROUPING.sub(" ", text)
    names = set()
    for match in _IDENTIFIER.finditer(text):
        name, call = match.group(1), match.group(2)
        if call is None and name.lower() not in KEYWORDS:
            names.add(name)
    return names


def dashboard_queries(dashboard: dict[str, Any]) -> list[Query]:
    """Every PromQL query of a Grafana dashboard: its panels' (rows' nested panels
    included) and its query variables' (``label_values(metric, label)``: the metric)."""
    queries = []
    for panel in _panels(dashboard.get("panels", [])):
        for target in panel.get("targets", []):
            if target.get("expr"):
                queries.append(Query(f"panel {panel.get('title')!r}", str(target["expr"])))
    for variable in dashboard.get("templating", {}).get("list", []):
        if variable.get("type") != "query":
            continue
        query = variable.get("query")
        text = query.get("query", "") if isinstance(query, dict) else str(query or "")
        found = _LABEL_VALUES.match(text)
        expr = (found.group(1) or "") if found else text
        if expr:
            queries.append(Query(f"variable {variable.get('name')!r}", expr))
    return queries


def _panels(panels: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for panel in panels:
        yield panel
        yield from _panels(panel.get("panels", []))


def rules_queries(rules: dict[str, Any]) -> list[Query]:
    """Every expression of a Prometheus rules file (alerts and recording rules)."""
    queries = []
    for group in rules.get("groups", []):
        for rule in group.get("rules", []):
            name = rule.get("alert") or rule.get("record")
            queries.append(Query(f"rule {name!r}", str(rule["expr"])))
    return queries


def recorded_names(rules: dict[str, Any]) -> set[str]:
    """The series a rules file records itself (other rules may name them)."""
    return {
        str(rule["record"])
        for group in rules.get("groups", [])
        for rule in group.get("rules", [])
        if "record" in rule
    }


def exposed_names(exposition: str) -> set[str]:
    """The sample names a ``/metrics`` answer in Prometheus' text format serves, read
    as written (a parser would rename a counter's samples to end in ``_total``), and,
    for a family declared without samples yet (a labelled family nothing has been
    counted in), the names its type gives them."""
    names: set[str] = set()
    declared: dict[str, str] = {}
    for line in exposition.splitlines():
        declaration = _TYPE.match(line)
        if declaration:
            declared[declaration.group(1)] = declaration.group(2)
        elif sample := _SAMPLE.match(line):
            names.add(sample.group(1))
    for family, kind in declared.items():
        names.update(family + suffix for suffix in SAMPLE_SUFFIXES.get(kind, ("",)))
    return names


def unknown_names(queries: Sequence[Query], known: set[str]) -> dict[Query, set[str]]:
    """Each query naming a metric outside ``known``, with those names. A query that
    names no metric at all counts too (with an empty set): it can show nothing."""
    unknown = {}
    for query in queries:
        names = metric_names(query.expr)
        if not names or names - known:
            unknown[query] = names - known
    return unknown


def scrape(url: str, token: str | None = None) -> str:
    """The text of one ``/metrics`` endpoint."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    answer = httpx.get(url, headers=headers, timeout=10)
    answer.raise_for_status()
    return answer.text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack.metric_names", description=__doc__)
    parser.add_argument("urls", nargs="+", help="/metrics endpoints to read the served names from")
    parser.add_argument("--dashboard", type=Path, action="append", default=[])
    parser.add_argument("--rules", type=Path, action="append", default=[])
    parser.add_argument("--token", help="the bearer token /metrics asks for")
    arguments = parser.parse_args(argv)
    known: set[str] = set()
    for url in arguments.urls:
        known |= exposed_names(scrape(url, arguments.token))
    queries: list[Query] = []
    for path in arguments.dashboard:
        queries += dashboard_queries(json.loads(path.read_text()))
    for path in arguments.rules:
        rules = yaml.safe_load(path.read_text())
        queries += rules_queries(rules)
        known |= recorded_names(rules)
    unknown = unknown_names(queries, known)
    for query, names in unknown.items():
        print(f"{query.source}: {', '.join(sorted(names)) or 'names no metric'}: {query.expr}")
    print(f"{len(queries)} queries, {len(unknown)} naming metrics nobody serves")
    return 1 if unknown else 0


if __name__ == "__main__":
    sys.exit(main())
