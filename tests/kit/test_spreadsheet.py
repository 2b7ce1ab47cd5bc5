"""Text cells that spreadsheets never run, numbers left as numbers, in CSV and in workbooks."""

import io

import openpyxl
from openpyxl.utils.escape import unescape
from xlsxwriter import Workbook

from backend.kit.spreadsheet import as_text_cell, csv_cell, write_row
from tests.formulas import FORMULAS, assert_csv_text


def test_a_text_a_spreadsheet_would_run_gets_a_leading_quote():
    for formula in FORMULAS:
        assert_csv_text(as_text_cell(formula), formula)
    for plain in ("Xã Song Vân", "2024Q1", "a=b", "1-2", "", "'quoted"):
        assert as_text_cell(plain) == plain


def test_numbers_stay_numbers_and_nothing_is_empty():
    assert [csv_cell(c) for c in (-5, -1.5, 0, None, "-5")] == [-5, -1.5, 0, "", "'-5"]


def test_a_workbook_keeps_every_text_as_a_string_cell():
    buffer = io.BytesIO()
    with Workbook(buffer) as book:
        sheet = book.add_worksheet()
        write_row(sheet, 0, [(text, None) for text in FORMULAS])
        write_row(sheet, 1, [(-5, None), ("-5", None), (None, None), (2.5, None)])
    rows = list(openpyxl.load_workbook(buffer).active.iter_rows())
    # XlsxWriter stores a CR as Excel's escape _x000D_, which Excel reads back and openpyxl does not.
    assert [(unescape(c.value), c.data_type) for c in rows[0]] == [(t, "s") for t in FORMULAS]
    assert [(c.value, c.data_type) for c in rows[1][:4]] == [(-5, "n"), ("-5", "s"), (None, "n"),
                                                         (2.5, "n")]
