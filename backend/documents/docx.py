"""A report written as Decree 30/2020 (Appendix I) lays out an administrative document.

A4 portrait; margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman, body 14 pt,
justified with a first-line indent; the header as a borderless two-column table; page numbers from
page 2, top centre. The PDF is this file converted, so there is one layout.
"""

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from backend.documents.service import Report, Section, Tasks

FONT = "Times New Roman"
BODY_PT = 14
TEXT_WIDTH = Mm(210 - 30 - 15)


def _length(emu: int) -> Length:
    return Length(emu)

_INDENT = Cm(1)
# What follows a paragraph's borders in its properties (ECMA-376 CT_PPrBase), for valid order.
_AFTER_BORDERS = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                  "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                  "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                  "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
                  "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
                  "w:rPr", "w:sectPr", "w:pPrChange")


def _font(run_or_style: object, size: float, *, bold: bool = False, italic: bool = False) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name, font.size, font.bold, font.italic = FONT, Pt(size), bold, italic
    # Word picks the font per script; Vietnamese letters must not fall back to another face.
    element = run_or_style.element  # type: ignore[attr-defined]
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _line(container: DocxDocument | _Cell, text: str, size: float = BODY_PT, *, bold: bool = False,
          italic: bool = False, align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
          before: float = 0, after: float = 0) -> Paragraph:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    layout = paragraph.paragraph_format
    layout.space_before, layout.space_after, layout.first_line_indent = Pt(before), Pt(after), 0
    layout.line_spacing = 1.0
    if text:
        _font(paragraph.add_run(text), size, bold=bold, italic=italic)
    return paragraph


def _rule(container: DocxDocument | _Cell, width: Length, container_width: Length) -> None:
    """A short centred line under the paragraph before: the bottom border of an empty, thin
    paragraph narrowed by indents, so the text above keeps its full width."""
    paragraph = _line(container, "", 2, before=2)
    # The paragraph mark's size sets the empty line's height.
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    paragraph._p.get_or_add_pPr().append(mark)
    side = Length(max((container_width - width) // 2, 0))
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = side
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_BORDERS)


def _borderless(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar",
                                           "w:tblLook", "w:tblCaption", "w:tblDescription")


def _columns(document: DocxDocument, widths: list[Length], *, borders: bool) -> Table:
    table = document.add_table(rows=1, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    if borders:
        table.style = document.styles["Table Grid"]
    else:
        _borderless(table)
    # Word reads the cells' widths, LibreOffice the grid's: set both, and a fixed layout.
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = width
    table._tbl.tblPr.get_or_add_tblLayout().set(qn("w:type"), "fixed")
    _empty_cells(table.rows[0].cells, widths)
    return table


def _empty_cells(cells: list[_Cell], widths: list[Length]) -> None:
    """Cells of the given widths, without the empty paragraph a new cell starts with."""
    for cell, width in zip(cells, widths, strict=True):
        cell.width = width
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)


def _page_setup(document: DocxDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    normal = document.styles["Normal"]
    _font(normal, BODY_PT)
    # Page numbers from page 2: the first page has a header of its own, left empty.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    _font(run, 13)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind is None:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = text
            run._r.append(code)
        else:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)


def _heading(document: DocxDocument, report: Report) -> None:
    if report.draft:
        mark = _line(document, "DỰ THẢO", 13, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT, after=6)
        mark.paragraph_format.keep_with_next = True
    left_width = Mm(62)
    right_width = _length(TEXT_WIDTH - left_width)
    table = _columns(document, [left_width, right_width], borders=False)
    left, right = table.rows[0].cells
    _line(left, report.managing_body, 13)
    _line(left, report.issuing_body, 13, bold=True)
    _rule(left, Mm(22), left_width)
    _line(left, report.number_line, 13, before=6)
    _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True)
    _line(right, "Độc lập - Tự do - Hạnh phúc", 14, bold=True)
    _rule(right, Mm(58), right_width)
    _line(right, report.date_line, 14, italic=True, before=6)
    _line(document, "BÁO CÁO", 14, bold=True, before=18)
    _line(document, report.summary, 14, bold=True)
    _rule(document, Mm(40), TEXT_WIDTH)
    _line(document, "", after=6)


def _text(document: DocxDocument, text: str, *, bold: bool = False, italic: bool = False) -> None:
    paragraph = _line(document, text, BODY_PT, bold=bold, italic=italic,
                      align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6)
    paragraph.paragraph_format.first_line_indent = _INDENT
    paragraph.paragraph_format.line_spacing = 1.15


def _figures(document: DocxDocument, report_section: Section) -> None:
    _text(document, "1. Kết quả các chỉ tiêu", bold=True)
    widths = [Mm(12), Mm(95), Mm(25), _length(TEXT_WIDTH - Mm(132))]
    table = _columns(document, widths, borders=True)
    for cell, title in zip(table.rows[0].cells, ("TT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"),
                           strict=True):
        _line(cell, title, 13, bold=True)
    for index, line in enumerate(report_section.figures, start=1):
        cells = table.add_row().cells
        _empty_cells(cells, widths)
        _line(cells[0], str(index), 13)
        _line(cells[1], line.name, 13, align=WD_ALIGN_PARAGRAPH.LEFT)
        _line(cells[2], line.unit_of_measure, 13)
        _line(cells[3], line.value, 13, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _line(document, "", after=6)


def _tasks(document: DocxDocument, tasks: Tasks) -> None:
    _text(document, "2. Tiến độ thực hiện nhiệm vụ", bold=True)
    if not tasks.due:
        _text(document, "Trong kỳ không có nhiệm vụ đến hạn.")
        return
    _text(document, f"Trong kỳ có {tasks.due} nhiệm vụ đến hạn: hoàn thành {tasks.completed}, "
                    f"đang thực hiện {tasks.in_progress}, quá hạn {len(tasks.overdue)}.")
    if tasks.overdue:
        _text(document, "Nhiệm vụ quá hạn:")
        for task in tasks.overdue:
            _text(document, f"- {task.task} ({task.plan}), hạn {task.due_date:%d/%m/%Y};")


def _body(document: DocxDocument, report: Report) -> None:
    for section in report.sections:
        _text(document, section.title, bold=True)
        for paragraph in section.text.splitlines():
            if paragraph.strip():
                _text(document, paragraph.strip())
        if section.figures:
            _figures(document, section)
        for note in section.notes:
            _text(document, note)
        if section.tasks is not None:
            _tasks(document, section.tasks)


def _close(document: DocxDocument, report: Report) -> None:
    left_width = Mm(75)
    table = _columns(document, [left_width, _length(TEXT_WIDTH - left_width)], borders=False)
    left, right = table.rows[0].cells
    _line(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=12)
    for recipient in report.recipients:
        _line(left, f"- {recipient}", 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    first = True
    for text in (report.signer_authority, report.signer_title):
        if text:
            _line(right, text.upper(), 14, bold=True, before=12 if first else 0)
            first = False
    for _ in range(4):
        _line(right, "")
    _line(right, report.signer_name, 14, bold=True)


def render(report: Report) -> bytes:
    document = Document()
    _page_setup(document)
    _heading(document, report)
    _body(document, report)
    _close(document, report)
    document.core_properties.title = f"Báo cáo {report.summary}"
    document.core_properties.author = report.unit_name
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
