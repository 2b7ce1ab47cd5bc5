"""Validation of the demo data files: the organisation tree, the default catalogue and the
province's plan.

Plain file checks, no database: the files must be loadable in any order-preserving loader
(parents before children), NFC-normalised, and reproduce the denominators of the seed documents.
"""

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from backend.demo.activity import DEPARTMENTS, province_plan_text
from backend.periods.occurrences import Recurrence
from backend.plans.groups import group_rule
from backend.plans.matching import UnitCandidate, match_unit
from backend.plans.parsing import parse_plan_text

DATA_DIR = Path(__file__).resolve().parents[2] / "backend" / "demo" / "data"

KINDS = {
    "province",
    "district",
    "commune",
    "village",
    "department",
    "public_service",
    "mass_org",
    "enterprise",
    "steering_committee",
}
GRASSROOTS_TYPES = {"commune", "agency", "employer"}
EXPECTED_GRASSROOTS_TYPE = {
    "province": {None},
    "district": {None},
    "village": {None},
    "commune": {"commune"},
    "department": {"agency"},
    "public_service": {"agency"},
    "mass_org": {"agency"},
    "enterprise": {"employer"},
    "steering_committee": {None},
}
VALUE_TYPES = {"count", "number", "ratio", "yes_no", "text"}
AGGREGATIONS = {"sum", "average", "min", "max", "count_true"}
TIME_AGGREGATIONS = {"sum", "last", "average"}
PERIOD_TYPES = {"year", "semiannual", "quarter", "month", "nine_months"}
NARRATIVE_KEYS = {"results", "limitations", "causes", "directions", "recommendations", "lessons"}
RULE_OPS = {"<=", "<", ">=", ">", "=="}
INDICATOR_CODE = re.compile(r"^QCDC_[A-Z0-9_]+$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _load(name: str) -> Any:
    with (DATA_DIR / name).open(encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="module")
def units() -> list[dict[str, Any]]:
    data = _load("units.json")
    assert isinstance(data, list)
    return data


@pytest.fixture(scope="module")
def catalogue() -> dict[str, Any]:
    data = _load("catalogue.json")
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def by_code(units: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {u["code"]: u for u in units}


def _children(units: list[dict[str, Any]], parent: str) -> list[dict[str, Any]]:
    return [u for u in units if u["parent"] == parent]


def _strings(obj: Any) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for k, v in obj.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(obj, list):
        return [s for v in obj for s in _strings(v)]
    return []


# --- units.json -------------------------------------------------------------------------


def test_unit_fields_and_codes_unique(units: list[dict[str, Any]]) -> None:
    fields = {"code", "name", "kind", "grassroots_type", "parent", "valid_from"}
    for u in units:
        assert set(u) == fields, u
        assert isinstance(u["code"], str) and u["code"], u
        assert isinstance(u["name"], str) and u["name"].strip() == u["name"] and u["name"], u
        assert DATE.match(u["valid_from"]), u
    dupes = [c for c, n in Counter(u["code"] for u in units).items() if n > 1]
    assert not dupes


def test_parents_exist_and_come_first(units: list[dict[str, Any]]) -> None:
    seen: dict[str, dict[str, Any]] = {}
    for u in units:
        if u["parent"] is not None:
            assert u["parent"] in seen, f"{u['code']}: parent {u['parent']} missing or later"
            parent = seen[u["parent"]]
            assert parent["valid_from"] <= u["valid_from"], u["code"]
        seen[u["code"]] = u


def test_kinds_and_grassroots_types(units: list[dict[str, Any]]) -> None:
    for u in units:
        assert u["kind"] in KINDS, u
        assert u["grassroots_type"] is None or u["grassroots_type"] in GRASSROOTS_TYPES, u
        assert u["grassroots_type"] in EXPECTED_GRASSROOTS_TYPE[u["kind"]], u
        if u["kind"] == "province":
            assert u["parent"] is None and re.fullmatch(r"\d{2}", u["code"]), u


def test_administrative_codes(units: list[dict[str, Any]], by_code: dict[str, Any]) -> None:
    for u in units:
        if u["kind"] == "district":
            assert re.fullmatch(r"\d{3}", u["code"]), u
            assert by_code[u["parent"]]["kind"] == "province"
        if u["kind"] == "commune":
            assert re.fullmatch(r"\d{5}", u["code"]), u
            assert by_code[u["parent"]]["kind"] == "district"
            assert re.match(r"^(Xã|Phường|Thị trấn) ", u["name"]), u
        if u["kind"] == "village":
            assert re.fullmatch(re.escape(u["parent"]) + r"-T\d{2}", u["code"]), u


def test_unit_strings_nfc(units: list[dict[str, Any]]) -> None:
    bad = [s for s in _strings(units) if not unicodedata.is_normalized("NFC", s)]
    assert not bad


def test_krong_pac_counts(units: list[dict[str, Any]], by_code: dict[str, Any]) -> None:
    assert by_code["654"]["name"] == "Huyện Krông Pắc"
    assert by_code["654"]["parent"] == "66"
    children = _children(units, "654")
    kinds = Counter(u["grassroots_type"] for u in children)
    assert kinds["commune"] == 15  # the 15 xã of the seed's "11/15 xã đạt chuẩn nông thôn mới"
    assert kinds["agency"] == 24  # "24/24 cơ quan, đơn vị"
    assert kinds["employer"] == 15  # "13/15 đơn vị" holding the workers' conference
    for u in children:
        if u["grassroots_type"] == "agency":
            assert u["kind"] in {"department", "public_service", "mass_org"}, u
        if u["grassroots_type"] == "employer":
            assert u["kind"] == "enterprise", u


def test_song_van_has_13_villages(units: list[dict[str, Any]], by_code: dict[str, Any]) -> None:
    song_van = by_code["07345"]
    assert song_van["name"] == "Xã Song Vân"
    assert by_code[song_van["parent"]]["name"] == "Huyện Tân Yên"
    assert by_code[by_code[song_van["parent"]]["parent"]]["name"] == "Tỉnh Bắc Giang"
    villages = _children(units, "07345")
    assert len(villages) == 13
    assert all(v["kind"] == "village" and v["name"].startswith("Thôn ") for v in villages)
    assert len({v["name"] for v in villages}) == 13


def test_lang_son_has_11_districts(units: list[dict[str, Any]]) -> None:
    districts = [u for u in _children(units, "20") if u["kind"] == "district"]
    assert len(districts) == 11
    assert {d["code"] for d in districts} == {"178", *(str(c) for c in range(180, 190))}
    steering = [u for u in _children(units, "20") if u["kind"] == "steering_committee"]
    assert len(steering) == 1
    assert len([u for u in _children(units, "178") if u["kind"] == "commune"]) >= 2


def test_hon_quan_bodies_of_seed_001(units: list[dict[str, Any]], by_code: dict[str, Any]) -> None:
    assert by_code["694"]["name"] == "Huyện Hớn Quản"
    assert by_code["694"]["parent"] == "70"
    children = _children(units, "694")
    names = [u["name"] for u in children]
    bodies = {
        "Phòng Nội vụ": "department",
        "Phòng Tư pháp": "department",
        "Phòng Văn hóa và Thông tin": "department",
        "Phòng Tài chính – Kế hoạch": "department",
        "Liên đoàn Lao động huyện": "mass_org",
        "Đài Truyền thanh – Truyền hình huyện": "public_service",
        "Ban Dân vận Huyện ủy": "mass_org",
        "Ủy ban Mặt trận Tổ quốc Việt Nam huyện": "mass_org",
    }
    for prefix, kind in bodies.items():
        matches = [u for u in children if u["name"].startswith(prefix)]
        assert len(matches) == 1, (prefix, names)
        assert matches[0]["kind"] == kind and matches[0]["grassroots_type"] == "agency"
    communes = [u for u in children if u["kind"] == "commune"]
    assert len(communes) == 13
    assert not any(u["name"].startswith("Ủy ban nhân dân") for u in children)


# --- plan_bac_ninh_demo.txt -------------------------------------------------------------


def test_the_province_plan_is_a_plan_of_the_year_it_is_loaded_in() -> None:
    """The demo's illustration of Bắc Ninh's plan: the year put in, the file's comment left out,
    its bodies the two departments (as the import matches them) and the communes as a group, with
    a quarterly task for the communes."""
    text = province_plan_text(2031)
    assert unicodedata.is_normalized("NFC", text)
    assert "{year}" not in text and not any(line.startswith("#") for line in text.splitlines())
    parsed = parse_plan_text(text)
    assert parsed.year == 2031 and parsed.number is None and parsed.title is not None
    assert "năm 2031" in parsed.title and "minh họa" in parsed.title
    bodies = {body.name: body for body in parsed.bodies}
    assert bodies.keys() == {"Sở Nội vụ", "Sở Tư pháp", "UBND các xã, phường"}
    departments = [UnitCandidate(id=i, name=name, kind="department")
                   for i, (_, name) in enumerate(DEPARTMENTS)]
    for name in ("Sở Nội vụ", "Sở Tư pháp"):
        assert match_unit(name, departments, ["Bắc Ninh"]) is not None, name
    communes = bodies["UBND các xã, phường"]
    assert communes.is_group and group_rule(communes.group_kinds) == {
        "kinds": ["commune"], "grassroots_types": []}
    recurrences = {s.number: s.recurrence for s in parsed.sections if s.number in communes.tasks}
    assert Recurrence.quarterly in recurrences.values()


# --- catalogue.json ---------------------------------------------------------------------


def test_catalogue_strings_nfc(catalogue: dict[str, Any]) -> None:
    bad = [s for s in _strings(catalogue) if not unicodedata.is_normalized("NFC", s)]
    assert not bad


def test_indicators(catalogue: dict[str, Any]) -> None:
    indicators = catalogue["indicators"]
    assert len(indicators) >= 25
    codes = [i["code"] for i in indicators]
    assert len(codes) == len(set(codes))
    for i in indicators:
        assert INDICATOR_CODE.match(i["code"]), i["code"]
        for key in ("name", "name_en", "unit", "description"):
            assert isinstance(i[key], str) and i[key].strip(), (i["code"], key)
        assert i["value_type"] in VALUE_TYPES, i["code"]
        assert i["aggregation"] in AGGREGATIONS, i["code"]
        assert i["time_aggregation"] in TIME_AGGREGATIONS, i["code"]
        assert isinstance(i["published"], bool)
        assert i["applies_to"] and set(i["applies_to"]) <= GRASSROOTS_TYPES | KINDS, i["code"]
        cat_codes = [c["code"] for c in i["categories"]]
        assert len(cat_codes) == len(set(cat_codes)), i["code"]
        for c in i["categories"]:
            assert c["name"] and c["name_en"], (i["code"], c)
        if i["value_type"] == "ratio":
            assert i["numerator_name"] and i["denominator_name"], i["code"]
            assert i["numerator_le_denominator"] is True, i["code"]
        if i["value_type"] == "yes_no":
            assert i["aggregation"] == "count_true", i["code"]


def test_catalogue_covers_the_seed_figures(catalogue: dict[str, Any]) -> None:
    by = {i["code"]: i for i in catalogue["indicators"]}
    assert by["QCDC_STAFF_CONF"]["value_type"] == "yes_no"
    assert by["QCDC_STAFF_CONF"]["applies_to"] == ["agency"]
    assert by["QCDC_WORKERS_CONF"]["applies_to"] == ["employer"]
    assert by["QCDC_VILLAGES_WITH_CONVENTION"]["value_type"] == "ratio"
    assert by["QCDC_ADMIN_DOSSIERS_RESOLVED"]["unit"] == "hồ sơ"
    assert by["QCDC_LEADER_DIALOGUE_PARTICIPANTS"]["unit"] == "lượt người"
    assert {c["code"] for c in by["QCDC_MODELS_BY_TYPE"]["categories"]} == {
        "COLLECTIVE",
        "INDIVIDUAL",
    }
    assert len(by["QCDC_MODELS_BY_DOMAIN"]["categories"]) == 4
    assert by["QCDC_NEW_RURAL_COMMUNE"]["aggregation"] == "count_true"


def test_forms(catalogue: dict[str, Any]) -> None:
    indicators = {i["code"]: i for i in catalogue["indicators"]}
    forms = catalogue["forms"]
    assert len(forms) >= 4
    codes = [f["code"] for f in forms]
    assert len(codes) == len(set(codes))
    for f in forms:
        assert f["name"] and f["name_en"], f["code"]
        assert f["period_type"] in PERIOD_TYPES, f["code"]
        in_form = [i["code"] for i in f["indicators"]]
        assert in_form and len(in_form) == len(set(in_form)), f["code"]
        for item in f["indicators"]:
            assert item["code"] in indicators, (f["code"], item["code"])
            assert isinstance(item["required"], bool)
        keys = [n["key"] for n in f["narrative"]]
        assert keys and set(keys) <= NARRATIVE_KEYS and len(keys) == len(set(keys)), f["code"]
        assert all(n["title"] for n in f["narrative"])
        assert set(f["reporters"]["grassroots_types"]) <= GRASSROOTS_TYPES
        assert set(f["reporters"]["kinds"]) <= KINDS
        assert set(f["deadline_working_days"]) == {"commune", "district", "province"}
        for rule in f["rules"]:
            assert rule["op"] in RULE_OPS, rule
            assert rule["left"] in in_form and rule["right"] in in_form, (f["code"], rule)
            assert rule["message"], rule
        if not f["reporters"]["grassroots_types"]:
            # A compiled form (báo cáo tổng hợp): its figures are those of the units below.
            assert set(f["reporters"]["kinds"]) <= {"district", "province"}, f["code"]
            continue
        # every indicator of a form must apply to the form's reporters
        for code in in_form:
            assert set(indicators[code]["applies_to"]) & set(f["reporters"]["grassroots_types"]), (
                f["code"],
                code,
            )


def test_cross_figure_rules(catalogue: dict[str, Any]) -> None:
    annual = next(f for f in catalogue["forms"] if f["code"] == "QCDC_COMMUNE_ANNUAL")
    pairs = {(r["left"], r["op"], r["right"]) for r in annual["rules"]}
    assert ("QCDC_MEDIATION_SUCCESSFUL", "<=", "QCDC_MEDIATION_RECEIVED") in pairs
    assert ("QCDC_COMPLAINTS_RESOLVED", "<=", "QCDC_COMPLAINTS_RECEIVED") in pairs
    assert [n["key"] for n in annual["narrative"]] == [
        "results",
        "limitations",
        "causes",
        "directions",
        "recommendations",
    ]
