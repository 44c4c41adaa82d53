"""Organization types as member lists declare them (单位类型/性质), from ``data/org_types.yaml``.

Types guessed from a name are the NLP layer's job: :func:`nlp.lexicon.org_type_of`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

from graphmap.model import OrgType
from graphmap.normalize import normalize_name


@cache
def _rules() -> list[tuple[OrgType, tuple[str, ...]]]:
    text = resources.files("graphmap").joinpath("data/org_types.yaml").read_text("utf-8")
    return [
        (OrgType(rule["type"]), tuple(normalize_name(k) for k in rule["declared"]))
        for rule in yaml.safe_load(text)
    ]


def declared_org_type(text: str | None) -> OrgType | None:
    """Map a list's 单位类型/性质 cell to a type, or None when it says nothing we know.

    Examples
    --------
    >>> declared_org_type("高校")
    <OrgType.UNIVERSITY: 'university'>
    >>> declared_org_type("民营企业（牵头单位）")
    <OrgType.ENTERPRISE: 'enterprise'>
    """
    if not text:
        return None
    key = normalize_name(text)
    for org_type, declared in _rules():
        if any(k and k in key for k in declared):
            return org_type
    return None
