"""Every version devstack pins, in one place, with the reason for each.

Change a version here and the next ``ensure_*`` call builds or fetches it into
its own cache folder; the old one stays until the cache is cleared.
"""

from __future__ import annotations

from typing import Final

DAPR_VERSION: Final = "1.18.0"
"""daprd and the scheduler. 1.18.3 needs durabletask-go v0.12.4, which the Go
module proxy here refuses; 1.18.0 builds with the replacement below."""

DAPR_MODULE_REPLACEMENTS: Final[dict[str, dict[str, str]]] = {
    # dapr version -> {module: replacement version}. Each line is a module
    # version that dapr's go.mod asks for and the Go module proxy here refuses
    # (check: curl -s -o /dev/null -w '%{http_code}'
    #   https://proxy.golang.org/MODULE/@v/VERSION.zip), replaced by the
    # nearest version it serves. Find refused modules with
    #   go list -e -deps -tags stablecomponents \
    #     -f '{{with .Error}}{{.}}{{end}}' ./cmd/daprd ./cmd/scheduler
    "1.18.0": {
        # v0.12.5 refused; v0.12.6 is a patch release of the same API.
        "github.com/diagridio/go-etcd-cron": "v0.12.6",
    },
}

DAPR_BUILD_TAGS: Final = "stablecomponents"
"""Without a tag daprd compiles in no component at all."""

DAPR_EXTRA_COMPONENTS: Final = ("nameresolution_sqlite.go",)
"""Component registrations of ``cmd/daprd/components`` that are tagged
``allcomponents`` only and that devstack compiles in as well. The SQLite name
resolver lets daprd instances find each other through one shared file; the
default self-hosted resolver (mDNS) announces every sidecar with multicast on
the machine's network interfaces, which nothing here needs."""

KAFKA_VERSION: Final = "4.2.1"
"""The broker, from Maven Central (``org.apache.kafka:kafka_2.13``). Kafka 4.x
is KRaft-only (no ZooKeeper) and is what production runs; 4.2 is the newest
line that Dapr's Kafka client (Sarama v1.48.1, in components-contrib v1.18.0)
knows by name (its ``MaxVersion`` is 4.2.0)."""

KAFKA_PROTOCOL_VERSION: Final = "4.2.0"
"""What to put in a ``pubsub.kafka`` component's ``version`` metadata. Sarama
defaults to 2.1.0 and then speaks request versions that Kafka 4 removed
(KIP-896), so the component must name the broker's line."""

KAFKA_SCALA: Final = "2.13"
