"""Signed copies (ký số): the PDF of an approved report as its officials signed it outside QCDC.

A copy is accepted when every signature in it is intact and covers the document (signatures.py),
and when it is this report's document: its text carries the report's number and symbol, its date
line, its issuing body and its title. Not the whole text: the docx is what officials edit before
they sign, so wording may differ from what QCDC renders, but an administrative document is
identified by its number in the unit's register, its date and its issuer (Decree 30/2020)."""

from datetime import UTC, datetime, timedelta

from fastapi import UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import record
from backend.auth.principal import Principal
from backend.config import get_settings
from backend.documents import repository, signatures
from backend.documents.errors import SignedCopyMismatch, SignedCopyOutdated
from backend.kit import files
from backend.models import SignedCopy, Submission

FOLDER = "signed"
_PDF = (b"%PDF-",)
# Signing computers' clocks are not the server's.
_CLOCK_SKEW = timedelta(minutes=10)


def content(copy: SignedCopy) -> bytes:
    return files.stored(FOLDER, copy.sha256).read_bytes()


def _audited(copy: SignedCopy) -> dict[str, object]:
    return {"filename": copy.filename, "sha256": copy.sha256, "signer_name": copy.signer_name,
            "certificate_sha256": copy.certificate_sha256, "trusted": copy.trusted}


def _check_time(submission: Submission, signed_at: datetime | None) -> None:
    """A number exists only once the report is approved: a copy signed before its last approval is
    the document as it stood before a reopening. Unknown signing times pass."""
    approved = submission.approved_at
    if signed_at is not None and approved is not None and signed_at < approved - _CLOCK_SKEW:
        raise SignedCopyOutdated(
            f"The PDF was signed at {signed_at.isoformat()}, before the report was last approved "
            f"({approved.isoformat()}): sign the document of the report as it is now.")


def _check_identity(text: str, identity: dict[str, str]) -> None:
    missing = [label for label, line in identity.items() if signatures.flat(line) not in text]
    if missing:
        raise SignedCopyMismatch(
            "The signed PDF is not this report's document: its " + ", ".join(missing)
            + " differ from the report's. Sign the PDF QCDC produced for this report.",
            missing=missing)


async def accept(session: AsyncSession, principal: Principal, submission: Submission,
                 identity: dict[str, str], upload: UploadFile) -> SignedCopy:
    """Verify the upload and keep it as the report's signed copy, replacing any before; nothing is
    kept of a refused file. `identity`: the lines (by what they are) the document must carry."""
    limit = get_settings().signed_copy_max_bytes
    async with files.received(upload, FOLDER, limit, _PDF) as received:
        verified = await signatures.verify(received.path.read_bytes())
        _check_identity(verified.text, identity)
        _check_time(submission, verified.first.signed_at)
        received.keep()
    first = verified.first
    copy = await repository.signed_copy(session, submission.id)
    before = _audited(copy) if copy is not None else None
    if copy is None:
        copy = SignedCopy(submission_id=submission.id)
        session.add(copy)
    copy.filename = files.safe_name(upload.filename or "ban-ky-so.pdf")
    copy.size, copy.sha256, copy.signatures = received.size, received.sha256, verified.signatures
    copy.signer_name, copy.signed_at = first.signer_name[:200], first.signed_at
    copy.certificate_subject, copy.certificate_issuer = first.subject, first.issuer
    copy.certificate_serial, copy.certificate_sha256 = first.serial[:100], first.sha256
    copy.certificate_pem, copy.trusted = first.pem, first.trusted
    copy.uploaded_by_id = principal.user_id
    copy.uploaded_at = datetime.now(UTC)
    await session.flush()
    await record(session, principal, "upload_signed_copy", "submission", submission.id,
                 before=before, after=_audited(copy), org_unit_id=submission.org_unit_id)
    return copy


async def remove(session: AsyncSession, principal: Principal | None, submission: Submission,
                 action: str = "remove_signed_copy") -> None:
    """The report no longer has a signed copy. The file stays under its hash, as the audit trail's
    record of what was signed."""
    copy = await repository.signed_copy(session, submission.id)
    if copy is None:
        return
    before = _audited(copy)
    await repository.drop_signed_copy(session, copy)
    await record(session, principal, action, "submission", submission.id, before=before,
                 org_unit_id=submission.org_unit_id)
