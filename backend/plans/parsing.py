"""Parse the text of a Vietnamese plan (Kế hoạch) into its header, legal bases, sections,
responsible bodies and targets. Pure Python, no database.

The input is what a planner pastes: text copied from a Word file, or extracted from a PDF with
hard-wrapped lines, page numbers and broken glyphs. The parser never guesses words it cannot read;
what it cannot structure it keeps as text and says so in `ParsedPlan.warnings`.

Pipeline: clean the lines → join lines broken mid-sentence into paragraphs → cut the paragraphs into
regions (header, title, legal bases, body, closing, recipients and signature) → build the section
tree from the labels of the body → classify sections and read bodies, tasks and targets.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from backend.kit.text import fold, nfc
from backend.models import AssignmentMode, SectionKind
from backend.periods.occurrences import Recurrence

Comparator = Literal[">=", ">", "<=", "="]


class PlanTextError(ValueError):
    """The text cannot be read as a plan at all (e.g. it is empty)."""


@dataclass(frozen=True)
class LegalBasis:
    """A document the plan implements or rests on ("Thực hiện Nghị quyết số 31/2023/NQ-HĐND …")."""

    kind: str
    number: str | None
    date: dt.date | None
    issuer: str | None
    sentence: str


@dataclass(frozen=True)
class Section:
    """One mục of the plan: a heading, an objective, a target, a task or a leftover note."""

    number: str
    label: str
    title: str
    text: str
    kind: SectionKind
    parent_number: str | None
    depth: int
    order: int
    recurrence: Recurrence
    recurrence_years: tuple[int, int] | None
    support_names: list[str] = field(default_factory=list)
    recurrences: tuple[Recurrence, ...] = ()  # every cycle, `recurrence` first
    due: dt.date | None = None


@dataclass(frozen=True)
class Body:
    """A responsible body named under "TỔ CHỨC THỰC HIỆN", with the tasks given to it."""

    section_number: str
    name: str
    mode: AssignmentMode
    is_group: bool
    group_kinds: list[str]
    tasks: list[str]


@dataclass(frozen=True)
class Target:
    """A measurable goal ("100% cơ quan … tổ chức Hội nghị … hàng năm")."""

    section_number: str
    value: float
    comparator: Comparator
    unit: str
    subject: str
    recurrence: Recurrence
    recurrence_years: tuple[int, int] | None


@dataclass(frozen=True)
class ParsedPlan:
    """Everything read from a plan's text; `warnings` says what could not be understood."""

    number: str | None
    type_code: str | None
    issuer_code: str | None
    issuer_name: str | None
    place: str | None
    issue_date: dt.date | None
    year: int | None
    document_type: str | None
    title: str | None
    legal_bases: list[LegalBasis]
    preamble: list[str]
    sections: list[Section]
    bodies: list[Body]
    targets: list[Target]
    closing: str | None
    recipients: list[str]
    signer_authority: str | None
    signer_title: str | None
    signer_name: str | None
    warnings: list[str]


# ---------------------------------------------------------------------------------------------
# Folding that keeps positions: regexes run on the folded text, slices are taken from the original.


class _FoldTable(dict[int, str]):
    """str.translate table built lazily: one entry per distinct character, so 5 MB stay fast."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = fold(char) if not char.isspace() else " "
        # fold() may drop a lone combining mark or expand a character; keep one char per char.
        value = folded[:1] if len(folded) >= 1 else char
        self[code] = value
        return value


_FOLD_TABLE = _FoldTable()


def _fold_same_length(value: str) -> str:
    return value.translate(_FOLD_TABLE)


# ---------------------------------------------------------------------------------------------
# Cleaning


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACELIKE = dict.fromkeys(map(ord, "\t\u00a0\u2007\u202f\u2002\u2003\u2009\u3000\v"), " ")
PDF_GLYPHS = {ord("ƣ"): "ư", ord("Ƣ"): "Ư"}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MULTISPACE = re.compile(r" {2,}")
_PAGE_ARTEFACT = re.compile(
    r"(?:\d{1,4}|[-–] ?\d{1,4} ?[-–]|(?:trang|page) ?\d{1,4}(?: ?(?:/|of|tren) ?\d{1,4})?)"
)
_REPEAT_LIMIT = 3  # a short line seen this often is a running page header or footer
_HEADER_LINES = 12  # where the issuer's name legitimately stands once before repeating


def _clean_lines(text: str) -> list[str]:
    """Normalised non-empty lines, page artefacts dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.translate(_INVISIBLE).translate(_SPACELIKE).translate(PDF_GLYPHS)
    text = _CONTROL.sub(" ", nfc(text)).replace("**", "")
    lines = [_MULTISPACE.sub(" ", line).strip() for line in text.split("\n")]
    lines = [line for line in lines if line and not is_page_artefact(line)]
    return drop_running_headers(lines)


def is_page_artefact(line: str) -> bool:
    return len(line) <= 20 and _PAGE_ARTEFACT.fullmatch(_fold_same_length(line)) is not None


def drop_running_headers(lines: list[str]) -> list[str]:
    """Drop lines repeated on every page; the first copy stays only where the document starts."""
    counts = Counter(
        line for line in lines
        if len(line) <= 80 and _label_of(line) is None and not _is_table_row(line)
    )
    seen: set[str] = set()
    kept: list[str] = []
    for index, line in enumerate(lines):
        count = counts.get(line, 0)
        running = count >= _REPEAT_LIMIT or (count >= 2 and _is_all_caps(line))
        if running and (line in seen or index >= _HEADER_LINES):
            continue
        seen.add(line)
        kept.append(line)
    return kept


# ---------------------------------------------------------------------------------------------
# Labels


@dataclass(frozen=True)
class _Label:
    level: int  # 0 Roman, 1 Arabic, 2 "1.1.", 3 letter, 4 "-" bullet, 5 "+" bullet
    key: str
    written: str
    rest: str


_ROMANS = (
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
    "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
)  # fmt: skip
_ARABICS = tuple(str(n) for n in range(1, 100))
LETTERS = (
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
    "u", "v", "x", "y",
)  # fmt: skip
_ROMAN_LABEL = re.compile(r"([IVX]{1,5}) ?([.)\-–—:]) ?(\S.*)")
_ARABIC_LABEL = re.compile(r"(\d{1,2}) ?([.)])(?!\d) ?(\S.*)")
# "1.1. 100% …" or "2.3 Tuyên truyền": a sub-item of an Arabic one; the last number is its key.
# Without its closing dot it must be followed by a word: "1.5 triệu đồng" is no item.
_DOTTED_LABEL = re.compile(r"(\d{1,2}(?:\.\d{1,2}){1,2})(?:(\.) |( )(?=[^\d\s]))(\S.*)")
_LETTER_LABEL = re.compile(r"([a-zđ]) ?(\)) ?(\S.*)")
_BULLET_LABEL = re.compile(r"([-+•–—*\uf0b7\uf02d]) ?(\S.*)")
_LEVEL_ROMAN, _LEVEL_ARABIC, _LEVEL_DOTTED, _LEVEL_LETTER, _LEVEL_DASH, _LEVEL_PLUS = range(6)
_LEVELS = 6
_LEVEL_ROW = _LEVELS  # a row of an assignment table: outside the label sequence


def _label_of(paragraph: str) -> _Label | None:
    """The label a paragraph starts with, without checking the sequence."""
    match = _ROMAN_LABEL.match(paragraph)
    if match and match.group(1) in _ROMANS:
        written = match.group(1) + ("." if match.group(2) in ".:" else f" {match.group(2)}")
        return _Label(_LEVEL_ROMAN, match.group(1), written, match.group(3))
    match = _ARABIC_LABEL.match(paragraph)
    if match:
        key = str(int(match.group(1)))
        return _Label(_LEVEL_ARABIC, key, key + match.group(2), match.group(3))
    match = _DOTTED_LABEL.match(paragraph)
    if match:
        key = str(int(match.group(1).rsplit(".", 1)[1]))
        return _Label(_LEVEL_DOTTED, key, match.group(1) + (match.group(2) or ""), match.group(4))
    match = _LETTER_LABEL.match(paragraph)
    if match:
        return _Label(_LEVEL_LETTER, match.group(1), match.group(1) + ")", match.group(3))
    match = _BULLET_LABEL.match(paragraph)
    if match:
        plus = match.group(1) == "+"
        level = _LEVEL_PLUS if plus else _LEVEL_DASH
        return _Label(level, match.group(1), "+" if plus else "-", match.group(2))
    return None


# ---------------------------------------------------------------------------------------------
# Joining lines into paragraphs


_TERMINAL = (".", ";", ":", "!", "?", "./.", "/.")
_CLOSERS = "\"'”’»)]"
_WRAPPED_HYPHEN = re.compile(r"[-–] [a-zđà-ỹ]")
_WRAPPED_MIN = 40  # a line this long that stops mid-sentence was wrapped, not a heading
_CAPS_LIMIT = 200  # upper-case lines are headings and header lines, never long
_HEADER_LINE = re.compile(r"(?:Số|SỐ) ?:|ngày .{0,6}tháng")


@dataclass(frozen=True)
class _Wrap:
    """How the text was wrapped: PDF extraction breaks every line near one width."""

    hard: bool
    width: int


def _wrap_of(lines: list[str]) -> _Wrap:
    long_lines = sorted(len(line) for line in lines if len(line) >= 20)
    if len(long_lines) < 8:
        return _Wrap(False, 0)
    p90 = long_lines[int(len(long_lines) * 0.9) - 1]
    near = sum(1 for length in long_lines if length >= 0.6 * p90)
    return _Wrap(p90 <= 110 and near >= 0.5 * len(long_lines), p90)


def _ends_sentence(line: str) -> bool:
    return line.rstrip(_CLOSERS).endswith(_TERMINAL)


def _is_all_caps(line: str) -> bool:
    if len(line) > _CAPS_LIMIT:
        return False
    letters = [char for char in line if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


def _continues(previous: str, line: str, wrap: _Wrap) -> bool:
    """Whether `line` is the second half of a sentence `previous` left unfinished."""
    if _ends_sentence(previous) or _is_table_row(previous) or _is_table_row(line):
        return False
    # The range à-ỹ holds "Đ" too: "- Đơn vị …" is a bullet, so the letter must be lower-case.
    if _WRAPPED_HYPHEN.match(line) and line[2:3].islower() and len(previous) >= _WRAPPED_MIN:
        return True  # "chính trị" / "- xã hội": a compound broken at its hyphen, not a bullet
    if _label_of(line) is not None or _is_all_caps(line):
        return False
    if _HEADER_LINE.match(previous) or not line[:1].isalpha():
        return line[:1].islower()
    if line[:1].islower():
        return True
    if fold(line[:15]).startswith(_BASIS_PREFIXES):
        return False  # a capitalised "Căn cứ …"/"Thực hiện …" opens a legal basis, not a wrap
    return wrap.hard and len(previous) >= 0.7 * wrap.width and not _is_all_caps(previous)


def _join_paragraphs(lines: list[str]) -> list[str]:
    wrap = _wrap_of(lines)
    paragraphs: list[list[str]] = []
    for line in lines:
        if paragraphs and _continues(paragraphs[-1][-1], line, wrap):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return [" ".join(parts) for parts in paragraphs]


# ---------------------------------------------------------------------------------------------
# Dates, recurrence, small text helpers


_DATE_NUMERIC = re.compile(r"ngày (\d{1,2}) ?[/.\-] ?(\d{1,2}) ?[/.\-] ?(\d{4})")
_DATE_WORDS = re.compile(r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})")


def _make_date(day: str, month: str, year: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _first_date(text: str) -> tuple[dt.date | None, int]:
    """The first "ngày …" date in `text` and where it ends (0 when there is none)."""
    found = [m for m in (_DATE_NUMERIC.search(text), _DATE_WORDS.search(text)) if m]
    if not found:
        return None, 0
    first = min(found, key=lambda m: m.start())
    return _make_date(*first.groups()), first.end()


_EVERY_N_YEARS = re.compile(
    r"dinh ky (?:tu )?0*(\d{1,2})(?: ?(?:-|–|—|den|toi) ?0*(\d{1,2}))? nam\b"
    r"|\b0*(\d{1,2}) nam (?:mot|1) lan\b"
)
_PERIODIC: list[tuple[re.Pattern[str], Recurrence]] = [
    (re.compile(r"\b(?:hang|moi) thang\b|\blan ?/ ?thang\b"), Recurrence.monthly),
    (re.compile(r"\b(?:hang|moi) quy\b|\blan ?/ ?quy\b"), Recurrence.quarterly),
    # "6 tháng đầu năm" is a deadline (by 30 June), not a cycle.
    (re.compile(r"\b(?:0?6|sau) thang\b(?! (?:dau|cuoi) nam)"), Recurrence.semiannual),
    (re.compile(r"\b(?:hang|moi) nam\b|\blan ?/ ?nam\b"), Recurrence.annual),
]
_CONTINUOUS = re.compile(r"\bthuong xuyen\b")


def recurrences_of(text: str) -> tuple[tuple[Recurrence, ...], tuple[int, int] | None]:
    """Every cycle a task or target follows, from its words, in the order the text gives them.

    Rule, most specific first: an explicit cycle of years ("định kỳ từ 03 – 05 năm" → (3, 5),
    "định kỳ 3 năm" → (3, 3)) wins alone; else each of "hàng/hằng/mỗi tháng" (monthly),
    "hàng quý" (quarterly), "6 tháng"/"sáu tháng" (semiannual), "hàng năm"/"lần/năm" (annual)
    found, so "định kỳ 6 tháng, hằng năm" gives two; else "thường xuyên" gives continuous; else
    the task is done once. A periodic word beats "thường xuyên" because it is the one a reporting
    schedule can be built on.
    """
    folded = _fold_same_length(text).lower()
    cycle = _EVERY_N_YEARS.search(folded)
    if cycle:
        low = int(cycle.group(1) or cycle.group(3))
        high = int(cycle.group(2) or low)
        if 1 <= low <= high:
            return (Recurrence.every_n_years,), (low, high)
    hits = sorted((m.start(), kind) for pattern, kind in _PERIODIC if (m := pattern.search(folded)))
    if hits:
        return tuple(kind for _, kind in hits), None
    if _CONTINUOUS.search(folded):
        return (Recurrence.continuous,), None
    return (Recurrence.once,), None


def recurrence_of(text: str) -> tuple[Recurrence, tuple[int, int] | None]:
    """The first cycle of `recurrences_of`: the one an assignment's schedule is built on."""
    kinds, years = recurrences_of(text)
    return kinds[0], years


# "/" or ".", not "-": "03-05 ngày" is a span of days.
_DUE_DAY = re.compile(r"\b(\d{1,2}) ?[/.] ?(\d{1,2})(?: ?[/.] ?(\d{4}))?\b")
_DUE_DAY_WORDS = re.compile(r"\b(\d{1,2}) thang (\d{1,2})(?: nam (\d{4}))?\b")
_DUE_MONTH = re.compile(r"\bthang (\d{1,2})(?: ?(?:/|nam) ?(\d{4}))?\b(?! ?/ ?\d)")
_DUE_QUARTER = re.compile(r"\bquy (iv|iii|ii|i|[1-4])\b(?: ?(?:/|nam) ?(\d{4}))?")
_DUE_HALF = re.compile(r"\b(?:0?6|sau) thang (dau|cuoi) nam(?: (\d{4}))?")
_DUE_YEAR = re.compile(r"\bnam (\d{4})\b")
# In a task's own words only an explicit deadline counts: its text cites documents by date.
_DUE_IN_TEXT = re.compile(
    r"\b(?:truoc|cham nhat(?: la)?) (?:(?:ngay )?\d|thang \d|quy [ivx1-4])"
    r"|\btrong (?:ngay \d|thang \d|quy [ivx1-4])"
    r"|\b(?:0?6|sau) thang (?:dau|cuoi) nam|\bquy [ivx1-4]+ ?(?:/|nam) ?\d{4}"
)
_DUE_TEXT_SPAN = 40
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _month_end(year: int, month: int) -> dt.date | None:
    if not 1 <= month <= 12 or not 1900 <= year <= 2200:
        return None
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _dues_in(folded: str, year: int | None, *, bare_year: bool) -> list[dt.date]:
    """Every deadline `folded` (a folded timing phrase) names; a missing year is the plan's.
    A bare "năm 2025" counts only with `bare_year` and when nothing more precise is named."""
    found: list[dt.date | None] = []
    for pattern in (_DUE_DAY_WORDS, _DUE_DAY):
        for match in pattern.finditer(folded):
            written = match.group(3) or (str(year) if year else None)
            found.append(_make_date(match.group(1), match.group(2), written) if written else None)
        # "ngày 15 tháng 3" is a day, not the month of March: hide it from the month pattern.
        folded = pattern.sub(lambda m: " " * len(m.group(0)), folded)
    for match in _DUE_MONTH.finditer(folded):
        when = int(match.group(2)) if match.group(2) else year
        found.append(_month_end(when, int(match.group(1))) if when else None)
    for match in _DUE_QUARTER.finditer(folded):
        when = int(match.group(2)) if match.group(2) else year
        quarter = _QUARTERS.get(match.group(1)) or int(match.group(1))
        found.append(_month_end(when, quarter * 3) if when else None)
    for match in _DUE_HALF.finditer(folded):
        when = int(match.group(2)) if match.group(2) else year
        found.append(_month_end(when, 6 if match.group(1) == "dau" else 12) if when else None)
    dates = [date for date in found if date]
    if not dates and bare_year:
        dates = [d for m in _DUE_YEAR.finditer(folded) if (d := _month_end(int(m.group(1)), 12))]
    return dates


def due_of(timing: str, year: int | None, *, explicit_only: bool = False) -> dt.date | None:
    """The deadline of a task: the latest date its timing names ("trước ngày 31/3/2025",
    "trong tháng 7 năm 2025" → 31/7, "Quý I/2026" → 31/3/2026, "6 tháng đầu năm" → 30/6,
    "năm 2025" → 31/12/2025), a missing year being the plan's. A cycle ("hằng tháng") is no
    deadline. With `explicit_only` (a task's running text, which cites documents by their dates)
    only what follows a deadline word ("trước", "trong", "chậm nhất") counts."""
    folded = _fold_same_length(timing).lower()
    if explicit_only:
        spans = [folded[m.start() : m.end() + _DUE_TEXT_SPAN] for m in _DUE_IN_TEXT.finditer(folded)]
        dates = [d for span in spans for d in _dues_in(_cut_at_citation(span), year, bare_year=False)]
    else:
        dates = _dues_in(folded, year, bare_year=True)
    return max(dates) if dates else None


def _cut_at_citation(span: str) -> str:
    """A deadline phrase ends where a clause or a cited document starts."""
    end = min((i for mark in (";", ". ", " so ", " cua ") if (i := span.find(mark)) > 0),
              default=len(span))
    return span[:end]


_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)")
_TITLE_LIMIT = 120


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + "…"


def _first_sentence(text: str) -> str:
    end = _SENTENCE_END.search(text)
    sentence = text[: end.start()] if end else text
    return _shorten(sentence.strip(), _TITLE_LIMIT)


def _is_heading_like(rest: str) -> bool:
    """A short line without a full stop names a heading; anything else is an item's text."""
    return len(rest) <= _TITLE_LIMIT and not _ends_sentence(rest.rstrip(":").rstrip() + "x")


def _strip_bullet(paragraph: str) -> str:
    label = _label_of(paragraph)
    if label and label.level >= _LEVEL_DASH:
        return label.rest
    return paragraph


# ---------------------------------------------------------------------------------------------
# Header


_DOC_TYPES = {
    "ke hoach": "KẾ HOẠCH",
    "bao cao": "BÁO CÁO",
    "quyet dinh": "QUYẾT ĐỊNH",
    "chuong trinh": "CHƯƠNG TRÌNH",
    "huong dan": "HƯỚNG DẪN",
    "de an": "ĐỀ ÁN",
    "cong van": "CÔNG VĂN",
    "thong bao": "THÔNG BÁO",
}
_HEADER_SCAN = 25  # the document type line is near the top or absent
_NUMBER_LINE = re.compile(
    r"(?:Số|SỐ|số) ?:? ?(\d*) ?/ ?([A-ZĐ]{1,6})(?: ?[-–] ?([A-ZĐ][A-ZĐa-z0-9]{0,11}))?"
)
_PLACE_DATE = re.compile(
    r"ngày ?(\d{1,2})? ?tháng ?(\d{1,2})? ?năm ?(\d{4})?", re.IGNORECASE
)
_MOTTO_MARKS = ("cong hoa xa hoi", "doc lap", "dang cong san viet nam")


@dataclass
class _Header:
    number: str | None = None
    type_code: str | None = None
    issuer_code: str | None = None
    issuer_parts: list[str] = field(default_factory=list)
    place: str | None = None
    issue_date: dt.date | None = None
    year: int | None = None


def _document_type_index(paragraphs: list[str]) -> int | None:
    for index, paragraph in enumerate(paragraphs[:_HEADER_SCAN]):
        if _is_all_caps(paragraph) and fold(paragraph) in _DOC_TYPES:
            return index
    return None


def _is_header_like(paragraph: str) -> bool:
    if _label_of(paragraph) is not None:
        return False  # "I. NHIỆM VỤ" is upper-case too, but it opens the body
    folded = fold(paragraph)
    return (
        any(mark in folded for mark in _MOTTO_MARKS)
        or _NUMBER_LINE.match(paragraph) is not None
        or _PLACE_DATE.search(paragraph) is not None
        or (_is_all_caps(paragraph) and len(paragraph) <= 80)
    )


def _read_header(paragraphs: list[str]) -> _Header:
    header = _Header()
    for paragraph in paragraphs:
        _read_header_paragraph(paragraph, header)
    return header


def _read_header_paragraph(paragraph: str, header: _Header) -> None:
    folded = _fold_same_length(paragraph)
    motto_at = min((i for m in _MOTTO_MARKS if (i := folded.find(m)) >= 0), default=-1)
    if motto_at >= 0:
        # Two-column PDF extraction puts the issuer and the motto on one line.
        if motto_at > 0 and _is_all_caps(paragraph[:motto_at]):
            header.issuer_parts.append(paragraph[:motto_at].strip())
        return
    rest = paragraph
    number = _NUMBER_LINE.match(paragraph)
    if number:
        header.number = number.group(1) or None
        header.type_code = number.group(2)
        header.issuer_code = number.group(3)
        rest = paragraph[number.end() :]
    when = _PLACE_DATE.search(rest)
    if when:
        place = rest[: when.start()].strip(" ,")
        header.place = place or header.place
        day, month, year = when.groups()
        header.year = int(year) if year else header.year
        if day and month and year:
            header.issue_date = _make_date(day, month, year)
    elif not number and _is_all_caps(paragraph):
        header.issuer_parts.append(paragraph)


def _header_warnings(header: _Header, document_type: str | None) -> list[str]:
    warnings: list[str] = []
    if document_type is None:
        warnings.append("no 'KẾ HOẠCH' line found; the document type was not confirmed")
    elif document_type != "KẾ HOẠCH":
        warnings.append(f"the document says '{document_type}', not 'KẾ HOẠCH'")
    if header.type_code is None:
        warnings.append("no 'Số: …/KH-…' line found; the plan has no number")
    elif header.number is None:
        warnings.append("the plan number is blank (a draft?)")
    if header.issue_date is None:
        known = f"only the year {header.year} is known" if header.year else "no date found"
        warnings.append(f"the issue date is blank or unreadable; {known}")
    return warnings


# ---------------------------------------------------------------------------------------------
# Legal bases


_BASIS_PREFIXES = ("thuc hien", "can cu", "xet de nghi", "theo de nghi", "xet to trinh")
_KINDS = (
    "Nghị quyết", "Nghị định", "Quyết định", "Kế hoạch", "Tờ trình", "Thông tư", "Chỉ thị",
    "Kết luận", "Công văn", "Hướng dẫn", "Thông báo", "Luật", "Hiến pháp", "Pháp lệnh", "Đề án",
    "Chương trình", "Báo cáo", "Quy định", "Quy chế",
)  # fmt: skip
_KIND = re.compile(r"\b(" + "|".join(_KINDS) + r")\b")
_DOC_NUMBER = re.compile(
    r"\b\d{1,5}(?:/\d{4})?[/-] ?[A-ZĐ][A-Za-zĐđ0-9]*(?: ?[-/] ?[A-ZĐ][A-Za-zĐđ0-9]*)*"
)
_ISSUER = re.compile(
    r"\bcủa ([^,;.()]{2,120}?)(?= (?:về|tại|ban hành|quy định|hướng dẫn|triển khai|thực hiện)\b"
    r"|[,;.(]|$)"
)
_CLAUSE_LIMIT = 1500  # legal-basis clauses are short; bounding them keeps odd input fast


def _is_basis(paragraph: str) -> bool:
    body = fold(_strip_bullet(paragraph)[:40])
    return body.startswith(_BASIS_PREFIXES) or _KIND.match(_strip_bullet(paragraph)) is not None


def _read_bases(paragraph: str) -> list[LegalBasis]:
    bases: list[LegalBasis] = []
    for clause in _strip_bullet(paragraph).split(";"):
        basis = _read_basis_clause(clause.strip()[:_CLAUSE_LIMIT])
        if basis:
            bases.append(basis)
    return bases


def _read_basis_clause(clause: str) -> LegalBasis | None:
    """The first document a clause names; the others it mentions are what that document is about."""
    number = _DOC_NUMBER.search(clause)
    kinds = list(_KIND.finditer(clause))
    if number:
        before = [k for k in kinds if k.end() <= number.start()]
        kind = before[-1].group(1) if before else (kinds[0].group(1) if kinds else "Văn bản")
        anchor, after_number = (before[-1].start() if before else number.start()), number.end()
    elif kinds:
        kind, anchor, after_number = kinds[0].group(1), kinds[0].start(), kinds[0].end()
    else:
        return None
    date, date_end = _first_date(clause[after_number:])
    reference_end = after_number + date_end
    sentence_end = _SENTENCE_END.search(clause, reference_end)
    sentence = clause[: sentence_end.start() if sentence_end else len(clause)].strip()
    issuer = _ISSUER.search(sentence, reference_end) or _ISSUER.search(sentence[:anchor])
    return LegalBasis(
        kind=kind,
        number=number.group(0).replace(" ", "") if number else None,
        date=date,
        issuer=issuer.group(1).strip() if issuer else None,
        sentence=sentence,
    )


# ---------------------------------------------------------------------------------------------
# Tail: closing paragraph, recipients, signature


_SIGN_MODES = re.compile(r"(?:KT|TM|TL|TUQ)\. ?\S")
_SIGN_TITLES = ("chu tich", "giam doc", "truong", "bi thu", "pho ", "chanh", "thu truong")
_SIGNED = re.compile(r"\((?:đã ký|ký|da ky)[^)]*\)", re.IGNORECASE)
_NAME_WORD = re.compile(r"[A-ZĐÀ-Ỹ][a-zà-ỹđ]*")
# A closing opens with a summary ("Trên đây là …") or, as the last paragraph, asks for execution.
_CLOSING_OPENERS = ("tren day la", "trong qua trinh")
_CLOSING_WORDS = ("yeu cau", "de nghi cac")


@dataclass
class _Tail:
    recipients: list[str] = field(default_factory=list)
    authority: str | None = None
    title: str | None = None
    name: str | None = None


def _is_sign_title(paragraph: str) -> bool:
    if _SIGN_MODES.match(paragraph):
        return True
    return _is_all_caps(paragraph) and len(paragraph) <= 60 and (
        fold(paragraph).startswith(_SIGN_TITLES)
    )


def _is_person_name(paragraph: str) -> bool:
    words = paragraph.split(" ")
    return 2 <= len(words) <= 6 and all(_NAME_WORD.fullmatch(word) for word in words)


def _is_signature_line(paragraph: str) -> bool:
    return (
        _is_sign_title(paragraph)
        or _is_person_name(paragraph)
        or _SIGNED.fullmatch(paragraph) is not None
    )


def _tail_start(paragraphs: list[str], start: int) -> int:
    """Index where recipients or the signature begin (len(paragraphs) when there is neither)."""
    for index in range(start, len(paragraphs)):
        if fold(paragraphs[index][:12]).startswith("noi nhan"):
            return _signature_before(paragraphs, start, index)
    return _signature_before(paragraphs, start, len(paragraphs))


def _signature_before(paragraphs: list[str], start: int, end: int) -> int:
    """Move `end` back over a signature block standing just before it (needs a title line)."""
    first = end
    while first > start and _is_signature_line(paragraphs[first - 1]) and end - first < 6:
        first -= 1
    if any(_is_sign_title(paragraph) for paragraph in paragraphs[first:end]):
        return first
    return end


def _read_tail(paragraphs: list[str]) -> _Tail:
    tail = _Tail()
    titles: list[str] = []
    for paragraph in paragraphs:
        if fold(paragraph[:12]).startswith("noi nhan"):
            inline = paragraph.split(":", 1)[1].strip() if ":" in paragraph else ""
            if inline:
                tail.recipients.append(_strip_bullet(inline).rstrip(" ;,.").strip())
        elif _label_of(paragraph) is not None:
            tail.recipients.append(_strip_bullet(paragraph).rstrip(" ;,.").strip())
        elif _SIGN_MODES.match(paragraph):
            tail.authority = paragraph
        elif _is_sign_title(paragraph):
            titles.append(paragraph)
        elif _is_person_name(paragraph):
            tail.name = paragraph
    tail.title = titles[-1] if titles else tail.authority
    return tail


def _closing_start(paragraphs: list[str], start: int, end: int) -> int:
    """Index where the closing paragraph(s) begin among the unlabelled paragraphs before `end`."""
    first = end
    while (first > start and _label_of(paragraphs[first - 1]) is None
           and not _is_table_row(paragraphs[first - 1]) and end - first < 3):
        first -= 1
    for index in range(first, end):
        paragraph = paragraphs[index]
        folded = fold(paragraph)
        last = index == end - 1
        if (
            paragraph.endswith("/.")
            or folded.startswith(_CLOSING_OPENERS)
            or (last and any(word in folded for word in _CLOSING_WORDS))
        ):
            return index
    return end


# ---------------------------------------------------------------------------------------------
# Section tree


@dataclass(eq=False)
class _Node:
    level: int  # a _LEVEL_* value, or -1 for a note
    number: str
    label: str
    rest: str
    parent: _Node | None
    order: int
    extra: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    # What an assignment table row or inline lines ("Cơ quan chủ trì: …") say of this item.
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def depth(self) -> int:
        return 1 if self.parent is None else self.parent.depth + 1

    @property
    def heading_like(self) -> bool:
        return _is_heading_like(self.rest)

    @property
    def title(self) -> str:
        if self.level < 0:
            return _first_sentence(self.text)
        return self.rest.rstrip(": ") if self.heading_like else _first_sentence(self.rest)

    @property
    def text(self) -> str:
        if self.level < 0:
            return "\n".join(self.extra)
        if self.heading_like:
            return "\n".join(self.extra) if self.extra else self.rest.rstrip(": ")
        return "\n".join([self.rest, *self.extra])

    @property
    def folded_title(self) -> str:
        return fold(self.title)


_WARNING_LIMIT = 20


class _TreeBuilder:
    """Places labelled paragraphs in the tree, checking that each label is the expected next one."""

    def __init__(self) -> None:
        self.roots: list[_Node] = []
        self.nodes: list[_Node] = []
        self.current: list[_Node | None] = [None] * _LEVELS
        self.warnings: list[str] = []
        # Labels already placed per (parent, kind of label): counted, since a parent may have
        # thousands of bullets and rescanning them on every label would be quadratic.
        self.placed: Counter[tuple[int, int]] = Counter()
        self.numbers: Counter[str] = Counter()
        # The item loose text belongs to: the last labelled one (table rows hold only cells).
        self.owner: _Node | None = None

    def add(self, paragraph: str) -> None:
        owner = self.owner
        found = _inline_fields(paragraph) if owner is not None else None
        if owner is not None and found:
            for key, value in found.items():
                owner.fields.setdefault(key, value)  # the first line naming a field gives it
            return
        label = _label_of(paragraph)
        node = self._accept(label) if label else None
        if node is None:
            self._add_text(paragraph, label)


    def add_annex(self, title: list[str]) -> None:
        """Open an annex ("PHỤ LỤC …" after the signature) as a root its tables hang under."""
        number = self._unique("PL")
        # "PHỤ LỤC" (or "PHỤ LỤC II") names the annex; "(Kèm theo Kế hoạch số …)" is a remark.
        named = [line for line in title if not fold(line[:10]).startswith("phu luc")]
        words = [line for line in named if not line.startswith("(")]
        remarks = [line for line in named if line.startswith("(")]
        rest = " ".join(words) or "PHỤ LỤC"
        node = _Node(_LEVEL_ROMAN, number, "PHỤ LỤC", rest, None, len(self.roots) + 1, remarks)
        self.roots.append(node)
        self.nodes.append(node)
        self.current = [node, *[None] * (_LEVELS - 1)]
        self.owner = node

    def add_table(self, rows: list[list[str]]) -> None:
        """Rows of an assignment table become items under the item the table follows: group rows
        ("I | Công tác tuyên truyền") headings, the others tasks with their lead, supports and
        timing. A table without a recognisable header stays text."""
        anchor = self.owner
        header_at = next((i for i, row in enumerate(rows) if _table_columns(row)), None)
        if header_at is None:
            for row in rows:
                self._add_text(" | ".join(row), None)
            return
        columns = _table_columns(rows[header_at]) or {}
        # Group rows: a Roman one ("I | Công tác tuyên truyền") and an Arabic one under it
        # ("1 | Hướng dẫn …" with no lead) hold the rows that follow.
        top: _Node | None = None
        sub: _Node | None = None
        for row in rows[header_at + 1 :]:
            cells = {kind: row[i] if i < len(row) else "" for kind, i in columns.items()}
            written = cells.get("content", "")
            if not written or all(_COLUMN_NUMBER.fullmatch(cell) for cell in row if cell):
                continue
            number, content = _row_number(cells.get("number", ""), written)
            others = [cells.get(kind, "") for kind in ("lead", "support", "timing")]
            is_group = number in _ROMANS or not any(v and v != written for v in others)
            if is_group and number in _ROMANS:
                top, sub = self._add_row(anchor, number, content, {}), None
            elif is_group:
                sub = self._add_row(top or anchor, number, content, {})
            else:
                fields = {kind: cells[kind] for kind in _ROW_FIELDS if cells.get(kind)}
                self._add_row(sub or top or anchor, number, content, fields)

    def _add_row(self, parent: _Node | None, number: str, content: str,
                 fields: dict[str, str]) -> _Node:
        siblings = self._siblings(parent)
        key = number.rsplit(".", 1)[-1] or f"r{len(siblings) + 1}"
        prefix = f"{parent.number}." if parent else ""
        full = self._unique(prefix + key)
        node = _Node(_LEVEL_ROW, full, number, content, parent, len(siblings) + 1, fields=fields)
        siblings.append(node)
        self.nodes.append(node)
        return node

    def _unique(self, number: str) -> str:
        """`number`, or "1#2" when it is taken ("1" of a table, then "1." below); counted, so
        thousands of rows numbered alike stay linear."""
        seen = self.numbers[number]
        self.numbers[number] += 1
        return f"{number}#{seen + 1}" if seen else number

    def _siblings(self, parent: _Node | None) -> list[_Node]:
        return self.roots if parent is None else parent.children

    def _parent_for(self, level: int) -> _Node | None:
        return next((node for node in reversed(self.current[:level]) if node), None)

    def _accept(self, label: _Label) -> _Node | None:
        parent = self._parent_for(label.level)
        siblings = self._siblings(parent)
        counter = (id(parent), min(label.level, _LEVEL_DASH))
        key = self._expected_key(label, self.placed[counter], parent)
        if key is None:
            return None
        self.placed[counter] += 1
        prefix = f"{parent.number}." if parent else ""
        order = len(siblings) + 1
        node = _Node(label.level, self._unique(prefix + key), label.written, label.rest, parent, order)
        siblings.append(node)
        self.nodes.append(node)
        self.current[label.level] = node
        for deeper in range(label.level + 1, _LEVELS):
            self.current[deeper] = None
        self.owner = node
        return node

    def _expected_key(self, label: _Label, placed: int, parent: _Node | None) -> str | None:
        """The key the node gets, or None when the label is out of sequence (then it is text)."""
        if label.level >= _LEVEL_DASH:
            return f"-{placed + 1}"
        sequence = {_LEVEL_ROMAN: _ROMANS, _LEVEL_LETTER: LETTERS}.get(label.level, _ARABICS)
        if placed >= len(sequence):
            return None
        expected = sequence[placed]
        if label.key == expected:
            return expected
        if label.key == "d" and expected == "đ":
            # Text typed without a Vietnamese keyboard writes "đ)" as a second "d)".
            where = parent.number if parent else "the top level"
            self._warn(f"a second item 'd)' under {where} was read as 'đ)'")
            return expected
        return None

    def _warn(self, message: str) -> None:
        """Keep the first warnings; noise could otherwise produce one per line."""
        if len(self.warnings) < _WARNING_LIMIT:
            self.warnings.append(message)
        elif len(self.warnings) == _WARNING_LIMIT:
            self.warnings.append("more items were out of sequence; further warnings left out")

    def _add_text(self, paragraph: str, label: _Label | None) -> None:
        deepest = self.owner
        if deepest is None:
            note = _Node(-1, "N1", "", "", None, len(self.roots) + 1, [paragraph])
            self.roots.append(note)
            self.nodes.append(note)
            self.owner = note
            return
        if label is not None:
            self._warn(
                f"'{_shorten(paragraph, 40)}' looks like item '{label.written}' but is out of "
                f"sequence; kept as text of {deepest.number}"
            )
        deepest.extra.append(paragraph)


# ---------------------------------------------------------------------------------------------
# Assignment fields: inline lines under an item and the columns of an assignment table


# What a column header or an inline line's label names, first match wins ("Thời gian thực
# hiện" is a timing, not a lead; "Cơ quan, đơn vị thực hiện" is the lead).
_FIELD_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("number", re.compile(r"(?:s?tt|so tt|so thu tu)$")),
    ("timing", re.compile(r"(?:thoi gian|thoi han|tien do|moc thoi gian)")),
    ("support", re.compile(r".{0,30}\bphoi hop\b")),
    ("content", re.compile(r"(?:noi dung|nhiem vu|ten nhiem vu|cong viec|hoat dong|giai phap)")),
    ("lead", re.compile(
        r".{0,30}\b(?:chu tri|thuc hien|chiu trach nhiem|phu trach)\b|(?:co quan|don vi)$")),
    ("product", re.compile(r"(?:san pham|ket qua|dau ra)")),
    ("note", re.compile(r"ghi chu")),
)
_ROW_FIELDS = ("lead", "support", "timing", "product")
_FIELD_LABEL_LIMIT = 45
_INLINE_FIELD = re.compile(r"(?:^|(?<=[;.]) ?)([^:;.]{2,45}):")
_COLUMN_NUMBER = re.compile(r"\(?\d{1,2}\)?")


def _field_of(label: str) -> str | None:
    folded = fold(label.strip(" *:")).replace("/", " ")
    if len(folded) > _FIELD_LABEL_LIMIT:
        return None
    return next((kind for kind, pattern in _FIELD_LABELS if pattern.match(folded)), None)


def _inline_fields(paragraph: str) -> dict[str, str] | None:
    """"Cơ quan chủ trì: …; Cơ quan phối hợp: …; Thời gian thực hiện: …" (one line or several,
    bulleted or not) → {"lead": …, "support": …, "timing": …}; None for any other paragraph."""
    text = _strip_bullet(paragraph)
    labels = [m for m in _INLINE_FIELD.finditer(text) if _field_of(m.group(1)) in _ROW_FIELDS]
    if not labels or labels[0].start() != 0:
        return None
    found: dict[str, str] = {}
    for index, match in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        value = text[match.end() : end].strip(" ;.")
        if value:
            found[_field_of(match.group(1)) or ""] = value
    return found or None


def _row_number(number: str, content: str) -> tuple[str, str]:
    """A row's number and words. A row merged across the table repeats one cell in every column
    ("| I. Công tác công khai | I. Công tác công khai | … |"): its number is its label."""
    if not number or number == content:
        label = _label_of(content)
        if label and label.level <= _LEVEL_DOTTED:
            return label.written.rstrip("."), label.rest
        return "", content
    return number.rstrip("."), content


def _is_table_row(paragraph: str) -> bool:
    return paragraph.startswith("|") and paragraph.endswith("|") and len(paragraph) > 2


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row[1:-1].split("|")]


def _table_columns(row: list[str]) -> dict[str, int] | None:
    """Column of each field when `row` is an assignment table's header, else None."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(row):
        kind = _field_of(cell) if cell else None
        if kind and kind not in columns:
            columns[kind] = index
    if "content" in columns and ("lead" in columns or "timing" in columns):
        return columns
    return None


def _listed_names(value: str) -> list[str]:
    """The names a cell or an inline line lists ("Phòng Nội vụ, Phòng Tư pháp và UBND các xã,
    phường"), without remarks in brackets; a group ("UBND các xã, phường") stays one name."""
    value = re.sub(r"\([^)]*\)", "", value).strip(" .;,")
    value = re.sub(r" (?:chủ trì|thực hiện|phối hợp)$", "", value)
    parts = _glue_levels(_split_names(value.replace("; ", ", ")))
    return [part.strip(" .;,") for part in parts if part.strip(" .;,")]


def _field_lead(node: _Node) -> tuple[str, list[str]] | None:
    """The lead an item's fields name, and the other bodies listed beside it (they support)."""
    lead = node.fields.get("lead")
    if not lead:
        return None
    names = _listed_names(lead)
    if names and _is_group(_without_request(names[0])[0]):
        return lead.strip(" .;"), []  # "Các phòng chuyên môn, đơn vị sự nghiệp": one group
    return (names[0], names[1:]) if names else None


def _field_supports(node: _Node) -> list[str] | None:
    """Supports an item's fields name (generic "các cơ quan liên quan" left out); None when its
    fields name no lead or supports, so its words are read instead."""
    lead = _field_lead(node)
    if lead is None and "support" not in node.fields:
        return None
    listed = [*(lead[1] if lead else []), *_listed_names(node.fields.get("support", ""))]
    # A lower-case part ("ban", "ngành" of "Các sở, ban, ngành") continues a generic list.
    named = [name for name in listed if name[:1].isupper() and not _is_generic(name)]
    return list(dict.fromkeys(named))


def _timing_of(
    node: _Node, year: int | None
) -> tuple[tuple[Recurrence, ...], tuple[int, int] | None, dt.date | None]:
    """Cycles and deadline of an item: from its timing field when it has one (the words of the
    item still give the cycle when the field names only a deadline), else from its words."""
    timing = node.fields.get("timing")
    if timing:
        cycles, years = recurrences_of(timing)
        if cycles == ("once",):
            cycles, years = recurrences_of(node.text)
        return cycles, years, due_of(timing, year)
    cycles, years = recurrences_of(node.text)
    return cycles, years, due_of(node.text, year, explicit_only=True)


# ---------------------------------------------------------------------------------------------
# Classification of sections


_CONTEXT_BODIES = re.compile(r"chuc thuc hien|trach nhiem|phan cong")
_CONTEXT_TARGETS = re.compile(r"muc tieu cu the|chi tieu")
_CONTEXT_OBJECTIVES = re.compile(r"muc tieu|muc dich|yeu cau")
_CONTEXT_TASKS = re.compile(r"nhiem vu|giai phap|noi dung|hoat dong")
_ORG_HEADS = (
    "phong", "so ", "ban ", "uy ban", "ubnd", "ub ", "van phong", "dai ", "lien doan", "hoi ",
    "doan ", "huyen doan", "tinh doan", "thanh doan", "cong an", "bch", "bo chi huy", "trung tam",
    "cac ", "truong", "cong chuc", "chu tich", "bo phan", "toa an", "vien ", "cuc ", "chi cuc",
    "kho bac", "bao hiem", "bao ", "thanh tra", "benh vien", "co quan", "don vi", "doanh nghiep",
    "cong ty", "hop tac xa", "mat tran", "mttq", "nguoi dung dau", "thu truong", "huyen uy",
    "tinh uy", "thanh uy", "thi uy", "dang uy", "dang bo", "chi bo", "bi thu", "hdnd", "hoi dong",
    "ngan hang", "buu dien", "lanh dao", "thon ", "to dan pho", "khu pho", "ap ", "hiep hoi",
    "cong doan", "hieu truong", "giam doc", "to chuyen mon", "to cong tac", "to truong",
)  # fmt: skip
_PERCENT = re.compile(r"(\d{1,3}(?:[.,]\d{1,2})?) ?%")
# A count a target sets ("ít nhất 01 lần/năm", "02 hội nghị"), read when it sets no percentage.
_COUNT = re.compile(
    r"(?<![\d/.,])(\d{1,3}) (lần|cuộc|buổi|đợt|hội nghị|lớp|mô hình|chuyên đề)"
    r"(?: ?/ ?(năm|quý|tháng))?\b"
)


def _context_of(node: _Node) -> str | None:
    """What the children of a heading are, read from its title (folded, so OCR variants work)."""
    if node.level < 0 or not node.heading_like:
        return None
    title = node.folded_title
    for context, pattern in (
        ("bodies", _CONTEXT_BODIES),
        ("targets", _CONTEXT_TARGETS),
        ("objectives", _CONTEXT_OBJECTIVES),
        ("tasks", _CONTEXT_TASKS),
    ):
        if pattern.search(title):
            return context
    return None


def _body_name(node: _Node) -> str:
    """The body a child of "TỔ CHỨC THỰC HIỆN" names: its heading, or the words before a colon."""
    if node.heading_like and not node.rest.endswith("."):
        return node.rest.rstrip(": ")
    head = node.rest.split(":", 1)[0]
    if ":" in node.rest and len(head) <= 100:
        return head
    # "Sở Nội vụ là cơ quan thường trực, …": the name is the sentence's leading words.
    bare = _without_request(node.rest)[0]
    if bare and _is_org_name(bare):
        return node.rest[: node.rest.find(bare)] + _leading_name(bare)
    return node.title


_REQUEST_PREFIXES: tuple[tuple[str, AssignmentMode], ...] = (
    ("de nghi ", AssignmentMode.requested),
    ("giao ", AssignmentMode.assigned),
)


def _without_request(name: str) -> tuple[str, AssignmentMode]:
    folded = fold(name)
    for prefix, mode in _REQUEST_PREFIXES:
        if folded.startswith(prefix):
            return name[len(prefix) :].strip(), mode
    return name, AssignmentMode.assigned


def _is_org_name(name: str) -> bool:
    return fold(_without_request(name)[0]).startswith(_ORG_HEADS)


def _body_parents(roots: list[_Node]) -> list[_Node]:
    """Headings whose children are responsible bodies.

    A "TỔ CHỨC THỰC HIỆN"-like heading (also "Trách nhiệm …", "Phân công …") whose children
    name organisations; when none does, the first such Roman heading is taken as is.
    """
    walked = _walk(roots)
    candidates = [node for node in walked if _context_of(node) == "bodies"]
    parents = [
        node for node in candidates if any(_is_org_name(_body_name(c)) for c in node.children)
    ]
    # "II. NHIỆM VỤ CỤ THỂ" may also be written body by body ("1. Phòng Nội vụ", "2. …").
    parents += [node for node in walked if _context_of(node) == "tasks" and _names_bodies(node)]
    if parents:
        position = {node: index for index, node in enumerate(walked)}
        return sorted(set(parents), key=position.__getitem__)
    return [node for node in candidates if node.level == _LEVEL_ROMAN and node.children][:1]


def _names_bodies(node: _Node) -> bool:
    """Whether most of a heading's items (two at least) name organisations."""
    named = sum(1 for child in node.children if _is_org_name(_body_name(child)))
    return named >= 2 and 2 * named > len(node.children)


def _walk(nodes: list[_Node]) -> list[_Node]:
    ordered: list[_Node] = []
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack.extend(reversed(node.children))
    return ordered


def _kind_in_context(node: _Node, context: str | None) -> SectionKind:
    if node.level < 0:
        return SectionKind.note
    if node.level == _LEVEL_ROMAN or (node.children and node.level == _LEVEL_ARABIC):
        return SectionKind.heading
    if _context_of(node) is not None and node.children:
        return SectionKind.heading
    if context == "targets":
        return SectionKind.target if _measures(node.text) else SectionKind.objective
    if context == "objectives":
        # "Mục tiêu" without "cụ thể" may still set figures: an item with a percentage does.
        return SectionKind.target if _PERCENT.search(node.text) else SectionKind.objective
    if context in ("tasks", "task"):
        return SectionKind.task
    return SectionKind.heading if node.level == _LEVEL_ARABIC and node.heading_like else SectionKind.note


def _classify(roots: list[_Node], bodies: dict[_Node, list[_Node]]) -> dict[_Node, SectionKind]:
    """Kind of every node; `bodies` maps each body node to its task nodes."""
    task_roots = {task for tasks in bodies.values() for task in tasks}
    kinds: dict[_Node, SectionKind] = {}

    def visit(node: _Node, context: str | None) -> None:
        if node in task_roots or _field_lead(node) is not None:
            context = SectionKind.task
        if node.level == _LEVEL_ROW and context != SectionKind.task:
            kinds[node] = SectionKind.heading  # a group row of a table
        elif node in bodies and node not in task_roots:
            kinds[node] = SectionKind.heading
        elif context == SectionKind.task:
            kinds[node] = SectionKind.task
        else:
            kinds[node] = _kind_in_context(node, context)
        child_context = context if context == SectionKind.task else (_context_of(node) or context)
        if child_context == "bodies":
            child_context = None  # children that are not bodies stay notes or headings
        for child in node.children:
            visit(child, child_context)

    for root in roots:
        visit(root, None)
    return kinds


# ---------------------------------------------------------------------------------------------
# Bodies and supports


# Compared without folding: folded, "bản" (a village) would also match "ban" (a board).
_LEVEL_WORDS = {"xã", "phường", "thị trấn", "thị xã", "thành phố", "thôn", "tổ dân phố", "ấp",
                "khu phố", "bản", "làng", "huyện", "quận", "đặc khu"}  # fmt: skip
_GROUP_SPLIT = re.compile(r"[,;] | và ")
_GROUP_SPLIT_KEEP = re.compile(r"([,;] | và )")


def _group_kinds(name: str) -> list[str]:
    """Kinds of units a group names: split on "," and "và", keeping "UBND các xã, thị trấn" whole.

    A part made only of administrative level words ("thị trấn", "phường") continues the list of
    levels of the part before it, so it is glued back to that part.
    """
    kinds = _glue_levels(_GROUP_SPLIT.split(name))
    return [re.sub(r"^(?:các|Các|những|Những) ", "", kind) for kind in kinds]


def _glue_levels(parts: list[str]) -> list[str]:
    """Non-empty parts, a part of only level words ("thị trấn") glued to the part before it."""
    glued: list[str] = []
    for part in (part.strip() for part in parts):
        if glued and part.lower() in _LEVEL_WORDS:
            glued[-1] = f"{glued[-1]}, {part}"
        elif part:
            glued.append(part)
    return glued


def _is_group(name: str) -> bool:
    """A name that counts kinds of units ("Các phòng ban …", "UBND các xã", "Trưởng các thôn")."""
    return re.search(r"\b(?:cac|nhung)\b", fold(name)) is not None


def _make_body(node: _Node, tasks: list[_Node]) -> Body:
    return _body_named(_body_name(node), node.number, tasks)


def _field_bodies(nodes: list[_Node], tasks_of_bodies: set[_Node]) -> list[tuple[_Node, Body]]:
    """A body per item whose own lines or table row name its lead ("Cơ quan chủ trì: …")."""
    found: list[tuple[_Node, Body]] = []
    for node in nodes:
        lead = _field_lead(node)
        if lead is not None and node not in tasks_of_bodies:
            found.append((node, _body_named(lead[0], node.number, [node])))
    return found


def _body_named(written: str, number: str, tasks: list[_Node]) -> Body:
    name, mode = _without_request(written)
    group = _is_group(name)
    return Body(
        section_number=number,
        name=name,
        mode=mode,
        is_group=group,
        group_kinds=_group_kinds(name) if group else [],
        tasks=[task.number for task in tasks],
    )


_SUPPORT = re.compile(r"\bphoi hop (?:voi |cung )?")
_SUPPORT_SPAN = 200
_GENERIC_HEADS = ("cac ", "nhung ", "don vi", "co quan", "to chuc", "dia phuong", "nganh")
# Lower-case words that still belong to an organisation's name ("Đài truyền thanh cấp xã").
# Compared without folding: folded, "nắm" (a verb) would pass for "nam" of "Việt Nam".
_NAME_WORDS = frozenset({
    "cấp", "xã", "huyện", "tỉnh", "thị", "trấn", "thành", "phố", "phường", "quận", "nhân", "dân",
    "truyền", "thanh", "hình", "thông", "tin", "văn", "hóa", "hoá", "lao", "động", "mặt", "trận",
    "tổ", "quốc", "việt", "nam", "chỉ", "huy", "quân", "sự", "công", "an", "ủy", "uỷ",
    "vận", "y", "tế", "giáo", "dục", "đào", "tạo", "nội", "vụ", "tư", "pháp", "tài", "chính",
    "kế", "hoạch", "chuyên", "môn", "nghiệp", "kinh", "hạ", "tầng", "nguyên", "môi", "trường",
    "đoàn", "niên", "phụ", "nữ", "nông", "cựu", "chiến", "binh", "liên", "hiệp", "hội",
    "chức", "tác", "địa", "xây", "dựng", "hộ", "tịch", "thống", "kê", "phòng", "tâm", "sở", "thể",
    "thao", "tra", "trưởng",
})  # fmt: skip
# Verbs made of name words ("tổ chức"): where they start, the name has ended.
_VERB_BIGRAMS = {"tổ chức", "xây dựng", "thực hiện", "triển khai", "tuyên truyền", "hướng dẫn",
                 "công khai"}


def support_names(text: str) -> list[str]:
    """Bodies a task is done together with: the names after "phối hợp (với|cùng)".

    The words after the phrase are split on "," and "và"; each part that starts like an
    organisation ("Phòng …", "Ban …", "UBND …") gives a name running while its words are
    capitalised or usual name words; generic parts ("các cơ quan, đơn vị liên quan", "các tổ
    chức thành viên") are skipped; the list ends at the first part that is not a name.
    """
    folded = _fold_same_length(text)
    names: list[str] = []
    for match in _SUPPORT.finditer(folded):
        span = text[match.end() : match.end() + _SUPPORT_SPAN]
        end = _SENTENCE_END.search(span)
        names.extend(_names_in(span[: end.start()] if end else span))
    return list(dict.fromkeys(names))


def _is_generic(part: str) -> bool:
    """"các cơ quan, đơn vị liên quan", "các tổ chức thành viên": no body of its own."""
    return (fold(part) + " ").startswith(_GENERIC_HEADS)


def _names_in(span: str) -> list[str]:
    names: list[str] = []
    for part in _glue_levels(_split_names(span)):
        if _is_generic(part):
            if len(part.split()) > 5:
                break
            continue
        if not (fold(part) + " ").startswith(_ORG_HEADS):
            break
        name = _leading_name(part)
        names.append(name)
        if name != part:
            break
    return names


def _split_names(span: str) -> list[str]:
    """Split a list of names on "," and "và", except where "và" joins two capitalised halves of
    one name ("Sở Thông tin và Truyền thông", "Phòng Văn hóa và Thông tin")."""
    pieces = _GROUP_SPLIT_KEEP.split(span)
    parts = [pieces[0]]
    for separator, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        first_word = piece.strip().split(" ", 1)[0]
        joins_name = separator == " và " and first_word[:1].isupper()
        # "Văn phòng HĐND và UBND xã" is one office of both councils.
        councils = separator == " và " and parts[-1].endswith("HĐND")
        org_like = (fold(piece.strip()) + " ").startswith(_ORG_HEADS)
        # "Phòng Kinh tế, Hạ tầng và Đô thị": a capitalised part after a comma that opens no
        # organisation goes on naming the one before it.
        continues = separator == ", " and first_word[:1].isupper() and not org_like
        if councils or continues or (joins_name and not org_like):
            parts[-1] += separator + piece
        else:
            parts.append(piece)
    return parts


def _leading_name(part: str) -> str:
    """The words of `part` that still read as a name: capitalised, usual name words, "–", or "và"
    between two capitalised words."""
    words = part.split(" ")
    taken = words[:1]
    for index, word in enumerate(words[1:], start=1):
        following = words[index + 1] if index + 1 < len(words) else ""
        if f"{word} {following}" in _VERB_BIGRAMS:
            break
        if (
            word[:1].isupper()
            or word.rstrip(",").lower() in _NAME_WORDS
            or word in ("–", "-")
            or (word == "và" and following[:1].isupper())
        ):
            taken.append(word)
        else:
            break
    return " ".join(taken).rstrip(" –-")


# ---------------------------------------------------------------------------------------------
# Targets


_AT_LEAST = ("khong thap hon", "khong duoi", "khong it hon")  # before the caps they contain
_AT_MOST = ("khong qua", "toi da", "duoi", "khong vuot", "thap hon", "giam con")
_ABOVE = ("tren", "hon", "vuot")
_SUBJECT_STOPS = re.compile(
    r" \(| để | nhằm |,? ?(?:định kỳ|hàng năm|hằng năm|hàng tháng|hằng tháng|hàng quý|hằng quý|"
    r"thường xuyên|mỗi năm)\b"
)
_SUBJECT_LIMIT = 200


def _comparator(before: str) -> Comparator:
    """The comparison the words before a percentage make.

    "không quá/tối đa/dưới" cap the value (<=) unless negated ("không thấp hơn/không dưới" are
    floors); "trên/hơn/vượt" right before it exceed it (>);
    otherwise it is a floor (>=): in plan language "đạt 100%" and a bare "100%" both mean at
    least that much, so "đạt" is not read as equality.
    """
    words = fold(before[-30:])
    if any(word in words for word in _AT_LEAST):
        return ">="
    if any(word in words for word in _AT_MOST):
        return "<="
    if re.search(r"\b(?:" + "|".join(_ABOVE) + r") ?$", words):
        return ">"
    return ">="


def _targets_of(node: _Node, fallback: tuple[Recurrence, tuple[int, int] | None]) -> list[Target]:
    """A target per percentage. Its clause is its sentence, cut at the percentages beside it: the
    words before it run from the previous one, the words after it up to the next one. Sentences
    are found once, so a long sentence of many percentages stays linear."""
    text = node.text
    stops = [m.start() for m in _SENTENCE_END.finditer(text)]
    matches = _measures(text)
    recurrences: dict[int, tuple[Recurrence, tuple[int, int] | None]] = {}
    targets: list[Target] = []
    for index, match in enumerate(matches):
        after_stop = bisect_left(stops, match.end())
        sentence_start = stops[after_stop - 1] + 1 if after_stop else 0
        sentence_end = stops[after_stop] if after_stop < len(stops) else len(text)
        if sentence_start not in recurrences:
            found = recurrence_of(text[sentence_start:sentence_end])
            recurrences[sentence_start] = fallback if found[0] == "once" else found
        before_start = max(sentence_start, matches[index - 1].end() if index else 0)
        after_end = min(sentence_end, matches[index + 1].start() if index + 1 < len(matches)
                        else sentence_end)
        before = text[before_start : match.start()]
        recurrence, years = recurrences[sentence_start]
        targets.append(Target(
            section_number=node.number,
            value=float(match.group(1).replace(",", ".")),
            comparator=_comparator(before),
            unit=_unit_of(match),
            subject=_subject(before, text[match.end() : after_end], count=_unit_of(match) != "%"),
            recurrence=recurrence,
            recurrence_years=years,
        ))  # fmt: skip
    return targets


def _measures(text: str) -> list[re.Match[str]]:
    """The figures an item sets: its percentages, or when it has none its counts."""
    return list(_PERCENT.finditer(text)) or list(_COUNT.finditer(text))


def _unit_of(match: re.Match[str]) -> str:
    if match.group(0).endswith("%"):
        return "%"
    noun, period = match.group(2), match.group(3)
    return f"{noun}/{period}" if period else noun


_LEADING_FILLER = re.compile(
    r"^(?:(?:phấn đấu|đảm bảo|bảo đảm|có|đạt|từ|trên|dưới|tối thiểu|tối đa|không quá|ít nhất"
    r"|trở lên|trở xuống|tỷ lệ|các|số|trong số)\b[ ,]*)+",
    re.IGNORECASE,
)
# One filler word at the end. Trimmed a word at a time from the end: as one repeated group before
# "$", the pattern would be retried from every position and backtrack through every split of a
# long run of such words ("và và và … x") — minutes for a few thousand of them.
_TRAILING_FILLER = re.compile(
    r"\b(?:và|đạt|từ|trên|dưới|tối thiểu|tối đa|không quá|không vượt quá|ít nhất"
    r"|đảm bảo|bảo đảm|là|chiếm)$",
    re.IGNORECASE,
)
_FILLER_SPAN = len("không vượt quá")  # the longest: a window this wide holds any of them
_SUBJECT_MIN_WORDS = 3


def _subject(before_percent: str, after_percent: str, *, count: bool = False) -> str:
    """What a percentage measures: the words after it ("100% cơ quan … tổ chức Hội nghị …"), or,
    when it closes the phrase ("tỷ lệ hộ đạt Gia đình văn hóa đạt từ 90% trở lên"), the words
    before it. A count sits inside its phrase ("Mỗi thôn tổ chức ít nhất 02 lần/năm hội nghị
    thôn"): both sides make its subject."""
    stop = _SUBJECT_STOPS.search(after_percent)
    subject = _trim_filler(after_percent[: stop.start()] if stop else after_percent)
    if count:
        return _shorten(f"{_trim_filler(before_percent)} {subject}".strip(), _SUBJECT_LIMIT)
    if len(subject.split()) < _SUBJECT_MIN_WORDS:
        subject = _trim_filler(before_percent)
    return _shorten(subject, _SUBJECT_LIMIT)


def _trim_filler(text: str) -> str:
    text = _LEADING_FILLER.sub("", text.strip(" ,;:-"))
    end = len(text)
    while filler := _TRAILING_FILLER.search(text, max(0, end - _FILLER_SPAN), end):
        end = filler.start()
        while end and text[end - 1] in " ,":
            end -= 1
    return text[:end].strip(" ,;:-")


# ---------------------------------------------------------------------------------------------
# Regions and assembly


@dataclass
class _Regions:
    header: list[str]
    document_type: str | None
    title: list[str]
    bases: list[str]
    body: list[str]
    closing: list[str]
    tail: list[str]
    annex: list[str]


def _first_section_index(paragraphs: list[str], start: int) -> int:
    """Where the body starts: the first "I." or "1." (or "a)" when there is neither)."""
    for wanted in (("I", "1"), ("a",)):
        for index in range(start, len(paragraphs)):
            label = _label_of(paragraphs[index])
            if label and label.level <= _LEVEL_LETTER and label.key in wanted:
                return index
    return len(paragraphs)


def _split_regions(paragraphs: list[str]) -> _Regions:
    type_at = _document_type_index(paragraphs)
    if type_at is None:
        header_end = 0
        while header_end < min(len(paragraphs), 12) and _is_header_like(paragraphs[header_end]):
            header_end += 1
        document_type, title_start = None, header_end
    else:
        header_end = type_at
        document_type, title_start = _DOC_TYPES[fold(paragraphs[type_at])], type_at + 1
    body_start = _first_section_index(paragraphs, title_start)
    numbered = body_start < len(paragraphs)
    title_end = title_start
    if type_at is not None:
        # Without numbered sections nothing marks where a long title ends: keep one line.
        title_end = _title_end(paragraphs, title_start, body_start if numbered else title_start + 2)
    if numbered:
        tail_at = max(_tail_start(paragraphs, body_start), body_start)
        closing_at = _closing_start(paragraphs, body_start, tail_at)
    else:
        # No sections: after the leading legal bases, everything up to the tail is one note.
        tail_at = closing_at = _tail_start(paragraphs, title_end)
        body_start = title_end
        while body_start < tail_at and _is_basis(paragraphs[body_start]):
            body_start += 1
    annex_at = _annex_start(paragraphs, tail_at)
    return _Regions(
        header=paragraphs[:header_end],
        document_type=document_type,
        title=paragraphs[title_start:title_end],
        bases=paragraphs[title_end:body_start],
        body=paragraphs[body_start:closing_at],
        closing=paragraphs[closing_at:tail_at],
        tail=paragraphs[tail_at:annex_at],
        annex=paragraphs[annex_at:],
    )


def _annex_start(paragraphs: list[str], tail_at: int) -> int:
    """Where an annex after the signature starts: a "PHỤ LỤC" line or the first table row."""
    for index in range(tail_at, len(paragraphs)):
        paragraph = paragraphs[index]
        if _is_table_row(paragraph) or fold(paragraph[:10]).startswith("phu luc"):
            return index
    return len(paragraphs)


def _title_end(paragraphs: list[str], start: int, body_start: int) -> int:
    """The title runs from the line after "KẾ HOẠCH" to the first legal basis (at most 4 lines)."""
    body_start = min(body_start, len(paragraphs))  # a text may stop right after "KẾ HOẠCH"
    end = start + 1 if start < body_start else start
    while end < min(body_start, start + 4) and not _is_basis(paragraphs[end]):
        end += 1
    return end


def _build_tree(body: list[str], annex: list[str]) -> _TreeBuilder:
    builder = _TreeBuilder()
    _add_paragraphs(builder, body)
    if annex:
        first_table = next((i for i, p in enumerate(annex) if _is_table_row(p)), len(annex))
        builder.add_annex(annex[:first_table])
        _add_paragraphs(builder, annex[first_table:])
    return builder


def _add_paragraphs(builder: _TreeBuilder, paragraphs: list[str]) -> None:
    rows: list[list[str]] = []
    for paragraph in paragraphs:
        if _is_table_row(paragraph):
            rows.append(_cells(paragraph))
            continue
        if rows:
            builder.add_table(rows)
            rows = []
        builder.add(paragraph)
    if rows:
        builder.add_table(rows)


def _sections(
    nodes: list[_Node], kinds: dict[_Node, SectionKind], task_set: set[_Node], year: int | None
) -> tuple[list[Section], list[Target]]:
    sections: list[Section] = []
    targets: list[Target] = []
    for node in nodes:
        text = node.text
        cycles, years, due = _timing_of(node, year)
        recurrence = cycles[0]
        kind = kinds[node]
        is_task = node in task_set or kind == "task"
        supports = _field_supports(node) if is_task else None
        sections.append(Section(
            number=node.number,
            label=node.label,
            title=node.title,
            text=text,
            kind=kind,
            parent_number=node.parent.number if node.parent else None,
            depth=node.depth,
            order=node.order,
            recurrence=recurrence,
            recurrence_years=years,
            support_names=(support_names(text) if supports is None else supports) if is_task else [],
            recurrences=cycles,
            due=due if is_task else None,
        ))  # fmt: skip
        if kind == "target":
            targets.extend(_targets_of(node, (recurrence, years)))
    return sections, targets


def _bodies(roots: list[_Node]) -> dict[_Node, list[_Node]]:
    """Body node → its tasks (its children, or itself when it has none)."""
    result: dict[_Node, list[_Node]] = {}
    for parent in _body_parents(roots):
        # Rows of a table and items with their own lead line get their bodies from those.
        plain = [child for child in parent.children
                 if child.level != _LEVEL_ROW and _field_lead(child) is None]
        named = [child for child in plain if _is_org_name(_body_name(child))]
        for child in named or plain:
            result[child] = list(child.children) or [child]
    return result


def _structure_warnings(nodes: list[_Node], has_bodies: bool, has_notes: bool) -> list[str]:
    warnings: list[str] = []
    if has_notes and not any(node.level >= 0 for node in nodes):
        warnings.append("no numbered sections found; the text was kept as one note")
    elif not has_bodies:
        warnings.append("no responsible bodies found: neither 'TỔ CHỨC THỰC HIỆN' items nor "
                        "'Cơ quan chủ trì' lines or columns")
    return warnings


def parse_plan_text(text: str) -> ParsedPlan:
    """Read a plan's text. Raises PlanTextError only when there is no text at all."""
    lines = _clean_lines(text)
    if not lines:
        raise PlanTextError("the plan text is empty")
    regions = _split_regions(_join_paragraphs(lines))
    header = _read_header(regions.header)
    builder = _build_tree(regions.body, regions.annex)
    nodes = builder.nodes
    bodies = _bodies(builder.roots)
    kinds = _classify(builder.roots, bodies)
    task_set = {task for tasks in bodies.values() for task in tasks}
    year = header.issue_date.year if header.issue_date else header.year
    sections, targets = _sections(nodes, kinds, task_set, year)
    order = {node: index for index, node in enumerate(nodes)}
    placed = [(node, _make_body(node, tasks)) for node, tasks in bodies.items()]
    placed += _field_bodies(nodes, task_set)
    placed.sort(key=lambda pair: order[pair[0]])
    tail = _read_tail(regions.tail)
    preamble = [p for p in regions.bases if not _is_basis(p)]
    warnings = [
        *_header_warnings(header, regions.document_type),
        *builder.warnings,
        *_structure_warnings(nodes, bool(placed), any(node.level < 0 for node in nodes)),
    ]
    return ParsedPlan(
        number=header.number,
        type_code=header.type_code,
        issuer_code=header.issuer_code,
        issuer_name=" ".join(header.issuer_parts) or None,
        place=header.place,
        issue_date=header.issue_date,
        year=year,
        document_type=regions.document_type,
        title=" ".join(regions.title) or None,
        legal_bases=[b for p in regions.bases if _is_basis(p) for b in _read_bases(p)],
        preamble=preamble,
        sections=sections,
        bodies=[body for _, body in placed],
        targets=targets,
        closing="\n".join(regions.closing) or None,
        recipients=[r for r in tail.recipients if r],
        signer_authority=tail.authority,
        signer_title=tail.title,
        signer_name=tail.name,
        warnings=warnings,
    )


__all__ = [
    "Body",
    "LegalBasis",
    "ParsedPlan",
    "PlanTextError",
    "Recurrence",
    "Section",
    "SectionKind",
    "Target",
    "parse_plan_text",
    "recurrence_of",
    "support_names",
]
