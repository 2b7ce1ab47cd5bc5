"""All SQL of the hierarchy: scoped reads, and the closure table kept right through moves and closures."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import (
    ColumnElement,
    Select,
    True_,
    and_,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.auth.scope import top_of_scope, unit_filter, valid_on
from backend.kit import clock
from backend.kit.search import folded_words
from backend.models import (
    GrassrootsType,
    OrgUnit,
    OrgUnitHistoryMove,
    OrgUnitKind,
    OrgUnitName,
    OrgUnitSuccession,
    OrgUnitTree,
    Role,
)


@dataclass(frozen=True)
class UnitFilters:
    parent_id: int | None = None
    kind: OrgUnitKind | None = None
    grassroots_type: GrassrootsType | None = None
    q: str | None = None
    as_of: date | None = None


def unit_valid_on(day: date) -> ColumnElement[bool]:
    return and_(OrgUnit.valid_from <= day, or_(OrgUnit.valid_to.is_(None), OrgUnit.valid_to > day))


def search_condition(q: str) -> ColumnElement[bool]:
    return or_(folded_words(OrgUnit.name_folded, q), func.lower(OrgUnit.code) == q.strip().lower())


def list_query(principal: Principal, filters: UnitFilters) -> Select[OrgUnit]:
    day = filters.as_of or clock.today()
    query = select(OrgUnit).where(unit_filter(principal, OrgUnit.id, on=filters.as_of),
                                  unit_valid_on(day))
    if filters.parent_id is not None:
        children = select(OrgUnitTree.descendant_id).where(
            OrgUnitTree.ancestor_id == filters.parent_id, OrgUnitTree.depth == 1,
            valid_on(OrgUnitTree, day))
        query = query.where(OrgUnit.id.in_(children))
    elif not (filters.q or filters.kind or filters.grassroots_type):
        query = query.where(top_of_scope(principal, OrgUnit.id, OrgUnit.parent_id))
    if filters.kind is not None:
        query = query.where(OrgUnit.kind == filters.kind)
    if filters.grassroots_type is not None:
        query = query.where(OrgUnit.grassroots_type == filters.grassroots_type)
    if filters.q:
        query = query.where(search_condition(filters.q))
    return query.order_by(OrgUnit.depth, OrgUnit.name, OrgUnit.id)


async def child_counts(session: AsyncSession, unit_ids: Sequence[int], day: date) -> dict[int, int]:
    if not unit_ids:
        return {}
    rows = await session.execute(
        select(OrgUnitTree.ancestor_id, func.count())
        .join(OrgUnit, OrgUnit.id == OrgUnitTree.descendant_id)
        .where(OrgUnitTree.ancestor_id.in_(unit_ids), OrgUnitTree.depth == 1,
               valid_on(OrgUnitTree, day), unit_valid_on(day))
        .group_by(OrgUnitTree.ancestor_id))
    return {ancestor: count for ancestor, count in rows}


async def get_visible(session: AsyncSession, principal: Principal, unit_id: int, *,
                      acting_as: Role | None = None, on: date | None = None,
                      strictly_below: bool = False) -> OrgUnit | None:
    condition = unit_filter(principal, OrgUnit.id, acting_as=acting_as, on=on,
                            strictly_below=strictly_below)
    if isinstance(condition, True_):
        # Nothing to check (a country admin): no query when the session holds the unit already,
        # as it does for each unit of a reorganisation after the first look.
        return await session.get(OrgUnit, unit_id)
    return await session.scalar(select(OrgUnit).where(OrgUnit.id == unit_id, condition))


async def get(session: AsyncSession, unit_id: int) -> OrgUnit | None:
    return await session.get(OrgUnit, unit_id)


async def ids_in_scope(session: AsyncSession, principal: Principal, *, acting_as: Role) -> set[int]:
    return set(await session.scalars(select(OrgUnit.id).where(
        unit_filter(principal, OrgUnit.id, acting_as=acting_as))))


async def get_many(session: AsyncSession, unit_ids: set[int]) -> dict[int, OrgUnit]:
    return {u.id: u for u in await session.scalars(select(OrgUnit).where(OrgUnit.id.in_(unit_ids)))}


async def get_by_code(session: AsyncSession, code: str) -> OrgUnit | None:
    return await session.scalar(select(OrgUnit).where(OrgUnit.code == code))


async def ancestors(session: AsyncSession, unit: OrgUnit) -> list[OrgUnit]:
    ids = [int(part) for part in unit.path.strip("/").split("/")[:-1]]
    found = {u.id: u for u in await session.scalars(select(OrgUnit).where(OrgUnit.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


async def add(session: AsyncSession, unit: OrgUnit, parent: OrgUnit | None) -> OrgUnit:
    session.add(unit)
    await session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    unit.depth = parent.depth + 1 if parent else 0
    itself = select(literal(unit.id).label("descendant_id"), literal(0).label("depth"))
    await _link(session, itself, parent, unit.valid_from, made=unit)
    return unit


async def _link(session: AsyncSession, below: Select[int, int], parent: OrgUnit | None,
                since: date, *, made: OrgUnit | None = None) -> None:
    """Put the units `below` (descendant_id, depth under the unit placed) below `parent` and all
    of its ancestors from `since` on, with the row of a unit `made` to itself: one statement
    whatever the size of the subtree."""
    links: list[Select[int, int, int, date]] = []
    if made is not None:
        links.append(select(literal(made.id), literal(made.id), literal(0), literal(since)))
    if parent is not None:
        upper = select(OrgUnitTree.ancestor_id, OrgUnitTree.depth).where(
            OrgUnitTree.descendant_id == parent.id, valid_on(OrgUnitTree, since)).subquery("upper")
        units = below.subquery("below")
        links.append(select(upper.c.ancestor_id, units.c.descendant_id,
                            upper.c.depth + 1 + units.c.depth, literal(since))
                     .select_from(upper.join(units, true())))
    if links:
        await session.execute(insert(OrgUnitTree).from_select(
            ["ancestor_id", "descendant_id", "depth", "valid_from"],
            links[0] if len(links) == 1 else union_all(*links)))


async def current_subtree(session: AsyncSession, unit: OrgUnit, day: date) -> dict[int, int]:
    rows = await session.execute(select(OrgUnitTree.descendant_id, OrgUnitTree.depth).where(
        OrgUnitTree.ancestor_id == unit.id, valid_on(OrgUnitTree, day)))
    return dict(rows.all())


async def move(session: AsyncSession, unit: OrgUnit, new_parent: OrgUnit, on: date, *,
               history_follows: bool = False) -> None:
    """Re-parent `unit` with its subtree from `on`; links before `on` stay as history, read by the
    old line only unless `history_follows` passes it to the new line as well (`auth.scope`)."""
    subtree = await current_subtree(session, unit, on)
    ids = list(subtree)
    outside = select(OrgUnitTree.ancestor_id).where(
        OrgUnitTree.descendant_id == unit.id, OrgUnitTree.depth > 0, valid_on(OrgUnitTree, on))
    stale = and_(OrgUnitTree.descendant_id.in_(ids), OrgUnitTree.ancestor_id.in_(outside),
                 valid_on(OrgUnitTree, on))
    # A link that would start and end the same day never existed: drop it instead of closing it.
    await session.execute(delete(OrgUnitTree).where(stale, OrgUnitTree.valid_from == on))
    await session.execute(update(OrgUnitTree).where(stale).values(valid_to=on))
    # The links inside the subtree stay: they are what it brings below its new parent.
    await _link(session, select(OrgUnitTree.descendant_id, OrgUnitTree.depth).where(
        OrgUnitTree.ancestor_id == unit.id, valid_on(OrgUnitTree, on)), new_parent, on)
    old_prefix, new_prefix = unit.path, f"{new_parent.path}{unit.id}/"
    shift = new_parent.depth + 1 - unit.depth
    for member in await session.scalars(select(OrgUnit).where(OrgUnit.id.in_(ids))):
        member.path = new_prefix + member.path[len(old_prefix):]
        member.depth += shift
    unit.parent_id = new_parent.id
    if history_follows:
        session.add(OrgUnitHistoryMove(org_unit_id=unit.id, moved_on=on))
    await session.flush()


async def close(session: AsyncSession, units: Sequence[OrgUnit], on: date) -> None:
    for unit in units:
        unit.valid_to = on
    await session.execute(update(OrgUnitTree).where(
        OrgUnitTree.descendant_id.in_([u.id for u in units]), OrgUnitTree.valid_to.is_(None))
        .values(valid_to=on))
    await session.flush()


async def add_successions(session: AsyncSession, rows: Sequence[OrgUnitSuccession]) -> None:
    session.add_all(rows)
    await session.flush()


async def successions_of(session: AsyncSession, unit_id: int) -> list[OrgUnitSuccession]:
    rows = await session.scalars(select(OrgUnitSuccession).where(or_(
        OrgUnitSuccession.predecessor_id == unit_id, OrgUnitSuccession.successor_id == unit_id))
        .order_by(OrgUnitSuccession.effective_date, OrgUnitSuccession.id))
    return list(rows)


async def get_by_codes(session: AsyncSession, codes: Collection[str]) -> dict[str, OrgUnit]:
    found: dict[str, OrgUnit] = {}
    listed = sorted(codes)
    for start in range(0, len(listed), 10_000):
        found.update((u.code, u) for u in await session.scalars(
            select(OrgUnit).where(OrgUnit.code.in_(listed[start:start + 10_000]))))
    return found


async def named_since(session: AsyncSession, unit: OrgUnit) -> date:
    """The day the unit's name of today took effect: its last renaming, or its creation."""
    last = await session.scalar(select(func.max(OrgUnitName.valid_to))
                                .where(OrgUnitName.org_unit_id == unit.id))
    return last or unit.valid_from


async def keep_name(session: AsyncSession, unit: OrgUnit, since: date, until: date) -> None:
    session.add(OrgUnitName(org_unit_id=unit.id, name=unit.name, valid_from=since, valid_to=until))


@dataclass(frozen=True)
class NamedUnit:
    """A unit as it was named on a day (its kind and code do not change with a renaming)."""

    id: int
    code: str
    kind: OrgUnitKind
    name: str


async def named_on(session: AsyncSession, unit: OrgUnit, day: date) -> NamedUnit:
    return NamedUnit(unit.id, unit.code, unit.kind, await name_on(session, unit, day))


async def name_on(session: AsyncSession, unit: OrgUnit, day: date) -> str:
    """The unit's name as it stood on `day`: an earlier one if it was renamed since."""
    earlier = await session.scalar(select(OrgUnitName.name).where(
        OrgUnitName.org_unit_id == unit.id, OrgUnitName.valid_from <= day,
        OrgUnitName.valid_to > day))
    return earlier or unit.name


async def subtrees(session: AsyncSession, unit_ids: Collection[int], day: date) -> set[int]:
    """The units below (and with) `unit_ids` on `day`."""
    found: set[int] = set()
    listed = sorted(unit_ids)
    for start in range(0, len(listed), 10_000):
        found.update(await session.scalars(select(OrgUnitTree.descendant_id).where(
            OrgUnitTree.ancestor_id.in_(listed[start:start + 10_000]),
            valid_on(OrgUnitTree, day))))
    return found


async def children_on(session: AsyncSession, unit: OrgUnit, day: date) -> list[OrgUnit]:
    return list(await session.scalars(
        select(OrgUnit).join(OrgUnitTree, OrgUnitTree.descendant_id == OrgUnit.id)
        .where(OrgUnitTree.ancestor_id == unit.id, OrgUnitTree.depth == 1,
               valid_on(OrgUnitTree, day), unit_valid_on(day)).order_by(OrgUnit.id)))
