"""Uploaded files: safe names, type checks and size limits before anything is stored.

A file is written to a temporary name inside ``uploads/`` and moved into place only when it
passed every check, so a refused or interrupted upload leaves nothing behind.
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from pathlib import Path
from typing import BinaryIO

from api.errors import ApiError, scrub_paths
from api.settings import UPLOAD_SUFFIXES

#: Characters never kept in a stored name (path separators, Windows-reserved, wildcards).
_FORBIDDEN = set('/\\:*?"<>|')
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                     *(f"lpt{i}" for i in range(10))}
MAX_NAME_CHARS = 120
_CHUNK = 1 << 20
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: What the first bytes of a binary format must look like (text formats are checked apart).
_MAGIC: dict[str, tuple[bytes, ...]] = {
    ".docx": (_ZIP,),
    ".pptx": (_ZIP,),
    ".xlsx": (_ZIP,),
    ".xls": (_OLE, _ZIP),
    ".pdf": (b"%PDF",),
}


def safe_filename(name: str) -> str:
    """A file name that stays inside the uploads folder and reads the same as the original.

    Directory parts are dropped, control and reserved characters removed, leading dots
    stripped; Chinese and other letters are kept.

    Examples
    --------
    >>> safe_filename("../../etc/passwd")
    'passwd'
    >>> safe_filename("C:\\\\材料\\\\沙龙速记.docx")
    '沙龙速记.docx'
    >>> safe_filename("..\\x00.bashrc")
    'bashrc'
    """
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        ch for ch in name
        if ch not in _FORBIDDEN and unicodedata.category(ch)[0] != "C"
    )
    name = name.strip().lstrip(".").strip()
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    if stem.lower() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    suffix = suffix[:16]
    stem = stem[: MAX_NAME_CHARS - len(suffix) - 1].rstrip(". ")
    if not stem:
        raise ApiError(
            400, f"the file name {name!r} has nothing usable left once made safe",
            "rename the file to a plain name such as 成员名单.xlsx",
        )
    return f"{stem}.{suffix}" if suffix else stem


def check_type(name: str, head: bytes, allowed: frozenset[str]) -> None:
    """Refuse (415) a type graphmap does not read, or content that is not what it says."""
    suffix = Path(name).suffix.lower()
    if suffix not in allowed:
        raise ApiError(
            415, f"{name}: files of type {suffix or '(none)'} are not accepted",
            f"upload one of: {', '.join(sorted(allowed))}",
        )
    magic = _MAGIC.get(suffix)
    if magic is not None:
        if not any(head.startswith(m) for m in magic):
            raise ApiError(
                415, f"{name}: the content is not a {suffix} file",
                "save the document again in that format, or give it its real extension",
            )
    elif b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ApiError(
            415, f"{name}: a {suffix} file must be text, this one holds binary data",
            "save it as plain text (UTF-8 preferred)",
        )


#: What an API client can do about a file graphmap could not read, by ``IngestError.reason``
#: (the command-line advice that comes with the error names flags a client cannot pass).
_CLIENT_FIXES: dict[str, str] = {
    "empty": "the file has no content: upload the real document",
    "too_large": "split the file, or ask the operator to raise the limit",
    "corrupt": "open and re-save the file in its application, then upload it again",
    "encrypted": "remove the password, save an unprotected copy and upload that",
    "zip_bomb": "upload the document itself, not a file that expands to gigabytes",
    "binary": "upload the original document instead of a renamed file",
    "encoding": "save it as UTF-8 (or GBK/GB18030) text and upload it again",
    "image_only": "upload a copy with a text layer (OCR it first) or the original document",
    "unsupported": "upload one of: " + ", ".join(sorted(UPLOAD_SUFFIXES)),
    "unknown_layout": (
        "give the list a header row graphmap knows (members: 单位名称, 类型, 统一社会信用代码, "
        "环节, 加入时间; experts: 姓名, 性别, 出生年月, 职称, 单位, 领域, 简介) and upload it "
        "again, or save its content as a .txt file and upload that to read it as text"
    ),
}
_SERVER_SIDE = {"not_found", "unreadable", "symlink_loop", "broken_link"}


def client_problem(name: str, reason: str, problem: str, root: Path) -> tuple[str, str]:
    """``(detail, fix)`` for an upload graphmap could not read, naming it by ``name`` only.

    Server paths are cut from the message, and the fix is one an API client can act on.
    """
    detail = f"{name}: {scrub_paths(problem, root)}"
    if reason in _SERVER_SIDE:
        return detail, "the server could not read its stored copy: tell the operator"
    return detail, _CLIENT_FIXES.get(
        reason, "check that the file opens in its own program, then upload it again")


def store_upload(
    source: BinaryIO, name: str, folder: Path, *, max_bytes: int, allowed: frozenset[str]
) -> Path:
    """Copy an upload into ``folder/name`` after checking its type and size; return the path."""
    folder.mkdir(parents=True, exist_ok=True)
    target = (folder / name).resolve()
    if target.parent != folder.resolve():
        raise ApiError(400, f"{name!r} would land outside the uploads folder", "use a plain name")
    handle, temporary = tempfile.mkstemp(prefix=".upload-", dir=folder)
    size = 0
    try:
        with os.fdopen(handle, "wb") as out:
            first = source.read(_CHUNK)
            check_type(name, first[:8192], allowed)
            chunk = first
            while chunk:
                size += len(chunk)
                if size > max_bytes:
                    raise ApiError(
                        413, f"{name} is over the limit of {max_bytes / 1_048_576:.1f} MiB",
                        "split the file or ask the operator to raise the limit",
                    )
                out.write(chunk)
                chunk = source.read(_CHUNK)
        if size == 0:
            raise ApiError(400, f"{name} is empty", "upload the file again")
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
