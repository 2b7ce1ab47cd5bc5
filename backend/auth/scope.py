"""The one place that decides which org units a caller may see or act for.

Every query of unit-scoped data filters through `unit_filter` (or `plan_visible` for plans);
nothing else reasons about scope. Rights apply to the caller's unit and its subtree as the tree
stands on the given day; a reporter acts for its own unit only. A unit's work (figures, reports,
tasks, progress notes, evidence) is seen by the unit itself and the units above it, so siblings
never see each other's.

The catalogue (indicators, reporting forms) is scoped by its owner unit: a national entry (no
owner) is everyone's and only administrators of the whole country change it; a unit's entry is
seen along its line (its subtree and the units above it, never a sibling), used in its subtree,
and changed by those acting for the owner. Published figures (công khai) are those of the subtree
of a publication: the owner's (the whole country for a national indicator), or a unit's own.
"""

from collections.abc import Callable, Iterable
from datetime import date

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Date,
    Select,
    and_,
    cast,
    exists,
    false,
    null,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute, aliased

from backend.auth.principal import Principal
from backend.kit import clock
from backend.models import (
    Indicator,
    IndicatorPublication,
    OrgUnit,
    OrgUnitTree,
    Plan,
    PlanStatus,
    Role,
)
from backend.org_units.lineage import successors

# A draft plan is still the issuer's working paper: those who write, review or administer it.
DRAFT_READERS = (Role.planner, Role.reviewer, Role.admin)


def valid_on(table: type[OrgUnitTree], day: date) -> ColumnElement[bool]:
    return and_(table.valid_from <= day, or_(table.valid_to.is_(None), table.valid_to > day))


def subtree_ids(unit_id: int, day: date | None) -> Select[int]:
    """Units below `unit_id` on `day`; with no day, every unit that was ever below it."""
    query = select(OrgUnitTree.descendant_id).where(OrgUnitTree.ancestor_id == unit_id)
    return query.where(valid_on(OrgUnitTree, day)) if day is not None else query


UnitColumn = QueryableAttribute[int] | QueryableAttribute[int | None] | ColumnElement[int]


def unit_filter(principal: Principal, column: UnitColumn, *, acting_as: Role | None = None,
                on: date | None = None, strictly_below: bool = False) -> ColumnElement[bool]:
    """SQL condition: `column` (an org unit id) is one the caller may see, or act for as `acting_as`.

    Acting follows the tree of `on` (default today). Seeing without a day reaches every unit that was
    ever in the caller's subtree, so the history of a unit that closed or moved stays readable.
    `strictly_below` leaves out the caller's own unit: what the level above does (review a report,
    change a unit), a unit does not do to itself; a country-wide admin has no level above.
    """
    if acting_as is not None and not principal.has_any(acting_as):
        return false()
    if principal.sees_everything:
        return true()
    if principal.unit_id is None:
        return false()
    if acting_as is Role.reporter:
        return false() if strictly_below else column == principal.unit_id
    if acting_as is not None:
        on = on or clock.today()
    within = column.in_(subtree_ids(principal.unit_id, on))
    return and_(within, column != principal.unit_id) if strictly_below else within


def top_of_scope(principal: Principal, column: UnitColumn,
                 parent_column: UnitColumn) -> ColumnElement[bool]:
    """The roots of what the caller sees: the country's top units, or the caller's own unit."""
    if principal.sees_everything:
        return parent_column.is_(None)
    return column == principal.unit_id


def acting_for(principal: Principal, column: UnitColumn, roles: Iterable[Role], *,
               on: date | None = None) -> ColumnElement[bool]:
    """SQL condition: the caller acts for `column`'s unit in at least one of `roles`."""
    return or_(false(), *(unit_filter(principal, column, acting_as=role, on=on) for role in roles))


async def may_see(session: AsyncSession, principal: Principal, unit_id: int, *,
                  acting_as: Role | None = None, on: date | None = None,
                  strictly_below: bool = False) -> bool:
    found = await session.scalar(
        select(OrgUnit.id).where(OrgUnit.id == unit_id,
                                 unit_filter(principal, OrgUnit.id, acting_as=acting_as, on=on,
                                             strictly_below=strictly_below)))
    return found is not None


async def visible_units(session: AsyncSession, principal: Principal,
                        unit_ids: Iterable[int]) -> set[int]:
    """Which of `unit_ids` the caller may see (and so read the work of)."""
    wanted = set(unit_ids)
    if not wanted:
        return set()
    rows = await session.scalars(select(OrgUnit.id).where(OrgUnit.id.in_(wanted),
                                                          unit_filter(principal, OrgUnit.id)))
    return set(rows)


def units_above(unit_id: int) -> Select[int]:
    """Every unit that ever had `unit_id` below it: their plans concern it."""
    return select(OrgUnitTree.ancestor_id).where(OrgUnitTree.descendant_id == unit_id,
                                                 OrgUnitTree.depth > 0)


def issuer_or_successor(condition: Callable[[UnitColumn], ColumnElement[bool]],
                        name: str) -> ColumnElement[bool]:
    """SQL condition on Plan: `condition` holds for its issuer or, once the issuer closed, for a unit
    that took over from it. A plan outlives the district that issued it: the successor's planners
    amend and close it, and the successor's line reads it. `name` names the walk (see
    `successors`)."""
    issuing, issuer = aliased(Plan), aliased(OrgUnit)
    closed = select(issuing.issuer_id.label("unit_id"), cast(null(), Date).label("since")).join(
        issuer, issuer.id == issuing.issuer_id).where(issuer.valid_to.is_not(None))
    chain = successors(closed, name)
    return or_(condition(Plan.issuer_id),
               Plan.issuer_id.in_(select(chain.c.origin_id).where(condition(chain.c.unit_id))))


def plan_visible(principal: Principal) -> ColumnElement[bool]:
    """An issued plan: its issuer's subtree and the units above the issuer (it concerns the units
    below, and the units above see the issuer's work). A draft: the issuer's planners, reviewers
    and admins, who act for the issuer from it or from above. A closed issuer's successors stand
    in for it."""
    draft = and_(Plan.status == PlanStatus.draft, issuer_or_successor(
        lambda issuer: acting_for(principal, issuer, DRAFT_READERS), "draft_keepers"))
    if principal.sees_everything:
        issued = unit_filter(principal, Plan.issuer_id)
    elif principal.unit_id is None:
        issued = false()
    else:
        unit_id = principal.unit_id
        issued = issuer_or_successor(lambda issuer: or_(unit_filter(principal, issuer),
                                                        issuer.in_(units_above(unit_id))),
                                     "plan_keepers")
    return or_(draft, and_(Plan.status != PlanStatus.draft, issued))


def catalogue_visible(principal: Principal, owner: UnitColumn) -> ColumnElement[bool]:
    """SQL condition: the caller sees a catalogue entry owned by the unit in `owner` (None:
    national): the owner's subtree and the units above it do, siblings never."""
    if principal.sees_everything:
        return true()
    if principal.unit_id is None:
        return owner.is_(None)
    return or_(owner.is_(None), owner.in_(units_above(principal.unit_id)),
               unit_filter(principal, owner))


async def may_change_catalogue(session: AsyncSession, principal: Principal, owner_unit_id: int | None,
                               *, acting_as: Role) -> bool:
    """National entries: administrators of the whole country only. A unit's entries: whoever acts
    for the unit as `acting_as` (an admin for indicators; a planner too for forms)."""
    if owner_unit_id is None:
        return principal.is_admin and principal.sees_everything
    return await may_see(session, principal, owner_unit_id, acting_as=acting_as)


def used_at(owner: UnitColumn, unit_id: int | None, day: date | None = None) -> ColumnElement[bool]:
    """SQL condition: an entry owned by the unit in `owner` may be used at `unit_id` (None: by a
    national form, everywhere): a national one anywhere, a unit's own in its subtree on `day`."""
    if unit_id is None:
        return owner.is_(None)
    above = select(OrgUnitTree.ancestor_id).where(OrgUnitTree.descendant_id == unit_id,
                                                  valid_on(OrgUnitTree, day or clock.today()))
    return or_(owner.is_(None), owner.in_(above))


def published_anywhere() -> ColumnElement[bool]:
    """SQL condition on Indicator: some publication makes part of its figures public."""
    return or_(Indicator.published, exists().where(
        IndicatorPublication.indicator_id == Indicator.id))


def published_at(indicator_id: int, column: UnitColumn, day: date) -> ColumnElement[bool]:
    """SQL condition: the approved figures of the unit in `column` are public for the indicator,
    a publication covering the unit on `day`."""
    national = exists().where(Indicator.id == indicator_id, Indicator.published,
                              Indicator.owner_unit_id.is_(None))
    publishers: CompoundSelect[tuple[int | None]] = union_all(
        select(Indicator.owner_unit_id).where(Indicator.id == indicator_id, Indicator.published),
        select(IndicatorPublication.org_unit_id).where(
            IndicatorPublication.indicator_id == indicator_id))
    below = select(OrgUnitTree.descendant_id).where(OrgUnitTree.ancestor_id.in_(publishers),
                                                    valid_on(OrgUnitTree, day))
    return or_(national, column.in_(below))
