"""Evidence files: size- and type-limited, stored under their content hash, attached by the
reporters who report the progress and served to those who may read it (the reporting unit and the
units above). The given file name is only ever used as the download name."""

from fastapi import UploadFile
from fastapi.responses import FileResponse
from sqlalchemy.ext.asyncio import AsyncSession

from backend.assignments import repository, service
from backend.assignments.schemas import EvidenceFile as EvidenceFileView
from backend.audit.service import record
from backend.auth.principal import Principal
from backend.config import get_settings
from backend.errors import NotFound
from backend.kit import files
from backend.kit.files import FileTypeRefused
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
_FOLDER = "evidence"


async def attach(session: AsyncSession, principal: Principal, assignment_id: int, progress_id: int,
                 upload: UploadFile) -> EvidenceFileView:
    progress = await repository.progress_visible(session, principal, assignment_id, progress_id)
    if progress is None:
        raise NotFound(f"No progress report {progress_id} on assignment {assignment_id}.")
    await service.check_reporter(session, principal, progress.unit_id)
    name = files.safe_name(upload.filename or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise FileTypeRefused(f"Allowed file types: {', '.join(sorted(ALLOWED))}.", errors=[
            {"loc": ["body", "file"], "msg": "file type not allowed", "type": "value_error"}])
    media_type, magic = ALLOWED[extension]
    async with files.received(upload, _FOLDER, get_settings().evidence_max_bytes, magic) as file:
        file.keep()
    sha256, size = file.sha256, file.size
    row = EvidenceFile(progress_id=progress.id, filename=name, content_type=media_type, size=size,
                       sha256=sha256, uploaded_by=principal.user_id)
    session.add(row)
    await session.flush()
    await record(session, principal, "attach", "assignment", assignment_id,
                 after={"file": name, "size": size, "sha256": sha256}, org_unit_id=progress.unit_id)
    return EvidenceFileView(id=row.id, filename=name, content_type=media_type, size=size)


async def download(session: AsyncSession, principal: Principal, file_id: int) -> FileResponse:
    row = await repository.file_visible(session, principal, file_id)
    path = files.stored(_FOLDER, row.sha256) if row else None
    if row is None or path is None or not path.is_file():
        raise NotFound(f"No file {file_id}.")
    return FileResponse(path, media_type=row.content_type, filename=row.filename)
