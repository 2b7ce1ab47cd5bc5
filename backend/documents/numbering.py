"""Document numbers (cấp số): a register per issuing unit, document type and year, and the unit's
profile the symbol comes from."""

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.documents import repository, signed, wording
from backend.documents.schemas import DocumentProfile
from backend.kit import clock
from backend.models import DocumentProfile as ProfileRow
from backend.models import OrgUnit, Submission, SubmissionDocument
from backend.org_units.repository import NamedUnit

REPORT = "BC"


def profile_of(unit: OrgUnit, row: ProfileRow | None,
               superior: NamedUnit | None) -> DocumentProfile:
    authority, title = wording.default_signer(unit.kind, unit.name)
    return DocumentProfile(
        abbreviation=(row and row.abbreviation) or wording.abbreviation(unit.kind, unit.name),
        place=(row and row.place) or wording.place(
            unit.kind, unit.name, (superior.kind, superior.name) if superior else None),
        signer_authority=authority if row is None or row.signer_authority is None
        else row.signer_authority,
        signer_title=(row and row.signer_title) or title,
        signer_name=(row and row.signer_name) or "")


async def unit_profile(session: AsyncSession, unit: OrgUnit, on: date) -> DocumentProfile:
    """The unit's profile as it signs on `on`, under the superior it had then."""
    superior = await repository.parent_on(session, unit.id, on)
    return profile_of(unit, await repository.profile(session, unit.id), superior)


async def document_row(session: AsyncSession, submission: Submission) -> SubmissionDocument:
    row = await repository.document(session, submission.id)
    if row is None:
        row = SubmissionDocument(submission_id=submission.id, org_unit_id=submission.org_unit_id,
                                 doc_type=REPORT)
        session.add(row)
    return row


async def give_number(session: AsyncSession, submission: Submission, unit: OrgUnit) -> None:
    """Cấp số at approval: the next number of the unit's register; a report approved again after
    reopening keeps the number it had."""
    row = await document_row(session, submission)
    if row.number is not None:
        return
    today = clock.today()
    profile = await unit_profile(session, unit, today)
    row.year, row.issued_on = today.year, today
    row.number = await repository.next_number(session, unit.id, REPORT, today.year)
    row.symbol = f"{REPORT}-{profile.abbreviation}"
    await session.flush()


async def withdraw(session: AsyncSession, principal: Principal, submission: Submission) -> None:
    """A reopened report is no longer what was published nor what was signed: its document leaves
    the public pages and its signed copy goes (the number stays for the approval to come, and the
    officials sign the document again)."""
    row = await repository.document(session, submission.id)
    if row is not None and row.published_at is not None:
        row.published_at, row.published_by_id = None, None
        await session.flush()
    await signed.remove(session, principal, submission, action="drop_signed_copy")
