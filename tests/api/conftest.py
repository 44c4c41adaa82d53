"""Workspaces, clients and servers for the API tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_helpers import KEY, OTHER_KEY, LiveServer, make_workspace
from fastapi.testclient import TestClient

from api import Settings, create_app
from graphmap.store import Workspace


@pytest.fixture(scope="session")
def template_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("api") / "template"
    make_workspace(root).close()
    return root


@pytest.fixture
def workspace(template_workspace: Path, tmp_path: Path) -> Path:
    """A fresh copy per test: writes in one test never leak into another."""
    root = tmp_path / "ws"
    shutil.copytree(template_workspace, root)
    return root


@pytest.fixture
def settings() -> Settings:
    return Settings(api_keys=frozenset({KEY, OTHER_KEY}), max_upload_bytes=64 * 1024)


@pytest.fixture
def client(workspace: Path, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(workspace, settings), raise_server_exceptions=False) as test:
        yield test


@pytest.fixture
def ids(workspace: Path) -> dict[str, str]:
    """Entity ids by name, read back from the workspace."""
    with Workspace.open(workspace) as ws:
        return {e.name: e.id for e in ws.entities()}


@pytest.fixture
def live_server(workspace: Path, settings: Settings) -> Iterator[LiveServer]:
    with LiveServer(create_app(workspace, settings)) as server:
        yield server


@pytest.fixture(scope="session")
def corpus_workspace(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> Path:
    """The bundled sample corpus read and built the way `graphmap demo` does (read-only use)."""
    from graphmap.build import build
    from graphmap.ingestion import add_paths

    root = tmp_path_factory.mktemp("corpus") / "ws"
    with Workspace.create(root) as ws:
        report = add_paths(ws, [examples_dir / "corpus"])
        assert not report.errors, report.errors
        build(ws)
    return root


@pytest.fixture(scope="session")
def corpus_server(corpus_workspace: Path) -> Iterator[LiveServer]:
    settings = Settings(api_keys=frozenset({KEY}))
    with LiveServer(create_app(corpus_workspace, settings)) as server:
        yield server
