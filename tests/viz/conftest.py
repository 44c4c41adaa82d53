"""Fixtures: a small consortium graph, its chain coverage and a salon transcript."""

from __future__ import annotations

import pytest
from viz_fixtures import build_coverage, build_graph, build_transcript

from graphmap.chains.results import Coverage
from graphmap.model import Document


@pytest.fixture
def transcript() -> Document:
    return build_transcript()


@pytest.fixture
def graph(transcript: Document):
    return build_graph(transcript)


@pytest.fixture
def coverage(graph) -> Coverage:
    return build_coverage(graph)
