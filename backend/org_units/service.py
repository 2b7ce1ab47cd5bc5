"""Rules of the hierarchy: who may change which unit, and how history is kept when it changes."""

from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from backend.aggregates import rollup
from backend.assignments.handover import UnitChange, reorganising
from backend.audit.service import record, snapshot
from backend.auth.principal import Principal
from backend.auth.scope import visible_units
from backend.errors import Forbidden, NotFound
from backend.kit import clock
from backend.kit.pagination import PageParams, Pagination, fetch_page
from backend.kit.text import fold
from backend.models import OrgUnit, OrgUnitSuccession, Role, SuccessionKind
from backend.org_units import repository, schemas
from backend.org_units.errors import (
    DuplicateUnitCode,
    InvalidClosure,
    InvalidMove,
    UnitHasOpenChildren,
)

AUDITED = ("code", "name", "kind", "grassroots_type", "parent_id", "valid_from", "valid_to")


async def list_units(session: AsyncSession, principal: Principal, filters: repository.UnitFilters,
                     page: PageParams) -> tuple[list[schemas.OrgUnit], Pagination]:
    units, pagination = await fetch_page(session, repository.list_query(principal, filters), page)
    return await with_child_counts(session, units, filters.as_of or clock.today()), pagination


async def with_child_counts(session: AsyncSession, units: list[OrgUnit],
                            day: date) -> list[schemas.OrgUnit]:
    counts = await repository.child_counts(session, [u.id for u in units], day)
    return [schemas.OrgUnit.model_validate(u).model_copy(update={"child_count": counts.get(u.id, 0)})
            for u in units]


async def get_unit(session: AsyncSession, principal: Principal, unit_id: int) -> OrgUnit:
    unit = await repository.get_visible(session, principal, unit_id)
    if unit is None:
        raise NotFound(f"No org unit {unit_id}.")
    return unit


async def ancestors(session: AsyncSession, principal: Principal, unit_id: int) -> list[OrgUnit]:
    return await repository.ancestors(session, await get_unit(session, principal, unit_id))


async def _unit_to_manage(session: AsyncSession, principal: Principal, unit_id: int) -> OrgUnit:
    """Admins and planners manage units strictly below their own (a country admin: all)."""
    unit = await get_unit(session, principal, unit_id)
    # A closed unit is managed by whoever managed it on its last day.
    last_day = unit.valid_to - timedelta(days=1) if unit.valid_to else clock.today()
    manageable = await repository.get_visible(session, principal, unit_id, acting_as=Role.planner,
                                              on=min(last_day, clock.today()), strictly_below=True)
    if manageable is None:
        raise Forbidden("Only admins and planners above this unit may change it.")
    return unit


async def _parent_to_manage(session: AsyncSession, principal: Principal,
                            parent_id: int | None) -> OrgUnit | None:
    if parent_id is None:
        if not principal.sees_everything:
            raise Forbidden("Only a country-wide admin may create a top-level unit.")
        return None
    parent = await get_unit(session, principal, parent_id)
    if await repository.get_visible(session, principal, parent_id, acting_as=Role.planner) is None:
        raise Forbidden("Only admins and planners of this subtree may add units to it.")
    return parent


async def create_unit(session: AsyncSession, principal: Principal,
                      data: schemas.OrgUnitCreate) -> OrgUnit:
    parent = await _parent_to_manage(session, principal, data.parent_id)
    if await repository.get_by_code(session, data.code) is not None:
        raise DuplicateUnitCode(f"The code {data.code} is already used; codes are never reused.")
    if parent is not None and not parent.is_valid_on(data.valid_from):
        raise InvalidMove(f"The parent does not exist on {data.valid_from:%d/%m/%Y}.")
    unit = await repository.add(session, OrgUnit(
        code=data.code, name=data.name, name_folded=fold(data.name), kind=data.kind,
        grassroots_type=data.grassroots_type, parent_id=data.parent_id,
        valid_from=data.valid_from, valid_to=None, path="", depth=0), parent)
    await record(session, principal, "create", "org_unit", unit.id,
                 after=snapshot(unit, AUDITED), org_unit_id=unit.id)
    return unit


async def update_unit(session: AsyncSession, principal: Principal, unit_id: int,
                      data: schemas.OrgUnitUpdate) -> OrgUnit:
    unit = await _unit_to_manage(session, principal, unit_id)
    before = snapshot(unit, AUDITED)
    changes = data.model_dump(exclude_unset=True, exclude={"parent_id", "moved_on"})
    for name, value in changes.items():
        setattr(unit, name, value)
    if "name" in changes:
        unit.name_folded = fold(unit.name)
    if data.parent_id is not None and data.parent_id != unit.parent_id:
        await _move(session, principal, unit, data.parent_id, data.moved_on or clock.today())
    await record(session, principal, "update", "org_unit", unit.id, before=before,
                 after=snapshot(unit, AUDITED), org_unit_id=unit.id)
    return unit


async def _move(session: AsyncSession, principal: Principal, unit: OrgUnit, parent_id: int,
                on: date) -> None:
    parent = await _parent_to_manage(session, principal, parent_id)
    assert parent is not None
    if parent.path.startswith(unit.path):
        raise InvalidMove("A unit cannot be moved under itself or one of its own units.")
    if not parent.is_valid_on(on) or on < unit.valid_from:
        raise InvalidMove(f"The move date {on:%d/%m/%Y} is outside the life of a unit.")
    # Figures of periods ending after the move leave the old parents' roll-ups for the new ones.
    moving = list(await repository.current_subtree(session, unit, on))
    await rollup.reroll(session, moving, on, -1)
    async with reorganising(session, principal, [UnitChange(unit.id, on)]):
        await repository.move(session, unit, parent, on)
    await rollup.reroll(session, moving, on, +1)


async def close_unit(session: AsyncSession, principal: Principal, unit_id: int,
                     data: schemas.OrgUnitClose) -> OrgUnit:
    unit = await _unit_to_manage(session, principal, unit_id)
    if unit.valid_to is not None:
        raise InvalidClosure(f"The unit was already closed on {unit.valid_to:%d/%m/%Y}.")
    if data.valid_to <= unit.valid_from:
        raise InvalidClosure("A unit closes after the day it was created.")
    if await repository.open_children(session, unit, data.valid_to):
        raise UnitHasOpenChildren("Move or close the units under it first.")
    successors = [await get_unit(session, principal, sid) for sid in data.successor_ids]
    if any(s.id == unit.id or not s.is_valid_on(data.valid_to) for s in successors):
        raise InvalidClosure("Each successor must be another unit that exists on the closing day.")
    before = snapshot(unit, AUDITED)
    # From the closing day the unit is in no tree: its figures of periods ending then or later
    # leave the roll-ups above it, as rebuild() would leave them out.
    await rollup.reroll(session, [unit.id], data.valid_to, -1)
    async with reorganising(session, principal, [UnitChange(unit.id, data.valid_to)]):
        await repository.close(session, unit, data.valid_to)
        kind = SuccessionKind.merger if len(successors) == 1 else SuccessionKind.division
        await repository.add_successions(session, [
            OrgUnitSuccession(predecessor_id=unit.id, successor_id=s.id, kind=kind,
                              effective_date=data.valid_to, note=data.note) for s in successors])
    await record(session, principal, "close", "org_unit", unit.id, before=before,
                 after={**snapshot(unit, AUDITED), "successor_ids": data.successor_ids},
                 org_unit_id=unit.id)
    return unit


async def successions(session: AsyncSession, principal: Principal,
                      unit_id: int) -> list[schemas.OrgUnitSuccession]:
    """The mergers and splits of a visible unit whose other side the caller may see as well."""
    await get_unit(session, principal, unit_id)
    rows = await repository.successions_of(session, unit_id)
    readable = await visible_units(session, principal,
                                   {i for r in rows for i in (r.predecessor_id, r.successor_id)})
    rows = [r for r in rows if r.predecessor_id in readable and r.successor_id in readable]
    units = await repository.get_many(session, readable)
    return [schemas.OrgUnitSuccession(
        id=r.id, predecessor=schemas.OrgUnitRef.model_validate(units[r.predecessor_id]),
        successor=schemas.OrgUnitRef.model_validate(units[r.successor_id]), kind=r.kind,
        effective_date=r.effective_date, share=r.share, note=r.note) for r in rows]
