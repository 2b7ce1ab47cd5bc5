"""Cells that spreadsheet applications show as the text they hold and never run as formulas.

Excel, LibreOffice and Google Sheets may take a CSV cell that starts with = + - @, a tab or a
carriage return (OWASP's list) for a formula: a unit named `=HYPERLINK("http://x","y")` would become
a live link in every file that lists it ("CSV injection"). Every export writes its cells through
here. In CSV such a text gets a leading single quote, which the applications show as text (OWASP's
advice); in a workbook text is a string cell, never a formula, whatever it starts with, so it
stays exactly as stored (a template sent back reads the same text). Numbers are never touched:
-5 written as a number is a number, only the text "-5" is quoted.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports this module; it loads XlsxWriter only to write a workbook
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

Cell = str | int | float | None
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text_cell(text: str) -> str:
    """A CSV cell of `text` that no spreadsheet application reads as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_cell(cell: Cell) -> Cell:
    """A table's cell as CSV writes it: text neutralised, numbers as they are, nothing empty."""
    if cell is None:
        return ""
    return as_text_cell(cell) if isinstance(cell, str) else cell


def write_row(sheet: "Worksheet", row: int, cells: Sequence[tuple[Cell, "Format | None"]]) -> None:
    """One workbook row (0-based), left to right. An empty cell of no style is not written at all.
    Never XlsxWriter's `write()`, which guesses, and would make a text starting with "=" a formula."""
    for column, (value, style) in enumerate(cells):
        if value is None:
            if style is not None:
                sheet.write_blank(row, column, None, style)
        elif isinstance(value, str):
            sheet.write_string(row, column, value, style)
        else:
            sheet.write_number(row, column, value, style)
