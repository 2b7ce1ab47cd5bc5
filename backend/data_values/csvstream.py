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
# A record is a few hundred characters; past this, a quote left open would hold the rest of the body.
MAX_RECORD = 1 << 20


def fields_of(row: Mapping[str, Any]) -> Fields:
    return tuple(map(row.get, COLUMNS))


class _Records:
    """Cuts decoded text into CSV records wherever the network split it: a line break ends a record
    only outside quotes, whichever chunk the quote, the break or the rest of the record came in."""

    def __init__(self) -> None:
        self.pieces: list[str] = []  # the record read so far, not ended yet
        self.size = 0
        self.open = False  # a quoted field of that record is open: an odd number of quotes so far

    def feed(self, text: str) -> list[str]:
        *lines, rest = text.split("\n")
        records = lines
        if lines and not self.open and '"' not in text:
            # The common case: no quote anywhere, every line break ends a record.
            lines[0] = self._take(lines[0])
        elif lines:
            records = []
            for line in lines:
                self.open ^= line.count('"') % 2 == 1
                if self.open:
                    self._keep(line, "\n")
                else:
                    records.append(self._take(line))
        self.open ^= rest.count('"') % 2 == 1
        self._keep(rest)
        return records

    def rest(self) -> str:
        return self._take("")

    def _keep(self, *texts: str) -> None:
        self.pieces.extend(texts)
        self.size += sum(map(len, texts))
        if self.size > MAX_RECORD:
            raise InvalidInput(f"A CSV record is longer than {MAX_RECORD:,} characters: is a quoted "
                               "field left open?", errors=[field_error(["body"], "record too long")])

    def _take(self, line: str) -> str:
        if not self.pieces:
            return line
        record = "".join(self.pieces) + line
        self.pieces, self.size = [], 0
        return record


def _decoded(decoder: codecs.IncrementalDecoder, chunk: bytes, final: bool = False) -> str:
    try:
        return decoder.decode(chunk, final)
    except UnicodeDecodeError as exc:
        raise InvalidInput("The CSV is not UTF-8 text.", errors=[
            field_error(["body"], f"invalid UTF-8 at byte {exc.start}")]) from None


async def _records(chunks: AsyncIterator[bytes]) -> AsyncIterator[list[str]]:
    """The complete records of each chunk, decoded (a character may be split between chunks)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
    records = _Records()
    async for chunk in chunks:
        complete = records.feed(_decoded(decoder, chunk))
        if complete:
            yield complete
    records.feed(_decoded(decoder, b"", final=True))
    last = records.rest()
    if last.strip():
        yield [last]


async def csv_batches(chunks: AsyncIterator[bytes], batch_size: int = 20_000) -> AsyncIterator[Batch]:
    """(index, fields) pairs, indexed from 0 after the header line."""
    pick: Any = None
    width = 0
    index = 0
    batch: Batch = []
    async for lines in _records(chunks):
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
