"""All SQL of documents: the register's counter, a report's document row, units' profiles."""

from datetime import date

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.auth.scope import reports_visible, valid_on
from backend.kit import sql
from backend.models import (
    DocumentProfile,
    DocumentRegister,
    OrgUnit,
    OrgUnitTree,
    ReportingForm,
    SignedCopy,
    Submission,
    SubmissionDocument,
    SubmissionStatus,
)
from backend.org_units.repository import NamedUnit, named_on


async def parent_on(session: AsyncSession, unit_id: int, day: date) -> NamedUnit | None:
    """The unit directly above `unit_id` as the tree stood on `day`, with the name it bore then."""
    parent = await session.scalar(
        select(OrgUnit).join(OrgUnitTree, OrgUnitTree.ancestor_id == OrgUnit.id)
        .where(OrgUnitTree.descendant_id == unit_id, OrgUnitTree.depth == 1,
               valid_on(OrgUnitTree, day)))
    return None if parent is None else await named_on(session, parent, day)


async def profile(session: AsyncSession, unit_id: int) -> DocumentProfile | None:
    return await session.get(DocumentProfile, unit_id)


async def save_profile(session: AsyncSession, row: DocumentProfile) -> None:
    session.add(row)
    await session.flush()


async def document(session: AsyncSession, submission_id: int) -> SubmissionDocument | None:
    return await session.get(SubmissionDocument, submission_id)


async def next_number(session: AsyncSession, unit_id: int, doc_type: str, year: int) -> int:
    """Take the next number of the register in one statement: parallel approvals never share one,
    and a number once taken is never given again."""
    statement = sql.upsert(session, DocumentRegister).values(
        org_unit_id=unit_id, doc_type=doc_type, year=year, last_number=1)
    taken = statement.on_conflict_do_update(
        index_elements=["org_unit_id", "doc_type", "year"],
        set_={"last_number": DocumentRegister.last_number + 1},
    ).returning(DocumentRegister.last_number)
    return int((await session.execute(taken)).scalar_one())


def register(principal: Principal, unit_id: int, year: int | None) -> Select[SubmissionDocument]:
    """The numbers a unit gave, newest first, of the reports the caller reads."""
    query = (select(SubmissionDocument)
             .join(Submission, Submission.id == SubmissionDocument.submission_id)
             .where(SubmissionDocument.org_unit_id == unit_id,
                    SubmissionDocument.number.is_not(None), reports_visible(principal))
             .order_by(SubmissionDocument.year.desc(), SubmissionDocument.number.desc()))
    if year is not None:
        query = query.where(SubmissionDocument.year == year)
    return query


async def reports_of(session: AsyncSession, submission_ids: list[int],
                     ) -> dict[int, tuple[Submission, ReportingForm, bool]]:
    """The reports behind register entries, their forms, and whether a signed copy is uploaded."""
    rows = await session.execute(
        select(Submission, ReportingForm, SignedCopy.submission_id.is_not(None))
        .join(ReportingForm, ReportingForm.id == Submission.form_id)
        .outerjoin(SignedCopy, SignedCopy.submission_id == Submission.id)
        .where(Submission.id.in_(submission_ids)))
    return {row[0].id: (row[0], row[1], bool(row[2])) for row in rows.all()}


async def signed_copy(session: AsyncSession, submission_id: int) -> SignedCopy | None:
    return await session.get(SignedCopy, submission_id)


async def drop_signed_copy(session: AsyncSession, copy: SignedCopy) -> None:
    await session.delete(copy)
    await session.flush()


def _public() -> tuple[ColumnElement[bool], ...]:
    return (SubmissionDocument.published_at.is_not(None),
            Submission.status == SubmissionStatus.approved)


def published(unit_code: str | None) -> Select[Submission]:
    """Approved reports whose documents are published, newest publication first; of a unit's
    subtree if asked."""
    query = (select(Submission)
             .join(SubmissionDocument, SubmissionDocument.submission_id == Submission.id)
             .where(*_public())
             .order_by(SubmissionDocument.published_at.desc(), Submission.id.desc()))
    if unit_code is not None:
        below = (select(OrgUnitTree.descendant_id)
                 .join(OrgUnit, OrgUnit.id == OrgUnitTree.ancestor_id)
                 .where(OrgUnit.code == unit_code))
        query = query.where(Submission.org_unit_id.in_(below))
    return query


async def documents_of(session: AsyncSession, submission_ids: list[int],
                       ) -> dict[int, tuple[SubmissionDocument, ReportingForm, OrgUnit]]:
    rows = await session.execute(
        select(SubmissionDocument, ReportingForm, OrgUnit)
        .join(Submission, Submission.id == SubmissionDocument.submission_id)
        .join(ReportingForm, ReportingForm.id == Submission.form_id)
        .join(OrgUnit, OrgUnit.id == Submission.org_unit_id)
        .where(SubmissionDocument.submission_id.in_(submission_ids)))
    return {row[0].submission_id: (row[0], row[1], row[2]) for row in rows.all()}


async def published_one(session: AsyncSession, submission_id: int) -> Submission | None:
    return await session.scalar(
        select(Submission).join(SubmissionDocument,
                                SubmissionDocument.submission_id == Submission.id)
        .where(Submission.id == submission_id, *_public()))
