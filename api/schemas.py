"""Request and response models: the API's contract, published in its OpenAPI description."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class ErrorOut(BaseModel):
    detail: str = Field(description="What went wrong, naming the field or value at fault.")
    fix: str | None = Field(None, description="What to do about it.")


#: Error responses every endpoint may give, for the OpenAPI description.
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in (
        (400, "The request cannot be used as given."),
        (401, "An API key is needed (X-API-Key)."),
        (403, "The API key is not valid, or writing is disabled."),
        (404, "No such entity, document or job."),
        (429, "Too many wrong API keys from this client: wait Retry-After seconds."),
        (422, "A parameter is missing or malformed."),
    )
}


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    workspace: str = Field(description="The workspace folder's name.")
    last_build: str | None
    public_read: bool
    writes_enabled: bool


class KindCount(BaseModel):
    total: int
    with_evidence: int


class Stats(BaseModel):
    documents: int
    records: int
    entities: dict[str, KindCount]
    relations: dict[str, int]
    evidence: int
    curations: int
    last_build: str | None


class EntitySummary(BaseModel):
    id: str
    kind: str
    name: str
    status: str


class SearchResults(BaseModel):
    query: str
    kind: str | None
    results: list[EntitySummary]


class EvidenceOut(BaseModel):
    doc_id: str
    document: str | None = Field(None, description="The document's title or file name.")
    start: int
    end: int
    sentence: str
    extractor: str
    confidence: float


class RelationOut(BaseModel):
    id: str
    kind: str
    direction: Literal["out", "in"]
    other: EntitySummary
    status: str
    attributes: dict[str, Any]
    evidence: list[EvidenceOut]


class EntityDetail(EntitySummary):
    aliases: list[str]
    attributes: dict[str, Any]
    evidence: list[EvidenceOut]
    evidence_total: int
    relations: list[RelationOut]
    relations_total: int


class NodeOut(EntitySummary):
    depth: int | None = None


class EdgeOut(BaseModel):
    id: str
    source: str
    target: str
    kind: str
    status: str


class Subgraph(BaseModel):
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    truncated: bool = False


class Paths(BaseModel):
    source: str
    target: str
    paths: list[list[str]]
    graph: Subgraph


class DocumentOut(BaseModel):
    id: str
    file: str = Field(description="The file name (not the server path).")
    doc_type: str
    title: str
    added_at: str


class UploadedFile(BaseModel):
    filename: str = Field(description="The name as sent by the client.")
    stored_as: str = Field(description="The sanitized name under the workspace's uploads/.")
    status: Literal["added", "replaced", "unchanged", "error"]
    id: str | None = Field(default=None, description="The document id, once stored.")
    detail: str = Field(default="", description="What was read, or why the file was refused.")
    fix: str = Field(default="", description="For a refused file: what the client can do.")


class UploadResult(BaseModel):
    files: list[UploadedFile]
    summary: str


class BuildReportOut(BaseModel):
    extracted: int
    cached: int
    entities: int
    relations: int
    seconds: float
    entities_by_kind: dict[str, int]


class BuildJobOut(BaseModel):
    id: str
    status: Literal["queued", "running", "succeeded", "failed"]
    stage: str
    done: int
    total: int
    created_at: str
    started_at: str | None
    finished_at: str | None
    report: BuildReportOut | None
    error: ErrorOut | None


class CurationIn(BaseModel):
    action: str = Field(
        description="confirm, reject, rename, set_type, merge or split (see graphmap.curation)."
    )
    target: str = Field(
        min_length=1, max_length=200,
        description="A relation id, or an entity id or unambiguous name.",
    )
    payload: dict[str, Any] = Field(
        default_factory=dict,
        description='rename: {"name": ...}; set_type: {"org_type": ...}; merge: {"other": id}; '
        'split: {"other": id} or {"docs": [doc ids], "name": ...}.',
    )
    note: str = Field("", max_length=2000)


class CurationOut(BaseModel):
    id: int
    action: str
    target: str
    payload: dict[str, Any]
    note: str
    created_at: str
