"""All SQL of reporting forms: catalogue, read by the callers along the owner's line
(auth.scope.catalogue_visible)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.auth.scope import catalogue_visible, subtree_ids
from backend.kit.search import folded_words
from backend.models import OrgUnit, OrgUnitKind, ReportingForm
from backend.periods.rules import PeriodType


@dataclass(frozen=True)
class FormFilters:
    q: str | None = None
    period_type: PeriodType | None = None
    is_active: bool | None = None


def list_query(principal: Principal, filters: FormFilters) -> Select[ReportingForm]:
    query = select(ReportingForm).where(catalogue_visible(principal, ReportingForm.owner_unit_id))
    if filters.q:
        by_name = folded_words(ReportingForm.name_folded, filters.q)
        by_code = func.lower(ReportingForm.code).contains(filters.q.strip().lower(), autoescape=True)
        query = query.where(or_(by_name, by_code))
    if filters.period_type is not None:
        query = query.where(ReportingForm.period_type == filters.period_type)
    if filters.is_active is not None:
        query = query.where(ReportingForm.is_active == filters.is_active)
    return query.order_by(ReportingForm.code)


async def all_active(session: AsyncSession) -> list[ReportingForm]:
    return list(await session.scalars(
        select(ReportingForm).where(ReportingForm.is_active).order_by(ReportingForm.code)))


async def get(session: AsyncSession, form_id: int) -> ReportingForm | None:
    return await session.get(ReportingForm, form_id)


async def get_by_code(session: AsyncSession, code: str) -> ReportingForm | None:
    return await session.scalar(select(ReportingForm).where(ReportingForm.code == code))


async def _visible(session: AsyncSession, principal: Principal,
                   match: ColumnElement[bool]) -> ReportingForm | None:
    return await session.scalar(select(ReportingForm).where(
        match, catalogue_visible(principal, ReportingForm.owner_unit_id)))


async def get_visible(session: AsyncSession, principal: Principal,
                      form_id: int) -> ReportingForm | None:
    return await _visible(session, principal, ReportingForm.id == form_id)


async def get_visible_by_code(session: AsyncSession, principal: Principal,
                              code: str) -> ReportingForm | None:
    return await _visible(session, principal, ReportingForm.code == code)


async def add(session: AsyncSession, form: ReportingForm) -> ReportingForm:
    session.add(form)
    await session.flush()
    return form


async def kinds_above(session: AsyncSession, unit: OrgUnit) -> list[OrgUnitKind]:
    """Kinds of the unit and its ancestors, the unit first."""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    kinds = dict((await session.execute(
        select(OrgUnit.id, OrgUnit.kind).where(OrgUnit.id.in_(ids)))).all())
    return [kinds[i] for i in reversed(ids) if i in kinds]


def expected_to_report(reporters: dict[str, Any], owner_unit_id: int | None, day: date,
                       unit: Any = OrgUnit.__table__.c) -> ColumnElement[bool]:
    """SQL condition on a unit (`unit`: org_unit's columns): it is expected to report a form of
    these `reporters`, a unit of a grassroots type or kind listed, within the owner's subtree on
    `day` (a national form: anywhere). The one statement of who reports a form: for one unit
    (`reports`) and for counting the units expected (aggregates' completeness)."""
    listed = or_(unit.grassroots_type.in_(reporters.get("grassroots_types", [])),
                 unit.kind.in_(reporters.get("kinds", [])))
    if owner_unit_id is None:
        return listed
    return and_(listed, unit.id.in_(subtree_ids(owner_unit_id, day)))


async def reports(session: AsyncSession, form: ReportingForm, unit_id: int, day: date) -> bool:
    found = await session.scalar(select(OrgUnit.id).where(
        OrgUnit.id == unit_id, expected_to_report(form.reporters, form.owner_unit_id, day)))
    return found is not None
