from datetime import date

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.auth.scope import plan_visible, unit_filter, units_above
from backend.kit import clock
from backend.models import (
    Assignment,
    AssignmentProgress,
    EvidenceFile,
    OrgUnit,
    Plan,
    PlanSection,
    PlanStatus,
)
from backend.plans import repository as plans
from backend.plans.groups import GroupRule

ProgressKey = tuple[int, int, date]


async def of_plan(session: AsyncSession, plan_id: int) -> list[Assignment]:
    rows = await session.scalars(select(Assignment).join(PlanSection).where(
        Assignment.plan_id == plan_id).order_by(PlanSection.position, Assignment.id))
    return list(rows)


async def progress_of(session: AsyncSession,
                      assignment_ids: list[int]) -> dict[ProgressKey, AssignmentProgress]:
    if not assignment_ids:
        return {}
    rows = await session.scalars(select(AssignmentProgress).where(
        AssignmentProgress.assignment_id.in_(assignment_ids)))
    return {(r.assignment_id, r.unit_id, r.due_date): r for r in rows}


async def progress_row(session: AsyncSession, assignment_id: int, unit_id: int,
                       due: date) -> AssignmentProgress | None:
    return await session.scalar(select(AssignmentProgress).where(
        AssignmentProgress.assignment_id == assignment_id, AssignmentProgress.unit_id == unit_id,
        AssignmentProgress.due_date == due))


async def group_members(session: AsyncSession, issuer_id: int, rule: GroupRule) -> list[OrgUnit]:
    rows = await session.scalars(plans.group_members(issuer_id, rule, clock.today())
                                 .order_by(OrgUnit.name))
    return list(rows)


async def section_weights(session: AsyncSession, section_ids: list[int]) -> dict[int, float]:
    rows = await session.execute(select(PlanSection.id, PlanSection.weight).where(
        PlanSection.id.in_(section_ids)))
    return dict(rows.all())


async def get_visible(session: AsyncSession, principal: Principal,
                      assignment_id: int) -> tuple[Assignment, Plan] | None:
    row = (await session.execute(select(Assignment, Plan).join(Plan).where(
        Assignment.id == assignment_id, plan_visible(principal)))).first()
    return (row[0], row[1]) if row else None


async def concerning(session: AsyncSession, unit_id: int) -> list[tuple[Assignment, Plan]]:
    """Assignments that may fall to a unit: named to it, or groups of plans issued above it. A draft
    assigns nothing yet: its tasks reach the units once it is issued."""
    rows = await session.execute(select(Assignment, Plan).join(Plan).join(
        PlanSection, Assignment.section_id == PlanSection.id).where(
        or_(Assignment.assignee_id == unit_id,
            Assignment.group_rule.is_not(None) & Plan.issuer_id.in_(units_above(unit_id))),
        Plan.status != PlanStatus.draft)
        .order_by(Plan.id, PlanSection.position, Assignment.id))
    return [(a, p) for a, p in rows.all()]


async def files_of(session: AsyncSession, progress_ids: list[int]) -> list[EvidenceFile]:
    if not progress_ids:
        return []
    rows = await session.scalars(select(EvidenceFile).where(EvidenceFile.progress_id.in_(progress_ids))
                                 .order_by(EvidenceFile.id))
    return list(rows)


def _progress_visible(principal: Principal) -> ColumnElement[bool]:
    """Progress and its evidence are the reporting unit's work of its occurrence's due date: it
    and the units above it then see them."""
    return and_(plan_visible(principal), unit_filter(principal, AssignmentProgress.unit_id,
                                                     at=AssignmentProgress.due_date))


async def progress_visible(session: AsyncSession, principal: Principal, assignment_id: int,
                           progress_id: int) -> AssignmentProgress | None:
    return await session.scalar(select(AssignmentProgress).join(Assignment).join(Plan).where(
        AssignmentProgress.id == progress_id, AssignmentProgress.assignment_id == assignment_id,
        _progress_visible(principal)))


async def file_visible(session: AsyncSession, principal: Principal,
                       file_id: int) -> EvidenceFile | None:
    return await session.scalar(select(EvidenceFile).join(AssignmentProgress).join(Assignment)
                                .join(Plan).where(EvidenceFile.id == file_id,
                                                  _progress_visible(principal)))
