"""Figures on today's units: where each unit's figures are carried through the successions.

A unit that exists keeps its figures; a unit that closed passes them to its successors
(`org_unit_succession`), transitively: whole through a merger or a renaming, multiplied by the
declared share through a split. The figures then roll up along the tree of the day asked for.

For today's tree (the tree after every recorded change) the map is stored (`aggregate_carry`)
and the roll-ups it gives are kept on write (`aggregate_current`, by rollup.apply_deltas), so
"on today's units" reads one row as "as reported" does. After a reorganisation, `refresh()` brings
both up to date, moving only the figures of the units whose place changed. Another day's units
(`as_of` before the last recorded change) are computed from the values: slower, and rarely asked.
"""

from datetime import date
from typing import Any

from sqlalchemy import (
    Integer,
    Numeric,
    Select,
    and_,
    case,
    cast,
    delete,
    except_,
    func,
    insert,
    literal,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from backend.aggregates import rollup
from backend.aggregates.repository import one_of
from backend.models import (
    AggregateCarry,
    AggregateCarryState,
    AggregateCurrent,
    DataValue,
    OrgUnit,
    OrgUnitSuccession,
    OrgUnitTree,
    SuccessionKind,
)
from backend.models.aggregate_value import NUMERIC

# The day of today's tree as the store keeps it: after every recorded change.
FINAL = date.max
# A chain of successions longer than this is a cycle recorded by mistake, not a history.
_MAX_HOPS = 32
_STATE_ID = 1


def _exists_on(unit: Any, day: date) -> Any:
    return and_(unit.c.valid_from <= day, or_(unit.c.valid_to.is_(None), unit.c.valid_to > day))


def carry_map(day: date) -> Select[Any]:
    """(unit_id, ancestor_id, share) for every unit whose figures count somewhere on the tree of
    `day`: each unit of that day at or above a unit that succeeds it, with the part that arrives
    there (null if a split on the way declared no share). A unit closed without a successor
    carries its figures nowhere."""
    unit, heir = OrgUnit.__table__.alias("u"), OrgUnit.__table__.alias("h")
    step, tree = OrgUnitSuccession.__table__.c, OrgUnitTree.__table__.c
    chain = select(unit.c.id.label("unit_id"), unit.c.id.label("heir_id"),
                   cast(literal(1), Numeric()).label("share"),
                   cast(literal(0), Integer()).label("hops")).cte("chain", recursive=True)
    part = case((step.kind == SuccessionKind.division.value, step.share), else_=1)
    chain = chain.union_all(
        select(chain.c.unit_id, step.successor_id, cast(chain.c.share * part, Numeric()),
               chain.c.hops + 1)
        .join(OrgUnitSuccession.__table__, and_(step.predecessor_id == chain.c.heir_id,
                                                step.effective_date <= day))
        .join(heir, heir.c.id == chain.c.heir_id)
        .where(~_exists_on(heir, day), chain.c.hops < _MAX_HOPS))
    arrived = OrgUnit.__table__.alias("a")
    return (select(chain.c.unit_id, tree.ancestor_id,
                   case((func.count(chain.c.share) < func.count(), None),
                        else_=cast(func.sum(chain.c.share), NUMERIC)).label("share"))
            .join(arrived, and_(arrived.c.id == chain.c.heir_id, _exists_on(arrived, day)))
            .join(OrgUnitTree.__table__, and_(tree.descendant_id == chain.c.heir_id,
                                              tree.valid_from <= day,
                                              or_(tree.valid_to.is_(None), tree.valid_to > day)))
            .group_by(chain.c.unit_id, tree.ancestor_id))


async def tree_from(session: AsyncSession) -> date | None:
    """The day from which the stored map is every day's tree; None before the first refresh."""
    return await session.scalar(select(AggregateCarryState.tree_from)
                                .where(AggregateCarryState.id == _STATE_ID))


def stored_for(day: date, since: date | None) -> bool:
    return since is not None and since <= day


def sums_on(day: date) -> Any:
    """The roll-ups on the units of `day`, computed from the values (aggregate_current's columns):
    for a day before the last recorded change, which the store does not keep."""
    values = rollup.level_deltas_of_values(DataValue.__table__).subquery("d")
    return rollup.carried_sums(values, carry_map(day).subquery("m")).subquery("current")


def map_on(day: date) -> Any:
    return carry_map(day).subquery("m")


async def refresh(session: AsyncSession) -> list[int]:
    """After units, the tree or successions changed: recompute the map of today's tree, and move
    the roll-ups on today's units of each unit whose place in it changed (out along its old map,
    in along the new one), or rebuild them when that is most units. Returns those units. One
    call after a whole reorganisation."""
    await session.flush()
    carry = AggregateCarry.__table__.c
    stored = select(carry.unit_id, carry.ancestor_id, carry.share)
    new = carry_map(FINAL)
    gone, came = except_(stored, new).subquery(), except_(new, stored).subquery()
    changed = list(await session.scalars(union(select(gone.c.unit_id), select(came.c.unit_id))))
    if len(changed) * 2 > (await session.scalar(select(func.count()).select_from(OrgUnit)) or 0):
        # Most units changed place (a national reform): writing the store afresh from the values
        # costs one pass, where moving them out and back in touches each roll-up twice.
        await rebuild(session)
        return changed
    if changed:
        await _carry_figures(session, changed, -1)
        await session.execute(delete(AggregateCarry).where(
            one_of(session, AggregateCarry.unit_id, changed)))
        fresh = new.subquery()
        await session.execute(insert(AggregateCarry).from_select(
            ["unit_id", "ancestor_id", "share"],
            select(fresh).where(one_of(session, fresh.c.unit_id, changed))))
        await _carry_figures(session, changed, +1)
    await _mark_tree_from(session)
    return changed


async def place(session: AsyncSession, unit: OrgUnit) -> None:
    """A unit just created, with no figures and no predecessor yet: its figures will count at
    itself and at its ancestors. What refresh() would conclude, without recomputing the map."""
    state = await session.get(AggregateCarryState, _STATE_ID)
    if state is None:
        await refresh(session)
        return
    tree = OrgUnitTree.__table__.c
    await session.execute(insert(AggregateCarry).from_select(
        ["unit_id", "ancestor_id", "share"],
        select(literal(unit.id), tree.ancestor_id, cast(literal(1), NUMERIC))
        .where(tree.descendant_id == unit.id, tree.valid_to.is_(None))))
    state.tree_from = max(state.tree_from, unit.valid_from)
    await session.flush()


async def rebuild(session: AsyncSession) -> None:
    """Recompute the map and every roll-up on today's units from the values."""
    await session.execute(delete(AggregateCarry))
    await session.execute(insert(AggregateCarry).from_select(
        ["unit_id", "ancestor_id", "share"], carry_map(FINAL)))
    await _mark_tree_from(session)
    await session.execute(delete(AggregateCurrent))
    await rollup.apply_carried(session, rollup.level_deltas_of_values(DataValue.__table__))


async def drift(session: AsyncSession) -> list[rollup.Drift]:
    """Where the stored map or roll-ups on today's units differ from what rebuild() computes now,
    as (key, stored, rebuilt), keyed ("current", *rollup.KEY) or ("carry", unit, ancestor); both
    left as they were.
    A writer of figures that bypassed the deltas, or a change of the tree without refresh(), shows
    here."""
    async with session.begin_nested() as savepoint:
        stored = await _state(session)
        await rebuild(session)
        rebuilt = await _state(session)
        await savepoint.rollback()
    return [(key, stored.get(key), rebuilt.get(key)) for key in sorted(stored.keys() | rebuilt.keys())
            if stored.get(key) != rebuilt.get(key)]


async def _state(session: AsyncSession) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    columns = (*rollup.KEY, *rollup.SUMS, *rollup.PARTS)
    rows = await session.execute(select(*(getattr(AggregateCurrent, c) for c in columns)))
    found: dict[tuple[Any, ...], tuple[Any, ...]] = {
        ("current", *row[:len(rollup.KEY)]): tuple(row[len(rollup.KEY):]) for row in rows
        if any(row[len(rollup.KEY):])}
    for unit_id, ancestor_id, share in await session.execute(
            select(AggregateCarry.unit_id, AggregateCarry.ancestor_id, AggregateCarry.share)):
        found[("carry", unit_id, ancestor_id)] = (share,)
    return found


async def _carry_figures(session: AsyncSession, unit_ids: list[int], sign: int) -> None:
    source = select(DataValue.__table__).where(
        one_of(session, DataValue.org_unit_id, unit_ids)).subquery()
    await rollup.apply_carried(session, rollup.level_deltas_of_values(source, sign))


async def _mark_tree_from(session: AsyncSession) -> None:
    """Record the last dated change: from then on, the stored map is the tree of every day."""
    u, t = OrgUnit.__table__.c, OrgUnitTree.__table__.c
    days = union_all(select(func.max(u.valid_from)), select(func.max(u.valid_to)),
                     select(func.max(t.valid_from)), select(func.max(t.valid_to)),
                     select(func.max(OrgUnitSuccession.__table__.c.effective_date))).subquery()
    last = await session.scalar(select(func.max(days.c[0])))
    state = await session.get(AggregateCarryState, _STATE_ID)
    if state is None:
        session.add(AggregateCarryState(id=_STATE_ID, tree_from=last or date.min))
    else:
        state.tree_from = last or date.min
    await session.flush()
