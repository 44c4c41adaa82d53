"""neo4j-admin import CSVs and the Cypher script, checked without a server."""

from __future__ import annotations

import csv
import shlex
from pathlib import Path

import pytest
from neo4j_sample import HOSTILE, comparable, sample_graph

from graphmap.errors import InputError
from graphmap.export import export_graph
from graphmap.model import NodeKind
from graphmap.neo4j import files


@pytest.fixture
def exported(tmp_path: Path) -> files.ImportFiles:
    return files.write_import_csv(sample_graph(), tmp_path / "import")


def test_import_csvs_reproduce_the_graph(exported: files.ImportFiles) -> None:
    assert files.check_import_csv(exported.folder) == []
    assert comparable(files.read_import_csv(exported.folder)) == comparable(sample_graph())


def test_headers_follow_the_import_rules(exported: files.ImportFiles) -> None:
    for path in exported.node_files:
        header = path.read_text("utf-8").splitlines()[0].split(",")
        label = path.stem.removeprefix("nodes_")
        assert header[:2] == [f"id:ID({label})", ":LABEL"]
        assert label in {k.value for k in NodeKind}
        columns = [files.parse_header(h) for h in header]
        assert [c.role for c in columns].count("id") == 1
    for path in exported.relationship_files:
        header = path.read_text("utf-8").splitlines()[0].split(",")
        _, source, target = path.stem.removeprefix("relationships_").split("__")
        assert header[:3] == [f":START_ID({source})", f":END_ID({target})", ":TYPE"]
    org_header = (exported.folder / "nodes_Organization.csv").read_text("utf-8").splitlines()[0]
    assert "aliases:string[]" in org_header.split(",")
    assert "evidence_count:long" in org_header.split(",")
    person_header = (exported.folder / "nodes_Person.csv").read_text("utf-8").splitlines()[0]
    assert "birth_year:long" in person_header.split(",")
    assert not (exported.folder / "nodes_Organization.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_array_delimiter_avoids_values_that_contain_it(exported: files.ImportFiles) -> None:
    # an alias of the sample holds ';', so the default delimiter cannot be used
    assert "--array-delimiter=|" in shlex.split(exported.command)
    rows = list(csv.DictReader((exported.folder / "nodes_Organization.csv").open(encoding="utf-8")))
    assert any(r["aliases:string[]"] == "甲科技;JiaTech" for r in rows)


def test_command_line_names_every_file(exported: files.ImportFiles) -> None:
    command = exported.command
    assert command.startswith("neo4j-admin database import full ")
    assert command.endswith(" neo4j")
    assert "--multiline-fields=true" in command
    for path in exported.node_files:
        assert f"--nodes={path.name}" in command
    for path in exported.relationship_files:
        assert f"--relationships={path.name}" in command
    script = exported.script.read_text("utf-8")
    assert 'cd "$(dirname "$0")"' in script and '"${1:-neo4j}"' in script
    assert "CREATE CONSTRAINT graphmap_Organization_id" in exported.schema.read_text("utf-8")


def test_check_reports_a_dangling_relationship(exported: files.ImportFiles) -> None:
    path = next(p for p in exported.relationship_files if "__Person__Organization" in p.name)
    lines = path.read_text("utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace('"per-', '"per-missing', 1)
    path.write_text("".join(lines), "utf-8")
    problems = files.check_import_csv(exported.folder)
    assert any("is not in space Person" in p for p in problems)
    with pytest.raises(InputError):
        files.read_import_csv(exported.folder)


def test_check_reports_a_bad_header(exported: files.ImportFiles) -> None:
    path = exported.folder / "nodes_Event.csv"
    text = path.read_text("utf-8")
    path.write_text(text.replace("attendance:long", "attendance:integer", 1), "utf-8")
    assert any("unknown type" in p for p in files.check_import_csv(exported.folder))


def test_cypher_literals_keep_data_out_of_the_code() -> None:
    literal = files.cypher_literal(HOSTILE)
    assert literal.startswith("'") and literal.endswith("'")
    inner = literal[1:-1]
    # no unescaped quote and no raw line break survive inside the literal
    assert "\n" not in inner
    assert all(inner[i - 1] == "\\" for i, ch in enumerate(inner) if ch == "'")
    assert files.cypher_literal({"odd key`": [1, 2]}) == "{`odd key```: [1, 2]}"


def test_cypher_script_is_one_statement_per_line(tmp_path: Path) -> None:
    path = files.write_cypher_script(sample_graph(), tmp_path / "graph.cypher")
    body = [line for line in path.read_text("utf-8").splitlines() if not line.startswith("//")]
    assert all(line.endswith(";") for line in body)
    assert any(line.startswith("UNWIND [{id: 'org-") for line in body)


def test_export_formats_reach_the_neo4j_files(tmp_path: Path) -> None:
    written = export_graph(sample_graph(), "neo4j-import", tmp_path / "imp")
    assert tmp_path / "imp" / "import.sh" in written
    [script] = export_graph(sample_graph(), "cypher", tmp_path / "graph.cypher")
    assert script.read_text("utf-8").count("MERGE") > 10


def test_mixed_value_types_in_a_column_come_back_exactly(tmp_path: Path) -> None:
    graph = sample_graph()
    edges = [d for *_, d in graph.edges(keys=True, data=True) if d["kind"] == "MEMBER_OF"]
    edges[0]["since"], edges[1]["since"] = "2023年", 2023
    edges[0]["share"], edges[1]["share"] = 1, 0.5
    edges[0]["tags"], edges[1]["tags"] = ["a"], [1, 2]
    written = files.write_import_csv(graph, tmp_path / "import")
    assert files.check_import_csv(written.folder) == []
    assert comparable(files.read_import_csv(written.folder)) == comparable(graph)
