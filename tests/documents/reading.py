"""Reading a report's document back as an official would see it: its text, layout and fonts."""

import io
from dataclasses import dataclass

import docx
from docx.shared import Pt


@dataclass
class ReadDocument:
    header: list[list[str]]  # the header table: left column's lines, right column's lines
    lines: list[str]  # every paragraph and table cell, in order, the header included
    document: docx.document.Document

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def read_docx(content: bytes) -> ReadDocument:
    document = docx.Document(io.BytesIO(content))
    header = [[p.text for p in cell.paragraphs if p.text]
              for cell in document.tables[0].rows[0].cells]
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in block.iter(docx.oxml.ns.qn("w:t"))))
        elif tag == "tbl":
            for paragraph in block.iter(docx.oxml.ns.qn("w:p")):
                lines.append("".join(t.text or "" for t in paragraph.iter(docx.oxml.ns.qn("w:t"))))
    return ReadDocument(header, [line for line in lines if line.strip()], document)


def assert_decree_30_layout(read: ReadDocument) -> None:
    """A4 portrait, margins within the decree's ranges, Times New Roman 13–14 pt, the header a
    borderless two-column table, page numbers from page 2."""
    section = read.document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [round(length.mm, 1) for length in (section.top_margin, section.bottom_margin,
                                                   section.left_margin, section.right_margin)]
    assert 20 <= margins[0] <= 25 and 20 <= margins[1] <= 25, margins
    assert 30 <= margins[2] <= 35 and 15 <= margins[3] <= 20, margins
    normal = read.document.styles["Normal"].font
    assert normal.name == "Times New Roman" and Pt(13) <= normal.size <= Pt(14)
    runs = [run for paragraph in read.document.paragraphs for run in paragraph.runs]
    assert all(run.font.name == "Times New Roman" for run in runs)
    table = read.document.tables[0]
    assert len(table.columns) == 2
    borders = table._tbl.tblPr.find(docx.oxml.ns.qn("w:tblBorders"))
    assert borders is not None and all(edge.get(docx.oxml.ns.qn("w:val")) == "nil" for edge in borders)
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml and not section.first_page_header.paragraphs[0].text
