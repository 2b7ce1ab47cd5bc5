"""The one place that decides which org units a caller may see or act for.

Every query of unit-scoped data filters through `unit_filter`; nothing else reasons about scope.
Rights apply to the caller's unit and its subtree as the tree stands on the given day; a reporter
acts for its own unit only.
"""

from datetime import date

from sqlalchemy import ColumnElement, Select, and_, false, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute

from backend.auth.principal import Principal
from backend.kit import clock
from backend.models import OrgUnit, OrgUnitTree, Role


def valid_on(table: type[OrgUnitTree], day: date) -> ColumnElement[bool]:
    return and_(table.valid_from <= day, or_(table.valid_to.is_(None), table.valid_to > day))


def subtree_ids(unit_id: int, day: date | None) -> Select[int]:
    """Units below `unit_id` on `day`; with no day, every unit that was ever below it."""
    query = select(OrgUnitTree.descendant_id).where(OrgUnitTree.ancestor_id == unit_id)
    return query.where(valid_on(OrgUnitTree, day)) if day is not None else query


UnitColumn = QueryableAttribute[int] | QueryableAttribute[int | None] | ColumnElement[int]


def unit_filter(principal: Principal, column: UnitColumn, *,
                acting_as: Role | None = None, on: date | None = None) -> ColumnElement[bool]:
    """SQL condition: `column` (an org unit id) is one the caller may see, or act for as `acting_as`.

    Acting follows the tree of `on` (default today). Seeing without a day reaches every unit that was
    ever in the caller's subtree, so the history of a unit that closed or moved stays readable.
    """
    if acting_as is not None and not principal.has_any(acting_as):
        return false()
    if principal.sees_everything:
        return true()
    if principal.unit_id is None:
        return false()
    if acting_as is Role.reporter:
        return column == principal.unit_id
    if acting_as is not None:
        on = on or clock.today()
    return column.in_(subtree_ids(principal.unit_id, on))


async def may_see(session: AsyncSession, principal: Principal, unit_id: int, *,
                  acting_as: Role | None = None, on: date | None = None) -> bool:
    found = await session.scalar(
        select(OrgUnit.id).where(OrgUnit.id == unit_id,
                                 unit_filter(principal, OrgUnit.id, acting_as=acting_as, on=on)))
    return found is not None


def units_above(principal: Principal) -> Select[int]:
    """Every unit that ever had the caller's unit below it: their plans concern the caller."""
    return select(OrgUnitTree.ancestor_id).where(OrgUnitTree.descendant_id == principal.unit_id,
                                                 OrgUnitTree.depth > 0)
