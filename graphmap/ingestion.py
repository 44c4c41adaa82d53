"""Add files to a workspace: read each with ``ingest``, store it, report every outcome.

A file whose bytes are unchanged since it was added is skipped before it is parsed. A bad
file is reported with its reason and the batch goes on; nothing stored before is touched.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graphmap.errors import GraphmapError, InputError, WorkspaceError
from graphmap.model import DocType
from graphmap.store import Workspace


@dataclass(slots=True)
class AddReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    details: dict[str, str] = field(default_factory=dict)
    #: per failed file: (reason tag, message without the path) for clients like the API that
    #: name files their own way; the reason tag is ``IngestError.reason`` or ``"input"``
    problems: dict[str, tuple[str, str]] = field(default_factory=dict)

    def rows(self) -> list[tuple[str, str, str]]:
        rows = [("added", p, self.details.get(p, "")) for p in self.added]
        rows += [("replaced", p, self.details.get(p, "")) for p in self.replaced]
        rows += [("unchanged", p, "") for p in self.unchanged]
        rows += [("error", p, reason) for p, reason in self.errors]
        return rows

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.replaced)} replaced, "
            f"{len(self.unchanged)} unchanged, {len(self.errors)} failed"
        )


def load_mapping(path: Path) -> dict[str, Any]:
    """Read a header-mapping file (YAML or JSON: ``{"column header": "field"}``)."""
    try:
        text = path.read_text("utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise InputError(
            f"mapping file {path} cannot be read: {exc}",
            'write it as YAML or JSON, e.g. {"企业全称": "name", "环节": "segment"}',
        ) from exc
    if not isinstance(data, dict):
        raise InputError(
            f"mapping file {path} must map column headers to fields",
            'write it as {"企业全称": "name", "环节": "segment"}',
        )
    return data


def add_paths(
    ws: Workspace,
    paths: list[Path],
    *,
    doc_type: str | None = None,
    mapping: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> AddReport:
    """Read files and folders into ``ws``; return what happened to each file."""
    import ingest
    from ingest import access

    ws.require_writable()  # before reading any file: nothing could be stored
    forced_type = None
    if doc_type is not None:
        try:
            forced_type = DocType(doc_type)
        except ValueError:
            raise InputError(
                f"unknown document type {doc_type!r}",
                f"use one of: {', '.join(t.value for t in DocType)}",
            ) from None
    header_mapping = load_mapping(mapping) if mapping else None
    for path in paths:
        # a typo stops the batch before anything is stored; a link that loops or leads
        # nowhere exists as a name and is reported on its own row instead
        if not os.path.lexists(path):
            raise InputError(f"{path} does not exist", "check the path (files or folders)")

    report = AddReport()
    unlisted: list[ingest.FileProblem] = []
    files = list(ingest.iter_files(paths, failed=unlisted))
    report.errors += [(access.key(p.path), f"{p.message} (fix: {p.fix})") for p in unlisted]
    stored = dict(ws.db.execute("SELECT path, content_hash FROM documents").fetchall())
    for done, path in enumerate(files, 1):
        key = access.key(path)
        try:
            if key in stored and stored[key] == ingest.content_hash(path):
                report.unchanged.append(key)
                continue
            doc = ingest.read_path(path, doc_type=forced_type, mapping=header_mapping)
            outcome = ws.add_document(doc)
        except WorkspaceError:
            raise  # the workspace, not this file, is at fault: stop the batch
        except GraphmapError as exc:
            report.errors.append((key, str(exc)))
            report.problems[key] = (getattr(exc, "reason", "input"),
                                    getattr(exc, "problem", exc.message))
            continue
        except OSError as exc:
            error = access.path_error(path, exc)
            report.errors.append((key, str(error)))
            report.problems[key] = (error.reason, error.problem)
            continue
        detail = doc.doc_type.value
        if doc.records:
            detail += f", {len(doc.records)} rows"
        report.details[key] = detail
        {"added": report.added, "replaced": report.replaced}.get(outcome, report.unchanged).append(
            key
        )
        if progress:
            progress(done, len(files))
    if progress:
        progress(len(files), len(files))
    return report
