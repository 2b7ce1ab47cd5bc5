"""SQL of the aggregates: roll-up rows, the units below, completeness and targets."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Integer, String, and_, any_, distinct, func, literal, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import raiseload, selectinload

from backend.auth.principal import Principal
from backend.auth.scope import subtree_ids, unit_filter, valid_on
from backend.models import (
    AggregateLevel,
    AggregateValue,
    DataValue,
    Indicator,
    OrgUnit,
    OrgUnitKind,
    OrgUnitTree,
    Plan,
    PlanStatus,
    ReportingForm,
    ReportingFormIndicator,
    Submission,
    SubmissionStatus,
    Target,
)
from backend.org_units.repository import unit_valid_on

RollupKey = tuple[int, str, int, str]  # indicator, period, unit, category
RollupSums = tuple[Decimal, Decimal, Decimal, int, int]  # value, numerator, denominator, yes, reported


@dataclass(frozen=True, slots=True)
class Unit:
    """What a row of aggregates needs of a unit: read as plain columns, not as ORM objects."""

    id: int
    code: str
    name: str
    kind: OrgUnitKind
    path: str

    @classmethod
    def of(cls, unit: OrgUnit) -> "Unit":
        return cls(unit.id, unit.code, unit.name, unit.kind, unit.path)


_UNIT_COLUMNS = (OrgUnit.id, OrgUnit.code, OrgUnit.name, OrgUnit.kind, OrgUnit.path)


def one_of(session: AsyncSession, column: Any, values: Sequence[Any]) -> ColumnElement[bool]:
    """`column IN (values)`; on PostgreSQL one array parameter (`= ANY`), which costs the same
    to send for 170 units as for one, where IN renders a parameter per value."""
    if session.get_bind().dialect.name != "postgresql":
        return column.in_(values)
    kind = String() if values and isinstance(values[0], str) else Integer()
    return column == any_(literal(list(values), ARRAY(kind)))


async def indicators(session: AsyncSession, codes: Sequence[str], *,
                     categories: bool = True) -> list[Indicator]:
    load = selectinload(Indicator.categories) if categories else raiseload(Indicator.categories)
    return list(await session.scalars(select(Indicator).where(Indicator.code.in_(codes))
                                      .options(load)))


async def unit_by_ref(session: AsyncSession, principal: Principal, ref: str) -> OrgUnit | None:
    """A visible unit by official code, else by id (codes are digits too: the code wins)."""
    found = await session.scalar(select(OrgUnit).where(OrgUnit.code == ref,
                                                       unit_filter(principal, OrgUnit.id)))
    if found is None and ref.isdigit():
        found = await session.scalar(select(OrgUnit).where(OrgUnit.id == int(ref),
                                                           unit_filter(principal, OrgUnit.id)))
    return found


async def children(session: AsyncSession, unit_id: int, day: date) -> list[Unit]:
    tree = OrgUnitTree.__table__.c
    below = select(tree.descendant_id).where(tree.ancestor_id == unit_id, tree.depth == 1,
                                             tree.valid_from <= day,
                                             or_(tree.valid_to.is_(None), tree.valid_to > day))
    if session.get_bind().dialect.name == "postgresql":
        # `id = ANY(ARRAY(subquery))`: the children's ids first, then each unit by key. With IN or
        # a join, the closure's estimate (several times the real count) makes PostgreSQL scan
        # every unit instead.
        condition = OrgUnit.id == any_(func.array(below.scalar_subquery()))
    else:
        condition = OrgUnit.id.in_(below)
    rows = await session.execute(select(*_UNIT_COLUMNS).where(condition, unit_valid_on(day))
                                 .order_by(OrgUnit.name))
    return [Unit(*row) for row in rows.all()]


async def roots(session: AsyncSession, day: date) -> list[Unit]:
    rows = await session.execute(select(*_UNIT_COLUMNS).where(
        OrgUnit.parent_id.is_(None), unit_valid_on(day)).order_by(OrgUnit.name))
    return [Unit(*row) for row in rows.all()]


async def rollups(session: AsyncSession, indicator_id: int, periods: Sequence[str],
                  level: AggregateLevel, unit_ids: Sequence[int]) -> dict[RollupKey, RollupSums]:
    """Roll-up sums as plain rows (no ORM objects: a request may read thousands)."""
    if not periods or not unit_ids:
        return {}
    a = AggregateValue.__table__.c  # Core columns: less work per statement than the ORM's
    rows = await session.execute(select(
        a.indicator_id, a.period, a.org_unit_id, a.category_code, a.value_sum, a.numerator_sum,
        a.denominator_sum, a.true_count, a.reported).where(
        a.indicator_id == indicator_id, one_of(session, a.period, periods), a.level == level,
        one_of(session, a.org_unit_id, unit_ids)))
    return {(r[0], r[1], r[2], r[3]): (r[4], r[5], r[6], r[7], r[8]) for r in rows}


async def extreme(session: AsyncSession, indicator_id: int, period: str, unit_id: int,
                  category: str, day: date, statuses: Sequence[str], largest: bool) -> float | None:
    """Min or max of the values below a unit: not kept as a roll-up, read from the values."""
    below = select(OrgUnitTree.descendant_id).where(OrgUnitTree.ancestor_id == unit_id,
                                                    valid_on(OrgUnitTree, day))
    pick = func.max if largest else func.min
    found = await session.scalar(select(pick(DataValue.value_numeric)).where(
        DataValue.indicator_id == indicator_id, DataValue.period == period,
        DataValue.category_code == category, DataValue.status.in_(statuses),
        DataValue.org_unit_id.in_(below)))
    return float(found) if found is not None else None


async def forms_with(session: AsyncSession, indicator_id: int) -> list[ReportingForm]:
    """The active forms holding the indicator, without their items (one statement, not four)."""
    rows = await session.scalars(select(ReportingForm).join(ReportingFormIndicator).where(
        ReportingFormIndicator.indicator_id == indicator_id, ReportingForm.is_active)
        .options(raiseload(ReportingForm.items)))
    return list(rows)


def _reports(form: ReportingForm, day: date) -> ColumnElement[bool]:
    """SQL twin of reporting_forms.service.reports_form: who is expected to report the form."""
    listed = or_(OrgUnit.grassroots_type.in_(form.reporters.get("grassroots_types", [])),
                 OrgUnit.kind.in_(form.reporters.get("kinds", [])))
    if form.owner_unit_id is None:
        return listed
    return and_(listed, OrgUnit.id.in_(subtree_ids(form.owner_unit_id, day)))


async def expected(session: AsyncSession, forms: Sequence[ReportingForm], unit_ids: Sequence[int],
                   day: date) -> dict[int, int]:
    """Units under each of `unit_ids` on `day` that report one of `forms`."""
    if not forms:
        return {}
    reporters = or_(*(_reports(form, day) for form in forms))
    rows = await session.execute(
        select(OrgUnitTree.ancestor_id, func.count(distinct(OrgUnit.id)))
        .join(OrgUnit, OrgUnit.id == OrgUnitTree.descendant_id)
        .where(one_of(session, OrgUnitTree.ancestor_id, unit_ids), valid_on(OrgUnitTree, day),
               unit_valid_on(day), reporters)
        .group_by(OrgUnitTree.ancestor_id))
    return dict(rows.all())


async def submitted(session: AsyncSession, form_ids: Sequence[int], period: str,
                    statuses: Sequence[SubmissionStatus], unit_ids: Sequence[int],
                    day: date) -> dict[int, tuple[int, int]]:
    """Per unit: units below that reported (in `statuses`) and how many of them on time."""
    if not form_ids:
        return {}
    rows = await session.execute(
        select(OrgUnitTree.ancestor_id, func.count(distinct(Submission.org_unit_id)),
               func.count(distinct(Submission.org_unit_id)).filter(Submission.on_time.is_(True)))
        .join(OrgUnitTree, and_(OrgUnitTree.descendant_id == Submission.org_unit_id,
                                valid_on(OrgUnitTree, day)))
        .where(Submission.form_id.in_(form_ids), Submission.period == period,
               Submission.status.in_(statuses), one_of(session, OrgUnitTree.ancestor_id, unit_ids))
        .group_by(OrgUnitTree.ancestor_id))
    return {unit: (count, on_time) for unit, count, on_time in rows.all()}


async def targets(session: AsyncSession, code: str, units: Sequence[Unit], start: date,
                  end: date) -> list[tuple[Target, Plan, int]]:
    """Targets on the indicator in issued plans covering the period, issued by any of `units` or
    a unit above them: (target, plan, issuer id), the most recent plan first."""
    issuers = {int(part) for unit in units for part in unit.path.strip("/").split("/")}
    rows = await session.execute(
        select(Target, Plan).join(Plan, Plan.id == Target.plan_id)
        .where(Target.indicator_code == code, one_of(session, Plan.issuer_id, sorted(issuers)),
               Plan.status.in_([PlanStatus.issued, PlanStatus.closed]),
               Plan.span_start <= end, Plan.span_end >= start)
        .order_by(Plan.issue_date.desc().nulls_last(), Target.id))
    return [(t, p, p.issuer_id) for t, p in rows.all()]
