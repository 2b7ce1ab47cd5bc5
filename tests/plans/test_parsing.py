"""Plan text parsing: the seed plan of Hớn Quản, three more plans of the genre, and bad input."""

import random
from datetime import date
from pathlib import Path

import pytest

from backend.plans.parsing import (
    ParsedPlan,
    PlanTextError,
    Section,
    parse_plan_text,
    recurrence_of,
    support_names,
)

TEXTS = Path(__file__).parent / "texts"
SHARED_SEED = Path("/work/shared/seeds/001_433938d9c211c74e.txt")


def _read(name: str) -> str:
    # Bytes, not read_text(): universal newlines would hide the "\r\n" of the PDF extraction.
    return (TEXTS / name).read_bytes().decode("utf-8")


def _parse(name: str) -> ParsedPlan:
    return parse_plan_text(_read(name))


def _section(plan: ParsedPlan, number: str) -> Section:
    return next(section for section in plan.sections if section.number == number)


def _top_level(plan: ParsedPlan) -> list[str]:
    return [section.number for section in plan.sections if section.parent_number is None]


@pytest.fixture(scope="module")
def seed() -> ParsedPlan:
    return _parse("seed_001.txt")


# --- seed 001: Hớn Quản district plan ---------------------------------------------------------


def test_seed_copy_matches_the_shared_seed() -> None:
    if not SHARED_SEED.exists():
        pytest.skip("shared seeds not mounted")
    assert (TEXTS / "seed_001.txt").read_bytes() == SHARED_SEED.read_bytes()


def test_seed_header(seed: ParsedPlan) -> None:
    assert (seed.number, seed.type_code, seed.issuer_code) == (None, "KH", "UBND")
    assert seed.place == "Hón Quản"
    assert seed.issue_date is None and seed.year == 2024
    assert seed.title is not None and seed.title.startswith("Triển khai Nghị quyết số 31/2023")
    assert seed.title.endswith("trên địa bàn tỉnh Bình Phước")
    assert any("number is blank" in warning for warning in seed.warnings)


def test_seed_legal_bases(seed: ParsedPlan) -> None:
    found = [(b.kind, b.number, b.date, b.issuer) for b in seed.legal_bases]
    assert found == [
        ("Nghị quyết", "31/2023/NQ-HĐND", date(2023, 12, 8), "Hội đồng nhân dân tỉnh"),
        ("Kế hoạch", "53/KH-UBND", date(2024, 2, 5), "UBND tỉnh Bình Phước"),
        ("Tờ trình", "205/TTr-NV", date(2024, 3, 11), "Phòng Nội vụ"),
    ]
    assert seed.legal_bases[2].sentence.startswith("Xét đề nghị của Phòng Nội vụ")


def test_seed_top_level_sections(seed: ParsedPlan) -> None:
    assert _top_level(seed) == ["I", "II", "III"]
    assert [s.title for s in seed.sections if s.depth == 1] == [
        "MỤC ĐÍCH, YÊU CẦU",
        "NỘI DUNG THỰC HIỆN",
        "TỔ CHỨC THỰC HIỆN",
    ]
    assert all(s.kind == "heading" for s in seed.sections if s.depth == 1)


def test_seed_sentence_broken_over_a_blank_line_is_joined(seed: ParsedPlan) -> None:
    text = _section(seed, "II.1.a").text
    assert "Hội đồng nhân dân tình, nhằm tập hợp" in text
    assert "có sự dụng lao động trên địa bàn huyện" in _section(seed, "III.2.a").text


def test_seed_objectives_and_targets(seed: ParsedPlan) -> None:
    objectives = [s.number for s in seed.sections if s.kind == "objective"]
    assert objectives == ["I.1.a", "I.1.b", "I.1.c", "I.2.a", "I.2.b", "II.1.a", "II.1.b",
                          "II.1.c", "II.1.d"]  # fmt: skip
    target_sections = [s.number for s in seed.sections if s.kind == "target"]
    assert target_sections == ["II.2.a", "II.2.b", "II.2.c", "II.2.d", "II.2.đ", "II.2.e"]
    assert len(seed.targets) >= 6
    assert [t.section_number for t in seed.targets].count("II.2.a") == 2
    assert all(t.value == 100.0 and t.unit == "%" and t.comparator == ">=" for t in seed.targets)
    conference = next(t for t in seed.targets if t.section_number == "II.2.c")
    assert conference.subject == (
        "cơ quan, tổ chức, đơn vị, địa phương tổ chức Hội nghị cán bộ, công chức, viên chức, "
        "người lao động"
    )
    assert conference.recurrence == "annual"


def test_seed_bodies(seed: ParsedPlan) -> None:
    assert [b.section_number for b in seed.bodies] == [f"III.{n}" for n in range(1, 10)]
    assert [len(b.tasks) for b in seed.bodies] == [5, 3, 3, 1, 3, 1, 1, 2, 11]
    assert sum(len(b.tasks) for b in seed.bodies) == 30
    by_number = {b.section_number: b for b in seed.bodies}
    requested = {n: b.name for n, b in by_number.items() if b.mode == "requested"}
    assert requested == {
        "III.5": "Liên đoàn Lao động huyện",
        "III.7": "Ban Dân vận Huyện ủy",
        "III.8": "Ủy ban Mặt trận Tổ quốc Việt Nam huyện",
    }
    assert by_number["III.4"].name == "Phòng Tài chính – Kế hoạch"
    assert by_number["III.4"].tasks == ["III.4"]
    assert by_number["III.8"].tasks == ["III.8.-1", "III.8.-2"]
    assert by_number["III.9"].tasks[-3:] == ["III.9.i", "III.9.k", "III.9.l"]


def test_seed_group_body(seed: ParsedPlan) -> None:
    groups = [b for b in seed.bodies if b.is_group]
    assert [b.section_number for b in groups] == ["III.9"]
    assert groups[0].group_kinds == [
        "phòng ban chuyên môn",
        "đơn vị sự nghiệp",
        "UBND các xã, thị trấn",
    ]


def test_seed_task_kinds_and_recurrence(seed: ParsedPlan) -> None:
    tasks = [s for s in seed.sections if s.kind == "task"]
    assert len(tasks) == 30
    assert _section(seed, "III.1.a").recurrence == "annual"
    assert _section(seed, "III.2.a").recurrence == "every_n_years"
    assert _section(seed, "III.2.a").recurrence_years == (3, 5)
    assert _section(seed, "III.6").recurrence == "continuous"
    assert _section(seed, "III.9.c").recurrence == "once"


def test_seed_bullets_and_sections_shape(seed: ParsedPlan) -> None:
    bullet = _section(seed, "III.8.-2")
    assert (bullet.label, bullet.parent_number, bullet.depth, bullet.order) == ("-", "III.8", 3, 2)
    assert _section(seed, "III.9.l").order == 11
    assert _section(seed, "III.1").title == "Phòng Nội vụ"
    assert _section(seed, "III.4").text.startswith("Hàng năm, căn cứ tình hình ngân sách")


def test_seed_trailing_paragraph_belongs_to_its_item(seed: ParsedPlan) -> None:
    text = _section(seed, "III.9.g").text
    assert "\nUBND các xã, thị trấn triển khai thực hiện dân chủ" in text
    assert _section(seed, "III.9.g").recurrence == "annual"


def test_seed_supports(seed: ParsedPlan) -> None:
    assert _section(seed, "III.1.d").support_names == ["Ban Dân vận Huyện ủy"]
    assert _section(seed, "III.2.b").support_names == ["phòng Nội vụ"]
    assert _section(seed, "III.2.a").support_names == []
    assert _section(seed, "III.8.-1").support_names == []
    assert _section(seed, "III.6").support_names == ["Đài truyền thanh cấp xã, thị trấn"]


def test_seed_tail(seed: ParsedPlan) -> None:
    assert seed.closing is not None and seed.closing.startswith("Chủ tịch UBND huyện yêu cầu")
    assert all("Chủ tịch UBND huyện yêu cầu" not in s.text for s in seed.sections)
    assert len(seed.recipients) == 9
    assert seed.recipients[0] == "Sở Nội vụ" and seed.recipients[-1] == "Lưu: VT"
    assert (seed.signer_authority, seed.signer_title) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert seed.signer_name == "Nguyễn Văn Hạ"


# --- a commune plan with "+" bullets and unlabelled body text -----------------------------------


def test_commune_plan() -> None:
    plan = _parse("commune_2025.txt")
    assert (plan.number, plan.issue_date, plan.place) == ("15", date(2025, 1, 10), "Tân Lập")
    assert plan.issuer_name == "ỦY BAN NHÂN DÂN XÃ TÂN LẬP"
    assert plan.title == "Thực hiện dân chủ ở cơ sở trên địa bàn xã Tân Lập năm 2025"
    assert [(b.kind, b.number) for b in plan.legal_bases] == [
        ("Luật", None),
        ("Nghị định", "59/2023/NĐ-CP"),
        ("Kế hoạch", "120/KH-UBND"),
    ]
    assert plan.legal_bases[0].date == date(2022, 11, 10)
    assert plan.preamble == [
        "Ủy ban nhân dân xã Tân Lập xây dựng Kế hoạch thực hiện dân chủ ở cơ sở năm 2025 như sau:"
    ]
    assert _top_level(plan) == ["I", "II", "III"]
    assert plan.warnings == []


def test_commune_plan_bodies_and_tasks() -> None:
    plan = _parse("commune_2025.txt")
    bodies = [(b.section_number, b.name, b.mode, b.is_group, b.tasks) for b in plan.bodies]
    assert bodies == [
        ("III.1", "Công chức Văn phòng - Thống kê", "assigned", False, ["III.1.a", "III.1.b"]),
        ("III.2", "Ủy ban MTTQ Việt Nam xã", "requested", False, ["III.2.-1", "III.2.-2"]),
        ("III.3", "Trưởng các thôn", "assigned", True, ["III.3"]),
        ("III.4", "Công an xã", "assigned", False, ["III.4"]),
    ]
    plus = _section(plan, "III.1.b.-2")
    assert (plus.label, plus.parent_number, plus.kind, plus.recurrence) == (
        "+", "III.1.b", "task", "monthly"
    )  # fmt: skip
    assert _section(plan, "III.1.a").recurrence == "quarterly"
    assert _section(plan, "III.1.b").support_names == ["Công chức Tư pháp - Hộ tịch"]
    assert _section(plan, "III.3").recurrence == "continuous"
    assert _section(plan, "II.2.-2").recurrence == "semiannual"
    assert _section(plan, "II.2.-1.-2").label == "+"
    assert _section(plan, "II.1.a").kind == "task"  # items of "NHIỆM VỤ, GIẢI PHÁP"


def test_commune_plan_targets() -> None:
    plan = _parse("commune_2025.txt")
    found = [(t.section_number, t.value, t.comparator, t.subject) for t in plan.targets]
    assert found == [
        ("I.3.-1", 100.0, ">=", "thôn tổ chức hội nghị thôn ít nhất 02 lần/năm"),
        ("I.3.-2", 90.0, ">=", 'hộ gia đình đạt danh hiệu "Gia đình văn hóa"'),
        ("I.3.-3", 5.0, "<=", "đơn thư khiếu nại, tố cáo tồn đọng"),
    ]
    assert plan.targets[0].recurrence == "annual"  # "02 lần/năm"
    assert [s.kind for s in plan.sections if s.parent_number == "I.1"] == ["objective"] * 2


# --- a province plan: "Căn cứ" bases, headings IV and V, bullets down to "+" ------------------


def test_province_plan_header_and_bases() -> None:
    plan = _parse("province_2024.txt")
    assert (plan.number, plan.issue_date) == ("53", date(2024, 2, 5))
    assert plan.title == (
        "Triển khai Nghị quyết số 31/2023/NQ-HĐND ngày 08/12/2023 của Hội đồng nhân dân tỉnh về "
        "quy định các biện pháp bảo đảm thực hiện dân chủ ở cơ sở trên địa bàn tỉnh Bình Phước"
    )
    kinds = [(b.kind, b.number, b.date) for b in plan.legal_bases]
    assert kinds == [
        ("Luật", None, date(2015, 6, 19)),
        ("Luật", None, date(2019, 11, 22)),
        ("Luật", "10/2022/QH15", date(2022, 11, 10)),
        ("Nghị quyết", "31/2023/NQ-HĐND", date(2023, 12, 8)),
        ("Tờ trình", "18/TTr-SNV", date(2024, 1, 25)),
    ]
    assert plan.legal_bases[4].issuer == "Giám đốc Sở Nội vụ"


def test_province_plan_structure() -> None:
    plan = _parse("province_2024.txt")
    assert _top_level(plan) == ["I", "II", "III", "IV", "V"]
    deepest = _section(plan, "V.1.b.-2.-1")
    assert (deepest.label, deepest.depth, deepest.recurrence) == ("+", 5, "annual")
    assert _section(plan, "III.1.a.-2.-2").recurrence == "quarterly"
    assert _section(plan, "III.1.b").recurrence_years == (3, 3)
    assert _section(plan, "IV").text.startswith("Kinh phí thực hiện Kế hoạch")
    assert plan.signer_authority == "KT. CHỦ TỊCH" and plan.signer_name == "Trần Tuệ Hiền"
    assert len(plan.recipients) == 6


def test_province_plan_bodies() -> None:
    plan = _parse("province_2024.txt")
    names = {b.section_number: (b.name, b.mode, b.tasks) for b in plan.bodies}
    assert names["V.1"] == ("Sở Nội vụ", "assigned", ["V.1.a", "V.1.b", "V.1.c"])
    assert names["V.2"] == ("Sở Tư pháp", "assigned", ["V.2"])  # "Sở Tư pháp: Chủ trì, …"
    assert names["V.5"][1] == "requested"
    group = next(b for b in plan.bodies if b.section_number == "V.6")
    assert group.is_group
    assert group.group_kinds == ["sở", "ban", "ngành", "UBND các huyện, thị xã, thành phố"]
    assert _section(plan, "V.2").recurrence_years == (3, 5)  # "định kỳ từ 3 đến 5 năm"
    assert _section(plan, "V.1.a").support_names == ["Sở Tư pháp", "Ban Dân vận Tỉnh ủy"]
    assert _section(plan, "V.2").support_names == ["Sở Nội vụ", "Sở Thông tin và Truyền thông"]
    assert _section(plan, "V.5").support_names == ["Ban Dân vận Tỉnh ủy"]


def test_province_plan_targets() -> None:
    plan = _parse("province_2024.txt")
    found = [(t.section_number, t.value, t.comparator, t.recurrence) for t in plan.targets]
    assert found == [
        ("II.1", 100.0, ">=", "annual"),
        ("II.2", 95.0, ">=", "annual"),
        ("II.2", 80.0, ">=", "annual"),
        ("II.3", 1.0, "<=", "once"),
    ]
    assert plan.targets[2].subject == "doanh nghiệp tổ chức đối thoại tại nơi làm việc"


# --- a PDF extraction: hard-wrapped lines, page artefacts, "ƣ" glyphs, NBSP, tabs, CRLF --------


def test_pdf_extraction_is_repaired() -> None:
    raw = _read("pdf_extracted_2024.txt")
    assert "ƣ" in raw and "\r\n" in raw and "Trang 2/3" in raw and "\u00a0" in raw
    plan = parse_plan_text(raw)
    assert (plan.number, plan.place, plan.issue_date) == ("27", "Đồng Xoài", date(2024, 2, 5))
    assert plan.issuer_name == "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐỒNG XOÀI"
    assert plan.title == "Thực hiện dân chủ ở cơ sở trên địa bàn thành phố Đồng Xoài năm 2024"
    assert [b.number for b in plan.legal_bases] == ["53/KH-UBND"]
    assert _top_level(plan) == ["I", "II", "III"]
    assert _section(plan, "I").label == "I -"
    every_text = "\n".join(s.text for s in plan.sections)
    assert "ƣ" not in every_text and "Trang" not in every_text
    assert "UBND THÀNH PHỐ ĐỒNG XOÀI" not in every_text
    assert "phương" in every_text
    assert _section(plan, "I.2").text.endswith("gắn với trách nhiệm của người đứng đầu.")


def test_pdf_extraction_bodies_and_targets() -> None:
    plan = _parse("pdf_extracted_2024.txt")
    bodies = [(b.name, b.mode, b.is_group, len(b.tasks)) for b in plan.bodies]
    assert bodies == [
        ("Phòng Nội vụ thành phố", "assigned", False, 2),
        ("Liên đoàn Lao động thành phố", "requested", False, 1),
        ("UBND các phường, xã", "assigned", True, 2),
    ]
    assert _section(plan, "III.1.a").recurrence == "semiannual"
    assert _section(plan, "III.3.b").recurrence == "quarterly"
    assert [(t.value, t.comparator) for t in plan.targets] == [(100.0, ">="), (85.0, ">")]
    assert plan.closing is not None and plan.closing.endswith("Kế hoạch này./.")
    assert plan.signer_name == "Phạm Thị Hương" and len(plan.recipients) == 5


# --- odd input -------------------------------------------------------------------------------


def test_text_without_numbering_is_one_note() -> None:
    plan = parse_plan_text(
        "Ủy ban nhân dân xã đề nghị các thôn tổ chức họp dân\n"
        "để phổ biến Luật Thực hiện dân chủ ở cơ sở.\n\nĐề nghị các thôn báo cáo kết quả."
    )
    assert [(s.number, s.kind) for s in plan.sections] == [("N1", "note")]
    assert "phổ biến Luật" in plan.sections[0].text
    assert "no numbered sections found; the text was kept as one note" in plan.warnings


@pytest.mark.parametrize("text", ["", "   \n\t\r\n  ", "\u00a0\u200b\ufeff"])
def test_empty_text_is_refused(text: str) -> None:
    with pytest.raises(PlanTextError, match="empty"):
        parse_plan_text(text)


def test_out_of_sequence_letter_stays_text() -> None:
    plan = parse_plan_text(
        "I. NHIỆM VỤ\n1. Tuyên truyền\na) Tổ chức hội nghị.\n"
        "l) là ký hiệu khoản được viện dẫn, không phải mục mới.\nb) Phát tờ rơi."
    )
    assert [s.number for s in plan.sections] == ["I", "I.1", "I.1.a", "I.1.b"]
    assert "l) là ký hiệu" in _section(plan, "I.1.a").text
    assert any("out of sequence" in warning for warning in plan.warnings)


def test_page_artefacts_between_halves_of_a_sentence() -> None:
    plan = parse_plan_text(
        "I. NHIỆM VỤ\na) Tổ chức hội nghị cán bộ, công chức\n\n3\n\nTrang 3/10\n\n"
        "hằng năm theo quy định.\nb) Báo cáo\u00a0\u00a0kết quả."
    )
    joined = "Tổ chức hội nghị cán bộ, công chức hằng năm theo quy định."
    assert _section(plan, "I.a").text == joined
    assert _section(plan, "I.b").text == "Báo cáo kết quả."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hằng năm tổ chức hội nghị; thường xuyên kiểm tra", ("annual", None)),
        ("Thường xuyên tuyên truyền", ("continuous", None)),
        ("báo cáo hàng tháng, hàng năm", ("monthly", None)),
        ("tổng hợp hằng quý", ("quarterly", None)),
        ("sơ kết sáu tháng", ("semiannual", None)),
        ("định kỳ 3 năm tổ chức cuộc thi hằng năm", ("every_n_years", (3, 3))),
        ("định kỳ từ 03 – 05 năm", ("every_n_years", (3, 5))),
        ("tổ chức 16 tháng đầu", ("once", None)),
        ("xây dựng kế hoạch", ("once", None)),
    ],
)
def test_recurrence_rule(text: str, expected: tuple[str, tuple[int, int] | None]) -> None:
    assert recurrence_of(text) == expected


def test_support_names_skip_generic_phrases() -> None:
    assert support_names("Phối hợp với các cơ quan, đơn vị liên quan tổ chức tập huấn.") == []
    assert support_names(
        "Chủ trì, phối hợp cùng Công an huyện, Ban Chỉ huy Quân sự huyện và các đơn vị liên quan."
    ) == ["Công an huyện", "Ban Chỉ huy Quân sự huyện"]


def test_random_text_never_raises_anything_but_plan_text_error() -> None:
    rng = random.Random(20240311)
    alphabet = "aăâbcdđeêghiklmnoôơpqrstuưvxyƣ ĐỆ1234567890.,;:-+–)(/%*\n\n\t\r\u00a0IVX"
    seed_text = _read("seed_001.txt")
    for _ in range(300):
        choice = rng.random()
        if choice < 0.4:
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
        elif choice < 0.7:
            text = "".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(0, 200)))
        else:
            start = rng.randint(0, len(seed_text))
            text = seed_text[start : start + rng.randint(0, 3000)]
        try:
            plan = parse_plan_text(text)
        except PlanTextError:
            continue
        assert all(section.number for section in plan.sections)


def test_megabytes_of_noise_finish() -> None:
    rng = random.Random(7)
    words = ["dân", "chủ", "1.", "a)", "-", "%", "phối hợp", "Căn cứ", "của", "ngày", "I.", "\n"]
    noise = " ".join(rng.choice(words) for _ in range(700_000))
    assert len(noise.encode()) > 5_000_000 // 2
    plan = parse_plan_text(noise + "x" * 2_500_000)
    assert plan.sections


def test_dotted_items_nest_under_their_arabic_item() -> None:
    plan = parse_plan_text(
        "I. MỤC TIÊU\n1. Mục tiêu chung\nNâng cao nhận thức.\n2. Mục tiêu cụ thể\n"
        "2.1. 100% xã tổ chức đối thoại.\n"
        "2.2. Ít nhất 95% công chức được bồi dưỡng.\n2.3 Tuyên truyền\n"
        "2.4 1.5 triệu đồng là số kinh phí."
    )
    assert [s.number for s in plan.sections] == ["I", "I.1", "I.2", "I.2.1", "I.2.2", "I.2.3"]
    assert _section(plan, "I.2.2").label == "2.2."
    assert "2.4 1.5 triệu" in _section(plan, "I.2.3").text
    assert [(t.section_number, t.value) for t in plan.targets] == [("I.2.1", 100.0), ("I.2.2", 95.0)]


def test_deadlines_and_cycles_of_timing_words() -> None:
    from backend.plans.parsing import due_of, recurrences_of

    cases = {
        "trước ngày 31/3/2025": date(2025, 3, 31),
        "trong tháng 7 năm 2025": date(2025, 7, 31),
        "Quý I/2026": date(2026, 3, 31),
        "6 tháng đầu năm": date(2025, 6, 30),
        "năm 2025": date(2025, 12, 31),
        "ngày 15 tháng 3 năm 2025": date(2025, 3, 15),
        "hằng tháng": None,
    }
    assert {text: due_of(text, 2025) for text in cases} == cases
    assert recurrences_of("định kỳ 6 tháng, hằng năm") == (("semiannual", "annual"), None)
    assert recurrences_of("6 tháng đầu năm") == (("once",), None)
    # In running text only a deadline word opens a deadline; cited documents keep their dates.
    text = "Tổ chức trước ngày 30/6/2025 theo Kế hoạch số 5/KH-UBND ngày 01/02/2025; năm 2025."
    assert due_of(text, 2025, explicit_only=True) == date(2025, 6, 30)
    assert due_of("Thực hiện trong năm 2025 theo Nghị quyết ngày 08/12/2023.", 2025,
                  explicit_only=True) is None


CORPUS = Path(__file__).parent / "corpus"


def test_table_rows_nest_under_their_group_rows() -> None:
    plan = parse_plan_text((CORPUS / "province_body_table_2026.txt").read_text("utf-8"))
    rows = [(s.number, s.kind) for s in plan.sections if s.parent_number is not None
            and s.number.startswith("III.")]
    assert rows == [("III.1", "heading"), ("III.1.1", "task"), ("III.1.2", "task"),
                    ("III.2", "heading"), ("III.2.1", "task"), ("III.2.2", "task"),
                    ("III.3", "heading"), ("III.3.1", "task")]  # fmt: skip
    assert _section(plan, "III.2.1").support_names == ["Thanh tra tỉnh", "Ban Dân vận Tỉnh ủy"]
    assert _section(plan, "IV").text.startswith("Kinh phí thực hiện")  # text after the table


def test_annex_after_the_signature_is_read_apart_from_it() -> None:
    plan = parse_plan_text((CORPUS / "province_annex_2025.txt").read_text("utf-8"))
    assert _top_level(plan) == ["I", "II", "III", "IV", "PL"]
    assert _section(plan, "PL").title.startswith("NHIỆM VỤ TRIỂN KHAI")
    assert [s.number for s in plan.sections if s.parent_number == "PL"] == ["PL.I", "PL.II"]
    assert plan.signer_name == "Hoàng Minh Tuấn" and plan.recipients[-1] == "Lưu: VT, NC"
    assert [(b.section_number, b.name, b.mode) for b in plan.bodies][-2:] == [
        ("PL.II.4", "Ủy ban MTTQ Việt Nam tỉnh", "requested"), ("PL.II.5", "Sở Nội vụ", "assigned")]
    assert _section(plan, "PL.II.3").recurrences == ("semiannual", "annual")
    assert _section(plan, "PL.II.5").due == date(2025, 12, 20)


def test_a_row_merged_across_the_table_is_a_group_named_by_its_label() -> None:
    plan = parse_plan_text((CORPUS / "docx_rendered_merged_2025.txt").read_text("utf-8"))
    groups = [(s.number, s.label, s.title) for s in plan.sections if s.kind == "heading"
              and s.parent_number == "II"]
    assert groups == [("II.I", "I", "Công tác công khai"), ("II.II", "II", "Công tác đối thoại")]
    assert [s.number for s in plan.sections if s.parent_number == "II.II"] == ["II.II.3", "II.II.4"]


def test_lead_lines_under_a_task_name_its_bodies_and_timing() -> None:
    plan = parse_plan_text(
        "KẾ HOẠCH\nThực hiện dân chủ năm 2025\nI. NHIỆM VỤ\n"
        "1. Rà soát quy chế dân chủ.\n"
        "Đơn vị thực hiện: Phòng Nội vụ; các phòng, ban liên quan; Thời hạn: Quý II/2025.\n"
        "2. Tuyên truyền trên hệ thống truyền thanh.\n"
        "- Chủ trì: Đề nghị Ủy ban MTTQ Việt Nam huyện\n- Phối hợp: Huyện đoàn, Hội Nông dân huyện\n"
        "- Thời gian: định kỳ 6 tháng, hằng năm\n"
        "3. Tổng kết, khen thưởng trước ngày 20/12/2025."
    )
    bodies = [(b.section_number, b.name, b.mode) for b in plan.bodies]
    assert bodies == [("I.1", "Phòng Nội vụ", "assigned"),
                      ("I.2", "Ủy ban MTTQ Việt Nam huyện", "requested")]  # fmt: skip
    first, second, third = (_section(plan, f"I.{n}") for n in (1, 2, 3))
    assert (first.support_names, first.due, first.kind) == ([], date(2025, 6, 30), "task")
    assert second.support_names == ["Huyện đoàn", "Hội Nông dân huyện"]
    assert second.recurrences == ("semiannual", "annual") and second.due is None
    assert third.due == date(2025, 12, 20)  # no lead line: a task without a body, its date read
    assert [s.number for s in plan.sections] == ["I", "I.1", "I.2", "I.3"]  # lines are no items
