"""Every Cypher statement graphmap can emit parses with Neo4j's own parser.

The parser is the npm package ``@neo4j-cypher/language-support`` run by
``tools/cypher-lint/lint.mjs`` (installed by ``.ci/setup-neo4j.sh`` with ``npm ci``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from neo4j_sample import sample_graph

from graphmap.neo4j import analyses, connection, files, schema

LINT = Path(__file__).resolve().parents[2] / "tools" / "cypher-lint"

pytestmark = pytest.mark.slow


def _lint(statements: list[tuple[str, str]]) -> tuple[int, list[dict]]:
    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed (bash .ci/setup installs it)")
    if not (LINT / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.skip(f"the Cypher parser is not installed: run `npm ci` in {LINT}")
    payload = json.dumps([{"name": n, "statement": s} for n, s in statements], ensure_ascii=False)
    done = subprocess.run(
        ["node", str(LINT / "lint.mjs")], input=payload, capture_output=True, text=True,
        timeout=300, check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def all_statements() -> list[tuple[str, str]]:
    out = schema.statements() + analyses.statements()
    out += [("fulltext probe", connection.FULLTEXT_PROBE), ("apoc probe", connection.APOC_PROBE)]
    out += [(f"script {i}", s) for i, s in enumerate(files.script_statements(sample_graph()))]
    return out


def test_every_statement_graphmap_emits_parses() -> None:
    statements = all_statements()
    assert len(statements) > 150
    # two broken controls prove the parser is really checking
    broken = statements[-1][1].replace("MERGE (", "MERGE ((", 1)
    controls = [("control: broken script", broken), ("control: unbound", "MATCH (n) RETURN m")]
    code, failures = _lint(statements + controls)
    assert code == 1
    assert [f["name"] for f in failures] == [name for name, _ in controls]
