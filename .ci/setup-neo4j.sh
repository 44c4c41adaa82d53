#!/usr/bin/env bash
# The Neo4j path's test tools: ArcadeDB (a Bolt server from PyPI, for the live tests) and Neo4j's
# Cypher parser (npm, for validating every statement graphmap emits). Idempotent.
#
# arcadedb-embedded goes into the project venv; if pip reports a dependency conflict there, it
# goes into its own venv at .ci-state/arcadedb-venv instead (the tests find either).
set -euo pipefail
cd "$(dirname "$0")/.."

if .venv/bin/python -c "import arcadedb_embedded" 2>/dev/null; then
  echo "arcadedb-embedded: already in .venv"
elif [ -x .ci-state/arcadedb-venv/bin/python ] &&
     .ci-state/arcadedb-venv/bin/python -c "import arcadedb_embedded" 2>/dev/null; then
  echo "arcadedb-embedded: already in .ci-state/arcadedb-venv"
else
  # the pin matches the neo4j-test extra in pyproject.toml
  spec="arcadedb-embedded>=26.10,<27"
  consistent_before=0
  .venv/bin/python -m pip check >/dev/null 2>&1 || consistent_before=1
  .venv/bin/python -m pip install -q "$spec"
  if [ "$consistent_before" -eq 1 ] || .venv/bin/python -m pip check >/dev/null 2>&1; then
    echo "arcadedb-embedded: installed into .venv"
  else
    echo "arcadedb-embedded clashes with the project's dependencies: giving it its own venv"
    .venv/bin/python -m pip uninstall -q -y arcadedb-embedded jpype1
    mkdir -p .ci-state
    python3 -m venv .ci-state/arcadedb-venv
    .ci-state/arcadedb-venv/bin/python -m pip install -q "$spec"
  fi
fi

if command -v npm >/dev/null 2>&1; then
  if [ -d tools/cypher-lint/node_modules/@neo4j-cypher/language-support ]; then
    echo "cypher-lint: node_modules present"
  else
    (cd tools/cypher-lint && npm ci --no-audit --no-fund --loglevel=error)
  fi
else
  echo "npm not found: the Cypher validation test will skip (install nodejs and npm)" >&2
fi
