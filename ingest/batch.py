"""Read many files: expand folders, skip what is unchanged, report every bad file, go on."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphmap.model import DocType, Document
from ingest import access
from ingest.core import SUPPORTED_SUFFIXES, content_hash, read_path
from ingest.errors import IngestError
from ingest.limits import Limits

#: ``progress(done, total, path)`` is called after each file.
Progress = Callable[[int, int, Path], None]


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A file that was not ingested, and why."""

    path: str
    reason: str
    message: str
    fix: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason, "message": self.message,
                "fix": self.fix}


@dataclass(slots=True)
class IngestReport:
    """The outcome of a batch: documents read, files unchanged, skipped and failed."""

    documents: list[Document] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[FileProblem] = field(default_factory=list)
    errors: list[FileProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return (f"{len(self.documents)} read, {len(self.unchanged)} unchanged, "
                f"{len(self.skipped)} skipped, {len(self.errors)} failed")

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": [d.path for d in self.documents],
            "unchanged": list(self.unchanged),
            "skipped": [s.to_dict() for s in self.skipped],
            "errors": [e.to_dict() for e in self.errors],
        }


def _hidden(path: Path) -> bool:
    return path.name.startswith((".", "~$"))


def _problem(error: IngestError) -> FileProblem:
    return FileProblem(error.path, error.reason, error.message, error.fix)


def _walk(folder: Path, ancestors: frozenset[Path], failed: list[FileProblem]) -> Iterator[Path]:
    """Files under ``folder``; links to folders are followed unless they lead back up."""
    try:
        entries = list(os.scandir(folder))
    except OSError as exc:
        failed.append(_problem(access.path_error(folder, exc, folder=True)))
        return
    for entry in entries:
        child = Path(entry.path)
        if _hidden(child):
            continue
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()
            if not (is_dir or is_file) and entry.is_symlink():
                os.stat(child)  # raises why the link leads nowhere
        except OSError as exc:
            failed.append(_problem(access.path_error(child, exc)))
            continue
        if is_dir:
            real = Path(os.path.realpath(child))
            if real in ancestors:
                failed.append(_problem(access.path_error(child, RuntimeError(child))))
            else:
                yield from _walk(child, ancestors | {real}, failed)
        elif is_file:
            yield child


def iter_files(paths: Iterable[Path | str], *, skipped: list[FileProblem] | None = None,
               failed: list[FileProblem] | None = None) -> Iterator[Path]:
    """Files to ingest, in a stable order.

    Folders are walked recursively; hidden files and folders, Office lock files (``~$…``)
    and unsupported suffixes inside folders are left out (and recorded in ``skipped`` when a
    list is given). Folders that cannot be listed and links that loop or lead nowhere are
    recorded in ``failed`` (when given) and the walk goes on. Paths named explicitly are
    always yielded, so that reading them reports why they cannot be used (missing,
    unsupported...).
    """
    failed = [] if failed is None else failed
    for given in paths:
        path = Path(given)
        try:
            is_folder = path.is_dir()
        except OSError:  # a link loop: reading it says so
            is_folder = False
        if not is_folder:
            yield path
            continue
        found = sorted(_walk(path, frozenset({Path(os.path.realpath(path))}), failed))
        for child in found:
            if child.suffix.lower() not in SUPPORTED_SUFFIXES:
                if skipped is not None:
                    skipped.append(FileProblem(str(child), "unsupported",
                                               f"files of type {child.suffix or '(none)'!r} "
                                               "are not read"))
                continue
            yield child


def iter_documents(paths: Iterable[Path | str], *, doc_type: DocType | str | None = None,
                   mapping: dict[str, Any] | None = None, limits: Limits | None = None,
                   known_hashes: Mapping[str, str] | None = None,
                   ) -> Iterator[tuple[Path, Document | IngestError | str]]:
    """Yield ``(file, result)`` per file: a Document, an IngestError, or ``"unchanged"``.

    ``known_hashes`` maps resolved paths to the content hash already stored; such files with
    the same hash are not parsed again.
    """
    for path in paths:
        try:
            if known_hashes:
                resolved = access.key(path)
                stored = known_hashes.get(resolved)
                if stored is not None and Path(resolved).is_file() and \
                        content_hash(resolved) == stored:
                    yield path, "unchanged"
                    continue
            yield path, read_path(path, doc_type=doc_type, mapping=mapping, limits=limits)
        except IngestError as exc:
            yield path, exc
        except OSError as exc:
            yield path, access.path_error(path, exc)


def read_many(paths: Iterable[Path | str], *, doc_type: DocType | str | None = None,
              mapping: dict[str, Any] | None = None, limits: Limits | None = None,
              known_hashes: Mapping[str, str] | None = None,
              progress: Progress | None = None) -> IngestReport:
    """Read files and folders; one bad file never stops the batch.

    Parameters
    ----------
    paths
        Files and folders (walked recursively, see :func:`iter_files`).
    doc_type, mapping, limits
        As for :func:`ingest.read_path`, applied to every file.
    known_hashes
        ``{resolved path: content hash}`` of files already stored; unchanged ones are listed
        in ``report.unchanged`` without being parsed.
    progress
        Called as ``progress(done, total, path)`` after each file.

    Returns
    -------
    IngestReport
    """
    report = IngestReport()
    files = list(iter_files(paths, skipped=report.skipped, failed=report.errors))
    total = len(files)
    results = iter_documents(files, doc_type=doc_type, mapping=mapping, limits=limits,
                             known_hashes=known_hashes)
    for done, (path, result) in enumerate(results, start=1):
        if isinstance(result, Document):
            report.documents.append(result)
        elif isinstance(result, IngestError):
            report.errors.append(FileProblem(result.path, result.reason, result.message,
                                             result.fix))
        else:
            report.unchanged.append(access.key(path))
        if progress is not None:
            progress(done, total, path)
    return report
