"""The SQL of the Excel template: the caller's units by reference and their stored figures."""

from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.auth.scope import unit_filter
from backend.models import DataValue, OrgUnit, Role


async def visible_units(session: AsyncSession, principal: Principal,
                        refs: Sequence[str]) -> dict[str, OrgUnit]:
    """Visible units by official code, else by id (codes are digits too: the code wins)."""
    ids = [int(ref) for ref in refs if ref.isdigit()]
    found = list(await session.scalars(select(OrgUnit).where(
        or_(OrgUnit.code.in_(refs), OrgUnit.id.in_(ids)), unit_filter(principal, OrgUnit.id))))
    by_code = {unit.code: unit for unit in found}
    by_id = {unit.id: unit for unit in found}
    units = {ref: by_code.get(ref) or (by_id.get(int(ref)) if ref.isdigit() else None)
             for ref in refs}
    return {ref: unit for ref, unit in units.items() if unit is not None}


async def writable(session: AsyncSession, principal: Principal, unit_ids: Sequence[int]) -> set[int]:
    """The units among `unit_ids` whose figures the caller writes (as for reports and imports)."""
    return set(await session.scalars(select(OrgUnit.id).where(
        OrgUnit.id.in_(unit_ids), unit_filter(principal, OrgUnit.id, acting_as=Role.reporter))))


async def stored(session: AsyncSession, unit_ids: Sequence[int], period: str,
                 indicator_ids: Sequence[int]) -> list[DataValue]:
    return list(await session.scalars(select(DataValue).where(
        DataValue.org_unit_id.in_(unit_ids), DataValue.period == period,
        DataValue.indicator_id.in_(indicator_ids))))
