"""The CSV reader on its own: where the network splits a body must never change what it reads."""

import pytest

from backend.data_values.csvstream import csv_batches
from backend.errors import InvalidInput

# A BOM, quoted fields holding \n and \r\n, quotes doubled inside quotes, a blank line, multi-byte
# characters (2, 3 and 4 bytes), CRLF and LF line ends, and a last line without a line end.
SAMPLE = ('\ufeffindicator,org_unit,period,category,value,numerator,denominator\r\n'
          'QCDC_A,07345,2024Q1,,"một\nhai",,\r\n'
          '"QCDC_B",07345,2024Q1,"x","ba\r\nbốn ""năm""\r\n",1,2\n'
          '\n'
          'QCDC_C,Đắk Lắk,2024,,😀 sáu,,\r\n'
          'QCDC_D,07345,2024,,"",,\n'
          'QCDC_E,07345,2024,,"bảy\n\n",3').encode()


async def _read(*chunks: bytes) -> list:
    async def body():
        for chunk in chunks:
            yield chunk

    return [row async for batch in csv_batches(body(), batch_size=2) for row in batch]


async def test_every_split_point_reads_the_same_rows():
    whole = await _read(SAMPLE)
    assert [fields for _, fields in whole] == [
        ("QCDC_A", "07345", "2024Q1", "", "một\nhai", "", ""),
        ("QCDC_B", "07345", "2024Q1", "x", 'ba\r\nbốn "năm"\r\n', "1", "2"),
        ("QCDC_C", "Đắk Lắk", "2024", "", "😀 sáu", "", ""),
        ("QCDC_D", "07345", "2024", "", "", "", ""),
        ("QCDC_E", "07345", "2024", "", "bảy\n\n", "3", "")]
    for split in range(len(SAMPLE) + 1):
        assert await _read(SAMPLE[:split], SAMPLE[split:]) == whole, f"split at byte {split}"


async def test_one_byte_at_a_time_reads_the_same_rows():
    assert await _read(*(SAMPLE[i:i + 1] for i in range(len(SAMPLE)))) == await _read(SAMPLE)


async def test_a_quoted_field_left_open_is_refused_once_it_outgrows_a_record():
    from backend.data_values import csvstream

    body = b'indicator,org_unit,period\nQCDC_A,07345,"' + b"x" * (csvstream.MAX_RECORD + 10)
    with pytest.raises(InvalidInput, match="longer than"):
        await _read(*(body[i:i + 65536] for i in range(0, len(body), 65536)))


async def test_a_character_cut_short_at_the_end_is_refused_as_not_utf8():
    with pytest.raises(InvalidInput, match="UTF-8"):
        await _read(b"indicator,org_unit,period\nQCDC_A,07345,2024,\xe1\xbb")
