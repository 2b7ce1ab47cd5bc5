"""Roll-ups kept on write: every change of a data value adds its difference to the running sums
(`aggregate_value`) of each unit above it, for the tree as it stood at the end of the value's period,
and to those on today's units (`aggregate_current`) of each unit its unit's figures are carried to
(`aggregate_carry`, kept by backend/aggregates/carry.py).

Changes arrive as *deltas*: rows (indicator, unit, period, category, level, Δvalue, Δnumerator,
Δdenominator, Δyes, Δreported). `apply_deltas` adds them, grouped by ancestor, in one statement
per store, for a report's twenty figures as for a million imported rows.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    Numeric,
    Select,
    String,
    and_,
    case,
    delete,
    event,
    func,
    literal,
    literal_column,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.sql.util import find_tables

from backend.aggregates.repository import one_of
from backend.kit import sql
from backend.models import (
    AggregateCarry,
    AggregateCurrent,
    AggregateLevel,
    AggregateValue,
    DataValue,
    DataValueStatus,
    OrgUnitTree,
)
from backend.periods.rules import parse_period

# The statuses each level counts.
LEVEL_STATUSES = {
    AggregateLevel.approved: (DataValueStatus.approved,),
    AggregateLevel.submitted: (DataValueStatus.submitted, DataValueStatus.approved),
}
# A roll-up's key (aggregate_value's unique index) and its sums.
KEY = ("indicator_id", "period", "level", "org_unit_id", "category_code")
SUMS = ("value_sum", "numerator_sum", "denominator_sum", "true_count", "reported")
# What a roll-up on today's units keeps besides: how many of its values reach it only in part.
PARTS = ("partial", "unshared")
DELTA_COLUMNS = ("d_value", "d_num", "d_den", "d_true", "d_rep")


def tree_date(period: str) -> date:
    """The day whose tree a period's figures roll up along: the end of the period (Decree 09)."""
    return parse_period(period).end()


def literal_rows(columns: Sequence[tuple[str, Any]], rows: Sequence[Sequence[Any]]) -> Select[Any]:
    """A small inline table. A UNION ALL of one-row SELECTs rather than VALUES, whose column
    names SQLite cannot give in the FROM clause."""
    selects = [select(*(literal(value, type_).label(name)
                        for (name, type_), value in zip(columns, row, strict=True)))
               for row in rows]
    return selects[0] if len(selects) == 1 else select(*union_all(*selects).subquery().c)


def period_dates(periods: Iterable[str]) -> Select[Any]:
    return literal_rows([("period", String()), ("tree_date", Date())],
                        [(p, tree_date(p)) for p in sorted(set(periods))])


async def apply_deltas(session: AsyncSession, deltas: Select[Any], periods: Iterable[str]) -> None:
    """Add `deltas` (columns: indicator_id, org_unit_id, period, category_code, level, d_*) to the
    roll-ups of every unit above each value's unit, at its period's end, and on today's units."""
    for statement in _delta_statements(session, deltas, periods):
        await session.execute(statement)


def _delta_statements(session: AsyncSession | Session, deltas: Select[Any],
                      periods: Iterable[str]) -> list[Any]:
    periods = list(periods)
    if not periods:
        return []
    return [_reported(session, deltas, periods), _carried(session, deltas)]


def _reported(session: AsyncSession | Session, deltas: Select[Any], periods: list[str]) -> Any:
    dates = period_dates(periods).subquery("pd")
    d = deltas.subquery("d")
    tree = OrgUnitTree
    grouped = (
        select(d.c.indicator_id, d.c.period, d.c.level, tree.ancestor_id, d.c.category_code,
               *(func.sum(d.c[name]) for name in DELTA_COLUMNS))
        .join(dates, dates.c.period == d.c.period)
        .join(tree, and_(tree.descendant_id == d.c.org_unit_id, tree.valid_from <= dates.c.tree_date,
                         or_(tree.valid_to.is_(None), tree.valid_to > dates.c.tree_date)))
        # SQLite needs a WHERE before ON CONFLICT to parse the upsert.
        .where(literal_column("1") == 1)
        .group_by(d.c.indicator_id, d.c.period, d.c.level, tree.ancestor_id, d.c.category_code))
    return _upsert(session, AggregateValue, SUMS, grouped)


async def apply_carried(session: AsyncSession, deltas: Select[Any]) -> None:
    """Add `deltas` to the roll-ups on today's units (`aggregate_current`), through the stored
    carry map. On its own only when the map changes (carry.refresh) or to rebuild."""
    await session.execute(_carried(session, deltas))


def _carried(session: AsyncSession | Session, deltas: Select[Any]) -> Any:
    grouped = carried_sums(deltas.subquery("d"), AggregateCarry.__table__)
    return _upsert(session, AggregateCurrent, (*SUMS, *PARTS),
                   grouped.where(literal_column("1") == 1))


def carried_sums(d: Any, carry: Any) -> Select[Any]:
    """The sums of deltas or values `d` at each unit `carry` (unit_id, ancestor_id, share) takes
    them to, as aggregate_current's columns. Counts, numbers, numerators and denominators are
    multiplied by the share; yes and reported are counted whole, `partial` and `unshared` saying
    how many arrived only in part, for the reader to show what cannot be divided as such."""
    share = func.coalesce(carry.c.share, 0)
    partial = or_(carry.c.share.is_(None), carry.c.share != 1)
    return (select(d.c.indicator_id.label("indicator_id"), d.c.period.label("period"),
                   d.c.level.label("level"), carry.c.ancestor_id.label("org_unit_id"),
                   d.c.category_code.label("category_code"),
                   func.sum(d.c.d_value * share).label("value_sum"),
                   func.sum(d.c.d_num * share).label("numerator_sum"),
                   func.sum(d.c.d_den * share).label("denominator_sum"),
                   func.sum(d.c.d_true).label("true_count"), func.sum(d.c.d_rep).label("reported"),
                   func.sum(case((partial, d.c.d_rep), else_=0)).label("partial"),
                   func.sum(case((carry.c.share.is_(None), d.c.d_rep), else_=0)).label("unshared"))
            .join(carry, carry.c.unit_id == d.c.org_unit_id)
            .group_by(d.c.indicator_id, d.c.period, d.c.level, carry.c.ancestor_id,
                      d.c.category_code))


def _upsert(session: AsyncSession | Session, table: Any, sums: Sequence[str],
            grouped: Select[Any]) -> Any:
    statement = sql.upsert(session, table).from_select([*KEY, *sums], grouped)
    return statement.on_conflict_do_update(
        index_elements=list(KEY),
        set_={name: getattr(table, name) + getattr(statement.excluded, name) for name in sums})


@dataclass(frozen=True)
class Contribution:
    value: Decimal
    numerator: Decimal
    denominator: Decimal
    yes: int
    reported: int

    def minus(self, other: "Contribution") -> tuple[Decimal, Decimal, Decimal, int, int]:
        return (self.value - other.value, self.numerator - other.numerator,
                self.denominator - other.denominator, self.yes - other.yes,
                self.reported - other.reported)


NOTHING = Contribution(Decimal(0), Decimal(0), Decimal(0), 0, 0)


def contribution(value: DataValue, level: AggregateLevel) -> Contribution:
    if value.status not in LEVEL_STATUSES[level]:
        return NOTHING
    filled = any(v is not None for v in (value.value_numeric, value.value_bool, value.numerator,
                                         value.value_text))
    return Contribution(value.value_numeric or Decimal(0), value.numerator or Decimal(0),
                        value.denominator or Decimal(0), 1 if value.value_bool else 0,
                        1 if filled else 0)


Snapshot = dict[tuple[int, str], tuple[Contribution, Contribution]]


def snapshot_of(values: Iterable[DataValue]) -> Snapshot:
    """What these values (all of a unit and period) contribute, per (indicator, category) and
    level."""
    return {(v.indicator_id, v.category_code): (contribution(v, AggregateLevel.approved),
                                                contribution(v, AggregateLevel.submitted))
            for v in values}


async def settle(session: AsyncSession, unit_id: int, period: str, before: Snapshot,
                 after: Snapshot) -> None:
    """Roll up the difference between what a unit's values of a period contributed `before` a
    write and `after` it, when the transaction commits (`_settle_at_commit`)."""
    rows = []
    for key in before.keys() | after.keys():
        old = before.get(key, (NOTHING, NOTHING))
        new = after.get(key, (NOTHING, NOTHING))
        for index, level in enumerate((AggregateLevel.approved, AggregateLevel.submitted)):
            delta = new[index].minus(old[index])
            if any(delta):
                rows.append((key[0], unit_id, period, key[1], level.value, *delta))
    if not rows:
        return
    if session.in_nested_transaction():  # a savepoint may be undone alone: settled within it
        await _settle_rows(session, rows)
        return
    unsettled = session.sync_session.info.setdefault(_UNSETTLED, [])
    unsettled.extend(rows)
    if len(unsettled) >= _MOST_UNSETTLED:  # a bulk writer (an import's reports): settle as it goes
        del session.sync_session.info[_UNSETTLED]
        await _settle_rows(session, unsettled)


async def _settle_rows(session: AsyncSession, rows: list[tuple[Any, ...]]) -> None:
    for statement in _row_statements(session, rows):
        await session.execute(statement)


def _row_statements(session: AsyncSession | Session, rows: list[tuple[Any, ...]]) -> list[Any]:
    """The statements adding delta rows (`_DELTA_ROW`) to the roll-ups."""
    if not rows:
        return []
    return _delta_statements(session, literal_rows(_DELTA_ROW, rows), {row[2] for row in rows})


# A report's deltas, added to the roll-ups at its commit. Every report of the country adds to the
# same rows (its province's, the nation's), whose locks an upsert holds to the end of its
# transaction: taken just before the commit, not before the rest of the request (its versions,
# audit, notifications, the report it answers), the reports of a deadline day queue on them for
# a commit's time, not for a whole request's.
_UNSETTLED = "qcdc_unsettled_deltas"
# A statement of at most this many delta rows: a report has a few dozen.
_MOST_UNSETTLED = 500


@event.listens_for(Session, "before_commit")
def _settle_at_commit(session: Session) -> None:
    _settle_unsettled(session)


@event.listens_for(Session, "do_orm_execute")
def _settle_before_roll_ups(state: ORMExecuteState) -> None:
    """A statement of the same transaction that reads or writes the roll-ups sees them settled."""
    statement = state.statement
    if _UNSETTLED in state.session.info and isinstance(statement, ClauseElement) and _ROLL_UPS & {
            table.name for table in find_tables(statement, include_crud=True)}:
        _settle_unsettled(state.session)


_ROLL_UPS = {AggregateValue.__tablename__, AggregateCurrent.__tablename__}


def _settle_unsettled(session: Session) -> None:
    for statement in _row_statements(session, session.info.pop(_UNSETTLED, [])):
        session.execute(statement)


@event.listens_for(Session, "after_rollback")
def _forget_unsettled(session: Session) -> None:
    session.info.pop(_UNSETTLED, None)


_DELTA_ROW = [("indicator_id", Integer()), ("org_unit_id", Integer()), ("period", String()),
              ("category_code", String()), ("level", String()), ("d_value", Numeric(24, 6)),
              ("d_num", Numeric(24, 6)), ("d_den", Numeric(24, 6)), ("d_true", Integer()),
              ("d_rep", Integer())]


def level_deltas_of_values(source: Any, sign: int = 1) -> Select[Any]:
    """Deltas that add (sign 1) or remove (sign -1) the rows of a data_value-shaped `source`."""
    parts = []
    for level, statuses in LEVEL_STATUSES.items():
        counted = source.c.status.in_([s.value for s in statuses])
        filled = or_(source.c.value_numeric.is_not(None), source.c.value_bool.is_not(None),
                     source.c.numerator.is_not(None), source.c.value_text.is_not(None))
        parts.append(select(
            source.c.indicator_id, source.c.org_unit_id, source.c.period, source.c.category_code,
            literal(level.value).label("level"),
            (sign * func.coalesce(source.c.value_numeric, 0)).label("d_value"),
            (sign * func.coalesce(source.c.numerator, 0)).label("d_num"),
            (sign * func.coalesce(source.c.denominator, 0)).label("d_den"),
            (sign * _as_int(source.c.value_bool)).label("d_true"),
            (sign * _as_int(filled)).label("d_rep"),
        ).where(counted))
    return select(*union_all(*parts).subquery().c)


def _as_int(condition: Any) -> Any:
    return case((condition, 1), else_=0)


async def rebuild(session: AsyncSession) -> None:
    """Recompute every roll-up, as reported and on today's units (through the stored carry map),
    from the values: for repairs, and after loading values in bulk."""
    await session.execute(delete(AggregateValue))
    await session.execute(delete(AggregateCurrent))
    periods = list(await session.scalars(select(DataValue.period).distinct()))
    if periods:
        table = DataValue.__table__
        await apply_deltas(session, level_deltas_of_values(table), periods)


async def recompute_since(session: AsyncSession, since: date) -> None:
    """Compute afresh from the values the roll-ups of the periods ending on or after `since`,
    along the tree as it is now: after a change that moved most units from that day (a national
    reform), one pass instead of taking each figure out and putting it back. The roll-ups on
    today's units follow when carry.refresh() is called after it."""
    periods = [p for p in await session.scalars(select(DataValue.period).distinct())
               if tree_date(p) >= since]
    if not periods:
        return
    await session.execute(delete(AggregateValue).where(AggregateValue.period.in_(periods)))
    source = select(DataValue.__table__).where(DataValue.period.in_(periods)).subquery()
    await session.execute(_reported(session, level_deltas_of_values(source), periods))


async def reroll(session: AsyncSession, unit_ids: Sequence[int], since: date, sign: int) -> None:
    """Take out (-1) or put back (+1) the figures of `unit_ids` whose period ends on or after
    `since`: around a move of those units, so their roll-ups follow the new tree from that day.
    The roll-ups on today's units follow the move when carry.refresh() is called after it."""
    periods = [p for p in await session.scalars(
        select(DataValue.period).where(one_of(session, DataValue.org_unit_id, unit_ids))
        .distinct()) if tree_date(p) >= since]
    if not periods:
        return
    source = select(DataValue.__table__).where(one_of(session, DataValue.org_unit_id, unit_ids),
                                               DataValue.period.in_(periods)).subquery()
    await session.execute(_reported(session, level_deltas_of_values(source, sign), periods))



Drift = tuple[tuple[Any, ...], tuple[Any, ...] | None, tuple[Any, ...] | None]


async def drift(session: AsyncSession) -> list[Drift]:
    """The roll-ups whose stored sums are not what rebuild() computes from the values now, as
    (key, stored, rebuilt); both left as they were. Every writer of figures keeps the roll-ups by
    deltas; this is how a test or a repair finds one that forgot."""
    async with session.begin_nested() as savepoint:
        stored = await _sums(session)
        await rebuild(session)
        rebuilt = await _sums(session)
        await savepoint.rollback()
    return [(key, stored.get(key), rebuilt.get(key)) for key in sorted(stored.keys() | rebuilt.keys())
            if stored.get(key) != rebuilt.get(key)]


async def _sums(session: AsyncSession) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """Every roll-up but those of nothing but zeros: a sum that came back to zero is no figure, and
    rebuild() writes none."""
    rows = await session.execute(select(*(getattr(AggregateValue, c) for c in (*KEY, *SUMS))))
    return {tuple(row[:len(KEY)]): tuple(row[len(KEY):]) for row in rows if any(row[len(KEY):])}
