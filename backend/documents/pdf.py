"""The PDF of a document: its docx converted by LibreOffice headless, so there is one layout."""

import asyncio
import shutil
import tempfile
from pathlib import Path

from backend.documents.errors import ConverterUnavailable

_TIMEOUT_S = 120
# LibreOffice is memory-hungry; a few conversions at a time keep the server answering.
_converting = asyncio.Semaphore(2)


def converter() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


async def from_docx(docx: bytes) -> bytes:
    program = converter()
    if program is None:
        raise ConverterUnavailable("The PDF converter (LibreOffice) is not installed on the server; "
                                   "download the docx instead.")
    async with _converting:
        with tempfile.TemporaryDirectory(prefix="qcdc-pdf-") as work:
            folder = Path(work)
            (folder / "report.docx").write_bytes(docx)
            # A profile of its own: parallel conversions must not share LibreOffice's lock.
            process = await asyncio.create_subprocess_exec(
                program, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                "--norestore", "--convert-to", "pdf", "--outdir", str(folder),
                str(folder / "report.docx"),
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
            try:
                await asyncio.wait_for(process.wait(), _TIMEOUT_S)
            except TimeoutError:
                process.kill()
                await process.wait()
                raise ConverterUnavailable("The PDF conversion took too long; try again, or "
                                           "download the docx.") from None
            pdf = folder / "report.pdf"
            if process.returncode != 0 or not pdf.exists():
                raise ConverterUnavailable("The PDF conversion failed; download the docx instead.")
            return pdf.read_bytes()
