"""Documents and lists: upload (multipart), list, remove."""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, File, Form, Path, UploadFile

from api.deps import CurrentSettings, State
from api.errors import ApiError
from api.schemas import ERRORS, DocumentOut, UploadedFile, UploadResult
from api.security import ReadAccess, WriteAccess
from api.uploads import client_problem, safe_filename, store_upload
from graphmap.ingestion import add_paths
from graphmap.model import DocType

router = APIRouter(prefix="/api/documents", tags=["documents"], responses=ERRORS)

UPLOAD_ERRORS = {
    **ERRORS,
    413: {"description": "A file or the request is over the size limit."},
    415: {"description": "A file type that graphmap does not read."},
}


@router.get("", response_model=list[DocumentOut], dependencies=[ReadAccess],
            summary="Documents in the workspace")
def list_documents(state: State) -> list[DocumentOut]:
    with state.reading() as ws:
        rows = ws.db.execute(
            "SELECT id, path, doc_type, title, added_at FROM documents ORDER BY path"
        ).fetchall()
    return [
        DocumentOut(id=i, file=FilePath(p).name, doc_type=t, title=title, added_at=added)
        for i, p, t, title, added in rows
    ]


@router.post(
    "", response_model=UploadResult, status_code=201, dependencies=[WriteAccess],
    responses=UPLOAD_ERRORS, summary="Upload documents and lists",
)
def upload_documents(
    state: State,
    settings: CurrentSettings,
    files: Annotated[list[UploadFile], File(description="Documents or member/expert lists.")],
    doc_type: Annotated[
        DocType | None, Form(description="Force the document type of every file.")
    ] = None,
) -> UploadResult:
    """Store the files under the workspace's ``uploads/`` and read them in.

    Names are sanitized (no folders, no control characters); a file with the name of an
    earlier upload replaces it, and its evidence is replaced at the next build. Start a build
    with ``POST /api/builds`` to bring the new documents into the graph.
    """
    if not files:
        raise ApiError(400, "no files in the request", "send one or more parts named 'files'")
    if len(files) > settings.max_files_per_upload:
        raise ApiError(
            400, f"{len(files)} files in one request (at most {settings.max_files_per_upload})",
            "send the files in several requests",
        )
    names = [safe_filename(upload.filename or "") for upload in files]
    if len(set(names)) != len(names):
        raise ApiError(400, "two files in the request have the same name", "rename one of them")
    stored = [
        store_upload(
            upload.file, name, state.uploads,
            max_bytes=settings.max_upload_bytes, allowed=settings.upload_suffixes,
        )
        for upload, name in zip(files, names, strict=True)
    ]
    with state.writing() as ws:
        report = add_paths(ws, stored, doc_type=doc_type.value if doc_type else None)
        ids = {str(path): ws.db.execute("SELECT id FROM documents WHERE path = ?",
                                        (str(path),)).fetchone() for path in stored}
    outcome: dict[str, tuple[str, str]] = {}
    for status, path, detail in report.rows():
        outcome[str(FilePath(path).resolve())] = (status, detail)
    problems = {str(FilePath(p).resolve()): v for p, v in report.problems.items()}
    results = []
    for upload, name, path in zip(files, names, stored, strict=True):
        key = str(path.resolve())
        status, detail = outcome.get(key, ("error", "not read"))
        fix = ""
        if status == "error":
            # A file graphmap cannot read is not kept: uploads/ mirrors the documents.
            path.unlink(missing_ok=True)
            reason, problem = problems.get(key, ("", "could not be read"))
            detail, fix = client_problem(name, reason, problem, state.root)
        row = ids.get(str(path))
        results.append(
            UploadedFile(filename=upload.filename or "", stored_as=name, status=status,
                         id=row[0] if row and status != "error" else None,
                         detail=detail, fix=fix)
        )
    if all(item.status == "error" for item in results):
        reasons = "; ".join(item.detail for item in results)
        fixes = list(dict.fromkeys(item.fix for item in results if item.fix))
        raise ApiError(400, f"no file could be read ({reasons})",
                       "; ".join(fixes) or "check that each file opens in its own program")
    return UploadResult(files=results, summary=report.summary())


@router.delete(
    "/{doc_id}", status_code=204, dependencies=[WriteAccess], summary="Remove a document"
)
def remove_document(
    state: State, doc_id: Annotated[str, Path(min_length=1, max_length=200)]
) -> None:
    """Drop a document; what only it supported leaves the graph at the next build.

    A file uploaded through the API is deleted from the workspace's ``uploads/`` with it; a
    file the operator added from elsewhere with ``graphmap add`` stays where it is.
    """
    with state.writing() as ws:
        row = ws.db.execute("SELECT path FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise ApiError(404, f"no document with id {doc_id!r}", "list them: GET /api/documents")
        ws.remove_document(doc_id)
        stored = FilePath(row[0]).resolve()  # documents are stored by their resolved path
        if stored.parent == state.uploads.resolve():
            stored.unlink(missing_ok=True)
