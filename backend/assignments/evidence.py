"""Evidence files: size- and type-limited, stored under their content hash, attached by the
reporters who report the progress and served to those who may read it (the reporting unit and the
units above). The given file name is only ever used as the download name."""

import hashlib
import re
import uuid
from pathlib import Path

from fastapi import UploadFile
from fastapi.responses import FileResponse
from sqlalchemy.ext.asyncio import AsyncSession

from backend.assignments import repository, service
from backend.assignments.schemas import EvidenceFile as EvidenceFileView
from backend.audit.service import record
from backend.auth.principal import Principal
from backend.config import get_settings
from backend.errors import InvalidInput, NotFound, ProblemError
from backend.models import EvidenceFile

# Extension → media type and the bytes such a file starts with (office files are zip archives).
ALLOWED = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    "doc": ("application/msword", (b"\xd0\xcf\x11\xe0",)),
    "xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0",)),
}
_CHUNK = 1024 * 1024
_UNSAFE = re.compile(r"[^\w.\- ]+")


class FileTooLarge(ProblemError):
    status = 413
    code = "file_too_large"


class FileTypeRefused(InvalidInput):
    code = "file_type_refused"


def _storage(sha256: str) -> Path:
    return get_settings().data_dir / "evidence" / sha256[:2] / sha256


def _safe_name(filename: str) -> str:
    name = _UNSAFE.sub("_", Path(filename).name).strip(" .") or "tep"
    return name[:200]


async def _store(upload: UploadFile, limit: int, magic: tuple[bytes, ...]) -> tuple[str, int]:
    """Stream the upload to disk, hashing it; refuse it past the limit or with foreign content."""
    digest = hashlib.sha256()
    size = 0
    incoming = get_settings().data_dir / "evidence" / "incoming"
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
        target = _storage(digest.hexdigest())
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.replace(target)
        return digest.hexdigest(), size
    finally:
        temporary.unlink(missing_ok=True)


async def attach(session: AsyncSession, principal: Principal, assignment_id: int, progress_id: int,
                 upload: UploadFile) -> EvidenceFileView:
    progress = await repository.progress_visible(session, principal, assignment_id, progress_id)
    if progress is None:
        raise NotFound(f"No progress report {progress_id} on assignment {assignment_id}.")
    await service.check_reporter(session, principal, progress.unit_id)
    name = _safe_name(upload.filename or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise FileTypeRefused(f"Allowed file types: {', '.join(sorted(ALLOWED))}.", errors=[
            {"loc": ["body", "file"], "msg": "file type not allowed", "type": "value_error"}])
    media_type, magic = ALLOWED[extension]
    sha256, size = await _store(upload, get_settings().evidence_max_bytes, magic)
    row = EvidenceFile(progress_id=progress.id, filename=name, content_type=media_type, size=size,
                       sha256=sha256, uploaded_by=principal.user_id)
    session.add(row)
    await session.flush()
    await record(session, principal, "attach", "assignment", assignment_id,
                 after={"file": name, "size": size, "sha256": sha256}, org_unit_id=progress.unit_id)
    return EvidenceFileView(id=row.id, filename=name, content_type=media_type, size=size)


async def download(session: AsyncSession, principal: Principal, file_id: int) -> FileResponse:
    row = await repository.file_visible(session, principal, file_id)
    path = _storage(row.sha256) if row else None
    if row is None or path is None or not path.is_file():
        raise NotFound(f"No file {file_id}.")
    return FileResponse(path, media_type=row.content_type, filename=row.filename)
