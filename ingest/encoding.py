"""Bytes to text: detect the encoding of plain-text files and refuse binary data.

Chinese files arrive in UTF-8 (with or without BOM), UTF-16, GBK/GB18030 and Big5. Generic
detectors are unreliable on short Chinese text because GBK and Big5 byte ranges overlap, so
the CJK codecs are decided here: every candidate that decodes strictly is scored by how many
adjacent character pairs form dictionary words (after traditional-to-simplified conversion),
which a wrong decoding almost never does. charset-normalizer handles everything else.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from typing import NamedTuple

from charset_normalizer import from_bytes

from graphmap.normalize import to_simplified
from ingest.errors import IngestError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Signatures of binary formats people rename to .txt/.csv by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF"),
    (b"PK\x03\x04", "a zip/Office (docx/xlsx/pptx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office (doc/xls/ppt)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"\x1f\x8b", "a gzip"),
    (b"Rar!", "a RAR"),
    (b"7z\xbc\xaf", "a 7-Zip"),
)

_PLAUSIBLE = re.compile(r"[\t\n\r\x20-\x7e\u00a0-\u024f\u2000-\u206f\u3000-\u303f"
                        r"\u3400-\u9fff\uff00-\uffef]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SAMPLE_CHARS = 20_000


class Decoded(NamedTuple):
    """Text decoded from bytes: the codec used and how many bad bytes became U+FFFD."""

    text: str
    encoding: str
    replaced: int = 0


def decode_text(data: bytes, name: str) -> Decoded:
    """Decode the bytes of a text file.

    Line endings become ``\\n`` and a BOM is dropped; nothing else changes, so evidence
    quotes what the file says. A file that is valid UTF-8/GB18030/Big5 but for a few bytes
    (a truncated last character, a stray byte) is decoded with those bytes replaced by
    U+FFFD, and ``replaced`` says how many.

    Raises
    ------
    IngestError
        ``binary`` when the bytes are not text, ``encoding`` when no encoding fits.
    """
    text, encoding, replaced = _decode(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    sample = text[:_SAMPLE_CHARS]
    if sample and len(_CONTROL.findall(sample)) > max(2, len(sample) // 100):
        raise IngestError(name, "binary",
                          f"the file decodes as {encoding} but is full of control characters, "
                          "so it is binary data, not text",
                          "add the original document instead of a renamed binary file")
    return Decoded(text, encoding, replaced)


def encoding_metadata(encoding: str, replaced: int) -> dict[str, str | int]:
    """What a Document's metadata says about its decoding."""
    meta: dict[str, str | int] = {"encoding": encoding}
    if replaced:
        meta["undecodable_bytes"] = replaced
    return meta


def _decode(data: bytes, name: str) -> Decoded:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), codec)
            except UnicodeDecodeError as exc:
                raise IngestError(name, "encoding", f"the file starts with a {codec} byte order "
                                  f"mark but is not valid {codec} ({exc.reason})",
                                  "re-save the file as UTF-8") from exc
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise IngestError(name, "binary", f"the file is {what} file, not text",
                              "give the file its real extension (e.g. .pdf, .docx, .xlsx)")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return Decoded(*utf16)
    if b"\x00" in data[:_SAMPLE_CHARS]:
        raise IngestError(name, "binary", "the file contains NUL bytes, so it is binary data, "
                          "not text", "add the original document instead of a renamed file")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    chosen = _best_cjk(data)
    if chosen:
        return Decoded(*chosen)
    nearly = _nearly_valid(data)
    if nearly:
        return nearly
    match = from_bytes(data[: 1 << 20]).best()
    if match is not None and match.encoding:
        try:
            return Decoded(data.decode(match.encoding), match.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    raise IngestError(name, "encoding", "the file is not valid UTF-8, UTF-16, GBK/GB18030 or "
                      "Big5 text and no other encoding fits",
                      "open it in an editor and save it as UTF-8")


def _nearly_valid(data: bytes) -> Decoded | None:
    """UTF-8 or a CJK codec with at most one bad byte in a thousand (damage, not encoding)."""
    best: Decoded | None = None
    for codec in ("utf-8", "gb18030", "cp950"):
        text = data.decode(codec, errors="replace")
        replaced = text.count("\ufffd")
        if replaced <= max(1, len(data) // 1000) and (best is None or replaced < best.replaced):
            best = Decoded(text, _label(codec), replaced)
    return best


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without BOM: NULs sit in every other byte (ASCII) and the decoding is plausible.

    Chinese UTF-16 has NULs only around ASCII (line breaks, digits), so the byte pattern alone
    is not enough; the decoding that yields mostly CJK/ASCII characters wins.
    """
    if len(data) < 4 or len(data) % 2 or b"\x00" not in data[:_SAMPLE_CHARS]:
        return None
    sample_bytes = data[:_SAMPLE_CHARS]
    odd_nuls = sample_bytes[1::2].count(0)
    even_nuls = sample_bytes[0::2].count(0)
    best: tuple[float, str, str] | None = None
    for codec, own, other in (("utf-16-le", odd_nuls, even_nuls),
                              ("utf-16-be", even_nuls, odd_nuls)):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        sample = text[:_SAMPLE_CHARS]
        plausible = len(_PLAUSIBLE.findall(sample)) / max(len(sample), 1)
        # ASCII puts its NULs on one side only; Chinese must read as words
        ascii_share = sum(ch.isascii() for ch in sample) / max(len(sample), 1)
        ascii_like = own > 0 and other <= own * 0.05 and ascii_share >= 0.5
        if plausible <= 0.9 or not (ascii_like or word_pair_score(sample) >= 0.2):
            continue
        if best is None or plausible > best[0]:
            best = (plausible, text, codec)
    return (best[1], best[2]) if best else None


def _best_cjk(data: bytes) -> tuple[str, str] | None:
    decoded: list[tuple[str, str]] = []
    for codec in ("gbk", "gb18030", "cp950", "big5hkscs"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "gb18030" and decoded and decoded[-1][1] == "gbk":
            continue  # GBK is a subset: same text, report the narrower name
        if codec == "big5hkscs" and decoded and decoded[-1][1] == "cp950":
            continue
        decoded.append((text, codec))
    if not decoded:
        return None
    if len(decoded) == 1:
        text, codec = decoded[0]
        return text, _label(codec)
    text, codec = max(decoded, key=lambda item: word_pair_score(item[0][:_SAMPLE_CHARS]))
    return text, _label(codec)


def _label(codec: str) -> str:
    return {"cp950": "big5", "big5hkscs": "big5-hkscs"}.get(codec, codec)


@lru_cache(maxsize=1)
def _word_pairs() -> frozenset[str]:
    """Two-character words of jieba's dictionary: the plausibility test for a decoding."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    pairs: set[str] = set()
    with jieba.get_dict_file() as handle:
        for raw in handle:
            word = raw.decode("utf-8").split(" ", 1)[0]
            if len(word) == 2:
                pairs.add(word)
    return frozenset(pairs)


def word_pair_score(text: str) -> float:
    """Fraction of adjacent CJK character pairs that are dictionary words (0..1)."""
    simplified = to_simplified(text)
    pairs = _word_pairs()
    total = hits = 0
    for run in re.findall(r"[\u3400-\u9fff]{2,}", simplified):
        for i in range(len(run) - 1):
            total += 1
            hits += run[i : i + 2] in pairs
    return hits / total if total else 0.0
