"""The workbook: sheets present, formula injection neutralized, headers frozen."""

from __future__ import annotations

import zipfile

from openpyxl import Workbook, load_workbook

from viz.workbook import write_cell, write_workbook

DANGEROUS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=y", '=HYPERLINK("http://x","y")']


def test_dangerous_text_is_never_a_formula(tmp_path):
    wb = Workbook()
    ws = wb.active
    for row, text in enumerate(DANGEROUS, start=1):
        write_cell(ws, row, 1, text)
    write_cell(ws, 1, 2, 42)
    write_cell(ws, 2, 2, "普通文本")
    path = tmp_path / "w.xlsx"
    wb.save(path)
    back = load_workbook(path).active
    for row, text in enumerate(DANGEROUS, start=1):
        cell = back.cell(row, 1)
        assert cell.value == text and cell.data_type == "s" and cell.quotePrefix
    assert back.cell(1, 2).value == 42 and back.cell(1, 2).data_type == "n"
    assert not back.cell(2, 2).quotePrefix
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet


def test_workbook_sheets_and_layout(graph, coverage, tmp_path):
    path = write_workbook(tmp_path / "book.xlsx", graph=graph, coverage=coverage,
                          reference_year=2025)
    wb = load_workbook(path)
    assert wb.sheetnames == ["说明", "成员分布", "缺口与薄弱环节", "招募候选单位",
                             "归类与候选证据", "专家", "机构", "证据"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.column_dimensions["A"].width >= 4
        setup = ws.page_setup
        assert str(setup.paperSize) == ws.PAPERSIZE_A4 and setup.orientation == "landscape"
        assert setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"
        assert ws.oddHeader.center.text == ws.title and "&P" in ws.oddFooter.center.text
    notes = {(r[0].value, r[1].value): r[2].value for r in wb["说明"].iter_rows(min_row=2)}
    for ws in wb.worksheets[1:]:  # every column of every sheet is explained
        for cell in ws[1]:
            assert notes.get((ws.title, cell.value)), (ws.title, cell.value)
    members = [[c.value for c in row] for row in wb["成员分布"].iter_rows(min_row=2)]
    lead = next(r for r in members if r[3] == "北京灵犀机器人科技有限公司")
    assert lead[5] == "是" and lead[1] == "具身大模型"
    reasons = [c.value for c in wb["招募候选单位"]["F"][1:]]
    assert any("=HYPERLINK" in r for r in reasons)
    assert wb["招募候选单位"]["F"][1].data_type == "s"
    experts = {r[0].value: r for r in wb["专家"].iter_rows(min_row=2)}
    assert experts["赵一凡"][7].value == "是" and experts["张伯钧"][7].value == "否"
    evidence = [r[4].value for r in wb["证据"].iter_rows(min_row=2)]
    assert any("</script>" in (e or "") for e in evidence)  # stored verbatim, as text
    with zipfile.ZipFile(path) as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets"))
