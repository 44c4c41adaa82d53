"""Bad input: every broken file gets a clear IngestError with its reason, nothing else."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from ingest_makers import (
    encrypt_office,
    member_sheet,
    pdf_scanned,
    pdf_text,
    write_docx,
    write_pptx,
    write_xlsx,
    zip_bomb,
)

import ingest

SMALL = ingest.Limits(max_decompressed_bytes=8 * 1024 * 1024)


def _reason(path: Path, limits: ingest.Limits | None = None) -> str:
    with pytest.raises(ingest.IngestError) as caught:
        ingest.read_path(path, limits=limits)
    assert path.name in caught.value.message
    assert caught.value.fix
    return caught.value.reason


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".pptx"])
def test_zip_bomb_is_refused(tmp_path: Path, suffix: str) -> None:
    path = zip_bomb(tmp_path / f"bomb{suffix}", 16 * 1024 * 1024)
    assert path.stat().st_size < 100_000
    assert _reason(path, SMALL) == "zip_bomb"


def test_zip_bomb_by_ratio_under_the_size_cap(tmp_path: Path) -> None:
    path = zip_bomb(tmp_path / "ratio.docx", 4 * 1024 * 1024)
    assert _reason(path, SMALL) == "zip_bomb"


def test_zip_with_forged_sizes_is_still_caught(tmp_path: Path) -> None:
    path = zip_bomb(tmp_path / "forged.xlsx", 16 * 1024 * 1024)
    data = bytearray(path.read_bytes())
    # rewrite the declared uncompressed size of every central-directory entry to 1 KiB
    offset = data.find(b"PK\x01\x02")
    while offset != -1:
        data[offset + 24 : offset + 28] = (1024).to_bytes(4, "little")
        offset = data.find(b"PK\x01\x02", offset + 4)
    path.write_bytes(bytes(data))
    assert _reason(path, SMALL) in ("zip_bomb", "corrupt")


def _truncate(path: Path) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


@pytest.mark.parametrize(
    "make",
    [
        lambda d: write_docx(d / "t.docx"),
        lambda d: write_pptx(d / "t.pptx"),
        lambda d: write_xlsx(d / "t.xlsx", {"S": member_sheet()[0]}),
        lambda d: pdf_text(d / "t.pdf", ["truncated text"] * 30),
    ],
)
def test_truncated_files_are_corrupt(tmp_path: Path, make) -> None:
    assert _reason(_truncate(make(tmp_path))) in ("corrupt", "empty")


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".pptx", ".pdf", ".xls"])
def test_random_bytes_with_an_office_suffix(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"junk{suffix}"
    path.write_bytes(bytes(range(256)) * 8)
    assert _reason(path) == "corrupt"


def test_zip_that_is_not_an_office_file(tmp_path: Path) -> None:
    path = tmp_path / "photos.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "hello")
    assert _reason(path) == "corrupt"


@pytest.mark.parametrize(
    "make",
    [
        lambda d: write_docx(d / "plain.docx"),
        lambda d: write_xlsx(d / "plain.xlsx", {"S": member_sheet()[0]}),
        lambda d: write_pptx(d / "plain.pptx"),
    ],
)
def test_password_protected_office_files(tmp_path: Path, make) -> None:
    plain = make(tmp_path)
    locked = encrypt_office(plain, tmp_path / f"locked{plain.suffix}")
    assert _reason(locked) == "encrypted"


def test_password_protected_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    plain = pdf_text(tmp_path / "plain.pdf", ["secret text"])
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt(user_password="pw", owner_password="owner", algorithm="RC4-128")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    assert _reason(locked) == "encrypted"


def test_scanned_pdf_says_it_needs_ocr(tmp_path: Path) -> None:
    path = pdf_scanned(tmp_path / "scan.pdf")
    with pytest.raises(ingest.IngestError) as caught:
        ingest.read_path(path)
    assert caught.value.reason == "image_only"
    assert "OCR" in caught.value.fix


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".pdf", ".pptx", ".html", ".csv", ".md"])
def test_empty_files(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    assert _reason(path) == "empty"


def test_binary_renamed_to_csv(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "real.xlsx", {"S": member_sheet()[0]})
    fake = tmp_path / "list.csv"
    fake.write_bytes(source.read_bytes())
    assert _reason(fake) == "binary"


def test_old_xls_saved_as_xlsx_is_still_read(tmp_path: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("S")
    for col, value in enumerate(["姓名", "工作单位"]):
        sheet.write(0, col, value)
    sheet.write(1, 0, "张三")
    sheet.write(1, 1, "清华大学")
    path = tmp_path / "renamed.xlsx"
    book.save(str(path))
    doc = ingest.read_path(path)
    assert doc.records[0].fields == {"name": "张三", "organization": "清华大学"}


def test_page_cell_and_part_limits(tmp_path: Path) -> None:
    pdf = pdf_text(tmp_path / "long.pdf", ["page one", "\f", "page two", "\f", "page three"])
    assert _reason(pdf, ingest.Limits(max_pages=2)) == "too_large"
    sheet = write_xlsx(tmp_path / "wide.xlsx", {"S": member_sheet()[0]})
    assert _reason(sheet, ingest.Limits(max_cells=20)) == "too_large"
    deck = write_pptx(tmp_path / "deck.pptx")
    assert _reason(deck, ingest.Limits(max_zip_members=5)) == "zip_bomb"
