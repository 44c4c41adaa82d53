"""A local Bolt server for tests and benchmarks: ArcadeDB (PyPI ``arcadedb-embedded``).

No Neo4j server can be installed from the package registries graphmap may use; ArcadeDB's
Bolt plugin answers the official ``neo4j`` driver as "Neo4j/5.26.0 compatible" and runs from a
wheel with its own JRE. It lacks full-text indexes and APOC (see
:class:`graphmap.neo4j.connection.Capabilities`).

The server runs in a child process (a JVM inside the test process would outlive every test
and share its heap): this file, run as a script by a Python that has ``arcadedb-embedded``,
starts it on 127.0.0.1 with a small heap under a temporary root and prints ``READY`` once
the database exists. It stops on SIGTERM, or by itself when its parent goes away. The script
part imports nothing from graphmap, so it also runs from a separate virtual environment
(``.ci-state/arcadedb-venv``) when the package's dependencies clash with the project's.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEPARATE_VENV_PYTHON = REPO / ".ci-state" / "arcadedb-venv" / "bin" / "python"
PYTHON_ENV = "GRAPHMAP_ARCADEDB_PYTHON"
USER = "root"
PASSWORD = "graphmap-test-only"
DATABASE = "graphmap"
HEAP = "512m"
START_TIMEOUT = 120.0


def arcadedb_python() -> str | None:
    """The Python that can run ArcadeDB: ``$GRAPHMAP_ARCADEDB_PYTHON``, the separate venv, or
    this interpreter when it has ``arcadedb_embedded``; ``None`` when none does."""
    if os.environ.get(PYTHON_ENV):
        return os.environ[PYTHON_ENV]
    if importlib.util.find_spec("arcadedb_embedded") is not None:
        return sys.executable
    if SEPARATE_VENV_PYTHON.is_file():
        return str(SEPARATE_VENV_PYTHON)
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(slots=True)
class DevServer:
    """A running ArcadeDB child process and how to reach it over Bolt."""

    process: subprocess.Popen
    root: Path
    bolt_port: int
    log: Path
    user: str = USER
    password: str = PASSWORD
    database: str = DATABASE
    _tmp: tempfile.TemporaryDirectory | None = field(default=None, repr=False)

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


def start_arcadedb(python: str | None = None, *, heap: str = HEAP) -> DevServer:
    """Start ArcadeDB with Bolt on free 127.0.0.1 ports under a temporary root; wait until ready.

    Raises ``RuntimeError`` with the server's log tail when it does not come up.
    """
    python = python or arcadedb_python()
    if python is None:
        raise RuntimeError("arcadedb-embedded is not installed (run .ci/setup-neo4j.sh)")
    tmp = tempfile.TemporaryDirectory(prefix="graphmap-arcadedb-")
    root = Path(tmp.name)
    bolt_port, http_port = _free_port(), _free_port()
    log = root / "server.log"
    with log.open("wb") as handle:
        process = subprocess.Popen(
            [python, __file__, str(root / "databases"), str(bolt_port), str(http_port), heap],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=handle,
            text=True,
        )
    server = DevServer(process, root, bolt_port, log, _tmp=tmp)
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], START_TIMEOUT)
    line = process.stdout.readline() if ready else ""
    if line.strip() != "READY":
        tail = log.read_text("utf-8", "replace")[-3000:]
        server.stop()
        raise RuntimeError(f"ArcadeDB did not start (said {line.strip()!r}):\n{tail}")
    return server


def _serve(root: str, bolt_port: int, http_port: int, heap: str) -> None:
    import arcadedb_embedded

    server = arcadedb_embedded.ArcadeDBServer(
        root,
        PASSWORD,
        {
            "host": "127.0.0.1",
            "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "bolt_port": bolt_port,
            "http_port": http_port,
        },
        jvm_kwargs={"heap_size": heap},
    )
    server.start()
    server.create_database(DATABASE)
    parent = os.getppid()
    print("READY", flush=True)
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    while os.getppid() == parent:
        if signal.sigtimedwait({signal.SIGTERM, signal.SIGINT}, 2.0) is not None:
            break
    with contextlib.suppress(Exception):
        server.stop()


if __name__ == "__main__":
    _serve(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
