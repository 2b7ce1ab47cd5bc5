"""A file of figures cut into the requests that carry it, and each refused row traced back to its
place in the file.

CSV is cut into chunks of N figures, each with the header line repeated, read straight from the
file for every attempt (never the whole file in memory). JSON `{"values": [...]}` is parsed (JSON
cannot be read piecemeal) and cut the same way. An Excel workbook is a zip archive the server reads
whole, so it goes in one request. The SHA-256 of the file is taken too, for the idempotency keys.
"""

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backend.client import ClientError

CSV = "text/csv"
JSON = "application/json"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BLOCK_BYTES = 1 << 16
_BOM = b"\xef\xbb\xbf"
# What a CSV record holds when the server skips it as empty: separators, quotes and spaces only.
_EMPTY = b' \t\r\n,"'

Conflict = dict[str, Any]


@dataclass(frozen=True)
class Chunk:
    index: int
    first_figure: int  # figures before it in the file
    figures: int | None  # None: an Excel workbook, counted by the server
    size: int  # bytes of the request body
    body: Callable[[], Iterator[bytes]]  # a fresh body for every attempt
    places: Callable[[list[Conflict]], list[str]]  # where each refused row is in the file


@dataclass(frozen=True)
class FiguresFile:
    path: Path
    content_type: str
    digest: str
    chunks: list[Chunk]

    @property
    def figures(self) -> int | None:
        counts = [chunk.figures for chunk in self.chunks]
        return None if None in counts else sum(c or 0 for c in counts)

    @property
    def size(self) -> int:
        return sum(chunk.size for chunk in self.chunks)


def cut(path: Path, figures_per_chunk: int) -> FiguresFile:
    kind = path.suffix.lower()
    if not path.is_file():
        raise ClientError(f"{path}: no such file")
    if kind == ".csv":
        return _cut_csv(path, figures_per_chunk)
    if kind == ".json":
        return _cut_json(path, figures_per_chunk)
    if kind == ".xlsx":
        return _whole_workbook(path)
    raise ClientError(f"{path}: send a .csv, .json or .xlsx file")


def _file_blocks(path: Path, start: int, end: int) -> Iterator[bytes]:
    with path.open("rb") as source:
        source.seek(start)
        left = end - start
        while left:
            block = source.read(min(BLOCK_BYTES, left))
            if not block:
                raise ClientError(f"{path} became shorter while it was being sent")
            left -= len(block)
            yield block


# CSV ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Record:
    line: int  # 1-based line where the record starts
    start: int  # byte offsets in the file, end exclusive
    end: int
    empty: bool


def _records(path: Path, start: int = 0, end: int | None = None, line: int = 1) -> Iterator[_Record]:
    """CSV records as the server reads them: lines, joined while a quoted field is open."""
    with path.open("rb") as source:
        source.seek(start)
        offset, first_line, record_start, quotes, parts = start, line, start, 0, []
        for raw in source:
            if end is not None and offset >= end:
                return
            parts.append(raw)
            quotes += raw.count(b'"')
            offset += len(raw)
            if quotes % 2 == 0:
                text = b"".join(parts)
                if record_start == 0:
                    text = text.removeprefix(_BOM)
                yield _Record(first_line, record_start, offset, not text.strip(_EMPTY))
                first_line, record_start, quotes, parts = line + 1, offset, 0, []
            line += 1
        if parts:  # an unbalanced quote runs to the end, as on the server
            yield _Record(first_line, record_start, offset, False)


def _digest(path: Path) -> str:
    with path.open("rb") as source:
        return hashlib.file_digest(source, "sha256").hexdigest()


def _cut_csv(path: Path, figures_per_chunk: int) -> FiguresFile:
    header: _Record | None = None
    spans: list[tuple[_Record, int, int]] = []  # first record, end offset, figures
    first: _Record | None = None
    count = end = 0
    for record in _records(path):
        end = record.end
        if header is None:
            header = None if record.empty else record
            continue
        first = first or record
        count += not record.empty
        if count == figures_per_chunk:
            spans.append((first, end, count))
            first, count = None, 0
    if first is not None and count:
        spans.append((first, end, count))
    if header is None:
        raise ClientError(f"{path} is empty: a CSV needs a header line (indicator,org_unit,period,"
                          "category,value,numerator,denominator)")
    if not spans:
        raise ClientError(f"{path} holds no figures, only its header line")
    head = b"".join(_file_blocks(path, header.start, header.end))
    chunks, before = [], 0
    for index, (opening, end, figures) in enumerate(spans):
        chunks.append(Chunk(index, before, figures, len(head) + end - opening.start,
                            _csv_body(path, head, opening.start, end),
                            _csv_places(path, opening, end)))
        before += figures
    return FiguresFile(path, CSV, _digest(path), chunks)


def _csv_body(path: Path, head: bytes, start: int, end: int) -> Callable[[], Iterator[bytes]]:
    def body() -> Iterator[bytes]:
        yield head
        yield from _file_blocks(path, start, end)

    return body


def _csv_places(path: Path, opening: _Record, end: int) -> Callable[[list[Conflict]], list[str]]:
    def places(conflicts: list[Conflict]) -> list[str]:
        """The server counts the chunk's figures from 0; the file's lines are read again to name
        them (only for chunks with refusals), as blank lines and quoted line breaks shift them."""
        wanted = {c["index"] for c in conflicts if c.get("index") is not None}
        lines: dict[int, int] = {}
        index = 0
        for record in _records(path, opening.start, end, opening.line):
            if record.empty:
                continue
            if index in wanted:
                lines[index] = record.line
            index += 1
        return [f"line {lines[c['index']]}" if c.get("index") in lines else "" for c in conflicts]

    return places


# JSON --------------------------------------------------------------------------------------------

def _cut_json(path: Path, figures_per_chunk: int) -> FiguresFile:
    raw = path.read_bytes()
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ClientError(f"{path} is not valid JSON: {exc}") from None
    values = document.get("values") if isinstance(document, dict) else None
    if not isinstance(values, list) or not values:
        raise ClientError(f'{path}: expected {{"values": [...]}} with at least one figure')
    chunks = []
    for index, start in enumerate(range(0, len(values), figures_per_chunk)):
        part = values[start:start + figures_per_chunk]
        # Encoded once: a retry must send the very same bytes, which the server hashes.
        body = json.dumps({"values": part}, ensure_ascii=False, separators=(",", ":")).encode()
        chunks.append(Chunk(index, start, len(part), len(body), _fixed(body), _json_places(start)))
    return FiguresFile(path, JSON, hashlib.sha256(raw).hexdigest(), chunks)


def _fixed(body: bytes) -> Callable[[], Iterator[bytes]]:
    return lambda: iter((body,))


def _json_places(first: int) -> Callable[[list[Conflict]], list[str]]:
    return lambda conflicts: [f"values[{first + c['index']}]" if c.get("index") is not None else ""
                              for c in conflicts]


# Excel -------------------------------------------------------------------------------------------

def _whole_workbook(path: Path) -> FiguresFile:
    size = path.stat().st_size
    chunk = Chunk(0, 0, None, size, lambda: _file_blocks(path, 0, size), _workbook_places)
    return FiguresFile(path, XLSX, _digest(path), [chunk])


def _workbook_places(conflicts: list[Conflict]) -> list[str]:
    """The server names the sheet and cell of each refused figure it could trace."""
    return [f"{c['sheet']}!{c['cell']}" if c.get("sheet") and c.get("cell")
            else f"figure {c['index'] + 1}" if c.get("index") is not None else ""
            for c in conflicts]
