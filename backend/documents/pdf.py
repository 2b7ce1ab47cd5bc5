"""The PDF of a document: its docx converted by LibreOffice headless, so there is one layout.

Starting LibreOffice takes seconds, converting a report a fraction of one. So the server keeps a
LibreOffice running for each conversion it allows at a time, each with a profile of its own (they
must not share its lock) and listening on a pipe, and `uno_convert.py`, run by the Python that has
LibreOffice's UNO bridge (Debian's python3-uno), has one convert. One that dies, hangs or fails is
killed, and the next conversion starts another. Without the bridge, each conversion starts a
LibreOffice of its own (`soffice --convert-to`): slower, the same PDF.
"""

import asyncio
import atexit
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import uuid
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from backend.documents.errors import ConverterUnavailable

_TIMEOUT_S = 120
# LibreOffice is memory-hungry (some 200 MB each): a few conversions at a time keep the server
# answering.
_CONCURRENCY = 2
_converting = asyncio.Semaphore(_CONCURRENCY)
# A long-lived LibreOffice grows; starting afresh now and then keeps it in bounds.
_CONVERSIONS_PER_OFFICE = 200
# A LibreOffice already running answers at once; one that does not is gone or stuck.
_RECONNECT_S = 5.0
_CLIENT = Path(__file__).with_name("uno_convert.py")
_UNREACHABLE = 2  # uno_convert.py's status when no LibreOffice answered
_GONE = -1  # the LibreOffice exited while asked

_MISSING = ("The PDF converter (LibreOffice) is not installed on the server; "
            "download the docx instead.")
_TOO_LONG = "The PDF conversion took too long; try again, or download the docx."
_FAILED = "The PDF conversion failed; download the docx instead."


def converter() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@dataclass(eq=False)
class _Office:
    """One LibreOffice listening on a pipe. It runs in a process group of its own, so that killing
    the group stops the launcher and soffice.bin together, and with its temporary files in its own
    folder, removed with it."""

    process: subprocess.Popen[bytes]
    python: str
    pipe: str
    folder: Path
    conversions: int = 0
    fresh: bool = True  # not yet asked anything: it may still be starting

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, *, politely: bool) -> None:
        """Asked to close, LibreOffice tidies up after itself; killed (one that failed may hang),
        it leaves its sockets in /tmp, removed here."""
        if politely and self.alive():
            with suppress(subprocess.SubprocessError, OSError):
                subprocess.run([self.python, "-I", str(_CLIENT), "terminate", self.pipe],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, timeout=10, check=False)
                self.process.wait(timeout=10)
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        for pipe in self.pipes():
            with suppress(FileNotFoundError):
                pipe.unlink()
        shutil.rmtree(self.folder, ignore_errors=True)

    def pipes(self) -> list[Path]:
        """The sockets it makes in /tmp, whatever TMPDIR says: the one it listens on, and the one
        that keeps a profile to one LibreOffice, named from the MD5 of the profile's URL in UTF-16
        written in unpadded hex (LibreOffice's desktop/source/app/officeipcthread.cxx)."""
        digest = hashlib.md5(self.profile().encode("utf-16-le"), usedforsecurity=False).digest()
        names = [self.pipe, "SingleOfficeIPC_" + "".join(f"{byte:x}" for byte in digest)]
        return [Path(f"/tmp/OSL_PIPE_{os.getuid()}_{name}") for name in names]

    def profile(self) -> str:
        return _profile(self.folder)


def _profile(folder: Path) -> str:
    return (folder / "profile").as_uri()


def _start(program: str, python: str) -> _Office:
    folder = Path(tempfile.mkdtemp(prefix="qcdc-office-"))
    (folder / "tmp").mkdir()
    pipe = f"qcdc-{os.getpid()}-{uuid.uuid4().hex[:12]}"
    process = subprocess.Popen(
        [program, f"-env:UserInstallation={_profile(folder)}", "--headless",
         "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "TMPDIR": str(folder / "tmp")}, start_new_session=True,
        # Its socket then admits no other user: speaking UNO to it is running code as this one.
        umask=0o077)
    return _Office(process, python, pipe, folder)


class _Offices:
    """The running LibreOffices: at most one per conversion allowed at a time."""

    def __init__(self) -> None:
        self._idle: list[_Office] = []
        self._busy: set[_Office] = set()
        self._bridges: dict[str, str | None] = {}

    async def bridge(self, program: str) -> str | None:
        """A Python that imports `uno`, to speak to this LibreOffice; looked for once."""
        if program not in self._bridges:
            found = None
            for candidate in _pythons(program):
                if await _imports_uno(candidate):
                    found = candidate
                    break
            self._bridges[program] = found
        return self._bridges[program]

    def take(self, program: str, python: str) -> _Office:
        while self._idle:
            office = self._idle.pop()
            if office.alive():
                office.fresh = False
                self._busy.add(office)
                return office
            office.stop(politely=False)
        office = _start(program, python)
        self._busy.add(office)
        return office

    async def give_back(self, office: _Office, *, healthy: bool) -> None:
        self._busy.discard(office)
        office.conversions += 1
        if healthy and office.alive() and office.conversions < _CONVERSIONS_PER_OFFICE:
            self._idle.append(office)
        else:
            # One that failed may hang: killed at once. One that served its turn closes politely.
            await asyncio.to_thread(office.stop, politely=healthy)

    def running(self) -> list[_Office]:
        return [*self._idle, *self._busy]

    def stop_all(self) -> None:
        offices = self.running()
        self._idle.clear()
        self._busy.clear()
        for office in offices:
            office.stop(politely=True)


_offices = _Offices()


def stop() -> None:
    """Stops every LibreOffice this process started: when the server stops, and at exit."""
    _offices.stop_all()


atexit.register(stop)


def _pythons(program: str) -> list[str]:
    # LibreOffice's own builds bring a Python; Debian's use python3 with python3-uno.
    home = Path(os.path.realpath(program)).parent
    candidates = [str(home / "python"), "/usr/bin/python3", shutil.which("python3")]
    return [c for c in dict.fromkeys(candidates) if c and Path(c).is_file()]


async def _imports_uno(python: str) -> bool:
    try:
        probe = await asyncio.create_subprocess_exec(
            python, "-I", "-c", "import uno", stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
        return await asyncio.wait_for(probe.wait(), 30) == 0
    except (OSError, TimeoutError):
        return False


async def from_docx(docx: bytes) -> bytes:
    program = converter()
    if program is None:
        raise ConverterUnavailable(_MISSING)
    async with _converting:
        with tempfile.TemporaryDirectory(prefix="qcdc-pdf-") as work:
            folder = Path(work)
            source, target = folder / "report.docx", folder / "report.pdf"
            source.write_bytes(docx)
            python = await _offices.bridge(program)
            if python is None:
                await _convert_alone(program, folder, source)
            else:
                await _convert_in_office(program, python, source, target)
            if not target.exists():
                raise ConverterUnavailable(_FAILED)
            return target.read_bytes()


async def _convert_in_office(program: str, python: str, source: Path, target: Path) -> None:
    deadline = asyncio.get_running_loop().time() + _TIMEOUT_S
    retried = False
    while True:
        office = _offices.take(program, python)
        _clear(target)  # nothing half-written by one that died is served
        status = await _ask(office, source, target, deadline)
        gone = status == _GONE or not office.alive()
        await _offices.give_back(office, healthy=status == 0)
        if status == 0:
            return
        if status is None:
            raise ConverterUnavailable(_TOO_LONG)
        if (status == _UNREACHABLE or gone) and not office.fresh:
            continue  # it had died or hung while idle: a new one is started
        if status == _UNREACHABLE:
            raise ConverterUnavailable(_TOO_LONG)
        if office.fresh and not retried:
            # One just started may answer on its pipe before it can load a document, which on a
            # busy machine fails the first conversion: once more, on a new one.
            retried = True
            continue
        raise ConverterUnavailable(_FAILED)


def _clear(path: Path) -> None:
    path.unlink(missing_ok=True)


async def _ask(office: _Office, source: Path, target: Path, deadline: float) -> int | None:
    """The client's exit status, _GONE, or None when the deadline passed first."""
    loop = asyncio.get_running_loop()
    # One just started needs the time it takes to start; one that ran before answers at once.
    connect_s = max(deadline - loop.time(), 0) if office.fresh else _RECONNECT_S
    client = await asyncio.create_subprocess_exec(
        office.python, "-I", str(_CLIENT), "convert", office.pipe, str(source), str(target),
        f"{connect_s:.1f}", stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL)
    try:
        while True:
            with suppress(TimeoutError):
                return await asyncio.wait_for(client.wait(),
                                              max(min(0.5, deadline - loop.time()), 0))
            # The office is watched too: one that dies while starting fails the conversion now.
            if not office.alive():
                return _GONE
            if loop.time() >= deadline:
                return None
    finally:
        if client.returncode is None:
            client.kill()
            await client.wait()


async def _convert_alone(program: str, folder: Path, source: Path) -> None:
    # A profile of its own: parallel conversions must not share LibreOffice's lock.
    process = await asyncio.create_subprocess_exec(
        program, f"-env:UserInstallation={_profile(folder)}", "--headless",
        "--norestore", "--convert-to", "pdf", "--outdir", str(folder), str(source),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        start_new_session=True)
    try:
        await asyncio.wait_for(process.wait(), _TIMEOUT_S)
    except TimeoutError:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        await process.wait()
        raise ConverterUnavailable(_TOO_LONG) from None
    if process.returncode != 0:
        raise ConverterUnavailable(_FAILED)
