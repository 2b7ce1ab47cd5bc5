"""The template workbook: one row per unit, indicator and category option, stored figures filled in.

Written in openpyxl's streaming mode so a template for hundreds of units stays quick and small.
Only the cells a figure goes into are unlocked; the sheet is protected without a password so codes
are not overwritten by accident, and approved (locked) figures are shown in the note, not in the
input cells, so sending the file back untouched raises no `locked` conflicts.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

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
_RULES: dict[ValueType, dict[str, str]] = {
    ValueType.counted: {"type": "whole", "operator": "greaterThanOrEqual", "formula1": "0",
                        "error": "Số đếm là số nguyên không âm."},
    ValueType.number: {"type": "decimal", "operator": "between", "formula1": "-1E+18",
                       "formula2": "1E+18", "error": "Nhập một số."},
    ValueType.ratio: {"type": "decimal", "operator": "greaterThanOrEqual", "formula1": "0",
                      "error": "Tử số và mẫu số là số không âm."},
    ValueType.yes_no: {"type": "list", "formula1": f'"{YES},{NO}"',
                       "error": f'Chọn "{YES}" hoặc "{NO}".'},
}
_KEY_FONT = Font(size=8, color="808080")
_TITLE_FONT = Font(bold=True)
_TITLE_FILL = PatternFill("solid", fgColor="DDEBF7")
_INPUT_FILL = PatternFill("solid", fgColor="FFF9DB")
_LOCKED_FILL = PatternFill("solid", fgColor="E7E6E6")
_CODE_FONT = Font(color="595959")
_WRAP = Alignment(wrap_text=True, vertical="top")
_OPEN = Protection(locked=False)


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
    book = Workbook(write_only=True)
    _data_sheet(book.create_sheet(DATA_SHEET), template)
    _guide_sheet(book.create_sheet(GUIDE_SHEET), template)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---- the data sheet ---------------------------------------------------------------------------

class _Styles:
    """Cell styles made once per sheet and stamped on cells: setting a font or fill cell by cell
    hashes it each time, which made a template of 20,000 rows take many seconds."""

    def __init__(self, sheet: Any, **styles: dict[str, Any]) -> None:
        self.sheet = sheet
        self.arrays: dict[str, Any] = {}
        for name, settings in styles.items():
            model = Cell(sheet, row=1, column=1)
            for attribute, setting in settings.items():
                setattr(model, attribute, setting)
            self.arrays[name] = model._style

    def __call__(self, name: str, value: Any) -> Cell | None:
        # Every value of a row is a Cell: openpyxl's streaming writer would give a bare value the
        # style of the Cell before it. An empty cell of no style is not written at all.
        if value is None and name == "plain":
            return None
        return Cell(self.sheet, row=1, column=1, value=value, style_array=self.arrays[name])


def _data_sheet(sheet: Any, template: Template) -> None:
    for column in COLUMNS:
        sheet.column_dimensions[LETTERS[column.key]].width = column.width
    sheet.row_dimensions[KEY_ROW].hidden = True
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    # Text format on codes: Excel must not turn a code such as 07345 into the number 7345.
    styled = _Styles(sheet, title={"font": _TITLE_FONT, "fill": _TITLE_FILL, "alignment": _WRAP},
                     key={"font": _KEY_FONT}, plain={}, input={"fill": _INPUT_FILL, "protection": _OPEN},
                     locked={"fill": _LOCKED_FILL},
                     code={"font": _CODE_FONT, "number_format": "@"},
                     locked_code={"font": _CODE_FONT, "number_format": "@", "fill": _LOCKED_FILL})
    sheet.append([styled("title", c.title) for c in COLUMNS])
    sheet.append([styled("key", c.key) for c in COLUMNS])
    checked: dict[ValueType, dict[str, list[int]]] = {}
    row = FIRST_DATA_ROW
    for line in template.lines:
        sheet.append(_line_cells(styled, line, template.period.id))
        rule = line.indicator.value_type
        if not line.locked and rule in _RULES:
            for key in line.inputs:
                checked.setdefault(rule, {}).setdefault(LETTERS[key], []).append(row)
        row += 1
    for rule, cells in checked.items():
        sheet.data_validations.append(_validation(rule, cells))
    last = LETTERS[COLUMNS[-1].key]
    sheet.auto_filter.ref = f"A{TITLE_ROW}:{last}{max(row - 1, TITLE_ROW)}"
    # Protected without a password: a guard against typing over codes, not a security measure.
    protection = sheet.protection
    protection.sheet = True
    protection.autoFilter = protection.formatColumns = protection.formatRows = False


_CODES = ("org_unit", "indicator", "category", "period")


def _line_cells(styled: _Styles, line: Line, period: str) -> list[Any]:
    indicator, category = line.indicator, line.category
    values: dict[str, Any] = {
        "org_unit_name": line.unit.name, "indicator_name": indicator.name,
        "category_name": category.name if category else None, "value_type": _type_label(indicator),
        "note": _note(line), "org_unit": line.unit.code, "indicator": indicator.code,
        "category": category.code if category else None, "period": period}
    if line.locked:
        return [styled("locked_code" if c.key in _CODES else "locked", values.get(c.key))
                for c in COLUMNS]
    values |= _stored_cells(indicator, line.stored)
    inputs = line.inputs
    return [styled("input", values.get(c.key)) if c.key in inputs
            else styled("code", values[c.key]) if c.key in _CODES
            else styled("plain", values.get(c.key)) for c in COLUMNS]


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


def _validation(rule: ValueType, cells: dict[str, list[int]]) -> DataValidation:
    settings = dict(_RULES[rule])
    error = settings.pop("error")
    return DataValidation(**settings, allow_blank=True, showErrorMessage=True,
                          errorTitle="Giá trị không hợp lệ", error=error, sqref=" ".join(_ranges(cells)))


# ---- the guide --------------------------------------------------------------------------------

def _guide_sheet(sheet: Any, template: Template) -> None:
    period = template.period
    sheet.column_dimensions["A"].width = 110
    title = f"Mẫu nhập số liệu: {template.form.name} ({template.form.code})"
    styled = _Styles(sheet, title={"font": Font(bold=True, size=13)}, text={"alignment": _WRAP})
    sheet.append([styled("title", title)])
    sheet.append([f"Kỳ báo cáo: {period.label} ({period.id}), số liệu từ "
                  f"{period.start:%d/%m/%Y} đến {period.end:%d/%m/%Y}."])
    sheet.append([])
    for text in _GUIDE:
        sheet.append([styled("text", text)])


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
