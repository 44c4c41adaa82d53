"""Files to Documents: text with structure and metadata, or the rows of member/expert lists.

Public API
----------
read_path(path, *, doc_type=None, mapping=None, limits=None) -> Document
read_bytes(data, filename, ...) -> Document            (uploads)
iter_files(paths) -> Iterator[Path]                     (folders expanded)
read_many(paths, ..., progress=None) -> IngestReport    (a batch, bad files reported)
content_hash(path) -> str                               (sha256 of the bytes)
load_mapping(path) -> dict                              (column mapping for unusual lists)

Every failure a file can cause raises :class:`IngestError` (an ``InputError``) naming the file,
the reason and a fix. ``ingest`` knows nothing of storage.
"""

from ingest.batch import FileProblem, IngestReport, iter_documents, iter_files, read_many
from ingest.core import SUPPORTED_SUFFIXES, content_hash, read_bytes, read_path
from ingest.errors import IngestError
from ingest.limits import Limits
from ingest.lists import load_mapping

__all__ = [
    "SUPPORTED_SUFFIXES",
    "FileProblem",
    "IngestError",
    "IngestReport",
    "Limits",
    "content_hash",
    "iter_documents",
    "iter_files",
    "load_mapping",
    "read_bytes",
    "read_many",
    "read_path",
]
