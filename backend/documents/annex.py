"""The figures of a report as an annex workbook (phụ lục): one row per figure, numbers as numbers."""

import io

import xlsxwriter
from xlsxwriter.format import Format

from backend.documents.service import Report
from backend.models import ValueType

_HEADER = ("TT", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kết quả", "Tử số", "Mẫu số", "Tỷ lệ (%)")


def render(report: Report) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_numbers": False, "strings_to_urls": False})
    sheet = book.add_worksheet("Phụ lục")
    title = book.add_format({"bold": True, "font_name": "Times New Roman", "font_size": 13})
    head = book.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter",
                            "text_wrap": True, "font_name": "Times New Roman"})
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top",
                            "font_name": "Times New Roman"})
    figure = book.add_format({"border": 1, "num_format": "#,##0.##", "font_name": "Times New Roman"})
    sheet.write_string(0, 0, f"PHỤ LỤC SỐ LIỆU: {report.summary}", title)
    sheet.write_string(1, 0, f"{report.unit_name} — {report.period_label}", title)
    sheet.write_row(3, 0, _HEADER, head)
    for row, line in enumerate(report.figures, start=4):
        value = line.figure
        sheet.write_number(row, 0, row - 3, cell)
        for column, text in ((1, line.code), (2, line.name), (3, line.unit_of_measure)):
            sheet.write_string(row, column, text, cell)
        if value.value_type is ValueType.ratio:
            sheet.write_string(row, 4, line.value, cell)
            for column, number in ((5, value.numerator), (6, value.denominator),
                                   (7, value.value if isinstance(value.value, int | float) else None)):
                if number is None:
                    sheet.write_blank(row, column, None, cell)
                else:
                    sheet.write_number(row, column, float(number), figure)
        elif isinstance(value.value, int | float) and not isinstance(value.value, bool):
            sheet.write_number(row, 4, float(value.value), figure)
        else:
            sheet.write_string(row, 4, line.value, cell)
    for column, width in enumerate((5, 26, 60, 12, 16, 10, 10, 10)):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(4, 0)
    if report.by_unit:
        _by_unit(book, report, title, head, cell, figure)
    book.close()
    return out.getvalue()


def _by_unit(book: xlsxwriter.Workbook, report: Report, *formats: Format) -> None:
    """A compiled report's figures of each unit below it."""
    title, head, cell, figure = formats
    sheet = book.add_worksheet("Theo đơn vị")
    sheet.write_string(0, 0, f"SỐ LIỆU THEO ĐƠN VỊ: {report.summary}", title)
    sheet.write_row(2, 0, ("TT", "Chỉ tiêu", "Đơn vị", "Kết quả", "Tử số", "Mẫu số"), head)
    for row, line in enumerate(report.by_unit, start=3):
        sheet.write_number(row, 0, row - 2, cell)
        for column, text in ((1, line.indicator), (2, line.unit), (3, line.value)):
            sheet.write_string(row, column, text, cell)
        for column, number in ((4, line.numerator), (5, line.denominator)):
            if number is None:
                sheet.write_blank(row, column, None, cell)
            else:
                sheet.write_number(row, column, number, figure)
    for column, width in enumerate((5, 50, 40, 16, 10, 10)):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(3, 0)
