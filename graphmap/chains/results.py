"""What chain analyses return: placements, per-segment coverage, candidates, the coverage.

Plain dataclasses (``dataclasses.asdict`` gives JSON-ready dicts) shared by the CLI, ``viz``
and ``api``. Field names are a contract; new fields are added, never renamed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Placement:
    """An organization placed in a segment, with the score and the evidence behind it.

    ``evidence`` items are dicts with ``signal`` (declared / listed / graph / technology /
    text / name), ``text`` (what matched) and, when the fact came from a document, the
    Evidence fields ``doc_id``, ``start``, ``end``, ``sentence``, ``extractor``, ``confidence``.
    """

    org_id: str
    name: str
    org_type: str
    is_lead: bool
    score: float
    reasons: list[str]
    evidence: list[dict[str, Any]]
    uncertain: bool
    segment_id: str = ""


@dataclass
class SegmentCoverage:
    """One segment of a chain as a consortium covers it."""

    segment_id: str
    name: str
    stage: str
    members: list[Placement]
    status: str  # "gap" | "thin" | "covered"
    counts_by_type: dict[str, int]
    evidence_strength: float
    layer: str = ""
    upstream_of: list[str] = field(default_factory=list)


@dataclass
class Candidate:
    """A non-member that would fill a gap or strengthen a thin segment, with its reasons."""

    org_id: str
    name: str
    org_type: str
    segment_ids: list[str]
    score: float
    reasons: list[str]
    evidence: list[dict[str, Any]]


@dataclass
class Coverage:
    """A consortium's coverage of an industry chain.

    ``balance`` counts distinct members per stage (upstream / midstream / downstream);
    ``stage_segments`` counts, per stage, the segments and how many of them are covered.
    """

    consortium: str
    industry: str
    segments: list[SegmentCoverage]
    gaps: list[str]
    thin: list[str]
    balance: dict[str, int]
    unclassified: list[Placement]
    candidates: list[Candidate]
    consortium_id: str = ""
    chain_id: str = ""
    member_count: int = 0
    stage_segments: dict[str, dict[str, int]] = field(default_factory=dict)
