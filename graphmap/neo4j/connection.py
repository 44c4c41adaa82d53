"""A Neo4j (or Bolt-compatible) database graphmap talks to, and what that server can do."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from graphmap.errors import GraphmapError

#: Where the password comes from when it is not typed at a prompt (never a command option).
PASSWORD_ENV = "GRAPHMAP_NEO4J_PASSWORD"
#: Read-only calls that succeed only where a feature exists.
FULLTEXT_PROBE = (
    "CALL db.index.fulltext.listAvailableAnalyzers() YIELD analyzer RETURN count(analyzer) AS n"
)
APOC_PROBE = "RETURN apoc.version() AS version"


class Neo4jError(GraphmapError):
    """The Neo4j server cannot be reached, refuses us, or rejects a statement."""


@dataclass(frozen=True, slots=True)
class Capabilities:
    """Server features graphmap uses only where they exist.

    ``fulltext``: full-text indexes (``db.index.fulltext.*``, Neo4j only among the servers
    tested); ``apoc``: the APOC library. Neither is needed for a correct answer.
    """

    agent: str
    fulltext: bool
    apoc: bool


@dataclass(slots=True)
class Neo4jBackend:
    """An open driver plus the database it works in: what Cypher analyses take as "graph".

    Examples
    --------
    >>> backend = connect("bolt://127.0.0.1:7687", "neo4j", "secret")  # doctest: +SKIP
    >>> backend.close()  # doctest: +SKIP
    """

    driver: Any
    database: str
    uri: str
    user: str = ""
    _capabilities: Capabilities | None = field(default=None, repr=False)

    @property
    def target(self) -> str:
        """The key under which pushes to this database are remembered."""
        return f"{self.uri}#{self.database}"

    def run(self, query: str, **parameters: Any) -> list[dict[str, Any]]:
        """Run one read statement (values as parameters) and return its records as dicts."""
        try:
            with self.driver.session(database=self.database) as session:
                return [record.data() for record in session.run(query, parameters)]
        except GraphmapError:
            raise
        except Exception as exc:
            raise _wrap(exc, self) from exc

    def write(self, query: str, **parameters: Any) -> dict[str, int]:
        """Run one write statement in a managed (retried) transaction; return its counters."""

        def work(tx: Any) -> dict[str, int]:
            return _counters(tx.run(query, parameters).consume().counters)

        try:
            with self.driver.session(database=self.database) as session:
                return session.execute_write(work)
        except Exception as exc:
            raise _wrap(exc, self) from exc

    def schema(self, query: str) -> dict[str, int]:
        """Run one schema statement in its own auto-commit transaction."""
        try:
            with self.driver.session(database=self.database) as session:
                return _counters(session.run(query).consume().counters)
        except Exception as exc:
            raise _wrap(exc, self) from exc

    def capabilities(self) -> Capabilities:
        """Probe once (read-only calls) for full-text indexes and APOC."""
        if self._capabilities is None:
            agent = str(self.driver.get_server_info().agent)
            self._capabilities = Capabilities(
                agent=agent,
                fulltext=self._probe(FULLTEXT_PROBE),
                apoc=self._probe(APOC_PROBE),
            )
        return self._capabilities

    def _probe(self, query: str) -> bool:
        try:
            with self.driver.session(database=self.database) as session:
                session.run(query).consume()
        except Exception:
            return False
        return True

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Neo4jBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_COUNTER_NAMES = (
    "nodes_created",
    "nodes_deleted",
    "relationships_created",
    "relationships_deleted",
    "properties_set",
    "labels_added",
    "labels_removed",
    "indexes_added",
    "indexes_removed",
    "constraints_added",
    "constraints_removed",
)


def _counters(counters: Any) -> dict[str, int]:
    return {name: int(getattr(counters, name, 0)) for name in _COUNTER_NAMES}


def _wrap(exc: Exception, backend: Neo4jBackend) -> Neo4jError:
    from neo4j import exceptions as neo

    if isinstance(exc, neo.AuthError):
        return Neo4jError(
            f"Neo4j at {backend.uri} refused the user name or password",
            f"check --user and the password (env {PASSWORD_ENV} or the prompt)",
        )
    if isinstance(exc, neo.ServiceUnavailable):
        return Neo4jError(
            f"no Neo4j server answers at {backend.uri}: {exc}",
            "start the server or fix --uri (bolt://HOST:7687 or neo4j://HOST:7687)",
        )
    if isinstance(exc, neo.ClientError) and "database" in str(exc).lower():
        return Neo4jError(
            f"Neo4j at {backend.uri} cannot use database {backend.database!r}: {exc}",
            "create the database first or pass the right --database",
        )
    return Neo4jError(f"Neo4j at {backend.uri} failed: {exc}", "rerun with --debug for details")


def connect(uri: str, user: str, password: str | None = None, database: str = "neo4j") -> (
    Neo4jBackend
):
    """Open a driver to ``uri`` and check that it answers.

    ``password`` defaults to the environment variable ``GRAPHMAP_NEO4J_PASSWORD``.
    """
    import neo4j

    if password is None:
        password = os.environ.get(PASSWORD_ENV)
    if password is None:
        raise Neo4jError(
            "no Neo4j password given",
            f"set {PASSWORD_ENV} or let the command prompt for it",
        )
    try:
        driver = neo4j.GraphDatabase.driver(uri, auth=(user, password))
    except ValueError as exc:
        raise Neo4jError(
            f"{uri!r} is not a Neo4j address: {exc}", "use bolt://HOST:7687 or neo4j://HOST:7687"
        ) from exc
    backend = Neo4jBackend(driver=driver, database=database, uri=uri, user=user)
    try:
        driver.verify_connectivity()
    except Exception as exc:
        driver.close()
        raise _wrap(exc, backend) from exc
    return backend
