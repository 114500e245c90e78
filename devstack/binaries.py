"""Get the infrastructure binaries onto this machine: daprd, the scheduler, Kafka.

Nothing here downloads from a release site (none is reachable); everything
comes from package registries and is built or assembled once per machine into
the cache (``devstack.cache``), then reused instantly:

- ``ensure_dapr()``: dapr's source from the Go module proxy, a few module
  replacements (``versions.DAPR_MODULE_REPLACEMENTS``), compiled with
  ``CGO_ENABLED=0 go build -tags stablecomponents``. ``go install`` cannot do
  it: dapr's go.mod has replace directives, which ``go install`` refuses.
- ``ensure_kafka()``: the Kafka broker and its tools as jars from Maven
  Central, through ``mvn dependency:copy-dependencies`` on a generated pom,
  run with the machine's Java 17.

PostgreSQL comes from Debian's packages (``postgres.find_bin_dir()``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devstack import versions
from devstack.cache import cache_root, ensure_entry, entry_path
from devstack.progress import say, step


class BuildError(RuntimeError):
    """A build or fetch step failed; the message ends with its log's last lines."""


@dataclass(frozen=True)
class DaprBinaries:
    """The two Dapr executables of one version."""

    version: str
    daprd: Path
    scheduler: Path


@dataclass(frozen=True)
class KafkaDistribution:
    """A Kafka broker and its tools: jars in ``libs`` and a log4j2 configuration."""

    version: str
    libs: Path
    log4j_config: Path

    @property
    def classpath(self) -> str:
        """Every jar of ``libs``, for ``java -cp``."""
        return os.pathsep.join(str(jar) for jar in sorted(self.libs.glob("*.jar")))


# -- running the slow commands ---------------------------------------------------------


def log_tail(log: Path, lines: int = 25) -> str:
    try:
        text = log.read_text(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def last_line(log: Path) -> str:
    tail = log_tail(log, 1).strip()
    return tail[:120] if tail else "no output yet"


def run_logged(
    argv: Sequence[str], log: Path, *, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> str:
    """Run ``argv`` with its output appended to ``log``; return its standard output.

    Raises ``BuildError`` quoting the log's last lines if it fails.
    """
    with log.open("a") as sink:
        sink.write(f"$ {' '.join(argv)}\n")
        sink.flush()
        completed = subprocess.run(
            list(argv),
            cwd=cwd,
            env=None if env is None else {**os.environ, **env},
            stdout=subprocess.PIPE,
            stderr=sink,
            text=True,
            check=False,
        )
        sink.write(completed.stdout)
    if completed.returncode != 0:
        raise BuildError(
            f"{argv[0]} failed with exit code {completed.returncode} (log: {log}):\n"
            + log_tail(log)
        )
    return completed.stdout


def require_tool(name: str, hint: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BuildError(f"`{name}` is not on PATH: {hint}")
    return found


# -- dapr --------------------------------------------------------------------------------

DAPR_MODULE = "github.com/dapr/dapr"


def dapr_recipe(version: str) -> dict[str, Any]:
    """Everything that decides what ``ensure_dapr(version)`` compiles."""
    return {
        "version": version,
        "replacements": versions.DAPR_MODULE_REPLACEMENTS.get(version, {}),
        "tags": versions.DAPR_BUILD_TAGS,
        "extra_components": list(versions.DAPR_EXTRA_COMPONENTS),
        "ldflags": dapr_ldflags(version),
    }


def dapr_ldflags(version: str) -> str:
    # -s -w: no symbol table or DWARF (183 MB -> about 120 MB for daprd);
    # buildinfo.version: what `daprd --version` prints ("edge" otherwise).
    return f"-s -w -X {DAPR_MODULE}/pkg/buildinfo.version={version}"


def dapr_entry(version: str) -> Path:
    recipe = json.dumps(dapr_recipe(version), sort_keys=True).encode()
    return entry_path("dapr", f"{version}-{hashlib.sha256(recipe).hexdigest()[:10]}")


def ensure_dapr(version: str = versions.DAPR_VERSION) -> DaprBinaries:
    """daprd and the scheduler of ``version``, built on first use (minutes), cached after."""
    entry = ensure_entry(
        dapr_entry(version), lambda folder: _build_dapr(version, folder), label=f"dapr {version}"
    )
    return DaprBinaries(version, entry / "bin" / "daprd", entry / "bin" / "scheduler")


def _build_dapr(version: str, folder: Path) -> dict[str, Any]:
    go = require_tool("go", "install Go 1.26.6 or later (dapr 1.17+ needs it)")
    log = folder / "build.log"
    env = {"CGO_ENABLED": "0", "GOFLAGS": "-mod=mod"}
    with step(f"dapr {version}: downloading the source from the Go module proxy"):
        answer = run_logged([go, "mod", "download", "-json", f"{DAPR_MODULE}@v{version}"], log)
        module_dir = Path(json.loads(answer)["Dir"])
    source = folder / "src"
    with step(f"dapr {version}: copying the source out of the read-only module cache"):
        shutil.copytree(module_dir, source, symlinks=True)
        make_writable(source)
    for module, replacement in versions.DAPR_MODULE_REPLACEMENTS.get(version, {}).items():
        say(f"dapr {version}: replacing {module} with {replacement}")
        replace = f"-replace={module}={module}@{replacement}"
        run_logged([go, "mod", "edit", replace], log, cwd=source)
    for file_name in versions.DAPR_EXTRA_COMPONENTS:
        say(f"dapr {version}: compiling in cmd/daprd/components/{file_name}")
        enable_component(source / "cmd" / "daprd" / "components" / file_name)
    output = folder / "bin"
    output.mkdir()
    argv = [
        go, "build", "-tags", versions.DAPR_BUILD_TAGS, "-ldflags", dapr_ldflags(version),
        "-o", f"{output}/", "./cmd/daprd", "./cmd/scheduler",
    ]  # fmt: skip
    label = f"dapr {version}: go build daprd and scheduler (first time: modules + compile, minutes)"
    with step(label, status=lambda: last_line(log)):
        run_logged(argv, log, cwd=source, env=env)
    go_version = run_logged([go, "env", "GOVERSION"], log).strip()
    shutil.rmtree(source)
    return {"recipe": dapr_recipe(version), "go": go_version}


def make_writable(tree: Path) -> None:
    """``chmod -R u+w``: the module cache is read-only and ``go mod edit`` writes go.mod."""
    for path in [tree, *tree.rglob("*")]:
        if not path.is_symlink():
            path.chmod(path.stat().st_mode | stat.S_IWUSR)


def enable_component(registration: Path) -> None:
    """Compile a component that only ``allcomponents`` builds into the stable build too."""
    text = registration.read_text()
    first, _, rest = text.partition("\n")
    if first.strip() != "//go:build allcomponents":
        raise BuildError(f"{registration}: expected `//go:build allcomponents`, found {first!r}")
    registration.write_text(f"//go:build allcomponents || {versions.DAPR_BUILD_TAGS}\n{rest}")


# -- kafka -------------------------------------------------------------------------------

KAFKA_GROUP = "org.apache.kafka"
MAVEN_DEPENDENCY_PLUGIN = "3.8.1"

KAFKA_POM = """<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by devstack: the Kafka broker and tools as jars, nothing else. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>todo-chatbot.devstack</groupId>
  <artifactId>kafka-distribution</artifactId>
  <version>{version}</version>
  <packaging>pom</packaging>
  <dependencies>
    <!-- the broker: kafka.Kafka, and kafka.tools.StorageTool (format). No
         kafka-tools: it brings Kafka Connect (Jetty, Jersey) onto the broker's
         classpath, and devstack talks to the broker itself (devstack.kafka). -->
    <dependency>
      <groupId>{group}</groupId><artifactId>kafka_{scala}</artifactId><version>{version}</version>
    </dependency>
    <!-- logging: Kafka logs through the SLF4J API; the broker jar brings API 1.7,
         raised to 2.x here so that Log4j 2's binding for it applies (2.x serves
         1.7 callers unchanged). Without a binding Kafka logs nothing. -->
    <dependency>
      <groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>{slf4j}</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j2-impl</artifactId>
      <version>{log4j}</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId>
      <version>{log4j}</version>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-dependency-plugin</artifactId>
        <version>{plugin}</version>
      </plugin>
    </plugins>
  </build>
</project>
"""

LOG4J_VERSION = "2.25.3"
SLF4J_VERSION = "2.0.17"

LOG4J2_PROPERTIES = """\
# Generated by devstack: Kafka logs to standard output (the supervisor's log file).
status = warn
appender.stdout.type = Console
appender.stdout.name = STDOUT
appender.stdout.layout.type = PatternLayout
appender.stdout.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.apache.name = org.apache.kafka
logger.apache.level = INFO
"""


def maven_repository() -> Path:
    """A Maven local repository inside the cache (leaves ``~/.m2`` alone)."""
    return cache_root() / "maven-repository"


def ensure_kafka(version: str = versions.KAFKA_VERSION) -> KafkaDistribution:
    """Kafka ``version`` (broker and tools) from Maven Central, fetched once, cached after."""
    entry = ensure_entry(
        entry_path("kafka", version),
        lambda folder: _fetch_kafka(version, folder),
        label=f"kafka {version}",
    )
    return KafkaDistribution(version, entry / "libs", entry / "config" / "log4j2.properties")


def _fetch_kafka(version: str, folder: Path) -> dict[str, Any]:
    mvn = require_tool("mvn", "install Maven (Debian: apt-get install maven)")
    require_tool("java", "install Java 17 (Debian: apt-get install openjdk-17-jre-headless)")
    log = folder / "fetch.log"
    pom = folder / "pom.xml"
    pom.write_text(
        KAFKA_POM.format(
            version=version,
            group=KAFKA_GROUP,
            scala=versions.KAFKA_SCALA,
            log4j=LOG4J_VERSION,
            slf4j=SLF4J_VERSION,
            plugin=MAVEN_DEPENDENCY_PLUGIN,
        )
    )
    libs = folder / "libs"
    argv = [
        mvn, "--batch-mode", "--no-transfer-progress", "-f", str(pom),
        f"-Dmaven.repo.local={maven_repository()}",
        f"org.apache.maven.plugins:maven-dependency-plugin:{MAVEN_DEPENDENCY_PLUGIN}"
        ":copy-dependencies",
        f"-DoutputDirectory={libs}", "-DincludeScope=runtime",
    ]  # fmt: skip
    with step(
        f"kafka {version}: fetching jars from Maven Central (mvn)",
        status=lambda: f"{len(list(libs.glob('*.jar')))} jars so far",
    ):
        run_logged(argv, log)
    broker_jar = libs / f"kafka_{versions.KAFKA_SCALA}-{version}.jar"
    if not broker_jar.is_file():
        raise BuildError(f"mvn finished but {broker_jar.name} is missing (log: {log})")
    config = folder / "config"
    config.mkdir()
    (config / "log4j2.properties").write_text(LOG4J2_PROPERTIES)
    jars = sorted(jar.name for jar in libs.glob("*.jar"))
    return {"version": version, "jars": len(jars)}


def java_binary() -> str:
    return require_tool("java", "install Java 17 (Debian: apt-get install openjdk-17-jre-headless)")
