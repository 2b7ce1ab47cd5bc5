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
    session: SessionDep, _principal: PrincipalDep, page: PageDep,
    q: Annotated[str | None, Query(max_length=100,
                                   description="Name (with or without diacritics) or code")] = None,
    value_type: ValueType | None = None,
    applies_to: Annotated[str | None, Query(max_length=32,
                                            description="A grassroots type or unit kind")] = None,
    published: bool | None = None,
) -> Page[Indicator]:
    filters = repository.IndicatorFilters(q=q, value_type=value_type, applies_to=applies_to,
                                          published=published)
    items, pagination = await service.list_indicators(session, filters, page)
    return Page(items=[Indicator.model_validate(i) for i in items], pagination=pagination)


@router.post("", operation_id="indicators:create", response_model=Indicator,
             status_code=status.HTTP_201_CREATED)
async def create_indicator(session: SessionDep, principal: AdminDep,
                           data: IndicatorCreate) -> Indicator:
    return Indicator.model_validate(await service.create_indicator(session, principal, data))


@router.get("/{indicator_id}", operation_id="indicators:get", response_model=Indicator)
async def get_indicator(session: SessionDep, _principal: PrincipalDep,
                        indicator_id: Id) -> Indicator:
    return Indicator.model_validate(await service.get_indicator(session, indicator_id))


@router.patch("/{indicator_id}", operation_id="indicators:update", response_model=Indicator)
async def update_indicator(session: SessionDep, principal: AdminDep, indicator_id: Id,
                           data: IndicatorUpdate) -> Indicator:
    """Change an indicator; `categories` replaces the list. A used indicator keeps its value type."""
    return Indicator.model_validate(
        await service.update_indicator(session, principal, indicator_id, data))
