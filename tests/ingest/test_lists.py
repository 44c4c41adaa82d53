"""Member and expert lists from xlsx, xls, csv, docx and html tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import xlwt
from ingest_makers import EXPERT_HEADER, EXPERT_ROWS, member_sheet, write_docx, write_xlsx

import ingest
from ingest.lists import consortium_from, match_header


def _row_text(doc: ingest.Document, record) -> str:  # type: ignore[name-defined]
    return doc.text[int(record.raw["_start"]) : int(record.raw["_end"])]


def test_member_list_with_title_row_sections_and_merged_cells(tmp_path: Path) -> None:
    rows, merges = member_sheet()
    path = write_xlsx(tmp_path / "list.xlsx", {"成员单位": rows}, {"成员单位": merges})
    doc = ingest.read_path(path)
    assert doc.doc_type == "member_list"
    assert doc.metadata["consortium"] == "人工智能科创协同联合体"
    assert doc.metadata["industry"] == "人工智能"
    assert doc.metadata["header_row"] == {"成员单位": 3}
    assert doc.metadata["header_mapping"]["成员单位"] == {
        "成员单位": "name", "单位类型": "org_type", "统一社会信用代码": "credit_code",
        "所属领域/环节": "segment", "加入时间": "joined"}
    names = [r.fields["name"] for r in doc.records]
    assert names == ["清华大学", "北京百度网讯科技有限公司", "中国科学院自动化研究所",
                     "北京智谱华章科技有限公司"]
    roles = {r.fields["name"]: r.fields["role"] for r in doc.records}
    assert roles["清华大学"] == "lead"
    assert roles["北京百度网讯科技有限公司"] == "member"
    baidu, casia = doc.records[1], doc.records[2]
    assert baidu.fields["credit_code"] == "91110000802100433B"
    assert casia.fields["joined"] == "2023-03"  # merged F7:F8 filled down
    assert "credit_code" not in casia.fields
    assert baidu.row == 7 and baidu.sheet == "成员单位"
    assert baidu.fields["org_type"] == "企业"
    for record in doc.records:
        assert record.fields["name"] in _row_text(doc, record)
    assert "注：排名不分先后" not in doc.text


def test_several_sheets_and_header_variants(tmp_path: Path) -> None:
    members = [["企业名称", "性质", "信用代码", "产业链环节", "入会时间", "职务"],
               ["寒武纪", "企业", "91110108MA00000001", "上游", "2022", "理事长单位"],
               ["智源研究院", "科研院所", "", "中游", "2022", "副理事长单位"]]
    experts = [["专家名单"], EXPERT_HEADER, *EXPERT_ROWS]
    path = write_xlsx(tmp_path / "mixed.xlsx", {"会员": members, "专家": experts, "空表": []})
    doc = ingest.read_path(path)
    by_type: dict[str, list] = {}
    for record in doc.records:
        by_type.setdefault(record.record_type, []).append(record)
    assert [r.fields["role"] for r in by_type["member"]] == ["lead", "member"]
    assert by_type["member"][1].raw["_role_text"] == "副理事长单位"
    zhang = by_type["expert"][0].fields
    assert zhang == {"name": "张三", "gender": "男", "birth": "1970.05", "title": "教授",
                     "organization": "清华大学", "field": "机器学习",
                     "bio": "长期从事机器学习研究。"}
    assert doc.metadata["header_row"]["专家"] == 2
    assert doc.metadata["sheets"] == ["会员", "专家", "空表"]


@pytest.mark.parametrize(
    ("header", "record_type", "key"),
    [("单位名称", "member", "name"), ("成员单位名称（全称）", "member", "name"),
     ("单位性质", "member", "org_type"), ("统一社会信用代码*", "member", "credit_code"),
     ("所属领域", "member", "segment"), ("加入时间", "member", "joined"),
     ("姓 名", "expert", "name"), ("职务/职称", "expert", "title"),
     ("工作单位", "expert", "organization"), ("专业领域", "expert", "field"),
     ("个人简介", "expert", "bio"), ("出生年月", "expert", "birth"),
     ("單位名稱", "member", "name"), ("Organization", "member", "name"),
     ("联系人姓名", "expert", None), ("序号", "member", None)],
)
def test_header_variants(header: str, record_type: str, key: str | None) -> None:
    assert match_header(header, record_type) == key


def test_csv_in_gbk_with_tabs(tmp_path: Path) -> None:
    lines = ["姓名\t性别\t工作单位\t研究方向", "张三\t男\t清华大学\t机器学习",
             "李四\t女\t北京大学\t自然语言处理"]
    path = tmp_path / "experts.csv"
    path.write_bytes("\n".join(lines).encode("gbk"))
    doc = ingest.read_path(path)
    assert doc.doc_type == "expert_list"
    assert doc.metadata["encoding"] == "gbk"
    assert [r.fields["organization"] for r in doc.records] == ["清华大学", "北京大学"]
    assert [r.row for r in doc.records] == [2, 3]


def test_xls_with_merged_cells(tmp_path: Path) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("名单")
    sheet.write_merge(0, 0, 0, 2, "集成电路产业创新联盟会员单位名录")
    for col, value in enumerate(["单位名称", "单位类型", "所属环节"]):
        sheet.write(1, col, value)
    sheet.write(2, 0, "中芯国际")
    sheet.write_merge(2, 3, 1, 1, "企业")
    sheet.write(2, 2, "制造")
    sheet.write(3, 0, "华大九天")
    sheet.write(3, 2, "设计工具")
    path = tmp_path / "联盟.xls"
    book.save(str(path))
    doc = ingest.read_path(path)
    assert [(r.fields["name"], r.fields["org_type"]) for r in doc.records] == [
        ("中芯国际", "企业"), ("华大九天", "企业")]
    assert doc.metadata["consortium"] == "集成电路产业创新联盟"
    assert doc.metadata["industry"] == "集成电路"


def test_unknown_layout_names_the_columns_and_the_fix(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "odd.xlsx", {"S": [["甲列", "乙列", "丙列"], ["a", "b", "c"]]})
    with pytest.raises(ingest.IngestError) as caught:
        ingest.read_path(path)
    error = caught.value
    assert error.reason == "unknown_layout"
    assert "甲列, 乙列, 丙列" in error.message
    assert "--mapping" in error.fix


def test_mapping_option_and_file(tmp_path: Path) -> None:
    grid = [["附件1"], ["机构全名", "类别", "备注"], ["中关村实验室", "科研院所", "牵头单位"],
            ["某科技公司", "企业", ""]]
    path = write_xlsx(tmp_path / "odd.xlsx", {"S": grid})
    mapping = {"record_type": "member", "columns": {"机构全名": "name", "类别": "org_type"}}
    doc = ingest.read_path(path, mapping=mapping)
    assert [r.fields for r in doc.records] == [
        {"name": "中关村实验室", "org_type": "科研院所", "role": "lead"},
        {"name": "某科技公司", "org_type": "企业", "role": "member"}]
    mapping_file = tmp_path / "map.json"
    mapping_file.write_text(json.dumps({"B": "org_type", "A": "name", "header_row": 2}),
                            encoding="utf-8")
    loaded = ingest.load_mapping(mapping_file)
    again = ingest.read_path(path, mapping=loaded)
    assert [r.fields["name"] for r in again.records] == ["中关村实验室", "某科技公司"]
    with pytest.raises(ingest.IngestError):
        ingest.read_path(path, mapping={"机构全名": "company_name"})


def test_docx_table_becomes_expert_records(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "纪要.docx", table=[EXPERT_HEADER, *EXPERT_ROWS])
    doc = ingest.read_path(path)
    assert [r.fields["name"] for r in doc.records] == ["张三", "李四"]
    assert all(r.record_type == "expert" for r in doc.records)
    for record in doc.records:
        assert record.fields["organization"] in _row_text(doc, record)
    assert "人工智能产业快速发展。" in doc.text


@pytest.mark.parametrize(
    ("texts", "expected"),
    [(["人工智能科创协同联合体成员单位名单"], "人工智能科创协同联合体"),
     (["关于公布北京市智能网联汽车产业联盟第二批成员单位名单的通知"], "北京市智能网联汽车产业联盟"),
     (["2024年度生物医药协同创新共同体会员名录"], "生物医药协同创新共同体"),
     (["人工智能科創協同聯合體成員單位名單"], "人工智能科創協同聯合體"),
     (["专家名单"], None)],
)
def test_consortium_names(texts: list[str], expected: str | None) -> None:
    assert consortium_from(texts) == expected


def test_docx_table_with_title_row_and_vertical_merge(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=5, cols=4)
    rows = [["人工智能科创协同联合体专家委员会名单", "", "", ""],
            ["姓名", "工作单位", "职称", "研究方向"],
            ["张三", "清华大学", "教授", "机器学习"],
            ["李四", "", "研究员", "计算机视觉"],
            ["王五", "北京大学", "教授", "芯片"]]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value:
                table.cell(r, c).text = value
    table.cell(0, 0).merge(table.cell(0, 3))
    table.cell(2, 1).merge(table.cell(3, 1))
    path = tmp_path / "committee.docx"
    document.save(path)
    doc = ingest.read_path(path)
    assert doc.doc_type == "expert_list"
    assert doc.metadata["consortium"] == "人工智能科创协同联合体"
    assert [(r.row, r.fields["name"], r.fields["organization"]) for r in doc.records] == [
        (3, "张三", "清华大学"), (4, "李四", "清华大学"), (5, "王五", "北京大学")]


def test_role_notes_in_the_name_cell() -> None:
    from ingest.lists import read_table

    grid = [["单位名称", "类型"], ["清华大学（牵头单位）", "高校"],
            ["北京大学(副理事长单位)", "高校"], ["清华大学（深圳）研究院", "科研院所"]]
    result = read_table(grid)
    assert result is not None
    assert [(r.fields["name"], r.fields["role"]) for r in result.records] == [
        ("清华大学", "lead"), ("北京大学", "member"), ("清华大学（深圳）研究院", "member")]
    assert result.records[0].raw["单位名称"] == "清华大学（牵头单位）"


def test_markdown_pipe_table_rows_become_records_in_place(tmp_path: Path) -> None:
    text = ("# 联合体成员\n\n下表为成员单位。\n\n| 序号 | 单位名称 | 单位类型 | 所属环节 |\n"
            "|---|:---:|---|---|\n| 1 | 北京灵犀机器人科技有限公司（牵头单位） | 企业 | 整机 |\n"
            "| 2 | 清华大学 | 高校 | 算法 |\n\n以上。\n")
    path = tmp_path / "members.md"
    path.write_text(text, encoding="utf-8")
    doc = ingest.read_path(path)
    assert doc.text == text
    assert [(r.row, r.fields["name"], r.fields["role"]) for r in doc.records] == [
        (7, "北京灵犀机器人科技有限公司", "lead"), (8, "清华大学", "member")]
    assert _row_text(doc, doc.records[1]) == "| 2 | 清华大学 | 高校 | 算法 |"
    labels = [p.label for p in doc.paragraphs]
    assert labels == ["heading", "paragraph", "table", "table", "row", "row", "paragraph"]
    assert doc.doc_type == "member_list"
