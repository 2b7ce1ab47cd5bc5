"""The JSON reader on its own: rows as json.loads reads them, wherever the body is split, in batches,
without ever holding the body whole or keeping the event loop."""

import json

import pytest

from backend.data_values import jsonstream
from backend.data_values.csvstream import fields_of
from backend.data_values.jsonstream import json_batches
from backend.errors import InvalidInput

SAMPLE = ('\ufeff { "note" : {"nested": [1, {"values": [2]}], "s": "}]\\""},\n"values":[\r\n'
          '{"indicator": "QCDC_A", "org_unit": "07345", "period": "2024Q1", "value": 12},'
          '{"indicator":"QCDC_B","org_unit":7345,"period":"2024","numerator":1.5e1,"denominator":20},'
          '{"indicator": "QCDC_C", "value": NaN}, {"indicator": "QCDC_D", "value": -Infinity},'
          ' 17, "x", null, [1],'
          '{"indicator": "QCDC_E", "value": "Đắk Lắk 😀 \\u00e9\\n", "category": "có", "x": {}},'
          '{"indicator": "QCDC_F", "value": 123456789012345678901234567890}'
          '], "after": true}  \n').encode()


async def _read(*chunks: bytes, batch_size: int = 3) -> list:
    async def body():
        for chunk in chunks:
            yield chunk

    return [row async for batch in json_batches(body(), batch_size) for row in batch]


def _expected(raw: bytes) -> list:
    return [(i, fields_of(v if isinstance(v, dict) else {}))
            for i, v in enumerate(json.loads(raw)["values"])]


def _same(left: list, right: list) -> bool:
    """Equal, NaN included (NaN equals nothing, not even itself)."""
    return repr(left) == repr(right)


async def test_rows_are_json_loads_rows_at_every_split_point():
    whole = await _read(SAMPLE)
    assert _same(whole, _expected(SAMPLE)) and len(whole) == 10
    for split in range(len(SAMPLE) + 1):
        assert _same(await _read(SAMPLE[:split], SAMPLE[split:]), whole), f"split at byte {split}"
    assert _same(await _read(*(SAMPLE[i:i + 1] for i in range(len(SAMPLE))), batch_size=1), whole)


@pytest.mark.parametrize("body", [
    b"", b"   ", b"{nope", b'{"values": [{"indicator": "A"}', b'{"values": [1,]}', b'{"values": [1 2]}',
    b'{"values": []} []', b'{"values": [1]', b'{"values": [1]} x', b'{"a" 1, "values": []}',
    b'{"values": [], }', b'{"values": ["\xff"]}', b'{"values": [tru]}', b'{"values": [1.]}'])
async def test_bodies_json_loads_refuses_are_refused(body):
    with pytest.raises(ValueError):
        json.loads(body)
    for split in range(len(body) + 1):
        with pytest.raises(InvalidInput, match="not valid JSON"):
            await _read(body[:split], body[split:])


@pytest.mark.parametrize("body", [b"[]", b"{}", b'{"rows": []}', b'{"values": 5}', b'{"values": {}}',
                                  b'{"values": [], "values": []}', b"7"])
async def test_a_document_without_one_list_of_values_is_refused(body):
    with pytest.raises(InvalidInput, match="values"):
        await _read(body)


async def test_an_empty_list_reads_no_rows():
    assert await _read(b'{"values": []}') == [] == await _read(b'{"values":[ ] , "x": 1}')


async def test_a_value_larger_than_an_element_may_be_is_refused_without_reading_on(monkeypatch):
    monkeypatch.setattr(jsonstream, "MAX_ELEMENT", 1000)
    served = []

    async def body():
        yield b'{"values": [{"indicator": "' + b"x" * 600
        for n in range(1000):
            served.append(n)
            yield b"x" * 600

    with pytest.raises(InvalidInput) as refused:
        [row async for batch in json_batches(body()) for row in batch]
    assert "at most 1,000 characters" in refused.value.extra["errors"][0]["msg"]
    assert len(served) < 5


async def test_rows_come_out_while_the_body_is_still_coming_in():
    """Read as it arrives: the first batch before the body's second half is even received (the old
    reader held the body whole, then parsed it in one go, the event loop waiting)."""
    rows = [{"indicator": "QCDC_A", "org_unit": "07345", "period": "2024Q1", "value": n}
            for n in range(50_000)]
    raw = json.dumps({"values": rows}).encode()
    chunks = [raw[i:i + 65_536] for i in range(0, len(raw), 65_536)]
    served = 0

    async def body():
        nonlocal served
        for chunk in chunks:
            served += 1
            yield chunk

    seen = [served async for _ in json_batches(body(), batch_size=10_000)]
    assert len(seen) == 5 and seen[0] < len(chunks) / 2 and seen == sorted(set(seen))
