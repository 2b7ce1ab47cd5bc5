"""Matching body names written in plans to known organisation units."""

import pytest

from backend.plans.matching import UnitCandidate, match_unit, normalise_unit_name

HON_QUAN = [
    UnitCandidate(1, "Phòng Nội vụ huyện Hớn Quản", "department"),
    UnitCandidate(2, "Phòng Tài chính - Kế hoạch", "department"),
    UnitCandidate(3, "Liên đoàn Lao động huyện Hớn Quản", "mass_org"),
    UnitCandidate(4, "Ủy ban MTTQ Việt Nam huyện Hớn Quản", "front"),
    UnitCandidate(5, "UBND huyện Hớn Quản", "district"),
    UnitCandidate(6, "Ban Dân vận Huyện ủy Hớn Quản", "party"),
    UnitCandidate(7, "Phòng Văn hóa và Thông tin", "department"),
]


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Phòng Tài chính – Kế hoạch", "Phòng Tài chính - Kế hoạch"),
        ("Phòng TC-KH", "phòng tài chính kế hoạch"),
        ("Phòng TC - KH", "Phòng Tài chính, Kế hoạch"),
        ("UBND xã Tân Lập", "Ủy ban nhân dân xã Tân Lập"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("HĐND tỉnh", "Hội đồng nhân dân tỉnh"),
        ("Ủy ban MTTQ Việt Nam huyện", "Ủy ban Mặt trận Tổ quốc huyện"),
        ("UBMTTQ xã", "Ủy ban Mặt trận Tổ quốc Việt Nam xã"),
        ("LĐLĐ huyện", "Liên đoàn Lao động huyện"),
        ("Phòng VH-TT", "Phòng Văn hóa và Thông tin"),
        ("Phòng VH&TT", "Phòng Văn hoá - Thông tin"),
        ("BCH Quân sự huyện", "Ban Chỉ huy Quân sự huyện"),
        ("Ban Chỉ đạo QCDC", "Ban chỉ đạo quy chế dân chủ"),
        ("các tổ chức CT-XH", "các tổ chức chính trị - xã hội"),
    ],
)
def test_spellings_of_one_unit_normalise_alike(left: str, right: str) -> None:
    assert normalise_unit_name(left) == normalise_unit_name(right)


def test_normal_form() -> None:
    assert normalise_unit_name(" Phòng  Tài chính – Kế hoạch ") == "phong tai chinh ke hoach"
    assert normalise_unit_name("UBND các xã, thị trấn") == "uy ban nhan dan cac xa thi tran"


def test_exact_match() -> None:
    match = match_unit("Phòng Tài chính – Kế hoạch", HON_QUAN)
    assert match is not None and match.id == 2


def test_place_names_are_dropped_before_comparing() -> None:
    assert match_unit("Liên đoàn Lao động huyện", HON_QUAN) is None
    match = match_unit("Liên đoàn Lao động huyện", HON_QUAN, place_names=["Hớn Quản"])
    assert match is not None and match.id == 3
    front = match_unit("Ủy ban Mặt trận Tổ quốc Việt Nam huyện", HON_QUAN, ["Hớn Quản"])
    assert front is not None and front.id == 4
    assert match_unit("UBND huyện", HON_QUAN, ["Hớn Quản"]) == HON_QUAN[4]


def test_trailing_level_word_is_ignored_when_unambiguous() -> None:
    match = match_unit("Phòng Nội vụ", HON_QUAN, ["Hớn Quản"])
    assert match is not None and match.id == 1
    assert match_unit("Phòng Văn hóa và Thông tin huyện", HON_QUAN) == HON_QUAN[6]


def test_ambiguous_names_give_none() -> None:
    units = [
        UnitCandidate(1, "Phòng Nội vụ huyện", "department"),
        UnitCandidate(2, "Phòng Nội vụ tỉnh", "department"),
    ]
    assert match_unit("Phòng Nội vụ", units) is None
    assert match_unit("Phòng Nội vụ huyện", units) == units[0]
    twins = [UnitCandidate(1, "UBND xã", "commune"), UnitCandidate(2, "Ủy ban nhân dân xã", "c")]
    assert match_unit("UBND xã", twins) is None


def test_no_match() -> None:
    assert match_unit("Sở Nội vụ", HON_QUAN) is None
    assert match_unit("", HON_QUAN) is None
    assert match_unit("Hớn Quản", HON_QUAN, ["Hớn Quản"]) is None
    assert match_unit("Phòng Nội vụ", []) is None
