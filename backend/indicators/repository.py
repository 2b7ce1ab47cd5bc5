"""All SQL of the indicator catalogue. The catalogue is not unit-scoped: every caller may read it."""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, String, cast, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.kit.search import folded_words
from backend.models import DataValue, Indicator, ValueType


@dataclass(frozen=True)
class IndicatorFilters:
    q: str | None = None
    value_type: ValueType | None = None
    applies_to: str | None = None
    published: bool | None = None


def list_query(filters: IndicatorFilters) -> Select[Indicator]:
    query = select(Indicator)
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


async def get(session: AsyncSession, indicator_id: int) -> Indicator | None:
    return await session.get(Indicator, indicator_id)


async def get_by_code(session: AsyncSession, code: str) -> Indicator | None:
    return await session.scalar(select(Indicator).where(Indicator.code == code))


async def by_codes(session: AsyncSession, codes: Iterable[str]) -> dict[str, Indicator]:
    wanted = set(codes)
    if not wanted:
        return {}
    rows = await session.scalars(select(Indicator).where(Indicator.code.in_(wanted)))
    return {i.code: i for i in rows}


async def in_use(session: AsyncSession, indicator_id: int) -> bool:
    found = await session.scalar(
        select(DataValue.id).where(DataValue.indicator_id == indicator_id).limit(1))
    return found is not None


async def add(session: AsyncSession, indicator: Indicator) -> Indicator:
    session.add(indicator)
    await session.flush()
    return indicator
