"""All SQL of the indicator catalogue: each caller reads the national indicators and those of the
units along its line (auth.scope.catalogue_visible)."""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, String, cast, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.auth.scope import catalogue_visible, used_at
from backend.kit.search import folded_words
from backend.models import DataValue, Indicator, ValueType


@dataclass(frozen=True)
class IndicatorFilters:
    q: str | None = None
    value_type: ValueType | None = None
    applies_to: str | None = None
    published: bool | None = None


def list_query(principal: Principal, filters: IndicatorFilters) -> Select[Indicator]:
    query = select(Indicator).where(catalogue_visible(principal, Indicator.owner_unit_id))
    if filters.q:
        by_name = folded_words(Indicator.name_folded, filters.q)
        by_code = func.lower(Indicator.code).contains(filters.q.strip().lower(), autoescape=True)
        query = query.where(or_(by_name, by_code))
    if filters.value_type is not None:
        query = query.where(Indicator.value_type == filters.value_type)
    if filters.applies_to:
        # A JSON list of plain words: its text holds the quoted word exactly when the list does.
        query = query.where(cast(Indicator.applies_to, String).contains(f'"{filters.applies_to}"'))
    if filters.published is not None:
        query = query.where(Indicator.published == filters.published)
    return query.order_by(Indicator.code)


async def get_visible(session: AsyncSession, principal: Principal,
                      indicator_id: int) -> Indicator | None:
    return await session.scalar(select(Indicator).where(
        Indicator.id == indicator_id, catalogue_visible(principal, Indicator.owner_unit_id)))


async def get_many(session: AsyncSession, ids: set[int]) -> dict[int, Indicator]:
    if not ids:
        return {}
    return {i.id: i for i in await session.scalars(select(Indicator).where(Indicator.id.in_(ids)))}


async def get_by_code(session: AsyncSession, code: str) -> Indicator | None:
    return await session.scalar(select(Indicator).where(Indicator.code == code))


async def usable_by_codes(session: AsyncSession, codes: Iterable[str],
                         unit_id: int | None) -> dict[str, Indicator]:
    """The indicators of `codes` that may be used at `unit_id` (None: everywhere)."""
    wanted = set(codes)
    if not wanted:
        return {}
    rows = await session.scalars(select(Indicator).where(
        Indicator.code.in_(wanted), used_at(Indicator.owner_unit_id, unit_id)))
    return {i.code: i for i in rows}


async def usable_at(session: AsyncSession, indicator: Indicator, unit_id: int) -> bool:
    found = await session.scalar(select(Indicator.id).where(
        Indicator.id == indicator.id, used_at(Indicator.owner_unit_id, unit_id)))
    return found is not None


async def in_use(session: AsyncSession, indicator_id: int) -> bool:
    found = await session.scalar(
        select(DataValue.id).where(DataValue.indicator_id == indicator_id).limit(1))
    return found is not None


async def add(session: AsyncSession, indicator: Indicator) -> Indicator:
    session.add(indicator)
    await session.flush()
    return indicator
