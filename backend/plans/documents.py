"""A plan file (.docx, .pdf, .txt) as the text the parser reads: what a reader of the file sees.

Word keeps automatic numbering out of the text: each paragraph's number ("1.", "a)", "II.", "-")
is computed here from numbering.xml the way Word counts, so the section tree is the one on screen.
Tables become one line per row, `| cell | cell |`, which the parser reads as a table. A PDF's text
comes out in content order with each page's running header, footer and page number dropped, and
the glyphs PDF extraction breaks repaired.

The kind of file is told by its content, never by its name alone. python-docx parses the XML with
entity resolution off, and a zip's members are added up by their declared sizes before any is
inflated (Python's zip reader stops a member at its declared size), so a zip bomb is refused
unread.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePath
from zipfile import BadZipFile, ZipFile

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from lxml.etree import _Element
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError

from backend.config import get_settings
from backend.kit.text import fold
from backend.plans.errors import (
    PlanFileCorrupt,
    PlanFileEmpty,
    PlanFileEncoding,
    PlanFileEncrypted,
    PlanFileTooLarge,
    PlanFileTypeRefused,
    PlanFileWithoutText,
)
from backend.plans.parsing import LETTERS, PDF_GLYPHS, drop_running_headers, is_page_artefact

MAX_UNPACKED = 128 * 1024 * 1024  # a 100-page plan's document.xml is a few MB; images the rest
_MIN_PDF_TEXT = 40  # characters: fewer over the whole file is a scan, not a text layer

_ZIP = b"PK\x03\x04"
_PDF = b"%PDF-"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, and a password-protected .docx
_EXTENSIONS = {".docx": "docx", ".pdf": "pdf", ".txt": "txt"}


def read_plan_file(data: bytes, filename: str) -> str:
    """The plan's text, paragraphs one per line; a problem error when the file cannot give it."""
    if not data:
        raise PlanFileEmpty("The file is empty.")
    limit = get_settings().plan_file_max_bytes
    if len(data) > limit:
        raise PlanFileTooLarge(f"A plan file may be at most {limit:,} bytes.")
    kind = _kind_of(data)
    named = _EXTENSIONS.get(PurePath(filename).suffix.lower())
    if named is not None and named != kind:
        raise PlanFileTypeRefused(f"The file is named {filename} but its content is not a "
                                  f".{named} file.")
    readers = {"docx": _docx_text, "pdf": _pdf_text, "txt": _plain_text}
    text = readers[kind](data)
    if not text.strip():
        raise PlanFileEmpty("The file holds no text.")
    return text


def _kind_of(data: bytes) -> str:
    if data.startswith(_ZIP):
        return "docx"
    if data.startswith(_PDF):
        return "pdf"
    if data.startswith(_OLE):
        raise PlanFileTypeRefused("This is an old Word file (.doc) or a password-protected one: "
                                  "save it as .docx without a password.")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PlanFileTypeRefused("Only Word (.docx), PDF and plain text (.txt) files are read.")
    return "txt"


# ---------------------------------------------------------------------------------------------
# Plain text


def _plain_text(data: bytes) -> str:
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise PlanFileEncoding("A text file must be UTF-8, or UTF-16 with its byte order mark; "
                               "save it again as UTF-8.") from None


# ---------------------------------------------------------------------------------------------
# Word


def _docx_text(data: bytes) -> str:
    try:
        with ZipFile(BytesIO(data)) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            unpacked = sum(member.file_size for member in members)
    except (BadZipFile, ValueError, NotImplementedError):
        raise PlanFileCorrupt("The Word file is damaged: its zip archive cannot be read.") from None
    if "word/document.xml" not in names:
        raise PlanFileTypeRefused("The file is a zip archive but not a Word document (.docx).")
    if unpacked > MAX_UNPACKED:
        raise PlanFileTooLarge(f"The Word file unpacks to more than {MAX_UNPACKED:,} bytes.")
    try:
        return "\n".join(_WordReader(Document(BytesIO(data))).lines())
    # A damaged member fails in zlib, the zip reader, lxml or a number that is not one (BadZipFile,
    # zlib.error, NotImplementedError, XMLSyntaxError, ValueError…): the file's fault, not the server's.
    except Exception as exc:
        raise PlanFileCorrupt(f"The Word file is damaged: {exc}.") from None


# What python-docx raises for a part the file does not have (numbering, styles): KeyError, or
# NotImplementedError for a part of a type it does not model. The file then has none to read.
_NO_SUCH_PART = (KeyError, NotImplementedError)


@dataclass
class _Level:
    fmt: str
    text: str
    start: int
    restart: int | None  # the level whose use restarts this one; None: never


class _Numbering:
    """Word's automatic numbers: numbering.xml's definitions and the counters as the body runs.

    Counters belong to an abstract numbering, so every num pointing to it continues one list; a
    num's startOverride restarts a level the first time that num is used."""

    def __init__(self, document: DocxDocument) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[tuple[str, int]] = set()
        self.styles = _styles(document)
        try:
            root = document.part.numbering_part.element
        except _NO_SUCH_PART:
            return
        links: dict[str, str] = {}
        for node in root.iterchildren(qn("w:abstractNum")):
            abstract_id = node.get(qn("w:abstractNumId"))
            self.abstract[abstract_id] = _levels(node)
            link = _val(node.find(qn("w:numStyleLink")))
            if link is not None:
                links[abstract_id] = link
        for node in root.iterchildren(qn("w:num")):
            abstract_id = _val(node.find(qn("w:abstractNumId")))
            if abstract_id is not None:
                self.nums[node.get(qn("w:numId"))] = (abstract_id, *_overrides(node))
        for abstract_id, style_id in links.items():
            self._follow_link(abstract_id, style_id)

    def _follow_link(self, abstract_id: str, style_id: str) -> None:
        """A list that takes its levels from a numbering style (numStyleLink) is that style's list."""
        style = self.styles.get(style_id)
        num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}") if style is not None else None
        num_id = _val(num_pr.find(qn("w:numId"))) if num_pr is not None else None
        if num_id in self.nums:
            target = self.nums[num_id][0]
            for num, (points_to, starts, overrides) in self.nums.items():
                if points_to == abstract_id:
                    self.nums[num] = (target, starts, overrides)

    def label(self, paragraph: _Element) -> str | None:
        """The paragraph's visible number, counted; None when it has none."""
        found = self._num_pr(paragraph)
        if found is None:
            return None
        num_id, level = found
        abstract_id, starts, overrides = self.nums[num_id]
        levels = {**self.abstract.get(abstract_id, {}), **overrides}
        if level not in levels:
            return None
        counters = self.counters.setdefault(abstract_id, {})
        if level in starts and (num_id, level) not in self.started:
            counters[level] = starts[level]
        elif level in counters:
            counters[level] += 1
        else:
            counters[level] = levels[level].start
        self.started.add((num_id, level))
        for deeper, definition in levels.items():
            if deeper > level and definition.restart is not None and definition.restart <= level:
                counters.pop(deeper, None)
        return _render(levels, level, counters)

    def _num_pr(self, paragraph: _Element) -> tuple[str, int] | None:
        """numId and level: the paragraph's own, else its style's (through basedOn)."""
        ppr = paragraph.find(qn("w:pPr"))
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        style_id = _val(ppr.find(qn("w:pStyle"))) if ppr is not None else None
        num_id = _val(num_pr.find(qn("w:numId"))) if num_pr is not None else None
        level = _val(num_pr.find(qn("w:ilvl"))) if num_pr is not None else None
        seen: set[str] = set()
        while style_id and style_id not in seen and (num_id is None or level is None):
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:
                break
            style_num = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if style_num is not None:
                num_id = num_id or _val(style_num.find(qn("w:numId")))
                level = level or _val(style_num.find(qn("w:ilvl")))
            style_id = _val(style.find(qn("w:basedOn")))
        if num_id is None or num_id not in self.nums:
            return None
        return num_id, int(level or 0)


def _overrides(num: _Element) -> tuple[dict[int, int], dict[int, _Level]]:
    """A num's own start values and redefined levels (lvlOverride)."""
    starts: dict[int, int] = {}
    levels: dict[int, _Level] = {}
    for override in num.iterchildren(qn("w:lvlOverride")):
        level = int(override.get(qn("w:ilvl"), "0"))
        start = _val(override.find(qn("w:startOverride")))
        if start is not None:
            starts[level] = int(start)
        redefined = override.find(qn("w:lvl"))
        if redefined is not None:
            levels[level] = _level(redefined)
    return starts, levels


def _styles(document: DocxDocument) -> dict[str, _Element]:
    try:
        root = document.styles.element
    except _NO_SUCH_PART:
        return {}
    return {node.get(qn("w:styleId")): node for node in root.iterchildren(qn("w:style"))}


def _val(node: _Element | None) -> str | None:
    return node.get(qn("w:val")) if node is not None else None


def _levels(abstract: _Element) -> dict[int, _Level]:
    return {int(node.get(qn("w:ilvl"), "0")): _level(node)
            for node in abstract.iterchildren(qn("w:lvl"))}


def _level(node: _Element) -> _Level:
    level = int(node.get(qn("w:ilvl"), "0"))
    restart = _val(node.find(qn("w:lvlRestart")))
    return _Level(
        fmt=_val(node.find(qn("w:numFmt"))) or "decimal",
        text=_val(node.find(qn("w:lvlText"))) or "",
        start=int(_val(node.find(qn("w:start"))) or "1"),
        # By default a level restarts after any level above it; lvlRestart 0 never restarts it.
        restart=level - 1 if restart is None else (None if restart == "0" else int(restart) - 1),
    )


_PLACEHOLDER = re.compile(r"%([1-9])")


def _render(levels: dict[int, _Level], level: int, counters: dict[int, int]) -> str | None:
    definition = levels[level]
    if definition.fmt == "none":
        return None
    if definition.fmt == "bullet":
        return "+" if definition.text.strip() == "+" else "-"

    def number(match: re.Match[str]) -> str:
        at = int(match.group(1)) - 1
        shown = levels.get(at)
        if shown is None:
            return ""
        return _format(counters.get(at, shown.start), shown.fmt)

    return _PLACEHOLDER.sub(number, definition.text).strip() or None


def _format(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = _letter(value)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _letter(value: int) -> str:
    """Letters as Vietnamese documents count them: a) b) c) d) đ) e) g) …, then aa) bb) …"""
    if value < 1:
        return str(value)
    index, rounds = (value - 1) % len(LETTERS), (value - 1) // len(LETTERS)
    return LETTERS[index] * (rounds + 1)


_ROMAN_DIGITS = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                 (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(value: int) -> str:
    if value < 1:
        return str(value)
    digits = []
    for amount, written in _ROMAN_DIGITS:
        count, value = divmod(value, amount)
        digits.append(written * count)
    return "".join(digits)


_LAYOUT_WORDS = ("cong hoa xa hoi chu nghia", "noi nhan")


class _WordReader:
    """The body in document order: paragraphs with their numbers, tables row by row."""

    def __init__(self, document: DocxDocument) -> None:
        self.body = document.element.body
        self.numbering = _Numbering(document)

    def lines(self) -> Iterator[str]:
        yield from self._blocks(self.body)

    def _blocks(self, parent: _Element) -> Iterator[str]:
        for child in parent.iterchildren():
            if child.tag == qn("w:p"):
                yield self._paragraph(child)
            elif child.tag == qn("w:tbl"):
                yield from self._table(child)
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from self._blocks(content)

    def _paragraph(self, paragraph: _Element) -> str:
        text = _paragraph_text(paragraph)
        label = self.numbering.label(paragraph)
        return f"{label} {text}" if label and text else text

    def _table(self, table: _Element) -> Iterator[str]:
        rows = _grid(table, self._cell_text)
        if any(word in fold(cell) for row in rows for cell in row for word in _LAYOUT_WORDS):
            # The header block and the signature block are laid out in a borderless table:
            # their text is read column by column, as paragraphs.
            yield from self._layout_table(table)
            return
        yield ""
        for row in rows:
            yield "| " + " | ".join(row) + " |"
        yield ""

    def _layout_table(self, table: _Element) -> Iterator[str]:
        columns: dict[int, list[str]] = {}
        for row in table.iterchildren(qn("w:tr")):
            for index, cell in enumerate(row.iterchildren(qn("w:tc"))):
                columns.setdefault(index, []).extend(
                    self._paragraph(p) for p in cell.iter(qn("w:p")))
        for index in sorted(columns):
            yield from columns[index]

    def _cell_text(self, cell: _Element) -> str:
        lines = [line for line in self._blocks(cell) if line.strip()]
        return " ".join(" ".join(line.split()) for line in lines)


def _grid(table: _Element, read: Callable[[_Element], str]) -> list[list[str]]:
    """Rows of cell texts on the table's grid: a cell spanning columns (gridSpan) or continuing a
    vertical merge (vMerge) repeats the merged cell's text in each place it covers."""
    rows: list[list[str]] = []
    above: dict[int, str] = {}
    for row in table.iterchildren(qn("w:tr")):
        cells: list[str] = []
        for cell in row.iterchildren(qn("w:tc")):
            pr = cell.find(qn("w:tcPr"))
            span = int(_val(pr.find(qn("w:gridSpan"))) or "1") if pr is not None else 1
            merge = pr.find(qn("w:vMerge")) if pr is not None else None
            continued = merge is not None and merge.get(qn("w:val"), "continue") == "continue"
            column = len(cells)
            text = above.get(column, "") if continued else read(cell)
            for offset in range(span):
                above[column + offset] = text
                cells.append(text)
        rows.append(cells)
    return rows


def _paragraph_text(paragraph: _Element) -> str:
    """The visible text of a paragraph: runs, hyperlinks and fields' results, tabs as spaces,
    line breaks as new lines; deleted revisions and field codes are not text."""
    parts: list[str] = []
    for node in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen")):
        if _is_deleted(node):
            continue
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append(" ")
        elif node.tag == qn("w:noBreakHyphen"):
            parts.append("-")
        elif node.get(qn("w:type")) in (None, "textWrapping"):
            parts.append("\n")
    return "".join(parts).strip()


# Tracked deletions, text moved elsewhere, and the copy of a text box kept for old readers (a text
# box is written twice: mc:Choice for Word, mc:Fallback as VML).
_NOT_SHOWN = {qn("w:del"), qn("w:moveFrom"),
              "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}


def _is_deleted(node: _Element) -> bool:
    return any(ancestor.tag in _NOT_SHOWN for ancestor in node.iterancestors())


# ---------------------------------------------------------------------------------------------
# PDF


def _pdf_text(data: bytes) -> str:
    pages = _pdf_pages(data)
    if sum(len("".join(page.split())) for page in pages) < _MIN_PDF_TEXT:
        raise PlanFileWithoutText("The PDF has no text layer (a scan): run text recognition (OCR) "
                                  "on it first, or send the Word file.")
    lines: list[str] = []
    for page in pages:
        lines.extend(_page_lines(page))
    return _repair_glyphs("\n".join(drop_running_headers(lines)))


def _pdf_pages(data: bytes) -> list[str]:
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):  # an owner password alone still reads
            raise FileNotDecryptedError("a password is needed")
        return [page.extract_text() or "" for page in reader.pages]
    except FileNotDecryptedError:
        raise PlanFileEncrypted("The PDF is protected by a password: send it unprotected.") from None
    # A damaged file makes pypdf raise errors of many kinds (its own, ValueError, KeyError,
    # NotImplementedError, a decompression limit…): each is the file's fault, never the server's.
    except Exception as exc:
        raise PlanFileCorrupt(f"The PDF is damaged: {exc}.") from None


_EDGE = 2  # a page number stands in the first or last lines of its page


def _page_lines(page: str) -> list[str]:
    lines = [" ".join(line.split()) for line in page.splitlines()]
    lines = [line for line in lines if line]
    edges = set(range(_EDGE)) | set(range(len(lines) - _EDGE, len(lines)))
    return [line for index, line in enumerate(lines)
            if index not in edges or not is_page_artefact(line)]


# Fonts whose "H" + marked vowel is one glyph without a Unicode mapping lose the "H": "CHỈ ĐẠO"
# comes out as "C Ỉ ĐẠO". A lone upper-case onset that needs an "H" to be a syllable, a space, then
# an upper-case marked vowel, is such a word.
_MARKED_CAPITALS = "ÀÁẢÃẠÈÉẺẼẸÌÍỈĨỊÒÓỎÕỌÙÚỦŨỤỲÝỶỸỴỐỒỔỖỘẾỀỂỄỆỚỜỞỠỢỨỪỬỮỰẮẰẲẴẶẤẦẨẪẬ"
_LOST_H = re.compile(rf"(?<!\w)(C|G|K|NG|P|T) (?=[{_MARKED_CAPITALS}])")


def _repair_glyphs(text: str) -> str:
    return _LOST_H.sub(r"\1H", text.translate(PDF_GLYPHS))
