"""Rules of the catalogue: its owners change it, every change is audited, used types stay fixed.

National indicators belong to the administrators of the whole country, a unit's to the unit's
administrators (auth.scope decides who is which). Publishing: the owner publishes its subtree's
approved figures with `published`; any other unit that uses the indicator publishes its own
subtree's with a publication, so a province opens its figures of a national indicator and no one
else's.
"""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.service import record, snapshot
from backend.auth.principal import Principal
from backend.auth.scope import may_change_catalogue, may_see
from backend.errors import Forbidden, NotFound, field_error
from backend.indicators import repository, schemas
from backend.indicators.errors import (
    DuplicateIndicatorCode,
    IndicatorInUse,
    InvalidIndicator,
    NotCatalogueOwner,
)
from backend.kit.pagination import PageParams, Pagination, fetch_page
from backend.kit.text import fold
from backend.kit.unit_of_work import flush, replace
from backend.models import Indicator, IndicatorCategory, IndicatorPublication, Role

AUDITED = ("code", "name", "name_en", "description", "unit_of_measure", "value_type", "aggregation",
           "time_aggregation", "numerator_name", "denominator_name", "numerator_le_denominator",
           "applies_to", "owner_unit_id", "published")


def audited(indicator: Indicator) -> dict[str, Any]:
    return {**snapshot(indicator, AUDITED),
            "categories": [{"code": c.code, "name": c.name, "name_en": c.name_en}
                           for c in indicator.categories]}


def categories_of(items: list[schemas.IndicatorCategory]) -> list[IndicatorCategory]:
    return [IndicatorCategory(code=c.code, name=c.name, name_en=c.name_en, position=i)
            for i, c in enumerate(items)]


async def check_catalogue_owner(session: AsyncSession, principal: Principal,
                                owner_unit_id: int | None, *, acting_as: Role) -> None:
    """The caller may change the catalogue entries of `owner_unit_id` (None: national): an owner
    unit it does not see is unknown (404), one it does not act for is refused (403)."""
    if owner_unit_id is not None and not await may_see(session, principal, owner_unit_id):
        raise NotFound(f"No org unit {owner_unit_id}.")
    if await may_change_catalogue(session, principal, owner_unit_id, acting_as=acting_as):
        return
    if owner_unit_id is None:
        raise NotCatalogueOwner("Only administrators of the whole country change the national "
                                "catalogue; give owner_unit_id, your unit, for an entry of your own.")
    who = "administrators" if acting_as is Role.admin else f"administrators and {acting_as.value}s"
    raise NotCatalogueOwner(f"Only {who} of org unit {owner_unit_id} change its catalogue entries.")


async def list_indicators(session: AsyncSession, principal: Principal,
                          filters: repository.IndicatorFilters,
                          page: PageParams) -> tuple[list[Indicator], Pagination]:
    return await fetch_page(session, repository.list_query(principal, filters), page)


async def get_indicator(session: AsyncSession, principal: Principal,
                        indicator_id: int) -> Indicator:
    indicator = await repository.get_visible(session, principal, indicator_id)
    if indicator is None:
        raise NotFound(f"No indicator {indicator_id}.")
    return indicator


async def create_indicator(session: AsyncSession, principal: Principal,
                           data: schemas.IndicatorCreate) -> Indicator:
    await check_catalogue_owner(session, principal, data.owner_unit_id, acting_as=Role.admin)
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
        applies_to=data.applies_to, owner_unit_id=data.owner_unit_id, published=data.published,
        categories=categories_of(data.categories), publications=[]))
    await record(session, principal, "create", "indicator", indicator.id, after=audited(indicator),
                 org_unit_id=indicator.owner_unit_id)
    return indicator


async def update_indicator(session: AsyncSession, principal: Principal, indicator_id: int,
                           data: schemas.IndicatorUpdate) -> Indicator:
    indicator = await get_indicator(session, principal, indicator_id)
    await check_catalogue_owner(session, principal, indicator.owner_unit_id, acting_as=Role.admin)
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
        await replace(session, indicator.categories, categories_of(data.categories))
    await flush(session)
    await record(session, principal, "update", "indicator", indicator.id, before=before,
                 after=audited(indicator), org_unit_id=indicator.owner_unit_id)
    return indicator


async def _publisher(session: AsyncSession, principal: Principal, indicator_id: int,
                     unit_id: int) -> Indicator:
    """The indicator, once the caller may publish the unit's figures of it: an administrator
    acting for the unit, where the indicator is used."""
    indicator = await get_indicator(session, principal, indicator_id)
    if not await may_see(session, principal, unit_id):
        raise NotFound(f"No org unit {unit_id}.")
    if not await may_see(session, principal, unit_id, acting_as=Role.admin):
        raise Forbidden(f"Only administrators of org unit {unit_id} publish its figures.")
    if not await repository.usable_at(session, indicator, unit_id):
        raise InvalidIndicator(f"The indicator {indicator.code} is not used at org unit {unit_id}: "
                               "it is its owner's, used in the owner's subtree only.")
    return indicator


async def publish(session: AsyncSession, principal: Principal, indicator_id: int,
                  unit_id: int) -> Indicator:
    """Make public the approved figures of the unit's subtree (again: nothing changes)."""
    indicator = await _publisher(session, principal, indicator_id, unit_id)
    if unit_id not in indicator.published_in:
        indicator.publications.append(IndicatorPublication(org_unit_id=unit_id))
        await flush(session)
        await record(session, principal, "publish", "indicator", indicator.id,
                     after={"published_in": unit_id}, org_unit_id=unit_id)
    return indicator


async def unpublish(session: AsyncSession, principal: Principal, indicator_id: int,
                    unit_id: int) -> Indicator:
    """Withdraw the unit's publication (none: nothing changes); the owner's stays as it is."""
    indicator = await _publisher(session, principal, indicator_id, unit_id)
    kept = [p for p in indicator.publications if p.org_unit_id != unit_id]
    if len(kept) < len(indicator.publications):
        indicator.publications[:] = kept
        await flush(session)
        await record(session, principal, "unpublish", "indicator", indicator.id,
                     before={"published_in": unit_id}, org_unit_id=unit_id)
    return indicator
