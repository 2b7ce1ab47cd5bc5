"""The template workbook: one row per unit, indicator and category option, stored figures filled in.

Written with XlsxWriter, row by row to a temporary file (its constant-memory mode), in a little
over half the time openpyxl's streaming writer took: 1.6-2 s instead of 3-3.2 s for 500 communes.
Only the cells a figure goes into are unlocked; the sheet is protected without a password so codes
are not overwritten by accident, and approved (locked) figures are shown in the note, not in the
input cells, so sending the file back untouched raises no `locked` conflicts.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import Any

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from backend.data_values.excel.layout import (
    COLUMNS,
    DATA_SHEET,
    FIRST_DATA_ROW,
    GUIDE_SHEET,
    INPUTS,
    KEY_ROW,
    LETTERS,
    TITLE_ROW,
)
from backend.kit.spreadsheet import write_row
from backend.models import (
    DataValue,
    DataValueStatus,
    Indicator,
    IndicatorCategory,
    OrgUnit,
    ReportingForm,
    ValueType,
)
from backend.periods.schemas import Period

YES, NO = "có", "không"
_TYPE_LABELS = {ValueType.counted: "Số đếm (số nguyên ≥ 0)", ValueType.number: "Số",
                ValueType.ratio: "Tỷ lệ: nhập tử số và mẫu số", ValueType.yes_no: "Có/Không",
                ValueType.text: "Văn bản"}
_STATUS_NOTES = {DataValueStatus.draft: "Nháp", DataValueStatus.submitted: "Đã gửi"}
# Excel's own checks as the user types; the importer checks again, whatever the file says.
_RULES: dict[ValueType, dict[str, Any]] = {
    ValueType.counted: {"validate": "integer", "criteria": ">=", "value": 0,
                        "error_message": "Số đếm là số nguyên không âm."},
    ValueType.number: {"validate": "decimal", "criteria": "between", "minimum": "-1E+18",
                       "maximum": "1E+18", "error_message": "Nhập một số."},
    ValueType.ratio: {"validate": "decimal", "criteria": ">=", "value": 0,
                      "error_message": "Tử số và mẫu số là số không âm."},
    ValueType.yes_no: {"validate": "list", "source": [YES, NO],
                       "error_message": f'Chọn "{YES}" hoặc "{NO}".'},
}
_CODE = {"font_color": "#595959", "num_format": "@"}  # text: Excel must not turn 07345 into 7345
_LOCKED = {"bg_color": "#E7E6E6"}
_STYLES: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "top"},
    "key": {"font_size": 8, "font_color": "#808080"},
    "input": {"bg_color": "#FFF9DB", "locked": False},
    "locked": _LOCKED, "code": _CODE, "locked_code": {**_CODE, **_LOCKED},
    "guide_title": {"bold": True, "font_size": 13}, "guide_text": {"text_wrap": True, "valign": "top"},
}


@dataclass(frozen=True)
class Line:
    """One row of the data sheet: a figure to report."""

    unit: OrgUnit
    indicator: Indicator
    category: IndicatorCategory | None
    stored: DataValue | None

    @property
    def locked(self) -> bool:
        return self.stored is not None and self.stored.status is DataValueStatus.approved

    @property
    def inputs(self) -> tuple[str, ...]:
        return INPUTS[1:] if self.indicator.value_type is ValueType.ratio else INPUTS[:1]


@dataclass(frozen=True)
class Template:
    form: ReportingForm
    period: Period
    lines: list[Line]


def filename(form: ReportingForm, period: Period) -> str:
    return f"{form.code}_{period.id}.xlsx"


def build(template: Template) -> bytes:
    buffer = BytesIO()
    book = Workbook(buffer, {"constant_memory": True})
    styles = {name: book.add_format(settings) for name, settings in _STYLES.items()}
    _data_sheet(book.add_worksheet(DATA_SHEET), styles, template)
    _guide_sheet(book.add_worksheet(GUIDE_SHEET), styles, template)
    book.close()
    return buffer.getvalue()


# ---- the data sheet ---------------------------------------------------------------------------

def _data_sheet(sheet: Worksheet, styles: dict[str, Format], template: Template) -> None:
    for number, column in enumerate(COLUMNS):
        sheet.set_column(number, number, column.width)
    sheet.set_row(KEY_ROW - 1, None, None, {"hidden": True})
    sheet.freeze_panes(FIRST_DATA_ROW - 1, 0)
    write_row(sheet, TITLE_ROW - 1, [(c.title, styles["title"]) for c in COLUMNS])
    write_row(sheet, KEY_ROW - 1, [(c.key, styles["key"]) for c in COLUMNS])
    checked: dict[ValueType, dict[str, list[int]]] = {}
    row = FIRST_DATA_ROW
    for line in template.lines:
        write_row(sheet, row - 1, _line_cells(styles, line, template.period.id))
        rule = line.indicator.value_type
        if not line.locked and rule in _RULES:
            for key in line.inputs:
                checked.setdefault(rule, {}).setdefault(LETTERS[key], []).append(row)
        row += 1
    for rule, cells in checked.items():
        _validate(sheet, rule, cells)
    last = LETTERS[COLUMNS[-1].key]
    sheet.autofilter(f"A{TITLE_ROW}:{last}{max(row - 1, TITLE_ROW)}")
    # Protected without a password: a guard against typing over codes, not a security measure.
    sheet.protect("", {"autofilter": True, "format_columns": True, "format_rows": True})


_CODES = ("org_unit", "indicator", "category", "period")


def _line_cells(styles: dict[str, Format], line: Line, period: str) -> list[tuple[Any, Format | None]]:
    indicator, category = line.indicator, line.category
    values: dict[str, Any] = {
        "org_unit_name": line.unit.name, "indicator_name": indicator.name,
        "category_name": category.name if category else None, "value_type": _type_label(indicator),
        "note": _note(line), "org_unit": line.unit.code, "indicator": indicator.code,
        "category": category.code if category else None, "period": period}
    if line.locked:
        return [(values.get(c.key), styles["locked_code" if c.key in _CODES else "locked"])
                for c in COLUMNS]
    values |= _stored_cells(indicator, line.stored)
    inputs = line.inputs
    return [(values.get(c.key), styles["input"] if c.key in inputs
             else styles["code"] if c.key in _CODES else None) for c in COLUMNS]


def _type_label(indicator: Indicator) -> str:
    label = _TYPE_LABELS[indicator.value_type]
    if indicator.value_type is ValueType.ratio and indicator.numerator_name:
        label += f" ({indicator.numerator_name} / {indicator.denominator_name or '…'})"
    if indicator.unit_of_measure:
        label += f"; đơn vị tính: {indicator.unit_of_measure}"
    return label


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _stored_cells(indicator: Indicator, stored: DataValue | None) -> dict[str, Any]:
    if stored is None:
        return {}
    match indicator.value_type:
        case ValueType.ratio:
            return {"numerator": _number(stored.numerator),
                    "denominator": _number(stored.denominator)}
        case ValueType.yes_no:
            return {"value": None if stored.value_bool is None else YES if stored.value_bool else NO}
        case ValueType.text:
            return {"value": stored.value_text}
        case _:
            return {"value": _number(stored.value_numeric)}


def _note(line: Line) -> str | None:
    if line.stored is None:
        return None
    if not line.locked:
        return _STATUS_NOTES[line.stored.status]
    shown = _stored_cells(line.indicator, line.stored)
    value = (f"{shown['numerator']}/{shown['denominator']}"
             if line.indicator.value_type is ValueType.ratio else shown["value"])
    return f"Đã duyệt, đã khóa: {value}"


def _ranges(cells: dict[str, list[int]]) -> Iterator[str]:
    """Runs of consecutive rows (ascending) per column as E3:E9: a short sqref for thousands of
    cells."""
    for letters, rows in cells.items():
        start = previous = rows[0]
        for row in [*rows[1:], None]:
            if row is not None and row == previous + 1:
                previous = row
                continue
            yield f"{letters}{start}" if start == previous else f"{letters}{start}:{letters}{previous}"
            if row is not None:
                start = previous = row


def _validate(sheet: Worksheet, rule: ValueType, cells: dict[str, list[int]]) -> None:
    ranges = list(_ranges(cells))
    sheet.data_validation(ranges[0], {**_RULES[rule], "ignore_blank": True, "show_error": True,
                                      "error_title": "Giá trị không hợp lệ",
                                      "multi_range": " ".join(ranges)})


# ---- the guide --------------------------------------------------------------------------------

def _guide_sheet(sheet: Worksheet, styles: dict[str, Format], template: Template) -> None:
    period = template.period
    sheet.set_column(0, 0, 110)
    lines: list[tuple[str | None, Format | None]] = [
        (f"Mẫu nhập số liệu: {template.form.name} ({template.form.code})", styles["guide_title"]),
        (f"Kỳ báo cáo: {period.label} ({period.id}), số liệu từ "
         f"{period.start:%d/%m/%Y} đến {period.end:%d/%m/%Y}.", None),
        (None, None)]
    lines += [(text or None, styles["guide_text"]) for text in _GUIDE]
    for row, cell in enumerate(lines):
        write_row(sheet, row, [cell])


_GUIDE = (
    "Cách điền",
    f"1. Trang \"{DATA_SHEET}\" có một dòng cho mỗi đơn vị, chỉ số và phân tổ của mẫu báo cáo. "
    "Chỉ điền vào các ô màu vàng: cột \"Giá trị\", hoặc \"Tử số\" và \"Mẫu số\" với chỉ số tỷ lệ.",
    "2. Số đếm là số nguyên không âm. Chỉ số Có/Không: chọn \"có\" hoặc \"không\" trong danh sách. "
    "Nhập số như một số của Excel (không kèm chữ hay đơn vị tính).",
    "3. Ô để trống thì dòng đó không được nhập; số liệu đã lưu không bị xóa. Số liệu đã lưu "
    "(nháp hoặc đã gửi) được điền sẵn để sửa.",
    "4. Dòng màu xám là số liệu đã được duyệt và đã khóa (giá trị ghi ở cột \"Ghi chú\"). "
    "Muốn sửa, đề nghị người duyệt mở lại báo cáo.",
    "5. Không sửa các cột mã (Mã đơn vị, Mã chỉ số, Mã phân tổ, Kỳ báo cáo). Trang tính được khóa "
    "không mật khẩu để tránh sửa nhầm; có thể bỏ khóa trong Review → Unprotect Sheet.",
    "",
    "Cách nhập lên hệ thống",
    "6. Mở trang \"Nhập số liệu từ Excel\", chọn tệp và bấm \"Kiểm tra\": hệ thống báo số dòng sẽ "
    "thêm, sửa, không đổi và từng lỗi kèm trang tính và ô (ví dụ: Số liệu!E7). Sửa lỗi rồi bấm "
    "\"Nhập\"; chọn \"Nộp báo cáo\" để gửi luôn báo cáo cho cấp trên.",
    "7. Dòng 2 (ẩn) chứa tên cột mà máy đọc: indicator, org_unit, period, category, value, "
    "numerator, denominator. Không xóa dòng này. Có thể thêm trang tính khác có cùng dòng tên cột; "
    "các cột khác được bỏ qua.",
    "8. Chương trình của đơn vị có thể gửi tệp này tới POST /api/v1/data-values/import với "
    "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.",
)
