"""Which organization an affiliation counts as, for the panel's cap and conflict check.

An affiliation names a unit ("清华大学建筑学院", "中核北方核燃料元件有限公司"), an abbreviation
("中科院物理所"), or a former name ("北京航空学院"). Matchmaking compares:

* the **institution**: the known organization the name resolves to (``known.yaml`` official,
  former and short names, also as the start of a longer name), else the university a
  department belongs to (the name up to its first 大学), else the name itself;
* the **group**: the parent in ``graphmap/data/recommend/org_groups.yaml`` (中核集团 for
  中核北方, 中国科学院 for its institutes), when the name starts with one of its prefixes.

The cap counts the group when the group is listed as one organization for caps (an
enterprise group), else the institution (a CAS institute is its own organization); the host
conflict check matches either.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from graphmap.aliases import known_organizations
from graphmap.normalize import normalize_name


@dataclass(frozen=True, slots=True)
class OrganizationKeys:
    """The names one affiliation is compared by (see the module docstring)."""

    institution: str
    group: str | None = None
    one_for_caps: bool = False

    @property
    def cap(self) -> str:
        """The organization ``--max-per-org`` counts."""
        return self.group if self.group and self.one_for_caps else self.institution

    @property
    def all(self) -> tuple[str, ...]:
        return (self.institution, self.group) if self.group else (self.institution,)


@dataclass(frozen=True, slots=True)
class _Group:
    name: str
    prefixes: tuple[str, ...]
    one_for_caps: bool


@cache
def _groups() -> tuple[tuple[str, _Group], ...]:
    """(normalized prefix, group), longest prefixes first."""
    text = resources.files("graphmap").joinpath("data/recommend/org_groups.yaml")
    out = []
    for entry in yaml.safe_load(text.read_text("utf-8")):
        group = _Group(entry["name"], tuple(entry["prefixes"]), bool(entry["one_for_caps"]))
        for prefix in (group.name, *group.prefixes):
            out.append((normalize_name(prefix), group))
    return tuple(sorted(out, key=lambda item: -len(item[0])))


@cache
def _known_forms() -> tuple[tuple[str, str], ...]:
    """(normalized official, former or short name, official name), longest first."""
    out = []
    for known in {k.name: k for k in known_organizations().values()}.values():
        for form in (known.name, *known.former, *known.short):
            key = normalize_name(form)
            if len(key) >= 2:
                out.append((key, known.name))
    return tuple(sorted(out, key=lambda item: -len(item[0])))


#: A known name that is the start of a longer name stands for the whole only when the rest
#: is a unit of it (清华大学建筑学院), not another organization (中国科学院 + 物理研究所 is an
#: institute of its own, listed as a group member instead).
_UMBRELLAS = ("科学院", "工程院", "研究院")


@cache
def organization_keys(name: str) -> OrganizationKeys:
    """The institution and group an organization name counts as.

    Examples
    --------
    >>> organization_keys("清华大学建筑学院").institution
    '清华大学'
    >>> organization_keys("北京航空学院").institution
    '北京航空航天大学'
    >>> [organization_keys(n).cap for n in ("中核集团", "中核总公司", "中核北方")]
    ['中国核工业集团有限公司', '中国核工业集团有限公司', '中国核工业集团有限公司']
    >>> keys = organization_keys("中国科学院物理研究所")
    >>> keys.cap, keys.group
    ('中国科学院物理研究所', '中国科学院')
    """
    key = normalize_name(name)
    institution = name
    for form, official in _known_forms():
        if key == form:
            institution = official
            break
        if key.startswith(form) and not official.endswith(_UMBRELLAS):
            institution = official
            break
    else:
        cut = key.find("大学")
        if cut > 0 and cut + 2 < len(key) and not key.startswith(("中国科学院大学",)):
            institution = key[: cut + 2]
    for prefix, group in _groups():
        if key.startswith(prefix):
            return OrganizationKeys(institution, group.name, group.one_for_caps)
    return OrganizationKeys(institution)
