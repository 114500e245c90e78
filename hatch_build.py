"""Build hook: compiles the embedded runtime's SQLite extension (mapped reads).

``src/todo_chatbot/runtimes/embedded/sqlite/mapped_reads.c`` becomes
``_mapped_reads.so`` beside it, with the C compiler Python was built with and
SQLite's headers (Debian: libsqlite3-dev). Where either is missing the build
goes on without it and the runtime reads the database the plain way
(``mapped_reads.py`` says why in its log).
"""

from __future__ import annotations

import shlex
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCE = Path("src/todo_chatbot/runtimes/embedded/sqlite/mapped_reads.c")
LIBRARY = SOURCE.with_name("_mapped_reads.so")


class MappedReadsBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if sys.platform != "linux":
            self.app.display_info("mapped reads: built for Linux only, skipped")
            return
        source, library = Path(self.root, SOURCE), Path(self.root, LIBRARY)
        compiler = shlex.split(sysconfig.get_config_var("CC") or "cc")
        command = [*compiler, "-O2", "-fPIC", "-shared", "-Wall", "-o", str(library), str(source)]
        try:
            subprocess.run(command, check=True, capture_output=True, text=True)
        except (OSError, subprocess.CalledProcessError) as error:
            details = getattr(error, "stderr", "") or str(error)
            self.app.display_warning(f"mapped reads not built ({shlex.join(command)}): {details}")
            return
        build_data["artifacts"].append(LIBRARY.as_posix())
        build_data["pure_python"] = False
        # A SQLite extension: any Python of the platform loads it.
        platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
        build_data["tag"] = f"py3-none-{platform}"
