"""The service's hold on its workspace: one shared read connection behind a lock, the graph
loaded once per build, and short-lived connections for writes.

SQLite in WAL mode lets a writer (an upload, a curation, a build in its own thread and
connection) work while readers keep reading the last committed state, so reads never wait for
a build. The graph view is reloaded when the workspace's last build changes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

from graphmap.chains import Chain, load_chains
from graphmap.cli.chains import WORKSPACE_CHAINS
from graphmap.store import Workspace

T = TypeVar("T")

#: Derived values kept per graph (indexes, coverages for recent parameter sets).
MAX_DERIVED = 64


class WorkspaceState:
    """Thread-safe access to one workspace for the request handlers."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._reader = Workspace.open(self.root)
        self._lock = threading.RLock()
        self._graph_lock = threading.Lock()
        self._graph: nx.MultiDiGraph | None = None
        self._graph_key: tuple[Any, ...] | None = None
        self._derived: dict[str, Any] = {}
        self._chains: tuple[tuple[Any, ...], dict[str, Chain]] | None = None

    @property
    def uploads(self) -> Path:
        return self.root / "uploads"

    @contextmanager
    def reading(self) -> Iterator[Workspace]:
        """The shared connection, held by one thread at a time."""
        with self._lock:
            yield self._reader

    @contextmanager
    def writing(self) -> Iterator[Workspace]:
        """A connection of its own for one write (closed afterwards)."""
        ws = Workspace.open(self.root)
        try:
            yield ws
        finally:
            ws.close()

    def build_key(self) -> tuple[Any, ...]:
        """Identifies the last build; changes whenever a build finishes."""
        with self.reading() as ws:
            row = ws.db.execute(
                "SELECT id, finished_at FROM builds ORDER BY id DESC LIMIT 1"
            ).fetchone()
        return tuple(row) if row else ()

    def graph(self) -> nx.MultiDiGraph:
        """The graph of the last build (shared: treat it as read-only)."""
        key = self.build_key()
        graph = self._graph
        if graph is not None and key == self._graph_key:
            return graph
        with self._graph_lock:
            if self._graph is None or key != self._graph_key:
                with self.reading() as ws:
                    loaded = ws.graph()
                self._derived = {}
                self._graph, self._graph_key = loaded, key
            return self._graph

    def derived(self, name: str, make: Callable[[nx.MultiDiGraph], T]) -> T:
        """A value computed from the current graph (an index, a view), cached with it."""
        graph = self.graph()
        with self._graph_lock:
            entry = self._derived.get(name)
            if entry is not None and entry[0] is graph:
                return entry[1]
        value = make(graph)
        with self._graph_lock:
            if self._graph is graph:
                self._derived[name] = (graph, value)
                while len(self._derived) > MAX_DERIVED:
                    self._derived.pop(next(iter(self._derived)))
        return value

    def chains(self) -> dict[str, Chain]:
        """The shipped industry chains plus the workspace's own ``chains/`` folder."""
        folder = self.root / WORKSPACE_CHAINS
        stamp = tuple(
            (p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*"))
        ) if folder.is_dir() else ()
        with self._graph_lock:
            if self._chains is not None and self._chains[0] == stamp:
                return self._chains[1]
        chains = load_chains([folder] if folder.is_dir() else [])
        with self._graph_lock:
            self._chains = (stamp, chains)
        return chains

    def close(self) -> None:
        with self._lock:
            self._reader.close()
