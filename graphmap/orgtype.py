"""Organization typing from a name or a declared type, driven by ``data/org_types.yaml``."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

from graphmap.model import OrgType
from graphmap.normalize import normalize_name


@cache
def _rules() -> list[tuple[OrgType, tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    text = resources.files("graphmap").joinpath("data/org_types.yaml").read_text("utf-8")
    return [
        (
            OrgType(rule["type"]),
            tuple(normalize_name(k) for k in rule.get("declared", [])),
            tuple(normalize_name(k) for k in rule.get("suffixes", [])),
            tuple(normalize_name(k) for k in rule.get("contains", [])),
        )
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
    for org_type, declared, _, _ in _rules():
        if any(k and k in key for k in declared):
            return org_type
    return None


def org_type_from_name(name: str) -> OrgType:
    """Guess an organization's type from its name.

    Examples
    --------
    >>> org_type_from_name("北京市科学技术协会")
    <OrgType.ASSOCIATION: 'association'>
    >>> org_type_from_name("中国科学院自动化研究所")
    <OrgType.RESEARCH_INSTITUTE: 'research_institute'>
    >>> org_type_from_name("北京灵犀机器人科技有限公司")
    <OrgType.ENTERPRISE: 'enterprise'>
    """
    key = normalize_name(name)
    for org_type, _, suffixes, _ in _rules():
        if any(s and key.endswith(s) for s in suffixes):
            return org_type
    for org_type, _, _, contains in _rules():
        if any(c and c in key for c in contains):
            return org_type
    return OrgType.OTHER
