"""Fixtures shared by every test module."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The public development data next to the repository; skip cleanly when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA} (clone the repo next to shared/)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return REPO / "examples"
