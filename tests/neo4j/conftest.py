"""The live Bolt server for the Neo4j tests.

By default ArcadeDB (``arcadedb-embedded``, installed by ``.ci/setup-neo4j.sh``) is started
once per session on free 127.0.0.1 ports with a small heap and a temporary root; the tests
skip, saying so, only when that package is not installed here.

With ``GRAPHMAP_NEO4J_URI`` set (plus ``GRAPHMAP_NEO4J_USER``, ``GRAPHMAP_NEO4J_PASSWORD``
and optionally ``GRAPHMAP_NEO4J_DATABASE``) the same suite runs against that server instead.
Every test starts from an empty database: point it at a scratch database only.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphmap.neo4j.connection import Neo4jBackend, connect
from graphmap.neo4j.devserver import DevServer, arcadedb_python, start_arcadedb

REPO = Path(__file__).resolve().parents[2]
LINT_DIR = REPO / "tools" / "cypher-lint"


@pytest.fixture(scope="session")
def bolt_server() -> Iterator[tuple[str, str, str, str]]:
    """``(uri, user, password, database)`` of a live server for the whole session."""
    uri = os.environ.get("GRAPHMAP_NEO4J_URI")
    if uri:
        yield (
            uri,
            os.environ.get("GRAPHMAP_NEO4J_USER", "neo4j"),
            os.environ.get("GRAPHMAP_NEO4J_PASSWORD", ""),
            os.environ.get("GRAPHMAP_NEO4J_DATABASE", "neo4j"),
        )
        return
    if arcadedb_python() is None:
        pytest.skip("arcadedb-embedded is not installed here (bash .ci/setup-neo4j.sh installs "
                    "it); set GRAPHMAP_NEO4J_URI to use a Neo4j server instead")
    server: DevServer = start_arcadedb()
    try:
        yield server.uri, server.user, server.password, server.database
    finally:
        server.stop()


def wipe(backend: Neo4jBackend) -> None:
    backend.write("MATCH (n) DETACH DELETE n")


@pytest.fixture
def backend(bolt_server: tuple[str, str, str, str]) -> Iterator[Neo4jBackend]:
    """A connection to an empty database (wiped before the test)."""
    uri, user, password, database = bolt_server
    with connect(uri, user, password, database) as opened:
        wipe(opened)
        yield opened


@pytest.fixture(scope="session")
def demo_workspace(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> Path:
    """The bundled sample corpus built the way `graphmap demo` does (tests only read it)."""
    from graphmap.build import build
    from graphmap.ingestion import add_paths
    from graphmap.store import Workspace

    root = tmp_path_factory.mktemp("neo4j-demo") / "ws"
    with Workspace.create(root) as ws:
        report = add_paths(ws, [examples_dir / "corpus"])
        assert not report.errors, report.errors
        build(ws)
    return root
