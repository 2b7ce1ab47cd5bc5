from typing import Annotated

from fastapi import APIRouter, Query, status

from backend.auth.deps import AdminDep, PrincipalDep
from backend.db import SessionDep
from backend.indicators import repository, service
from backend.indicators.schemas import Indicator, IndicatorCreate, IndicatorUpdate
from backend.kit.fields import Id
from backend.kit.pagination import Page, PageDep
from backend.models import ValueType

router = APIRouter(prefix="/indicators", tags=["indicators"])


@router.get("", operation_id="indicators:list", response_model=Page[Indicator])
async def list_indicators(
    session: SessionDep, principal: PrincipalDep, page: PageDep,
    q: Annotated[str | None, Query(max_length=100,
                                   description="Name (with or without diacritics) or code")] = None,
    value_type: ValueType | None = None,
    applies_to: Annotated[str | None, Query(max_length=32,
                                            description="A grassroots type or unit kind")] = None,
    published: bool | None = None,
) -> Page[Indicator]:
    filters = repository.IndicatorFilters(q=q, value_type=value_type, applies_to=applies_to,
                                          published=published)
    items, pagination = await service.list_indicators(session, principal, filters, page)
    return Page(items=[Indicator.model_validate(i) for i in items], pagination=pagination)


@router.post("", operation_id="indicators:create", response_model=Indicator,
             status_code=status.HTTP_201_CREATED)
async def create_indicator(session: SessionDep, principal: AdminDep,
                           data: IndicatorCreate) -> Indicator:
    """A national indicator (country-wide administrators), or one of `owner_unit_id`'s own."""
    return Indicator.model_validate(await service.create_indicator(session, principal, data))


@router.get("/{indicator_id}", operation_id="indicators:get", response_model=Indicator)
async def get_indicator(session: SessionDep, principal: PrincipalDep,
                        indicator_id: Id) -> Indicator:
    return Indicator.model_validate(await service.get_indicator(session, principal, indicator_id))


@router.patch("/{indicator_id}", operation_id="indicators:update", response_model=Indicator)
async def update_indicator(session: SessionDep, principal: AdminDep, indicator_id: Id,
                           data: IndicatorUpdate) -> Indicator:
    """Change an indicator (its owner's administrators); `categories` replaces the list. A used
    indicator keeps its value type."""
    return Indicator.model_validate(
        await service.update_indicator(session, principal, indicator_id, data))


@router.put("/{indicator_id}/publications/{org_unit_id}", operation_id="indicators:publish",
            response_model=Indicator)
async def publish_indicator(session: SessionDep, principal: AdminDep, indicator_id: Id,
                            org_unit_id: Id) -> Indicator:
    """Publish (công khai) the approved figures of the unit's subtree for the indicator, and no
    other unit's: for an administrator of the unit, where the indicator is used."""
    return Indicator.model_validate(
        await service.publish(session, principal, indicator_id, org_unit_id))


@router.delete("/{indicator_id}/publications/{org_unit_id}", operation_id="indicators:unpublish",
               response_model=Indicator)
async def unpublish_indicator(session: SessionDep, principal: AdminDep, indicator_id: Id,
                              org_unit_id: Id) -> Indicator:
    """Withdraw the unit's publication; the owner's own (`published`) stays as it is."""
    return Indicator.model_validate(
        await service.unpublish(session, principal, indicator_id, org_unit_id))
