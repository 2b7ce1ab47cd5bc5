"""Plan files built as officials' Word files are: automatic numbering from numbering.xml (the
numbers are not in the text), a borderless header table, an annex table with merged cells.

`python -m tests.plans.plan_documents DIR` writes the browser test's fixture.
"""

import shutil
import subprocess
import sys
import tempfile
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

# Abstract numberings: the plan's outline (I. / 1. / a) / - / +), targets numbered "1.1." under
# "1.", and a plain decimal list that one num continues and another restarts.
OUTLINE, TARGETS, STEPS = 10, 11, 12
# Heading numbering as Word's templates do it: levels linked to paragraph styles (lvl/pStyle), and
# a list that takes its levels from a numbering style (numStyleLink → styleLink).
HEADINGS, LINKED, LINKING = 13, 14, 15
# num ids: the outline (through the heading style too); targets; steps, continued, restarted.
NUM_OUTLINE, NUM_TARGETS, NUM_STEPS, NUM_STEPS_AGAIN, NUM_STEPS_RESTART = 20, 21, 22, 23, 24
NUM_HEADINGS, NUM_LINKED, NUM_LINKING = 25, 26, 27


def _lvl(level: int, fmt: str, text: str, start: int = 1, style: str | None = None) -> str:
    linked = f'<w:pStyle w:val="{style}"/>' if style else ""
    return (f'<w:lvl w:ilvl="{level}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'{linked}<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>')


def _abstract(abstract_id: int, levels: list[str], link: str = "") -> str:
    return (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="multilevel"/>{link}{"".join(levels)}</w:abstractNum>')


def _num(num_id: int, abstract_id: int, overrides: str = "") -> str:
    return (f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            f'{overrides}</w:num>')


def _add_numbering(document: DocxDocument) -> None:
    root = document.part.numbering_part.element
    abstracts = [
        _abstract(OUTLINE, [_lvl(0, "upperRoman", "%1."), _lvl(1, "decimal", "%2."),
                            _lvl(2, "lowerLetter", "%3)"), _lvl(3, "bullet", "-"),
                            _lvl(4, "bullet", "+")]),
        _abstract(TARGETS, [_lvl(0, "decimal", "%1."), _lvl(1, "decimal", "%1.%2.")]),
        _abstract(STEPS, [_lvl(0, "decimal", "Bước %1:")]),
        _abstract(HEADINGS, [_lvl(0, "upperRoman", "PHẦN %1.", style="PhanMuc"),
                             _lvl(1, "decimal", "Điều %2.", style="DieuMuc")]),
        _abstract(LINKED, [_lvl(0, "decimal", "(%1)")], '<w:styleLink w:val="KieuDanhSach"/>'),
        _abstract(LINKING, [], '<w:numStyleLink w:val="KieuDanhSach"/>'),
    ]
    first_num = root.find(qn("w:num"))
    for xml in abstracts:
        element = parse_xml(xml)
        if first_num is not None:
            first_num.addprevious(element)
        else:
            root.append(element)
    restart = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
    for xml in (_num(NUM_OUTLINE, OUTLINE), _num(NUM_TARGETS, TARGETS), _num(NUM_STEPS, STEPS),
                _num(NUM_STEPS_AGAIN, STEPS), _num(NUM_STEPS_RESTART, STEPS, restart),
                _num(NUM_HEADINGS, HEADINGS), _num(NUM_LINKED, LINKED),
                _num(NUM_LINKING, LINKING)):
        root.append(parse_xml(xml))


def _add_heading_style(document: DocxDocument) -> None:
    """"Muc I": a paragraph style numbered at the outline's first level, as templates do."""
    style = document.styles.add_style("Muc I", 1)
    style.font.bold = True
    ppr = style.element.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/>'
                         f'<w:numId w:val="{NUM_OUTLINE}"/></w:numPr>'))


def _add_linked_styles(document: DocxDocument) -> None:
    """Two heading styles numbered as Word writes them (the first level's numPr names no level),
    and the numbering style a linking list takes its levels from."""
    styles = document.styles.element
    for style_id, level in (("PhanMuc", ""), ("DieuMuc", '<w:ilvl w:val="1"/>')):
        styles.append(parse_xml(
            f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
            f'<w:name w:val="{style_id}"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr>{level}'
            f'<w:numId w:val="{NUM_HEADINGS}"/></w:numPr></w:pPr></w:style>'))
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="numbering" w:customStyle="1" w:styleId="KieuDanhSach">'
        f'<w:name w:val="KieuDanhSach"/><w:pPr><w:numPr><w:numId w:val="{NUM_LINKED}"/>'
        "</w:numPr></w:pPr></w:style>"))


class PlanDocx:
    """A Word plan written paragraph by paragraph; `numbered` paragraphs carry no number text."""

    def __init__(self) -> None:
        self.document = Document()
        _add_numbering(self.document)
        _add_heading_style(self.document)
        _add_linked_styles(self.document)

    def text(self, text: str) -> "PlanDocx":
        self.document.add_paragraph(text)
        return self

    def heading(self, text: str) -> "PlanDocx":
        """A Roman heading numbered by its style only."""
        self.document.add_paragraph(text, style="Muc I")
        return self

    def styled(self, text: str, style_id: str) -> "PlanDocx":
        paragraph = self.document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().insert(0, parse_xml(
            f'<w:pStyle {nsdecls("w")} w:val="{style_id}"/>'))
        return self

    def numbered(self, text: str, level: int, num_id: int = NUM_OUTLINE) -> "PlanDocx":
        paragraph = self.document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/>'
            "</w:numPr>"))
        return self

    def header(self, issuer: list[str], number: str, place_date: str) -> "PlanDocx":
        """The header block: issuer and number left, motto and place and date right, no borders."""
        table = self.document.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        left.text = issuer[0]
        for line in [*issuer[1:], number]:
            left.add_paragraph(line)
        right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        right.add_paragraph("Độc lập - Tự do - Hạnh phúc")
        right.add_paragraph(place_date)
        return self

    def table(self, rows: list[list[str]], merges: list[tuple[int, int, int, int]]) -> "PlanDocx":
        """A bordered table; each merge (row, col, to_row, to_col) keeps its first cell's text."""
        table = self.document.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        for row, col, to_row, to_col in merges:
            text = rows[row][col]
            merged = table.cell(row, col).merge(table.cell(to_row, to_col))
            merged.text = text
        return self

    def page_numbers(self) -> "PlanDocx":
        """"Trang N" in every page's footer, as a PAGE field."""
        footer = self.document.sections[0].footer.paragraphs[0]
        footer.text = "Trang "
        footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE ">'
                                   '<w:r><w:t>1</w:t></w:r></w:fldSimple>'))
        return self

    def page_break(self) -> "PlanDocx":
        self.document.add_page_break()
        return self

    def bytes(self) -> bytes:
        out = BytesIO()
        self.document.save(out)
        return out.getvalue()


ANNEX_ROWS = [
    ["TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"],
    ["I", "Nhiệm vụ chung", "", "", ""],
    ["1", "Rà soát quy chế dân chủ của cơ quan", "Phòng Nội vụ", "Các phòng chuyên môn",
     "Quý I/2025"],
    ["2", "Tập huấn nghiệp vụ hòa giải ở cơ sở", "Phòng Tư pháp", "", "Trong tháng 7 năm 2025"],
    ["3", "Kiểm tra việc công khai tài chính", "Phòng Tài chính - Kế hoạch", "",
     "Trước ngày 30/11/2025"],
]
# A group row spanning four columns; "Các phòng chuyên môn" supports all three tasks.
ANNEX_MERGES = [(1, 1, 1, 4), (2, 3, 4, 3)]


def district_plan() -> PlanDocx:
    """A district plan in the usual outline, every number Word's own, with an annex table."""
    plan = (
        PlanDocx()
        .header(["ỦY BAN NHÂN DÂN", "HUYỆN HỚN QUẢN"], "Số: 41/KH-UBND",
                "Hớn Quản, ngày 14 tháng 02 năm 2025")
        .text("KẾ HOẠCH")
        .text("Thực hiện dân chủ ở cơ sở trên địa bàn huyện năm 2025")
        .text("Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022;")
        .text("Ủy ban nhân dân huyện ban hành Kế hoạch thực hiện như sau:")
        .heading("MỤC ĐÍCH, YÊU CẦU")
        .numbered("Mục đích", 1)
        .numbered("Phát huy quyền làm chủ của Nhân dân ở cơ sở.", 3)
        .numbered("Yêu cầu", 1)
        .numbered("Bảo đảm công khai, minh bạch, đúng quy định của pháp luật.", 3)
        .heading("NHIỆM VỤ TRỌNG TÂM")
        .numbered("Tuyên truyền, phổ biến pháp luật về dân chủ ở cơ sở", 1)
        .numbered("Biên soạn tài liệu hỏi đáp về Luật Thực hiện dân chủ ở cơ sở.", 2)
        .numbered("Đăng tải tin bài trên Cổng thông tin điện tử huyện.", 2)
        .numbered("Tổ chức hội nghị quán triệt cho cán bộ chủ chốt.", 2)
        .numbered("Lồng ghép nội dung tuyên truyền vào sinh hoạt của các đoàn thể.", 2)
        .numbered("Phát hành tờ gấp đến các khu dân cư.", 2)
        .numbered("Tổ chức cuộc thi tìm hiểu pháp luật.", 2)
        .numbered("Thực hiện dân chủ trong cơ quan", 1)
        .numbered("Hội nghị cán bộ, công chức tổ chức hằng năm.", 2)
        .numbered("nội dung hội nghị gồm kế hoạch công tác;", 4)
        .heading("TỔ CHỨC THỰC HIỆN")
        .numbered("Phòng Nội vụ", 1)
        .numbered("Chủ trì theo dõi, đôn đốc việc thực hiện Kế hoạch; tổng hợp báo cáo hằng năm.", 3)
        .numbered("Phòng Tư pháp", 1)
        .numbered("Chủ trì tuyên truyền, phổ biến pháp luật về dân chủ ở cơ sở.", 3)
        .text("Phụ lục")
        .text("PHÂN CÔNG NHIỆM VỤ")
        .table(ANNEX_ROWS, ANNEX_MERGES)
    )
    return plan


def numbering_showcase() -> PlanDocx:
    """Every numbering shape in a row: targets "1.1.", a continued list and a restarted one."""
    return (
        PlanDocx()
        .numbered("Chỉ tiêu", 0, NUM_TARGETS)
        .numbered("100% cơ quan tổ chức hội nghị cán bộ, công chức.", 1, NUM_TARGETS)
        .numbered("Ít nhất 95% thôn tổ chức hội nghị thôn.", 1, NUM_TARGETS)
        .numbered("Giải pháp", 0, NUM_TARGETS)
        .numbered("Tăng cường kiểm tra.", 1, NUM_TARGETS)
        .numbered("Lập danh sách.", 0, NUM_STEPS)
        .numbered("Niêm yết.", 0, NUM_STEPS_AGAIN)
        .numbered("Lấy ý kiến.", 0, NUM_STEPS_RESTART)
        .numbered("Tổng hợp.", 0, NUM_STEPS_RESTART)
        .styled("QUY ĐỊNH CHUNG", "PhanMuc")
        .styled("Phạm vi", "DieuMuc")
        .styled("Đối tượng", "DieuMuc")
        .numbered("Thôn tự quản.", 0, NUM_LINKING)
        .numbered("Tổ dân phố.", 0, NUM_LINKING)
    )


def pdf_of(docx: bytes) -> bytes | None:
    """The PDF LibreOffice makes of a Word file; None without LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "plan.docx"
        source.write_bytes(docx)
        subprocess.run([soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", folder, str(source)],
                       check=True, capture_output=True, timeout=120)
        return (Path(folder) / "plan.pdf").read_bytes()


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ke-hoach-huyen.docx").write_bytes(district_plan().bytes())
