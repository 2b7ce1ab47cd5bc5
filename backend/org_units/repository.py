"""All SQL of the hierarchy: scoped reads, and the closure table kept right through moves and closures."""

from collections.abc import AsyncIterator, Collection, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
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
    User,
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


async def count_units(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(OrgUnit)) or 0


async def get_by_code(session: AsyncSession, code: str) -> OrgUnit | None:
    return await session.scalar(select(OrgUnit).where(OrgUnit.code == code))


async def ancestors(session: AsyncSession, unit: OrgUnit) -> list[OrgUnit]:
    ids = [int(part) for part in unit.path.strip("/").split("/")[:-1]]
    found = {u.id: u for u in await session.scalars(select(OrgUnit).where(OrgUnit.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


async def add(session: AsyncSession, unit: OrgUnit, parent: OrgUnit | None) -> OrgUnit:
    """A new unit below `parent`, with its links. Inside `holding`, it takes an id reserved by the
    batch and is written with the batch's other units when the batch's writes are."""
    held = held_writes(session)
    session.add(unit)
    if held is not None and held.ids:
        unit.id = held.ids.pop()
    else:
        await session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    unit.depth = parent.depth + 1 if parent else 0
    if held is None:
        await _link_made(session, [unit])
        return unit
    held.units[unit.code] = unit
    held.hold([unit])
    held.children[unit.id] = {}
    held.members[unit.id] = unit
    held.accounts[unit.id] = []
    if parent is not None and parent.id in held.children:
        held.children[parent.id][unit.id] = [unit.valid_from, None]
    return unit


async def _link_made(session: AsyncSession, units: Sequence[OrgUnit]) -> None:
    """The links of units just made: each to itself, and below its parent and all of the
    parent's ancestors from the day it starts; a statement per depth, as a parent made with them
    must be linked before its units are."""
    await session.flush()
    tree, made = OrgUnitTree, OrgUnit.__table__.alias("made")
    for depth in sorted({unit.depth for unit in units}):
        ids = [unit.id for unit in units if unit.depth == depth]
        for start in range(0, len(ids), _CHUNK):
            chunk = made.c.id.in_(ids[start:start + _CHUNK])
            itself = select(made.c.id, made.c.id, literal(0), made.c.valid_from).where(chunk)
            upper = select(tree.ancestor_id, made.c.id, tree.depth + 1, made.c.valid_from).join(
                tree, and_(tree.descendant_id == made.c.parent_id,
                           tree.valid_from <= made.c.valid_from,
                           or_(tree.valid_to.is_(None), tree.valid_to > made.c.valid_from))
            ).where(chunk)
            await session.execute(insert(OrgUnitTree).from_select(
                ["ancestor_id", "descendant_id", "depth", "valid_from"], union_all(itself, upper)))


async def _link(session: AsyncSession, below: Select[int, int], parent: OrgUnit,
                since: date) -> None:
    """Put the units `below` (descendant_id, depth under the unit placed) below `parent` and all
    of its ancestors from `since` on: one statement whatever the size of the subtree."""
    upper = select(OrgUnitTree.ancestor_id, OrgUnitTree.depth).where(
        OrgUnitTree.descendant_id == parent.id, valid_on(OrgUnitTree, since)).subquery("upper")
    units = below.subquery("below")
    await session.execute(insert(OrgUnitTree).from_select(
        ["ancestor_id", "descendant_id", "depth", "valid_from"],
        select(upper.c.ancestor_id, units.c.descendant_id, upper.c.depth + 1 + units.c.depth,
               literal(since)).select_from(upper.join(units, true()))))


async def current_subtree(session: AsyncSession, unit: OrgUnit, day: date) -> dict[int, int]:
    rows = await session.execute(select(OrgUnitTree.descendant_id, OrgUnitTree.depth).where(
        OrgUnitTree.ancestor_id == unit.id, valid_on(OrgUnitTree, day)))
    return dict(rows.all())


async def move(session: AsyncSession, unit: OrgUnit, new_parent: OrgUnit, on: date, *,
               history_follows: bool = False) -> None:
    """Re-parent `unit` with its subtree from `on`; links before `on` stay as history, read by the
    old line only unless `history_follows` passes it to the new line as well (`auth.scope`)."""
    held = held_writes(session)
    if held is not None:
        if held.touches(unit, new_parent):
            await write_held(session)
        held.moved(unit, new_parent.id, on)
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
    if held is None:  # a batch's changes of units are written with what it holds
        await session.flush()


async def close(session: AsyncSession, units: Sequence[OrgUnit], on: date) -> None:
    """The units end on `on`, with their links; inside `holding`, written with the batch."""
    for unit in units:
        unit.valid_to = on
    held = held_writes(session)
    if held is None:
        await _close_links(session, [u.id for u in units], on)
        return
    held.closed.append((list(units), on))
    held.hold(units)
    for unit in units:
        held.moved(unit, None, on)


async def _close_links(session: AsyncSession, unit_ids: Sequence[int], on: date) -> None:
    for start in range(0, len(unit_ids), _CHUNK):
        await session.execute(update(OrgUnitTree).where(
            OrgUnitTree.descendant_id.in_(unit_ids[start:start + _CHUNK]),
            OrgUnitTree.valid_to.is_(None)).values(valid_to=on))
    await session.flush()


async def add_successions(session: AsyncSession, rows: Sequence[OrgUnitSuccession]) -> None:
    held = held_writes(session)
    if held is None:
        session.add_all(rows)
        await session.flush()
    else:
        held.successions.extend(rows)


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


_CHUNK = 10_000
# session.info key of the writes `holding` keeps back.
_HELD = "org_units.held"
Link = list[date | None]  # [valid_from, valid_to] of a unit's link to its parent


@dataclass
class Held:
    """What a batch of reorganisations knows of the tree and holds back from writing: its new
    units (with ids reserved for them), closings and successions, written in a few statements by
    `write_held`; and, for the units it loaded (`covers`), their links to their units below and
    their active accounts, kept as the batch changes them, so each event is checked in memory."""

    ids: list[int]
    children: dict[int, dict[int, Link]]
    members: dict[int, OrgUnit]
    accounts: dict[int, list[User]]
    units: dict[str, OrgUnit] = field(default_factory=dict)  # by code
    closed: list[tuple[list[OrgUnit], date]] = field(default_factory=list)
    successions: list[OrgUnitSuccession] = field(default_factory=list)
    # How many units, closings and successions were written before the ones held now.
    written: tuple[int, int, int] = (0, 0, 0)
    # Whether `children` and `accounts` are the tree as the batch left it (not after `drop`).
    known: bool = True
    # The units at or above a unit held (made or closed): a move of one of them must write first.
    above: set[int] = field(default_factory=set)

    def hold(self, units: Sequence[OrgUnit]) -> None:
        for unit in units:
            self.above.update(int(part) for part in unit.path.strip("/").split("/"))

    def touches(self, unit: OrgUnit, parent: OrgUnit) -> bool:
        """Whether moving `unit` below `parent` reads or writes links that are held."""
        return unit.id in self.above or parent.code in self.units

    def covers(self, unit_ids: Collection[int]) -> bool:
        return all(i in self.children and i in self.accounts for i in unit_ids)

    def moved(self, unit: OrgUnit, parent_id: int | None, on: date) -> None:
        """`unit` leaves its parent on `on` (a link that would start that day never existed),
        for `parent_id` if not None."""
        link = self.children.get(unit.parent_id or 0, {}).get(unit.id)
        if link is not None and link[1] is None:
            if link[0] == on:
                del self.children[unit.parent_id or 0][unit.id]
            else:
                link[1] = on
        if parent_id is not None and parent_id in self.children:
            self.children[parent_id][unit.id] = [on, None]
            self.members[unit.id] = unit

    def handed_over(self, units: Sequence[OrgUnit], accounts: list[User],
                    successor_id: int | None) -> None:
        for unit in units:
            self.accounts[unit.id] = []
        if successor_id is not None and successor_id in self.accounts:
            self.accounts[successor_id].extend(accounts)

    def mark(self) -> tuple[int, int, int]:
        """Where what is held stands, to `drop` what follows."""
        held = (len(self.units), len(self.closed), len(self.successions))
        return tuple(w + h for w, h in zip(self.written, held, strict=True))  # type: ignore[return-value]

    def holds(self, code: str) -> bool:
        """Whether `code` is a unit made and not written yet."""
        return code in self.units

    def drop(self, session: AsyncSession, mark: tuple[int, int, int]) -> None:
        """Forget what was held since `mark` (an event refused; what it wrote, its savepoint undid),
        and what is known of the tree: the event may have changed it before it was refused.
        Checks read the database again."""
        units, closed, successions = (max(0, m - w) for m, w in zip(mark, self.written,
                                                                    strict=True))
        for code in list(self.units)[units:]:
            unit = self.units.pop(code)
            if unit in session:  # made in a savepoint, whose rollback expunged it already
                session.expunge(unit)
        for closing, _ in self.closed[closed:]:
            for unit in closing:
                unit.valid_to = None
        del self.closed[closed:], self.successions[successions:]
        self.children.clear()
        self.accounts.clear()
        self.known = False


def held_writes(session: AsyncSession) -> Held | None:
    return session.info.get(_HELD)


@asynccontextmanager
async def holding(session: AsyncSession, unit_ids: Collection[int],
                  new_units: int) -> AsyncIterator[Held]:
    """Hold the tree's writes inside (a reform's batch), knowing the units `unit_ids` with their
    units below and their accounts, with `new_units` ids reserved; written on leaving without
    error (before what follows reads the tree), dropped with the transaction otherwise."""
    listed = sorted(unit_ids)
    children: dict[int, dict[int, Link]] = {i: {} for i in listed}
    members: dict[int, OrgUnit] = {}
    accounts: dict[int, list[User]] = {i: [] for i in listed}
    for start in range(0, len(listed), _CHUNK):
        part = listed[start:start + _CHUNK]
        rows = await session.execute(
            select(OrgUnitTree.ancestor_id, OrgUnitTree.valid_from, OrgUnitTree.valid_to, OrgUnit)
            .join(OrgUnit, OrgUnit.id == OrgUnitTree.descendant_id)
            .where(OrgUnitTree.ancestor_id.in_(part), OrgUnitTree.depth == 1))
        for parent_id, since, until, child in rows:
            children[parent_id][child.id] = [since, until]
            members[child.id] = child
        for user in await session.scalars(select(User).where(
                User.unit_id.in_(part), User.is_active.is_(True)).order_by(User.id)):
            accounts[user.unit_id].append(user)  # type: ignore[index]
    members.update(await get_many(session, set(listed)))
    held = Held(list(reversed(await _reserve_ids(session, new_units))), children, members,
                accounts)
    session.info[_HELD] = held
    try:
        yield held
    finally:
        del session.info[_HELD]
    await _write(session, held)


async def write_held(session: AsyncSession) -> None:
    """Write what is held now (before a write that reads the tree as the batch left it)."""
    held = held_writes(session)
    if held is not None:
        await _write(session, held)


async def _write(session: AsyncSession, held: Held) -> None:
    units, closed, successions = held.units, held.closed, held.successions
    held.units, held.closed, held.successions, held.above = {}, [], [], set()
    made, ended, joined = held.written
    held.written = (made + len(units), ended + len(closed), joined + len(successions))
    if units:
        await _link_made(session, list(units.values()))
    by_day: dict[date, list[int]] = {}
    for closing, on in closed:
        by_day.setdefault(on, []).extend(unit.id for unit in closing)
    for on, ids in sorted(by_day.items()):
        await _close_links(session, ids, on)
    session.add_all(successions)
    await session.flush()


async def _reserve_ids(session: AsyncSession, count: int) -> list[int]:
    """`count` ids for units to be made, taken from the sequence as an insert would take them."""
    if count == 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        return list(await session.scalars(select(
            func.nextval(func.pg_get_serial_sequence("org_unit", "id")))
            .select_from(func.generate_series(1, count))))
    # SQLite hands out max(id) + 1, and one writer holds the database for the transaction.
    last = await session.scalar(select(func.coalesce(func.max(OrgUnit.id), 0))) or 0
    return list(range(last + 1, last + 1 + count))


async def open_children(session: AsyncSession, unit_ids: Sequence[int], day: date) -> bool:
    """Whether any of the units has a unit below it on `day`: from what the batch holds when it
    knows them, from the database otherwise."""
    held = held_writes(session)
    if held is None or not held.covers(unit_ids):
        await write_held(session)
        return bool(await child_counts(session, unit_ids, day))
    return any(_on(link, day) and _on([held.members[child].valid_from,
                                       held.members[child].valid_to], day)
               for unit_id in unit_ids for child, link in held.children[unit_id].items())


def _on(span: Link, day: date) -> bool:
    return span[0] is not None and span[0] <= day and (span[1] is None or span[1] > day)
