"""All SQL of plans: reads scoped by `auth.scope.plan_visible`."""

from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.auth.scope import issuer_or_successor, plan_visible, subtree_ids, unit_filter
from backend.kit.search import folded_words
from backend.models import OrgUnit, Plan, PlanAmendment, PlanStatus, Role, Target
from backend.org_units.repository import unit_valid_on


def list_query(principal: Principal, *, issuer_id: int | None, status: PlanStatus | None,
               year: int | None, q: str | None) -> Select[Plan]:
    query = select(Plan).where(plan_visible(principal))
    if issuer_id is not None:
        query = query.where(Plan.issuer_id.in_(subtree_ids(issuer_id, None)))
    if status is not None:
        query = query.where(Plan.status == status)
    if year is not None:
        query = query.where(Plan.span_start <= date(year, 12, 31), Plan.span_end >= date(year, 1, 1))
    if q:
        query = query.where(folded_words(Plan.title_folded, q))
    return query.order_by(Plan.issue_date.desc().nulls_last(), Plan.id.desc())


async def get(session: AsyncSession, plan_id: int) -> Plan | None:
    return await session.get(Plan, plan_id)


async def get_visible(session: AsyncSession, principal: Principal, plan_id: int) -> Plan | None:
    return await session.scalar(select(Plan).where(Plan.id == plan_id, plan_visible(principal)))


async def may_write(session: AsyncSession, principal: Principal, issuer_id: int) -> bool:
    found = await session.scalar(select(OrgUnit.id).where(
        OrgUnit.id == issuer_id, unit_filter(principal, OrgUnit.id, acting_as=Role.planner)))
    return found is not None


async def may_manage(session: AsyncSession, principal: Principal, plan_id: int) -> bool:
    """Planners acting today for the issuer or, once it closed, for a unit that took over from it."""
    found = await session.scalar(select(Plan.id).where(Plan.id == plan_id, issuer_or_successor(
        lambda issuer: unit_filter(principal, issuer, acting_as=Role.planner), "plan_managers")))
    return found is not None


async def subtree(session: AsyncSession, unit_id: int, day: date) -> list[OrgUnit]:
    rows = await session.scalars(select(OrgUnit).where(
        OrgUnit.id.in_(subtree_ids(unit_id, day)), unit_valid_on(day)).order_by(OrgUnit.depth))
    return list(rows)


async def find_by_symbol(session: AsyncSession, principal: Principal, number: str, type_code: str,
                         issuer_code: str | None, issued_on: date | None) -> Plan | None:
    query = select(Plan).where(plan_visible(principal), Plan.number == number,
                               Plan.type_code == type_code, Plan.issuer_code == issuer_code)
    if issued_on is not None:
        query = query.where(Plan.issue_date == issued_on)
    return (await session.scalars(query.limit(1))).first()


async def children_of(session: AsyncSession, principal: Principal, plan_ids: list[int]) -> list[Plan]:
    rows = await session.scalars(select(Plan).where(
        Plan.parent_plan_id.in_(plan_ids), plan_visible(principal)).order_by(Plan.id))
    return list(rows)


async def amendments(session: AsyncSession, plan_id: int) -> list[PlanAmendment]:
    rows = await session.scalars(select(PlanAmendment).where(PlanAmendment.plan_id == plan_id)
                                 .order_by(PlanAmendment.revision))
    return list(rows)


def add_amendment(session: AsyncSession, amendment: PlanAmendment) -> None:
    """Not flushed: it is written with the plan's changes it records, at their flush."""
    session.add(amendment)


async def targets(session: AsyncSession, plan_id: int) -> list[Target]:
    rows = await session.scalars(select(Target).where(Target.plan_id == plan_id).order_by(Target.id))
    return list(rows)
