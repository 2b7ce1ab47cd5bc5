"""All SQL of compiled reports: what the units below a unit reported, and who was to report."""

from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.aggregates.repository import Form, reports
from backend.auth.scope import subtree_ids
from backend.models import (
    DataValue,
    DataValueStatus,
    OrgUnit,
    Plan,
    PlanStatus,
    ReportingForm,
    Submission,
    SubmissionCompilation,
    SubmissionStatus,
)


def _below(unit_id: int, day: date) -> ColumnElement[bool]:
    """OrgUnit is strictly below `unit_id` on `day`, and itself open that day."""
    return and_(OrgUnit.id.in_(subtree_ids(unit_id, day)), OrgUnit.id != unit_id,
                OrgUnit.valid_from <= day, or_(OrgUnit.valid_to.is_(None), OrgUnit.valid_to > day))


async def compilation(session: AsyncSession, submission_id: int) -> SubmissionCompilation | None:
    return await session.get(SubmissionCompilation, submission_id)


async def save_compilation(session: AsyncSession, row: SubmissionCompilation) -> None:
    session.add(row)
    await session.flush()


async def expected(session: AsyncSession, form: Form, unit_id: int, day: date) -> list[OrgUnit]:
    """The units below `unit_id` on `day` that report `form`, by name."""
    return list(await session.scalars(select(OrgUnit).where(_below(unit_id, day),
                                                            reports(form, day))
                                      .order_by(OrgUnit.name, OrgUnit.id)))


async def submissions(session: AsyncSession, form_id: int, period: str,
                      unit_ids: Sequence[int]) -> dict[int, Submission]:
    if not unit_ids:
        return {}
    return {s.org_unit_id: s for s in await session.scalars(select(Submission).where(
        Submission.form_id == form_id, Submission.period == period,
        Submission.org_unit_id.in_(list(unit_ids))))}


async def answered_no(session: AsyncSession, indicator_id: int, period: str, unit_id: int,
                      day: date) -> list[OrgUnit]:
    """The units below whose approved yes/no figure is no."""
    return list(await session.scalars(
        select(OrgUnit).join(DataValue, DataValue.org_unit_id == OrgUnit.id)
        .where(_below(unit_id, day), DataValue.indicator_id == indicator_id,
               DataValue.period == period, DataValue.value_bool.is_(False),
               DataValue.status == DataValueStatus.approved)
        .order_by(OrgUnit.name, OrgUnit.id).distinct()))


async def approved_below(session: AsyncSession, unit_id: int, period: str, day: date,
                         ) -> list[tuple[Submission, OrgUnit, ReportingForm]]:
    """The approved reports of the period of the units below, by unit name."""
    rows = await session.execute(
        select(Submission, OrgUnit, ReportingForm)
        .join(OrgUnit, OrgUnit.id == Submission.org_unit_id)
        .join(ReportingForm, ReportingForm.id == Submission.form_id)
        .where(_below(unit_id, day), Submission.period == period,
               Submission.status == SubmissionStatus.approved)
        .order_by(OrgUnit.name, OrgUnit.id, ReportingForm.code))
    return [(row[0], row[1], row[2]) for row in rows.all()]


async def issued_plans(session: AsyncSession, unit_id: int, start: date, end: date) -> list[Plan]:
    """The unit's issued plans whose span meets the period."""
    return list(await session.scalars(select(Plan).where(and_(
        Plan.issuer_id == unit_id, Plan.status.in_([PlanStatus.issued, PlanStatus.closed]),
        Plan.span_start <= end, Plan.span_end >= start)).order_by(Plan.id)))
