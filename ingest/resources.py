"""Package data of ingest (word lists, header variants), loaded once."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load(name: str) -> dict[str, Any]:
    """Load ``ingest/data/<name>.yaml``."""
    text = resources.files("ingest").joinpath("data", f"{name}.yaml").read_text("utf-8")
    return yaml.safe_load(text)
