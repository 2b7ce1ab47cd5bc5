"""How `qcdc submit` cuts files into requests and names refused rows: no server needed."""

import json
from pathlib import Path

import pytest

from backend.client import ClientError
from backend.client.chunks import CSV, cut
from backend.client.submit import Options

HEADER = b"indicator,org_unit,period,category,value,numerator,denominator\r\n"


def _body(chunk) -> bytes:
    return b"".join(chunk.body())


def test_csv_chunks_repeat_the_header_and_keep_every_byte_of_the_rows(tmp_path: Path) -> None:
    rows = [b"A,1,2024,,1,,\r\n", b"\r\n", b'A,2,2024,,"x\r\ny",,\r\n', b"A,3,2024,,3,,\r\n",
            b",,,,,,\r\n", b"A,4,2024,,4,,"]
    file = tmp_path / "f.csv"
    file.write_bytes(b"\xef\xbb\xbf" + HEADER + b"".join(rows))
    figures = cut(file, 2)
    assert figures.content_type == CSV and figures.figures == 4
    assert [(c.first_figure, c.figures) for c in figures.chunks] == [(0, 2), (2, 2)]
    head = b"\xef\xbb\xbf" + HEADER
    assert _body(figures.chunks[0]) == head + b"".join(rows[:3])
    assert _body(figures.chunks[1]) == head + b"".join(rows[3:])
    assert figures.size == sum(len(_body(c)) for c in figures.chunks)
    # Blank lines and a quoted line break shift the lines; the server's index does not see them.
    assert figures.chunks[0].places([{"index": 1}, {"index": None}]) == ["line 4", ""]
    assert figures.chunks[1].places([{"index": 0}, {"index": 1}]) == ["line 6", "line 8"]


def test_a_csv_without_figures_is_refused_before_sending(tmp_path: Path) -> None:
    empty, header_only = tmp_path / "empty.csv", tmp_path / "header.csv"
    empty.write_bytes(b"\n\n")
    header_only.write_bytes(HEADER)
    with pytest.raises(ClientError, match="needs a header line"):
        cut(empty, 10)
    with pytest.raises(ClientError, match="no figures"):
        cut(header_only, 10)


def test_json_is_cut_into_documents_of_values(tmp_path: Path) -> None:
    values = [{"indicator": "A", "org_unit": "1", "period": "2024", "value": n} for n in range(5)]
    file = tmp_path / "f.json"
    file.write_text(json.dumps({"values": values}))
    figures = cut(file, 2)
    assert [json.loads(_body(c))["values"] for c in figures.chunks] == [
        values[0:2], values[2:4], values[4:5]]
    assert figures.chunks[2].places([{"index": 0}]) == ["values[4]"]
    file.write_text(json.dumps(values))
    with pytest.raises(ClientError, match='"values"'):
        cut(file, 2)


def test_keys_repeat_for_the_same_file_and_options_and_differ_otherwise(tmp_path: Path) -> None:
    file = tmp_path / "f.csv"
    file.write_bytes(HEADER + b"A,1,2024,,1,,\nA,2,2024,,2,,\n")
    first, second = cut(file, 1).chunks
    digest = cut(file, 1).digest
    plain = Options(chunk_rows=1)
    assert plain.key(digest, first) == Options(chunk_rows=1).key(cut(file, 1).digest, first)
    others = {plain.key(digest, second), Options(chunk_rows=1, dry_run=True).key(digest, first),
              Options(chunk_rows=1, number_format="vi").key(digest, first),
              Options(chunk_rows=2).key(digest, first), Options(chunk_rows=1, fresh="x").key(digest, first)}
    assert plain.key(digest, first) not in others and len(others) == 5
    file.write_bytes(HEADER + b"A,1,2024,,1,,\nA,2,2024,,3,,\n")
    assert plain.key(cut(file, 1).digest, first) != plain.key(digest, first)
    assert len(plain.key(digest, first)) <= 128  # the server's limit on Idempotency-Key
