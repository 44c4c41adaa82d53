"""The curate / snapshot / diff commands are thin shells over the library."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from graphmap.build import build
from graphmap.cli import app, main
from graphmap.model import NodeKind, Status

from .test_curation import EXTRACT, text_doc

runner = CliRunner()


def run(*args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_curate_commands_record_and_builds_apply(ws, tmp_path):
    ws.add_document(text_doc("/a.txt", "北航王伟谈具身智能和大模型"))
    ws.add_document(text_doc("/b.txt", "灵犀机器人研发具身智能，王伟也研究大语言模型"))
    build(ws, text_extractor=EXTRACT)
    w = ("--workspace", str(ws.root))

    assert "大语言模型" in run("curate", "duplicates", "--kind", "Technology", *w)
    run("snapshot", "create", "before", "--note", "第一期", *w)
    run("curate", "merge", "大模型", "大语言模型", "--note", "同一技术", *w)
    run("curate", "reject", "灵犀机器人", *w)
    run("curate", "reject", "王伟", "--edge", "expert_in", "--to", "具身智能", *w)
    run("curate", "set-type", "灵犀机器人", "enterprise", *w)
    listed = run("curate", "list", *w)
    assert "merge" in listed and "同一技术" in listed
    build(ws, text_extractor=EXTRACT)
    techs = {e.name: e for e in ws.entities(NodeKind.TECHNOLOGY)}
    assert set(techs) == {"大模型", "具身智能"}
    assert "人工审核合并" in run("curate", "explain", "大模型", *w)
    orgs = {e.name: e for e in ws.entities(NodeKind.ORGANIZATION)}
    assert orgs["灵犀机器人"].status is Status.REJECTED
    names = {e.id: e.name for e in ws.entities()}
    rejected = [(names[r.source], names[r.target]) for r in ws.relations()
                if r.status is Status.REJECTED]
    assert rejected == [("王伟", "具身智能")]

    out = tmp_path / "curations.csv"
    run("curate", "export", str(out), *w)
    assert "imported 0 curations (4 already there)" in run("curate", "import", str(out), *w)

    cid = ws.curations()[-1]["id"]
    assert f"curation #{cid} removed" in run("curate", "undo", str(cid), *w)
    assert len(ws.curations()) == 3
    listed = run("snapshot", "list", *w)
    assert "before" in listed and "第一期" in listed
    assert "new technologies: 0" in run("diff", "before", "current", *w)


def test_curate_errors_say_what_and_how_to_fix(ws, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["curate", "confirm", "不存在", "--workspace", str(ws.root)])
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert "no entity with id or name '不存在'" in err and "fix:" in err
