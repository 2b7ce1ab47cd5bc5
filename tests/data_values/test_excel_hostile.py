"""Hostile workbooks: a zip that unpacks out of all proportion, XML declaring entities. Each is a
clear 4xx before the importer reads far into it; a plain workbook beside them imports."""

import io
import zipfile

import openpyxl
import pytest

from tests.helpers import assert_problem

IMPORT = "/api/v1/data-values/import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KEYS = ["indicator", "org_unit", "period", "category", "value"]


def _workbook(indicator: str = "QCDC_LEADER_DIALOGUES") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(KEYS)
    sheet.append([indicator, "07345", "2016", None, 2])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewritten(content: bytes, change) -> bytes:
    """The workbook with each member passed through `change(name, data)` (None: left out)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = change(member.filename, source.read(member))
            if data is not None:
                target.writestr(member.filename, data)
    return out.getvalue()


async def _upload(client, headers, content: bytes, **params):
    return await client.post(IMPORT, headers={**headers, "Content-Type": XLSX}, params=params,
                             content=content)


async def test_a_plain_workbook_imports(client, login):
    summary = (await _upload(client, await login("admin"), _workbook(), dry_run=True)).json()
    assert summary["rejected"] == 0 and summary["created"] + summary["unchanged"] == 1, summary


async def test_a_zip_unpacking_out_of_proportion_is_a_413(client, login):
    # 20 MB of blanks pack into some 20 kB: a workbook's XML packs 10 to 25 times, not 1,000.
    def padded(name: str, data: bytes) -> bytes:
        return data + b" " * 20_000_000 if name == "xl/worksheets/sheet1.xml" else data

    content = _rewritten(_workbook(), padded)
    assert len(content) < 100_000
    refused = assert_problem(await _upload(client, await login("admin"), content, dry_run=True), 413,
                             "workbook_too_large")
    assert "unpacks" in refused["detail"]


async def test_a_member_declaring_less_than_it_unpacks_to_is_a_422(client, login):
    """The declared sizes are what the check reads: a member that unpacks to more than it declares
    is cut at its declared size by the zip reader and fails its checksum."""
    content = bytearray(_rewritten(_workbook(), lambda name, data: data))
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as archive:
        member = archive.getinfo("xl/worksheets/sheet1.xml")
    central = bytes(content).rindex(b"PK\x01\x02", 0, bytes(content).index(b"PK\x05\x06"))
    while bytes(content[central + 46:central + 46 + len(member.filename)]) != member.filename.encode():
        central = bytes(content).rindex(b"PK\x01\x02", 0, central)
    content[central + 24:central + 28] = (10).to_bytes(4, "little")  # uncompressed size: 10
    assert_problem(await _upload(client, await login("admin"), bytes(content)), 422,
                   "invalid_workbook")


def test_openpyxl_parses_with_defusedxml():
    from openpyxl import DEFUSEDXML

    assert DEFUSEDXML


@pytest.mark.parametrize("doctype", [
    # An entity that names the indicator: read as if the cell held it, were entities expanded.
    '<!DOCTYPE worksheet [<!ENTITY code "QCDC_LEADER_DIALOGUES">]>',
    # A billion laughs.
    '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
    '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY code "&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>',
    # An external entity: a file of the server.
    '<!DOCTYPE worksheet [<!ENTITY code SYSTEM "file:///etc/hostname">]>'])
async def test_a_workbook_declaring_entities_is_refused(client, login, doctype):
    def entity(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return data
        return doctype.encode() + data.replace(b">QCDC_LEADER_DIALOGUES<", b">&code;<")

    content = _rewritten(_workbook(), entity)
    refused = assert_problem(await _upload(client, await login("admin"), content, dry_run=True),
                             422, "invalid_workbook")
    assert "body" in refused["errors"][0]["loc"]
