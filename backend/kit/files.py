"""Uploaded files: streamed to disk under a limit, checked by their first bytes, and kept under
QCDC_DATA_DIR/<folder> by their SHA-256 only once the caller accepts them."""

import hashlib
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import UploadFile

from backend.config import get_settings
from backend.errors import InvalidInput, ProblemError

_CHUNK = 1024 * 1024
_UNSAFE = re.compile(r"[^\w.\- ]+")


class FileTooLarge(ProblemError):
    status = 413
    code = "file_too_large"


class FileTypeRefused(InvalidInput):
    code = "file_type_refused"


def safe_name(filename: str) -> str:
    """The given name, only ever used as a download name: no path, no odd characters."""
    name = _UNSAFE.sub("_", Path(filename).name).strip(" .") or "tep"
    return name[:200]


def stored(folder: str, sha256: str) -> Path:
    return get_settings().data_dir / folder / sha256[:2] / sha256


@dataclass
class Received:
    path: Path
    sha256: str
    size: int
    folder: str

    def keep(self) -> None:
        target = stored(self.folder, self.sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        self.path.replace(target)


@asynccontextmanager
async def received(upload: UploadFile, folder: str, limit: int,
                   magic: tuple[bytes, ...]) -> AsyncIterator[Received]:
    """The upload on disk, hashed; refused past the limit or with foreign content. Unless the caller
    keeps it, nothing stays."""
    digest = hashlib.sha256()
    size = 0
    incoming = get_settings().data_dir / folder / "incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    temporary = incoming / uuid.uuid4().hex
    try:
        with temporary.open("wb") as out:
            while chunk := await upload.read(_CHUNK):
                if size == 0 and not chunk.startswith(magic):
                    raise FileTypeRefused("The file's content does not match its type.", errors=[
                        {"loc": ["body", "file"], "msg": "content does not match the extension",
                         "type": "value_error"}])
                size += len(chunk)
                if size > limit:
                    raise FileTooLarge(f"Files are limited to {limit:,} bytes.")
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise FileTypeRefused("The file is empty.", errors=[
                {"loc": ["body", "file"], "msg": "empty file", "type": "value_error"}])
        yield Received(temporary, digest.hexdigest(), size, folder)
    finally:
        temporary.unlink(missing_ok=True)
