"""Group assignees: "Các phòng ban chuyên môn, đơn vị sự nghiệp, UBND các xã, thị trấn" names kinds of
units, not units. The rule is kept and expanded at query time, so units created later are included."""

import re
from typing import TypedDict

from backend.kit.text import fold
from backend.models import GrassrootsType, OrgUnitKind

_NON_WORD = re.compile(r"[^a-z0-9]+")


class GroupRule(TypedDict):
    kinds: list[str]
    grassroots_types: list[str]


# Folded phrase → what it designates. Longer phrases first: "co quan chuyen mon" before "co quan".
_PHRASES: list[tuple[str, OrgUnitKind | GrassrootsType]] = [
    ("phong ban", OrgUnitKind.department),
    ("co quan chuyen mon", OrgUnitKind.department),
    ("so ban nganh", OrgUnitKind.department),
    ("cac so", OrgUnitKind.department),
    ("don vi su nghiep", OrgUnitKind.public_service),
    ("doan the", OrgUnitKind.mass_org),
    ("to chuc chinh tri", OrgUnitKind.mass_org),
    ("doanh nghiep", GrassrootsType.employer),
    ("to chuc co su dung lao dong", GrassrootsType.employer),
    ("xa", OrgUnitKind.commune),
    ("phuong", OrgUnitKind.commune),
    ("thi tran", OrgUnitKind.commune),
    ("thon", OrgUnitKind.village),
    ("to dan pho", OrgUnitKind.village),
    ("co quan", GrassrootsType.agency),
]


def group_rule(parts: list[str]) -> GroupRule | None:
    """The kinds a group assignee names; None when none is recognised (the user maps it by hand)."""
    kinds: set[str] = set()
    grassroots: set[str] = set()
    for part in parts:
        # "xã hội" (society) is not "xã" (commune).
        words = f" {_NON_WORD.sub(' ', fold(part))} ".replace(" xa hoi ", " ")
        for phrase, meaning in _PHRASES:
            if f" {phrase} " in words:
                (kinds if isinstance(meaning, OrgUnitKind) else grassroots).add(meaning.value)
    if not kinds and not grassroots:
        return None
    return GroupRule(kinds=sorted(kinds), grassroots_types=sorted(grassroots))
