"""What is published (công khai: "dân biết"), without signing in: approved aggregates of the
indicators marked published. The same service as /aggregates, for the public principal."""

from typing import Annotated

from fastapi import APIRouter, Query

from backend.aggregates import service
from backend.aggregates.schemas import AggregateRow
from backend.auth.principal import Principal
from backend.db import SessionDep
from backend.models import AggregateLevel

router = APIRouter(prefix="/public", tags=["public"])


@router.get("/aggregates", operation_id="public:aggregates", response_model=list[AggregateRow])
async def public_aggregates(
    session: SessionDep,
    indicator: Annotated[list[str], Query(min_length=1, max_length=30,
                                          description="published indicator codes")],
    period: Annotated[list[str], Query(min_length=1, max_length=36)],
    org_unit: Annotated[str | None, Query(max_length=64, description="unit code or id; none: "
                                          "the provinces")] = None,
    by: Annotated[service.By | None, Query()] = None,
) -> list[AggregateRow]:
    """Approved figures of published indicators, for the portal's public pages and the press."""
    return await service.aggregate(session, Principal.public(), indicator, org_unit, period, by,
                                   AggregateLevel.approved)
