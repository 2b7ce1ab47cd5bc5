"""Rules of the catalogue: admins change it, every change is audited, used types stay fixed."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import record, snapshot
from backend.auth.principal import Principal
from backend.errors import NotFound, field_error
from backend.indicators import repository, schemas
from backend.indicators.errors import DuplicateIndicatorCode, IndicatorInUse, InvalidIndicator
from backend.kit.pagination import PageParams, Pagination, fetch_page
from backend.kit.text import fold
from backend.models import Indicator, IndicatorCategory

AUDITED = ("code", "name", "name_en", "description", "unit_of_measure", "value_type", "aggregation",
           "time_aggregation", "numerator_name", "denominator_name", "numerator_le_denominator",
           "applies_to", "published")


def audited(indicator: Indicator) -> dict[str, Any]:
    return {**snapshot(indicator, AUDITED),
            "categories": [{"code": c.code, "name": c.name, "name_en": c.name_en}
                           for c in indicator.categories]}


def categories_of(items: list[schemas.IndicatorCategory]) -> list[IndicatorCategory]:
    return [IndicatorCategory(code=c.code, name=c.name, name_en=c.name_en, position=i)
            for i, c in enumerate(items)]


async def list_indicators(session: AsyncSession, filters: repository.IndicatorFilters,
                          page: PageParams) -> tuple[list[Indicator], Pagination]:
    return await fetch_page(session, repository.list_query(filters), page)


async def get_indicator(session: AsyncSession, indicator_id: int) -> Indicator:
    indicator = await repository.get(session, indicator_id)
    if indicator is None:
        raise NotFound(f"No indicator {indicator_id}.")
    return indicator


async def create_indicator(session: AsyncSession, principal: Principal,
                           data: schemas.IndicatorCreate) -> Indicator:
    if await repository.get_by_code(session, data.code) is not None:
        raise DuplicateIndicatorCode(f"The indicator code {data.code} is already used.")
    assert data.aggregation is not None  # filled in by the schema
    indicator = await repository.add(session, Indicator(
        code=data.code, name=data.name, name_en=data.name_en, name_folded=fold(data.name),
        description=data.description, unit_of_measure=data.unit_of_measure,
        value_type=data.value_type, aggregation=data.aggregation,
        time_aggregation=data.time_aggregation, numerator_name=data.numerator_name,
        denominator_name=data.denominator_name,
        numerator_le_denominator=data.numerator_le_denominator,
        applies_to=data.applies_to, published=data.published,
        categories=categories_of(data.categories)))
    await record(session, principal, "create", "indicator", indicator.id, after=audited(indicator))
    return indicator


async def update_indicator(session: AsyncSession, principal: Principal, indicator_id: int,
                           data: schemas.IndicatorUpdate) -> Indicator:
    indicator = await get_indicator(session, indicator_id)
    before = audited(indicator)
    changes = data.model_dump(exclude_unset=True, exclude={"categories"})
    changes = {name: value for name, value in changes.items()
               if value is not None or name in ("name_en", "description", "unit_of_measure",
                                                "numerator_name", "denominator_name")}
    if ("value_type" in changes and changes["value_type"] != indicator.value_type
            and await repository.in_use(session, indicator.id)):
        raise IndicatorInUse("Figures were reported with this indicator: its value type is fixed. "
                             "Create a new indicator instead.")
    for name, value in changes.items():
        setattr(indicator, name, value)
    if "name" in changes:
        indicator.name_folded = fold(indicator.name)
    try:
        schemas.check_coherence(indicator.value_type, indicator.aggregation,
                                indicator.numerator_le_denominator)
    except ValueError as exc:
        raise InvalidIndicator(str(exc), errors=[field_error(["body", "aggregation"], str(exc))]
                               ) from None
    if data.categories is not None:
        # Old options go first: a kept code would otherwise collide with itself on insert.
        indicator.categories.clear()
        await session.flush()
        indicator.categories.extend(categories_of(data.categories))
    await session.flush()
    await record(session, principal, "update", "indicator", indicator.id, before=before,
                 after=audited(indicator))
    return indicator
