"""Safety limits: how big a file, and how much a zip container may inflate, before we refuse.

Office files (.docx/.xlsx/.pptx) are zip archives, so a small upload can expand into gigabytes
(a zip bomb). Sizes declared in the zip directory can lie, so members are inflated in chunks
and counted before any parser sees them.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

from ingest.errors import IngestError

_CHUNK = 1 << 16
#: Small members may compress extremely well (repeated XML) without being a threat.
_RATIO_FLOOR_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class Limits:
    """Refuse files beyond these bounds (all configurable per run).

    Parameters
    ----------
    max_file_bytes
        Largest file read at all.
    max_decompressed_bytes
        Largest total size the members of an Office (zip) file may inflate to.
    max_compression_ratio
        Largest inflated/compressed ratio of one zip member bigger than 1 MiB.
    max_zip_members
        Most members an Office file may hold.
    max_pages
        Most pages of a PDF that are read.
    max_cells
        Most cells (rows x columns) of one spreadsheet sheet.
    """

    max_file_bytes: int = 100 * 1024 * 1024
    max_decompressed_bytes: int = 512 * 1024 * 1024
    max_compression_ratio: float = 200.0
    max_zip_members: int = 10_000
    max_pages: int = 5_000
    max_cells: int = 20_000_000


def check_size(name: str, size: int, limits: Limits) -> None:
    """Refuse empty files and files over ``limits.max_file_bytes``."""
    if size == 0:
        raise IngestError(name, "empty", "the file is empty (0 bytes)",
                          "export the document again or remove it from the folder")
    if size > limits.max_file_bytes:
        raise IngestError(
            name, "too_large",
            f"the file is {size / 1e6:.1f} MB, over the limit of "
            f"{limits.max_file_bytes / 1e6:.1f} MB",
            "split the file, or raise the limit (ingest.Limits.max_file_bytes)",
        )


def check_zip(name: str, data: bytes, limits: Limits) -> None:
    """Refuse a zip container that is corrupt or inflates beyond the limits.

    Every member is actually inflated (in chunks, stopping at the limit), so forged sizes in
    the central directory cannot hide a bomb.
    """
    fix_bomb = ("if the file is genuine, raise Limits.max_decompressed_bytes / "
                "max_compression_ratio; otherwise remove it")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > limits.max_zip_members:
                raise IngestError(name, "zip_bomb",
                                  f"the Office container holds {len(infos)} parts "
                                  f"(limit {limits.max_zip_members})", fix_bomb)
            total = 0
            for info in infos:
                if info.flag_bits & 0x1:
                    raise IngestError(name, "encrypted",
                                      f"part {info.filename!r} is encrypted",
                                      "save an unprotected copy and add that instead")
                inflated = 0
                with archive.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        inflated += len(chunk)
                        total += len(chunk)
                        if total > limits.max_decompressed_bytes:
                            raise IngestError(
                                name, "zip_bomb",
                                f"the Office container inflates beyond "
                                f"{limits.max_decompressed_bytes / 1e6:.0f} MB (zip bomb?)",
                                fix_bomb)
                if inflated > _RATIO_FLOOR_BYTES:
                    ratio = inflated / max(info.compress_size, 1)
                    if ratio > limits.max_compression_ratio:
                        raise IngestError(
                            name, "zip_bomb",
                            f"part {info.filename!r} inflates {ratio:.0f}-fold "
                            f"(limit {limits.max_compression_ratio:.0f}; zip bomb?)",
                            fix_bomb)
    except IngestError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError, zlib.error) as exc:
        raise IngestError(name, "corrupt",
                          f"the Office container is corrupt or truncated ({exc})",
                          "open and re-save the file in Office/WPS, then add it again") from exc
