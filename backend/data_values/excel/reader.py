"""A filled workbook as import rows: every sheet with the key row, the same rows JSON and CSV give.

An .xlsx is a zip archive and cannot be streamed, so the body is read whole (within the ordinary
body limit) and parsed by openpyxl's read-only mode in a worker thread, batch by batch, so the event
loop never waits on it. Where each row came from is kept, so conflicts can name a sheet and cell.

Before openpyxl opens it, the sizes its members declare are added up: a zip bomb is refused without
inflating a byte (Python's zip reader stops a member at its declared size, so a member cannot
unpack to more than it declares). openpyxl parses the XML with defusedxml (a dependency, which
openpyxl uses once installed), so entity declarations are refused rather than expanded.
"""

from array import array
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from zipfile import BadZipFile, ZipFile

from anyio import to_thread
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from backend.data_values.csvstream import COLUMNS as FIELDS
from backend.data_values.csvstream import REQUIRED, Batch, Fields
from backend.data_values.excel.layout import INPUTS
from backend.data_values.schemas import ImportConflict, ImportSummary
from backend.errors import InvalidInput, ProblemError, field_error

BATCH = 20_000
# A workbook's XML packs 10 to 25 times smaller (20,000 rows of text and numbers: 13 times); a zip bomb
# thousands of times. Whatever the ratio, openpyxl reads at most MAX_UNPACKED bytes of XML.
MAX_INFLATION = 100
MAX_UNPACKED = 256 * 1024 * 1024
HEADER_ROWS = 10  # the key row is looked for in the first rows of a sheet
MAX_COLUMNS = 64  # cells further right are not read: a stray cell at XFD must not widen every row
_INPUT_PLACES = [FIELDS.index(key) for key in INPUTS]  # where a row's figures stand in its Fields


class InvalidWorkbook(InvalidInput):
    code = "invalid_workbook"


class WorkbookTooLarge(ProblemError):
    status = 413
    code = "payload_too_large"


class WorkbookUnpacksTooLarge(ProblemError):
    status = 413
    code = "workbook_too_large"


async def read_body(chunks: AsyncIterator[bytes], limit: int) -> bytes:
    parts, size = [], 0
    async for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise WorkbookTooLarge(f"An Excel file is read whole: it may be at most {limit:,} bytes; "
                                   "send larger imports as CSV.")
        parts.append(chunk)
    return b"".join(parts)


def _unreadable(reason: str) -> InvalidWorkbook:
    return InvalidWorkbook("The body is not a readable Excel workbook (.xlsx).",
                           errors=[field_error(["body"], reason)])


@dataclass(frozen=True)
class _Sheet:
    title: str
    columns: dict[str, int]  # import field → 0-based position


def _header(cells: tuple[Any, ...]) -> dict[str, int] | None:
    keys = [cell.strip().lower() if isinstance(cell, str) else None for cell in cells]
    if not all(key in keys for key in REQUIRED):
        return None
    return {key: keys.index(key) for key in FIELDS if key in keys}


def _plain(cell: Any) -> Any:
    """A cell as the row reader takes it: text trimmed, whole floats as ints (7345.0 is 7345)."""
    if cell is None or isinstance(cell, bool | int):
        return cell
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() else cell
    text = str(cell).strip()
    return text or None


def _row(cells: tuple[Any, ...], columns: dict[str, int]) -> Fields | None:
    """The import row, or None when no figure is filled in: blank cells never clear a stored figure."""
    row = tuple(_plain(cells[columns[key]]) if key in columns else None for key in FIELDS)
    if all(row[place] is None for place in _INPUT_PLACES):
        return None
    return row


class FilledWorkbook:
    def __init__(self, content: bytes) -> None:
        self.content = content
        self.sheets: list[_Sheet] = []
        # Where the n-th imported row came from, in two compact arrays: imports run to many rows.
        self.sheet_of = array("H")
        self.row_of = array("L")

    def _open(self) -> Any:
        self._check_unpacked()
        try:
            return load_workbook(BytesIO(self.content), read_only=True, data_only=True)
        # openpyxl fails on foreign bytes with whatever its zip and XML layers raise.
        except Exception as error:
            raise _unreadable(f"{type(error).__name__}: {error}") from None

    def _check_unpacked(self) -> None:
        try:
            with ZipFile(BytesIO(self.content)) as archive:
                unpacked = sum(member.file_size for member in archive.infolist())
        except (BadZipFile, ValueError, OSError) as error:
            raise _unreadable(f"{type(error).__name__}: {error}") from None
        limit = min(MAX_UNPACKED, MAX_INFLATION * len(self.content))
        if unpacked > limit:
            raise WorkbookUnpacksTooLarge(
                f"The workbook unpacks to {unpacked:,} bytes, more than the {limit:,} a workbook of "
                f"{len(self.content):,} bytes may (at most {MAX_INFLATION} times its size, and "
                f"{MAX_UNPACKED:,} bytes): it is refused unread.")

    async def batches(self) -> AsyncIterator[Batch]:
        """Opened only when the import asks for rows: after the caller's rights are checked."""
        book = await to_thread.run_sync(self._open)
        rows = self._rows(book)
        try:
            while batch := await to_thread.run_sync(self._take, rows):
                yield batch
        finally:
            book.close()
        if not self.sheets:
            raise InvalidWorkbook("No sheet of the workbook has the row of column keys.", errors=[
                field_error(["body"], f"expected a row with the keys {', '.join(FIELDS)} in the first "
                                      f"{HEADER_ROWS} rows of a sheet")])

    @staticmethod
    def _take(rows: Iterator[tuple[int, Fields]]) -> Batch:
        batch: Batch = []
        try:
            for item in rows:
                batch.append(item)
                if len(batch) == BATCH:
                    break
        except Exception as error:  # a damaged sheet surfaces only when its XML is read
            raise _unreadable(f"{type(error).__name__}: {error}") from None
        return batch

    def _rows(self, book: Any) -> Iterator[tuple[int, Fields]]:
        index = 0
        for worksheet in book.worksheets:
            # The stored dimensions may claim a million rows; read the rows that exist.
            worksheet.reset_dimensions()
            sheet: _Sheet | None = None
            for number, cells in enumerate(worksheet.iter_rows(max_col=MAX_COLUMNS,
                                                               values_only=True), 1):
                if sheet is None:
                    if number > HEADER_ROWS:
                        break
                    columns = _header(cells)
                    if columns is not None:
                        sheet = _Sheet(worksheet.title, columns)
                        self.sheets.append(sheet)
                    continue
                row = _row(cells, sheet.columns)
                if row is not None:
                    self.sheet_of.append(len(self.sheets) - 1)
                    self.row_of.append(number)
                    yield index, row
                    index += 1

    def located(self, summary: ImportSummary) -> ImportSummary:
        """The summary with each row's conflict pointing at its sheet and cell."""
        return summary.model_copy(update={"conflicts": [self._locate(c) for c in summary.conflicts]})

    def _locate(self, conflict: ImportConflict) -> ImportConflict:
        if conflict.index is None or conflict.index >= len(self.row_of):
            return conflict
        sheet = self.sheets[self.sheet_of[conflict.index]]
        position = sheet.columns.get(conflict.field or "", 0)
        cell = f"{get_column_letter(position + 1)}{self.row_of[conflict.index]}"
        return conflict.model_copy(update={"sheet": sheet.title, "cell": cell})
