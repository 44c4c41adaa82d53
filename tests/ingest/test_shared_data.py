"""Real public data: the CAE academician list (868 rows) needs a mapping, and gets one."""

from __future__ import annotations

from pathlib import Path

import pytest

import ingest

pytestmark = pytest.mark.shared_data


def test_academician_csv_needs_a_mapping_and_reads_with_one(shared_data: Path) -> None:
    path = shared_data / "experts" / "AcademicianEngineering.csv"
    with pytest.raises(ingest.IngestError) as caught:
        ingest.read_path(path)
    assert caught.value.reason == "unknown_layout"
    assert "introduce" in caught.value.message
    doc = ingest.read_path(path, mapping={"name": "name", "introduce": "bio", "XB": "field"})
    assert doc.doc_type == "expert_list"
    assert len(doc.records) == 868
    for record in doc.records:
        row = doc.text[int(record.raw["_start"]) : int(record.raw["_end"])]
        assert record.fields["name"] in row
    assert all(r.fields.get("bio") for r in doc.records[:50])
