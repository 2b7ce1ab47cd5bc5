"""Plan files: Word's automatic numbering and tables read as shown, PDF text without page furniture,
text files by their encoding, and every unreadable file refused through the API with nothing saved."""

import io
import random
import zipfile
from collections import Counter

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from pypdf import PdfReader, PdfWriter

from backend.config import get_settings
from backend.errors import ProblemError
from backend.plans import documents
from backend.plans.documents import read_plan_file
from backend.plans.errors import (
    PlanFileCorrupt,
    PlanFileEmpty,
    PlanFileEncoding,
    PlanFileEncrypted,
    PlanFileTooLarge,
    PlanFileTypeRefused,
    PlanFileWithoutText,
)
from tests.helpers import assert_problem
from tests.plans.plan_documents import PlanDocx, district_plan, numbering_showcase, pdf_of

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


@pytest.fixture(scope="module")
def plan_docx() -> bytes:
    return district_plan().bytes()


def test_word_numbering_is_read_as_shown(plan_docx):
    lines = read_plan_file(plan_docx, "ke-hoach.docx").splitlines()
    at = lines.index("II. NHIỆM VỤ TRỌNG TÂM")
    assert lines[at - 5:at + 12] == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "- Phát huy quyền làm chủ của Nhân dân ở cơ sở.",
        "2. Yêu cầu",
        "- Bảo đảm công khai, minh bạch, đúng quy định của pháp luật.",
        "II. NHIỆM VỤ TRỌNG TÂM",
        "1. Tuyên truyền, phổ biến pháp luật về dân chủ ở cơ sở",
        "a) Biên soạn tài liệu hỏi đáp về Luật Thực hiện dân chủ ở cơ sở.",
        "b) Đăng tải tin bài trên Cổng thông tin điện tử huyện.",
        "c) Tổ chức hội nghị quán triệt cho cán bộ chủ chốt.",
        "d) Lồng ghép nội dung tuyên truyền vào sinh hoạt của các đoàn thể.",
        "đ) Phát hành tờ gấp đến các khu dân cư.",
        "e) Tổ chức cuộc thi tìm hiểu pháp luật.",
        "2. Thực hiện dân chủ trong cơ quan",
        "a) Hội nghị cán bộ, công chức tổ chức hằng năm.",
        "+ nội dung hội nghị gồm kế hoạch công tác;",
        "III. TỔ CHỨC THỰC HIỆN",
    ]


def test_header_table_reads_as_paragraphs(plan_docx):
    assert read_plan_file(plan_docx, "ke-hoach.docx").splitlines()[:7] == [
        "ỦY BAN NHÂN DÂN", "HUYỆN HỚN QUẢN", "Số: 41/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Hớn Quản, ngày 14 tháng 02 năm 2025", "KẾ HOẠCH"]


def test_multi_level_numbers_continuations_restarts_and_linked_styles():
    assert read_plan_file(numbering_showcase().bytes(), "x.docx").splitlines() == [
        "1. Chỉ tiêu",
        "1.1. 100% cơ quan tổ chức hội nghị cán bộ, công chức.",
        "1.2. Ít nhất 95% thôn tổ chức hội nghị thôn.",
        "2. Giải pháp",
        "2.1. Tăng cường kiểm tra.",
        "Bước 1: Lập danh sách.",
        "Bước 2: Niêm yết.",  # another num of the same list continues it
        "Bước 1: Lấy ý kiến.",  # a startOverride restarts it
        "Bước 2: Tổng hợp.",
        "PHẦN I. QUY ĐỊNH CHUNG",  # numbered by their paragraph styles
        "Điều 1. Phạm vi",
        "Điều 2. Đối tượng",
        "(1) Thôn tự quản.",  # a list taking its levels from a numbering style
        "(2) Tổ dân phố.",
    ]


def test_numbers_are_the_ones_libreoffice_shows():
    """LibreOffice renders the same numbering.xml on its own: its PDF's words are ours."""
    word = numbering_showcase().bytes()
    pdf = pdf_of(word)
    if pdf is None:
        pytest.skip("LibreOffice (soffice) is not installed: nothing to compare with")
    shown = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert read_plan_file(word, "x.docx").split() == shown.split()


def test_annex_table_is_a_line_per_row_with_merged_cells_repeated(plan_docx):
    text = read_plan_file(plan_docx, "ke-hoach.docx")
    assert text.endswith(
        "PHÂN CÔNG NHIỆM VỤ\n\n"
        "| TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện |\n"
        "| I | Nhiệm vụ chung | Nhiệm vụ chung | Nhiệm vụ chung | Nhiệm vụ chung |\n"
        "| 1 | Rà soát quy chế dân chủ của cơ quan | Phòng Nội vụ | Các phòng chuyên môn "
        "| Quý I/2025 |\n"
        "| 2 | Tập huấn nghiệp vụ hòa giải ở cơ sở | Phòng Tư pháp | Các phòng chuyên môn "
        "| Trong tháng 7 năm 2025 |\n"
        "| 3 | Kiểm tra việc công khai tài chính | Phòng Tài chính - Kế hoạch "
        "| Các phòng chuyên môn | Trước ngày 30/11/2025 |\n")


def test_pdf_text_without_page_numbers_and_with_glyphs_repaired():
    word = district_plan().page_numbers()
    word.text("Phương hướng năm 2026: phƣơng hƣớng, C Ỉ ĐẠO thực hiện.")
    pdf = pdf_of(word.bytes())
    if pdf is None:
        pytest.skip("LibreOffice (soffice) is not installed: no PDF to read")
    lines = read_plan_file(pdf, "ke-hoach.pdf").splitlines()
    assert "I. MỤC ĐÍCH, YÊU CẦU" in lines
    assert "a) Biên soạn tài liệu hỏi đáp về Luật Thực hiện dân chủ ở cơ sở." in lines
    assert not [line for line in lines if line.startswith("Trang")]
    assert lines[-1] == "Phương hướng năm 2026: phương hướng, CHỈ ĐẠO thực hiện."


@pytest.mark.parametrize("data", [
    "KẾ HOẠCH\nI. MỤC ĐÍCH".encode("utf-8-sig"),
    "KẾ HOẠCH\nI. MỤC ĐÍCH".encode(),
    "KẾ HOẠCH\nI. MỤC ĐÍCH".encode("utf-16"),
])
def test_text_files_in_utf8_or_utf16_with_bom(data):
    assert read_plan_file(data, "ke-hoach.txt") == "KẾ HOẠCH\nI. MỤC ĐÍCH"


def _pdf(*, password: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if password:
        writer.encrypt(password, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


UNREADABLE = [
    (b"", "a.docx", PlanFileEmpty),
    (b"   \n ", "a.txt", PlanFileEmpty),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "scan.png", PlanFileTypeRefused),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "cu.doc", PlanFileTypeRefused),
    (_zip({"xl/workbook.xml": b"<workbook/>"}), "bang.xlsx", PlanFileTypeRefused),
    ("KẾ HOẠCH".encode(), "ke-hoach.docx", PlanFileTypeRefused),
    (b"PK\x03\x04" + b"\x00" * 100, "hong.docx", PlanFileCorrupt),
    (_zip({"word/document.xml": b"<w:document"}), "hong.docx", PlanFileCorrupt),
    (_pdf(password="matkhau"), "mat.pdf", PlanFileEncrypted),
    (_pdf(), "scan.pdf", PlanFileWithoutText),
    ("Đơn vi".encode("cp1258"), "ke-hoach.txt", PlanFileEncoding),
]


@pytest.mark.parametrize(("data", "name", "error"), UNREADABLE)
def test_unreadable_files_are_refused(data, name, error):
    with pytest.raises(error):
        read_plan_file(data, name)


def _damaged(data: bytes, count: int) -> list[bytes]:
    """Copies cut short or with bytes overwritten, the same on every run."""
    chance = random.Random(17)
    copies = []
    for index in range(count):
        copy = bytearray(data)
        if index % 3 == 0:
            copy = copy[:chance.randrange(10, len(copy))]
        for _ in range(chance.randrange(1, 40) if index % 3 else 0):
            copy[chance.randrange(len(copy))] = chance.randrange(256)
        copies.append(bytes(copy))
    return copies


def test_damaged_files_are_problems_never_crashes(plan_docx):
    pdf = pdf_of(plan_docx)
    samples = [(copy, "ke-hoach.docx") for copy in _damaged(plan_docx, 120)]
    samples += [(copy, "ke-hoach.pdf") for copy in _damaged(pdf, 120)] if pdf else []
    outcomes: Counter[str] = Counter()
    for copy, name in samples:
        try:
            read_plan_file(copy, name)
            outcomes["read"] += 1
        except ProblemError as problem:  # anything else escaping fails the test
            outcomes[problem.code] += 1
    assert outcomes["plan_file_corrupt"] > len(samples) / 2, outcomes


def test_zip_bomb_is_refused_by_declared_size(plan_docx, monkeypatch):
    monkeypatch.setattr(documents, "MAX_UNPACKED", 10_000)
    with pytest.raises(PlanFileTooLarge):
        read_plan_file(plan_docx, "ke-hoach.docx")


def test_text_box_written_twice_is_read_once():
    word = PlanDocx()
    box = word.document.add_paragraph()._p
    runs = '<w:r><w:t>UBND XÃ AN PHÚ</w:t></w:r>'
    box.append(parse_xml(
        f'<mc:AlternateContent {nsdecls("w")} xmlns:mc="{MC}"><mc:Choice Requires="wps">{runs}'
        f"</mc:Choice><mc:Fallback>{runs}</mc:Fallback></mc:AlternateContent>"))
    assert read_plan_file(word.bytes(), "x.docx") == "UBND XÃ AN PHÚ"


def test_xml_entities_are_never_expanded():
    """An external entity (a file of the server) and an internal one are dropped, not read."""
    source = district_plan().text("KẾ HOẠCH BỔ SUNG &xxe;&lol;").bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as original, zipfile.ZipFile(out, "w") as forged:
        for member in original.infolist():
            content = original.read(member.filename)
            if member.filename == "word/document.xml":
                content = content.replace(b"&amp;xxe;", b"&xxe;").replace(b"&amp;lol;", b"&lol;")
                declaration, rest = content.split(b"?>", 1)
                content = (declaration + b'?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
                           b'<!ENTITY lol "LOLLOL">]>' + rest)
            forged.writestr(member, content)
    text = read_plan_file(out.getvalue(), "ke-hoach.docx")
    assert text.splitlines()[-1] == "KẾ HOẠCH BỔ SUNG"
    assert "root:" not in text and "LOL" not in text


# ---------------------------------------------------------------------------------------------
# Through the API


async def _upload(client, headers, issuer_id, data, name, **fields):
    return await client.post("/api/v1/plans/import", headers=headers,
                             data={"issuer_id": str(issuer_id), **fields},
                             files={"file": (name, data, DOCX)})


async def _plan_count(client, headers):
    return (await client.get("/api/v1/plans", headers=headers)).json()["pagination"]["total"]


async def test_docx_preview_gives_the_section_tree_and_its_text(client, login, unit_ids, plan_docx):
    headers = await login("honquan.planner")
    before = await _plan_count(client, headers)
    response = await _upload(client, headers, unit_ids["694"], plan_docx, "ke-hoach.docx")
    assert response.status_code == 200, response.text
    preview = response.json()
    assert preview["plan_id"] is None and await _plan_count(client, headers) == before
    assert preview["header"]["symbol"] == "41/KH-UBND" and preview["year"] == 2025
    numbers = [s["number"] for s in preview["sections"]]
    assert [n for n in numbers if "." not in n] == ["I", "II", "III"]
    assert [n for n in numbers if n.startswith("II.1.")] == [
        "II.1.a", "II.1.b", "II.1.c", "II.1.d", "II.1.đ", "II.1.e"]
    assert {"II.2.a", "III.1", "III.2"} <= set(numbers)
    leads = {(a["section_number"], a["assignee_name"]) for a in preview["assignments"]
             if a["role"] == "lead"}
    assert {("III.1.-1", "Phòng Nội vụ"), ("III.2.-1", "Phòng Tư pháp")} <= leads
    assert preview["text"] == read_plan_file(plan_docx, "ke-hoach.docx")


async def test_pdf_preview_gives_the_section_tree(client, login, unit_ids, plan_docx):
    pdf = pdf_of(plan_docx)
    if pdf is None:
        pytest.skip("LibreOffice (soffice) is not installed: no PDF to import")
    response = await _upload(client, await login("honquan.planner"), unit_ids["694"], pdf,
                             "ke-hoach.pdf")
    assert response.status_code == 200, response.text
    preview = response.json()
    assert preview["header"]["symbol"] == "41/KH-UBND"
    numbers = [s["number"] for s in preview["sections"]]
    assert [n for n in numbers if "." not in n] == ["I", "II", "III"]
    assert {"I.1", "I.2", "II.1", "II.1.a", "II.2", "III.1", "III.2"} <= set(numbers)


async def test_docx_import_saves_a_draft(client, login, unit_ids, plan_docx):
    headers = await login("honquan.planner")
    response = await _upload(client, headers, unit_ids["694"], plan_docx, "ke-hoach.docx",
                             dry_run="false", span_start="2025-02-14", span_end="2025-12-31",
                             mapping="{}")
    assert response.status_code == 200, response.text
    plan = (await client.get(f"/api/v1/plans/{response.json()['plan_id']}",
                             headers=headers)).json()
    assert plan["status"] == "draft" and plan["number"] == "41"


@pytest.mark.parametrize(("data", "name", "code"), [
    (b"", "a.docx", "plan_file_empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "scan.png", "plan_file_type_refused"),
    (b"PK\x03\x04" + b"\x00" * 100, "hong.docx", "plan_file_corrupt"),
    (_pdf(password="matkhau"), "mat.pdf", "plan_file_encrypted"),
    (_pdf(), "scan.pdf", "plan_file_without_text"),
    ("Đơn vi".encode("cp1258"), "ke-hoach.txt", "plan_file_encoding"),
])
async def test_unreadable_uploads_are_refused_and_nothing_is_saved(client, login, unit_ids, data,
                                                                    name, code):
    headers = await login("honquan.planner")
    before = await _plan_count(client, headers)
    response = await _upload(client, headers, unit_ids["694"], data, name, dry_run="false",
                             span_start="2025-02-14", span_end="2025-12-31")
    assert_problem(response, 422, code)
    assert await _plan_count(client, headers) == before


async def test_oversized_upload_is_413(client, login, unit_ids, plan_docx, monkeypatch):
    monkeypatch.setattr(get_settings(), "plan_file_max_bytes", len(plan_docx) - 1)
    headers = await login("honquan.planner")
    response = await _upload(client, headers, unit_ids["694"], plan_docx, "ke-hoach.docx")
    assert_problem(response, 413, "plan_file_too_large")


async def test_upload_without_a_file_names_the_field(client, login, unit_ids):
    response = await client.post("/api/v1/plans/import", headers=await login("honquan.planner"),
                                 files={"issuer_id": (None, str(unit_ids["694"]))})
    problem = assert_problem(response, 422, "validation_failed")
    assert problem["errors"][0]["loc"] == ["body", "file"]
