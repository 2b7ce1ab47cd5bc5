"""Aggregates as a table with Vietnamese headers, written as CSV or as an Excel workbook."""

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from backend.kit.spreadsheet import Cell, csv_cell, write_row

_COMPARATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}


def _number(value: Any) -> int | float | None:
    """Whole figures as integers: 52620, not 52620.0."""
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def _target(row: dict[str, Any]) -> str | None:
    target = row.get("target")
    if not target:
        return None
    value = _number(target["value"])
    return f"{_COMPARATORS.get(target['comparator'], target['comparator'])} {value}{target['unit']}"


def _met(row: dict[str, Any]) -> str | None:
    met = (row.get("target") or {}).get("met")
    return None if met is None else ("Đạt" if met else "Chưa đạt")


_BASES = {"reported": "Như đã báo cáo", "current": "Theo đơn vị hiện nay"}


def _comparable(row: dict[str, Any]) -> str:
    """A figure that came in part through a split and cannot be divided has no value."""
    return "Có" if row.get("comparable", True) else "Không (đơn vị bị chia tách)"


AGGREGATE_COLUMNS: tuple[tuple[str, Callable[[dict[str, Any]], Cell]], ...] = (
    ("Mã đơn vị", lambda r: r["org_unit"]["code"]),
    ("Tên đơn vị", lambda r: r["org_unit"]["name"]),
    ("Kỳ báo cáo", lambda r: r["period"]),
    ("Mã chỉ số", lambda r: r["indicator"]),
    ("Phân tổ", lambda r: r.get("category")),
    ("Giá trị", lambda r: _number(r.get("value"))),
    ("Tử số", lambda r: _number(r.get("numerator"))),
    ("Mẫu số", lambda r: _number(r.get("denominator"))),
    ("Tỷ lệ (%)", lambda r: _number(r.get("percent"))),
    ("Số đơn vị phải báo cáo", lambda r: r.get("expected")),
    ("Số đơn vị đã báo cáo", lambda r: r.get("reported")),
    ("Số báo cáo đúng hạn", lambda r: r.get("on_time")),
    ("Chỉ tiêu", _target),
    ("Kế hoạch", lambda r: (r.get("target") or {}).get("plan_symbol")),
    ("Kết quả so với chỉ tiêu", _met),
    ("Cách tính", lambda r: _BASES.get(r.get("basis", "reported"))),
    ("So sánh được", _comparable),
)


def aggregate_table(rows: list[dict[str, Any]]) -> tuple[list[str], list[list[Cell]]]:
    return ([name for name, _ in AGGREGATE_COLUMNS],
            [[cell(row) for _, cell in AGGREGATE_COLUMNS] for row in rows])


def write_csv(out: TextIO, headers: list[str], rows: list[list[Cell]]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)


def write_xlsx(path: Path, headers: list[str], rows: list[list[Cell]], title: str) -> None:
    from xlsxwriter import Workbook

    with Workbook(str(path)) as book:
        sheet, bold = book.add_worksheet(title), book.add_format({"bold": True})
        write_row(sheet, 0, [(header, bold) for header in headers])
        for number, row in enumerate(rows, start=1):
            write_row(sheet, number, [(cell, None) for cell in row])
        sheet.freeze_panes(1, 0)
        for column, header in enumerate(headers):
            width = max([len(header), *(len(str(row[column])) for row in rows
                                        if row[column] is not None)])
            sheet.set_column(column, column, min(60, width + 2))
