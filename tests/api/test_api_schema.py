"""Property-based calls generated from the OpenAPI description against a live server: no
request, valid or not, makes the service fail (5xx) or answer outside what it documents."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from api_helpers import KEY, LiveServer
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api import Settings, create_app
from graphmap.store import Workspace

pytestmark = [pytest.mark.slow, pytest.mark.server]

#: Examples per operation: enough to reach every parameter's edges, small enough for CI.
EXAMPLES = 6


def _openapi() -> dict:
    """The description does not depend on the data: take it from an app on an empty workspace."""
    with tempfile.TemporaryDirectory() as folder:
        Workspace.create(Path(folder) / "ws").close()
        app = create_app(Path(folder) / "ws", Settings())
        description = app.openapi()
        app.state.workspace.close()
    return description


schema = schemathesis.openapi.from_dict(_openapi())


@pytest.fixture(scope="module")
def schema_server(
    tmp_path_factory: pytest.TempPathFactory, corpus_workspace: Path
) -> Iterator[LiveServer]:
    root = tmp_path_factory.mktemp("schema") / "ws"
    shutil.copytree(corpus_workspace, root)
    # Private reads, so the generated calls without a key check that every route asks for one.
    settings = Settings(api_keys=frozenset({KEY}), public_read=False, max_upload_bytes=256 * 1024)
    app = create_app(root, settings)
    with LiveServer(app) as server:
        yield server
        for job in app.state.jobs.all():
            app.state.jobs.wait(job.id, timeout=60)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_operations_never_fail_and_answer_as_documented(case, schema_server: LiveServer) -> None:
    # A well-formed request may still break a rule the schema cannot state (a youth quota
    # above the panel size, an empty file, a merge of an entity into itself): that is a 400
    # by design, so "schema-valid input is always accepted" is the one check left out.
    case.call_and_validate(base_url=schema_server.url, headers={"X-API-Key": KEY}, timeout=60,
                           excluded_checks=[positive_data_acceptance])
