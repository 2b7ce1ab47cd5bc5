"""The PDF converter: LibreOffice kept running, replaced when it dies or hangs, stopped with the
server; without its UNO bridge, one LibreOffice per conversion; without LibreOffice, a problem."""

import asyncio
import io
import os
import signal
import time
from pathlib import Path

import httpx
import pypdf
import pytest
from docx import Document

from backend.documents import pdf
from backend.documents.errors import ConverterUnavailable
from tests.documents import reports
from tests.helpers import assert_problem, served

LINES = ["ỦY BAN NHÂN DÂN XÃ SONG VÂN", "Kết quả thực hiện dân chủ ở cơ sở năm 2023",
         "Tổ chức 2 cuộc đối thoại với 8 người tham dự"]


def _docx(*lines: str) -> bytes:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _group(pgid: int) -> list[int]:
    """The processes of a process group: the launcher and soffice.bin of one LibreOffice."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def _ended(pgid: int) -> bool:
    """Whether a process group killed with SIGKILL is gone: the kernel delivers the signal at once
    but a process as large as soffice.bin takes a moment to exit on a busy machine."""
    deadline = time.monotonic() + 10
    while _group(pgid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _offices_of(server_pid: int) -> list[int]:
    mark = f"--accept=pipe,name=qcdc-{server_pid}-".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if mark in (entry / "cmdline").read_bytes() and _alive(int(entry.name)):
                    found.append(int(entry.name))
            except (FileNotFoundError, ProcessLookupError):
                continue
    return found


def _server_pid() -> int:
    """`qcdc serve` started by this test process."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                command = (entry / "cmdline").read_bytes()
            except FileNotFoundError:
                continue
            if int(stat[1]) == os.getpid() and b"serve" in command:
                return int(entry.name)
    raise AssertionError("no server started by this test")


async def test_a_running_libreoffice_converts_again_and_again():
    first = await pdf.from_docx(_docx(*LINES))
    running = set(pdf._offices.running())
    done = sum(office.conversions for office in running)
    second = await pdf.from_docx(_docx(*LINES, "Lần thứ hai"))
    assert first.startswith(b"%PDF-") and second.startswith(b"%PDF-")
    for line in LINES:
        assert line in _text(first) and line in _text(second)
    assert "Lần thứ hai" in _text(second)
    # A LibreOffice already running answered the second: none was started for it.
    assert set(pdf._offices.running()) == running
    assert sum(office.conversions for office in running) == done + 1


async def test_parallel_conversions_each_get_their_own_pdf():
    documents = [_docx(f"Báo cáo số {n}", *LINES) for n in range(5)]
    results = await asyncio.gather(*(pdf.from_docx(document) for document in documents))
    for n, content in enumerate(results):
        text = _text(content)
        assert f"Báo cáo số {n}" in text and all(f"Báo cáo số {m}" not in text
                                                 for m in range(5) if m != n)
    # No more LibreOffices than conversions allowed at a time, each with a profile of its own.
    running = pdf._offices.running()
    assert 1 <= len(running) <= pdf._CONCURRENCY
    assert len({office.folder for office in running}) == len(running)


async def test_a_killed_libreoffice_is_replaced():
    await pdf.from_docx(_docx(*LINES))
    killed = pdf._offices.running()
    for office in killed:
        os.killpg(office.process.pid, signal.SIGKILL)
    assert LINES[0] in _text(await pdf.from_docx(_docx(*LINES)))
    assert not set(killed) & set(pdf._offices.running())
    # The dead ones were reaped, their profiles and the sockets they left in /tmp removed.
    for office in killed:
        assert _ended(office.process.pid) and not office.folder.exists()
        assert not any(pipe.exists() for pipe in office.pipes())


async def test_a_hung_libreoffice_times_out_with_the_problem_and_is_replaced(monkeypatch):
    await pdf.from_docx(_docx(*LINES))
    hung = pdf._offices.running()
    for office in hung:
        os.killpg(office.process.pid, signal.SIGSTOP)
    monkeypatch.setattr(pdf, "_TIMEOUT_S", 8)
    began = time.monotonic()
    with pytest.raises(ConverterUnavailable, match="took too long"):
        await pdf.from_docx(_docx(*LINES))
    assert time.monotonic() - began < 20
    # The stuck one was killed, not left behind; the next conversion starts another.
    stuck = [office for office in hung if office not in pdf._offices.running()]
    assert stuck and all(_ended(office.process.pid) for office in stuck)
    monkeypatch.setattr(pdf, "_TIMEOUT_S", 120)
    for office in pdf._offices.running():
        os.killpg(office.process.pid, signal.SIGCONT)
    assert LINES[0] in _text(await pdf.from_docx(_docx(*LINES)))


async def test_a_libreoffice_failing_its_first_conversion_is_replaced_once(monkeypatch):
    await asyncio.to_thread(pdf.stop)
    asked = pdf._ask
    failed: list[pdf._Office] = []

    async def first_fails(office, source, target, deadline):
        if not failed:
            failed.append(office)
            return 1
        return await asked(office, source, target, deadline)

    monkeypatch.setattr(pdf, "_ask", first_fails)
    assert LINES[0] in _text(await pdf.from_docx(_docx(*LINES)))
    assert failed[0] not in pdf._offices.running() and _ended(failed[0].process.pid)
    # A second failure is the document's, not a LibreOffice still starting: the problem.
    await asyncio.to_thread(pdf.stop)
    failed.clear()

    async def always_fails(office, source, target, deadline):
        failed.append(office)
        return 1

    monkeypatch.setattr(pdf, "_ask", always_fails)
    with pytest.raises(ConverterUnavailable, match="failed"):
        await pdf.from_docx(_docx(*LINES))
    assert len(failed) == 2 and pdf._offices.running() == []


async def test_stopping_leaves_no_libreoffice_nor_its_files():
    await asyncio.gather(pdf.from_docx(_docx(*LINES)), pdf.from_docx(_docx(*LINES)))
    running = pdf._offices.running()
    assert running
    # Both sockets it made are found by name, so none is left behind however it stops.
    assert all(pipe.exists() for office in running for pipe in office.pipes())
    # Only the server's user may connect to them.
    assert all(pipe.stat().st_mode & 0o077 == 0 for office in running for pipe in office.pipes())
    await asyncio.to_thread(pdf.stop)
    assert pdf._offices.running() == []
    for office in running:
        assert _ended(office.process.pid) and not office.folder.exists()
        assert not any(pipe.exists() for pipe in office.pipes())


async def test_without_the_uno_bridge_each_conversion_starts_libreoffice(monkeypatch):
    await asyncio.to_thread(pdf.stop)
    monkeypatch.setattr(pdf, "_pythons", lambda program: [])
    monkeypatch.setattr(pdf._offices, "_bridges", {})
    assert LINES[1] in _text(await pdf.from_docx(_docx(*LINES)))
    assert pdf._offices.running() == []


async def test_without_libreoffice_the_pdf_is_a_clear_problem(client, login, unit_ids, monkeypatch):
    unit, reporter = await reports.commune(client, login, unit_ids)
    sid = await reports.annual(client, reporter, unit["id"], "2014")
    monkeypatch.setattr(pdf, "converter", lambda: None)
    body = assert_problem(await client.get(f"/api/v1/submissions/{sid}/document", headers=reporter,
                                           params={"format": "pdf"}), 503,
                          "pdf_converter_unavailable")
    assert "docx" in body["detail"]
    docx = await client.get(f"/api/v1/submissions/{sid}/document", headers=reporter,
                            params={"format": "docx"})
    assert docx.status_code == 200


@pytest.mark.own_database
async def test_the_server_stops_its_libreoffices_when_it_stops(client, login, unit_ids):
    unit, reporter = await reports.commune(client, login, unit_ids)
    sid = await reports.annual(client, reporter, unit["id"], "2015")
    with served(dict(os.environ)) as base:
        server = _server_pid()
        async with httpx.AsyncClient(base_url=base, timeout=150) as http:
            response = await http.get(f"/submissions/{sid}/document", headers=reporter,
                                      params={"format": "pdf"})
        assert response.status_code == 200, response.text
        assert response.content.startswith(b"%PDF-")
        offices = _offices_of(server)
        assert offices
    assert not [pid for pid in offices if _alive(pid)]
