from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from backend.aggregates import service
from backend.aggregates.schemas import AggregateRow
from backend.auth.deps import PrincipalDep
from backend.db import ReadSessionDep
from backend.models import AggregateLevel

router = APIRouter(prefix="/aggregates", tags=["aggregates"])

# The two parameters of every path answering aggregates: this one, the public one, exports.
BasisQuery = Annotated[service.Basis, Query(
    description="reported: each period on the tree as it stood at its end; current: every "
                "figure carried to the units that succeed the unit that reported it, on the "
                "units of `as_of`")]
AsOfQuery = Annotated[date | None, Query(
    description="with basis=current, the day whose units answer (default today)")]


@router.get("", operation_id="aggregates:list", response_model=list[AggregateRow])
async def list_aggregates(
    session: ReadSessionDep, principal: PrincipalDep,
    indicator: Annotated[list[str], Query(min_length=1, max_length=30,
                                          description="indicator codes (repeat the parameter)")],
    period: Annotated[list[str], Query(min_length=1, max_length=36,
                                       description="periods: 2024, 2024S1, 2024N9, 2024Q1, 202403")],
    org_unit: Annotated[str | None, Query(max_length=64, description="unit code or id; none: the "
                                          "top of the caller's scope")] = None,
    by: Annotated[service.By | None, Query(description="a row per child unit, per period (the "
                                           "default) or per category option")] = None,
    include: Annotated[AggregateLevel, Query(description="approved values only, or submitted ones "
                                             "too")] = AggregateLevel.approved,
    basis: BasisQuery = "reported",
    as_of: AsOfQuery = None,
) -> list[AggregateRow]:
    """Live aggregates of the approved (or submitted) values below a unit: fresh the moment a value
    is approved, computed along the tree as it stood at each period's end, or (basis=current) on
    the units of a day, each figure carried to the units that succeed the one that reported it."""
    return await service.aggregate(session, principal, indicator, org_unit, period, by, include,
                                   basis, as_of)
