"""CSV rows from a streamed request body, in batches, in constant memory; the form every source
of imported rows hands them on in."""

import codecs
import csv
from collections.abc import AsyncIterator, Mapping
from operator import itemgetter
from typing import Any

from backend.errors import InvalidInput, field_error

COLUMNS = ("indicator", "org_unit", "period", "category", "value", "numerator", "denominator")
REQUIRED = ("indicator", "org_unit", "period")
# A row's fields in the order of COLUMNS (None, or '' from a CSV, for a column it lacks), as CSV,
# JSON and Excel rows alike reach the reader: a tuple per row rather than a dict, a million times.
Fields = tuple[Any, ...]
Batch = list[tuple[int, Fields]]


def fields_of(row: Mapping[str, Any]) -> Fields:
    return tuple(map(row.get, COLUMNS))


async def _lines(chunks: AsyncIterator[bytes]) -> AsyncIterator[list[str]]:
    """Complete lines per chunk; a quoted field spanning lines stays whole."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
    pending = ""
    async for chunk in chunks:
        try:
            pending += decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            raise InvalidInput("The CSV is not UTF-8 text.", errors=[
                field_error(["body"], f"invalid UTF-8 at byte {exc.start}")]) from None
        quoted = '"' in pending  # only a quote makes a record span lines
        *complete, pending = pending.split("\n")
        if complete:
            yield _whole_records(complete) if quoted else complete
    pending += decoder.decode(b"", final=True)
    if pending.strip():
        yield [pending]


def _whole_records(lines: list[str]) -> list[str]:
    records: list[str] = []
    carry = ""
    for line in lines:
        carry = f"{carry}\n{line}" if carry else line
        if carry.count('"') % 2 == 0:
            records.append(carry)
            carry = ""
    if carry:
        records.append(carry)
    return records


async def csv_batches(chunks: AsyncIterator[bytes], batch_size: int = 20_000) -> AsyncIterator[Batch]:
    """(index, fields) pairs, indexed from 0 after the header line."""
    pick: Any = None
    width = 0
    index = 0
    batch: Batch = []
    async for lines in _lines(chunks):
        for record in csv.reader(line.rstrip("\r") for line in lines):
            # A line of blanks is no row (the first field decides for almost every line).
            if not record or not (record[0].strip() or "".join(record).strip()):
                continue
            if pick is None:
                pick, width = _header(record)
                continue
            if len(record) < width:  # short rows and columns the header lacks read as empty
                record.extend([""] * (width - len(record)))
            batch.append((index, pick(record)))
            index += 1
            if len(batch) >= batch_size:
                yield batch
                batch = []
    if pick is None:
        raise InvalidInput("The CSV is empty: it needs a header line.", errors=[
            field_error(["body"], f"expected the columns {', '.join(COLUMNS)}")])
    if batch:
        yield batch


def _header(record: list[str]) -> tuple[Any, int]:
    """What picks a row's fields out of a record (the last column of a name counts), and the
    width a record is padded to: one past the header's when it lacks a column, read there."""
    header = [name.strip().lower() for name in record]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise InvalidInput(f"The CSV lacks the column(s) {', '.join(missing)}.", errors=[
            field_error(["body", "header"], f"missing column {name}") for name in missing])
    place = {name: position for position, name in enumerate(header)}
    width = len(header) + (not set(COLUMNS) <= place.keys())
    return itemgetter(*(place.get(name, len(header)) for name in COLUMNS)), width
