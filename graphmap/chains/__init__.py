"""Industry chains (产业链): taxonomies, classification into segments, consortium coverage,
recruitment candidates, imports of external chain definitions and the consortium duties.
"""

from graphmap.chains.results import Candidate, Coverage, Placement, SegmentCoverage
from graphmap.chains.taxonomy import (
    Chain,
    KnownOrganization,
    Segment,
    chain_entities,
    find_chain,
    load_chains,
)

__all__ = [
    "Candidate",
    "Chain",
    "Coverage",
    "KnownOrganization",
    "Placement",
    "Segment",
    "SegmentCoverage",
    "chain_entities",
    "find_chain",
    "load_chains",
]
