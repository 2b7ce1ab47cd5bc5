"""The shape of the figures workbook, shared by the template that writes it and the importer.

Every data sheet has, below the Vietnamese titles, a hidden row of machine keys (the importer's
column names, the same as the CSV's); rows above the key row are not read. The importer finds
columns by those keys, never by position or by title, so a user may reorder columns, retitle them
or add sheets with the same key row.
"""

from dataclasses import dataclass

from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATA_SHEET = "Số liệu"
GUIDE_SHEET = "Hướng dẫn"
TITLE_ROW = 1
KEY_ROW = 2
FIRST_DATA_ROW = 3


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int


COLUMNS = (
    Column("org_unit_name", "Đơn vị", 30),
    Column("indicator_name", "Chỉ số", 48),
    Column("category_name", "Phân tổ", 22),
    Column("value_type", "Loại giá trị", 26),
    Column("value", "Giá trị", 14),
    Column("numerator", "Tử số", 12),
    Column("denominator", "Mẫu số", 12),
    Column("note", "Ghi chú", 28),
    Column("org_unit", "Mã đơn vị", 14),
    Column("indicator", "Mã chỉ số", 30),
    Column("category", "Mã phân tổ", 18),
    Column("period", "Kỳ báo cáo", 11),
)
LETTERS = {column.key: get_column_letter(number) for number, column in enumerate(COLUMNS, 1)}
INPUTS = ("value", "numerator", "denominator")
