"""SQL of the aggregates: roll-up rows, the units below, completeness and targets."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    and_,
    any_,
    distinct,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.auth.scope import (
    indicators_visible,
    unit_filter,
    valid_on,
)
from backend.kit.sql import is_postgresql
from backend.models import (
    AggregateLevel,
    AggregateValue,
    DataValue,
    Indicator,
    IndicatorCategory,
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
    TimeAggregation,
    UnitAggregation,
    ValueType,
    compiled_from_below,
)
from backend.periods.rules import PeriodType
from backend.reporting_forms.repository import expected_to_report

RollupKey = tuple[int, str, int, str]  # indicator, period, unit, category
# value, numerator, denominator, yes, reported, and on today's units partial and unshared (0 as
# reported): how many of the values counted arrived only in part, and of these with no share.
RollupSums = tuple[Decimal, Decimal, Decimal, int, int, int, int]


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


_UNIT = OrgUnit.__table__.c
# Core columns, not ORM attributes: SQLAlchemy's ORM path costs a millisecond or more per
# statement, more than most of these statements take in PostgreSQL.
_UNIT_COLUMNS = (_UNIT.id, _UNIT.code, _UNIT.name, _UNIT.kind, _UNIT.path)


@dataclass(frozen=True, slots=True)
class Form:
    """What the aggregates need of a reporting form: its period type and who reports it."""

    id: int
    period_type: PeriodType
    reporters: dict[str, Any]
    owner_unit_id: int | None


@dataclass(frozen=True, slots=True)
class TargetInfo:
    """A target of an issued plan, with what a row shows of its plan."""

    value: Decimal
    comparator: str
    unit: str | None
    plan_id: int
    plan_symbol: str
    issuer_id: int


def one_of(session: AsyncSession, column: Any, values: Sequence[Any]) -> ColumnElement[bool]:
    """`column IN (values)`; on PostgreSQL one array parameter (`= ANY`), which costs the same
    to send for 170 units as for one, where IN renders a parameter per value."""
    if not is_postgresql(session):
        return column.in_(values)
    kind = String() if values and isinstance(values[0], str) else Integer()
    return column == any_(literal(list(values), ARRAY(kind)))


@dataclass(slots=True)
class Listed:
    """An indicator of the request as plain columns, with its active forms and whether any target
    names it (most have none: their requests then skip reading targets). `categories`: its
    category option codes in order, read only when asked for."""

    id: int
    code: str
    value_type: ValueType
    aggregation: UnitAggregation
    time_aggregation: TimeAggregation
    targeted: bool
    forms: list[Form] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)


async def indicators(session: AsyncSession, principal: Principal, codes: Sequence[str], *,
                     categories: bool = True) -> list[Listed]:
    """The indicators of `codes` the caller sees (the public: those published somewhere) with
    the forms their figures are expected from (not the compiled ones), in one statement (a row per
    indicator and active form), and their category options in a second one if `categories`."""
    i, f, item = Indicator.__table__.c, ReportingForm.__table__.c, ReportingFormIndicator.__table__.c
    forms = (select(item.indicator_id, f.id, f.period_type, f.reporters, f.owner_unit_id)
             .join_from(ReportingForm.__table__, ReportingFormIndicator.__table__,
                        item.form_id == f.id)
             .where(f.is_active).subquery("forms"))
    targeted = exists().where(Target.__table__.c.indicator_code == i.code)
    rows = await session.execute(
        select(i.id, i.code, i.value_type, i.aggregation, i.time_aggregation,
               targeted.label("targeted"), forms.c.id, forms.c.period_type, forms.c.reporters,
               forms.c.owner_unit_id)
        .select_from(Indicator.__table__.outerjoin(forms, forms.c.indicator_id == i.id))
        .where(i.code.in_(codes), indicators_visible(principal))
        .order_by(i.id, forms.c.id))
    listed: dict[int, Listed] = {}
    for row in rows.all():
        entry = listed.get(row[0])
        if entry is None:
            entry = listed[row[0]] = Listed(row[0], row[1], row[2], row[3], row[4], bool(row[5]))
        if row[6] is not None and not compiled_from_below(row[8]):
            entry.forms.append(Form(*row[6:]))
    if categories and listed:
        c = IndicatorCategory.__table__.c
        for indicator_id, code in await session.execute(
                select(c.indicator_id, c.code).where(c.indicator_id.in_(list(listed)))
                .order_by(c.indicator_id, c.position, c.id)):
            listed[indicator_id].categories.append(code)
    return list(listed.values())


async def unit_ref(session: AsyncSession, principal: Principal, ref: str) -> Unit | None:
    """A visible unit by official code, else (digits) by id, in one statement, as plain columns
    (codes are digits too: the code wins)."""
    match = _UNIT.code == ref
    if ref.isdigit() and int(ref) < 2**31:  # ids are PostgreSQL integers
        match = or_(match, _UNIT.id == int(ref))
    row = (await session.execute(select(*_UNIT_COLUMNS).where(match, unit_filter(principal, _UNIT.id))
                                 .order_by((_UNIT.code == ref).desc()).limit(1))).first()
    return Unit(*row) if row is not None else None


def _sum_columns(sums: Any) -> tuple[Any, ...]:
    """A roll-up's sums, from aggregate_value (nothing partial there) or aggregate_current."""
    c = sums.c
    parts = (c.partial, c.unshared) if "partial" in c else (literal(0), literal(0))
    return (c.value_sum, c.numerator_sum, c.denominator_sum, c.true_count, c.reported, *parts)


async def units_with_rollups(session: AsyncSession, base_id: int | None, children: bool,
                             day: date, indicator_id: int, period: str, level: AggregateLevel,
                             sums: Any = AggregateValue.__table__,
                             ) -> tuple[list[Unit], dict[RollupKey, RollupSums]]:
    """The units that get a row (the roots with no base; else the base's children on `day`, or
    the base itself), by name, each with its roll-ups of the indicator and period from `sums`
    (aggregate_value or its twin on today's units): one statement (an outer join), where reading
    the units and then their roll-ups took two."""
    condition: ColumnElement[bool]
    if base_id is None:
        condition = and_(_UNIT.parent_id.is_(None), _unit_valid_on(day))
    elif children:
        tree = OrgUnitTree.__table__.c
        below = select(tree.descendant_id).where(tree.ancestor_id == base_id, tree.depth == 1,
                                                 tree.valid_from <= day,
                                                 or_(tree.valid_to.is_(None), tree.valid_to > day))
        # `id = ANY(ARRAY(subquery))`: the children's ids first, then each unit by key. With IN or
        # a join, the closure's estimate (several times the real count) makes PostgreSQL scan
        # every unit instead.
        condition = and_(_UNIT.id == any_(func.array(below.scalar_subquery()))
                         if is_postgresql(session)
                         else _UNIT.id.in_(below), _unit_valid_on(day))
    else:
        condition = _UNIT.id == base_id  # the base itself, whatever its dates
    a = sums.c
    rows = await session.execute(
        select(*_UNIT_COLUMNS, a.category_code, *_sum_columns(sums))
        .select_from(OrgUnit.__table__.outerjoin(sums, and_(
            a.org_unit_id == _UNIT.id, a.indicator_id == indicator_id, a.period == period,
            a.level == level)))
        .where(condition).order_by(_UNIT.name, _UNIT.id))
    units: dict[int, Unit] = {}
    found: dict[RollupKey, RollupSums] = {}
    for row in rows.all():
        unit_id = row[0]
        if unit_id not in units:
            units[unit_id] = Unit(*row[:5])
        if row[5] is not None:
            found[(indicator_id, period, unit_id, row[5])] = tuple(row[6:13])
    return list(units.values()), found


async def rollups(session: AsyncSession, indicator_id: int, periods: Sequence[str],
                  level: AggregateLevel, unit_ids: Sequence[int],
                  sums: Any = AggregateValue.__table__) -> dict[RollupKey, RollupSums]:
    """Roll-up sums as plain rows (no ORM objects: a request may read thousands)."""
    if not periods or not unit_ids:
        return {}
    a = sums.c  # Core columns: less work per statement than the ORM's
    rows = await session.execute(select(
        a.indicator_id, a.period, a.org_unit_id, a.category_code, *_sum_columns(sums)).where(
        a.indicator_id == indicator_id, one_of(session, a.period, periods), a.level == level,
        one_of(session, a.org_unit_id, unit_ids)))
    return {(r[0], r[1], r[2], r[3]): tuple(r[4:11]) for r in rows}


async def extreme(session: AsyncSession, indicator_id: int, period: str, unit_id: int,
                  category: str, day: date, statuses: Sequence[str], largest: bool,
                  carry: Any | None = None) -> float | None:
    """Min or max of the values below a unit: not kept as a roll-up, read from the values. With
    `carry` (a carry map: unit_id, ancestor_id), of the units whose figures it carries there."""
    below = (select(OrgUnitTree.descendant_id).where(OrgUnitTree.ancestor_id == unit_id,
                                                     valid_on(OrgUnitTree, day))
             if carry is None else select(carry.c.unit_id).where(carry.c.ancestor_id == unit_id))
    pick = func.max if largest else func.min
    found = await session.scalar(select(pick(DataValue.value_numeric)).where(
        DataValue.indicator_id == indicator_id, DataValue.period == period,
        DataValue.category_code == category, DataValue.status.in_(statuses),
        DataValue.org_unit_id.in_(below)))
    return float(found) if found is not None else None


def reports(form: Form, day: date) -> ColumnElement[bool]:
    return expected_to_report(form.reporters, form.owner_unit_id, day, _UNIT)


def _unit_valid_on(day: date) -> ColumnElement[bool]:
    return and_(_UNIT.valid_from <= day, or_(_UNIT.valid_to.is_(None), _UNIT.valid_to > day))


Completeness = dict[int, tuple[int | None, int, int]]  # unit: expected, reported, on time


async def completeness(session: AsyncSession, forms: Sequence[Form], period: str,
                       statuses: Sequence[SubmissionStatus], unit_ids: Sequence[int],
                       day: date) -> Completeness:
    """Per unit, in one statement: the units under it on `day` that report one of `forms`
    (expected), those that submitted the period in `statuses` (reported), and how many of these
    on time. A unit with no reporter under it has no expected count (None)."""
    if not forms or not unit_ids:
        return {}
    tree, sub = OrgUnitTree.__table__.c, Submission.__table__.c
    tree_on_day = and_(tree.valid_from <= day, or_(tree.valid_to.is_(None), tree.valid_to > day))
    expected = (
        select(literal(0).label("part"), tree.ancestor_id, func.count(distinct(_UNIT.id)).label("n"),
               literal(0).label("on_time"))
        .join_from(OrgUnitTree.__table__, OrgUnit.__table__, _UNIT.id == tree.descendant_id)
        .where(one_of(session, tree.ancestor_id, unit_ids), tree_on_day, _unit_valid_on(day),
               or_(*(reports(form, day) for form in forms)))
        .group_by(tree.ancestor_id))
    reported = (
        select(literal(1).label("part"), tree.ancestor_id, func.count(distinct(sub.org_unit_id)),
               func.count(distinct(sub.org_unit_id)).filter(sub.on_time.is_(True)))
        .join_from(Submission.__table__, OrgUnitTree.__table__,
                   and_(tree.descendant_id == sub.org_unit_id, tree_on_day))
        .where(sub.form_id.in_([form.id for form in forms]), sub.period == period,
               sub.status.in_(statuses), one_of(session, tree.ancestor_id, unit_ids))
        .group_by(tree.ancestor_id))
    found: Completeness = {}
    for part, unit_id, count, on_time in (await session.execute(union_all(expected, reported))).all():
        known, done, in_time = found.get(unit_id, (None, 0, 0))
        found[unit_id] = (count, done, in_time) if part == 0 else (known, count, on_time)
    return found


async def targets(session: AsyncSession, code: str, units: Sequence[Unit], start: date,
                  end: date) -> list[TargetInfo]:
    """Targets on the indicator in issued plans covering the period, issued by any of `units` or
    a unit above them, the most recent plan first."""
    issuers = {int(part) for unit in units for part in unit.path.strip("/").split("/")}
    t, p = Target.__table__.c, Plan.__table__.c
    rows = await session.execute(
        select(t.value, t.comparator, t.unit, p.id, p.number, p.type_code, p.issuer_code,
               p.issuer_id)
        .join_from(Target.__table__, Plan.__table__, p.id == t.plan_id)
        .where(t.indicator_code == code, one_of(session, p.issuer_id, sorted(issuers)),
               p.status.in_([PlanStatus.issued, PlanStatus.closed]),
               p.span_start <= end, p.span_end >= start)
        .order_by(p.issue_date.desc().nulls_last(), t.id))
    # The symbol as Plan.symbol writes it: `53/KH-UBND`, `/KH-UBND`.
    return [TargetInfo(value, comparator, unit, plan_id,
                       f"{number or ''}/{type_code}" + (f"-{issuer_code}" if issuer_code else ""),
                       issuer_id)
            for value, comparator, unit, plan_id, number, type_code, issuer_code, issuer_id in rows]
