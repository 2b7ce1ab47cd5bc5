from typing import Annotated

from fastapi import APIRouter, Query

from backend.auth.deps import PrincipalDep
from backend.errors import InvalidInput, field_error
from backend.periods import rules
from backend.periods.rules import CutoffRule, PeriodError, PeriodType
from backend.periods.schemas import Period, resolved

router = APIRouter(prefix="/periods", tags=["periods"])


@router.get("", operation_id="periods:list", response_model=list[Period])
async def list_periods(
    _principal: PrincipalDep,
    id: Annotated[list[str] | None, Query(
        max_length=100, description="Period identifiers: 2024, 2024S1, 2024N9, 2024Q1, 202403")] = None,
    type: Annotated[PeriodType | None, Query(description="With `year`: every period of this type")
                    ] = None,
    year: Annotated[int | None, Query(ge=rules.MIN_YEAR, le=rules.MAX_YEAR)] = None,
    rule: Annotated[CutoffRule, Query(description="decree09: the data cut-off of Decree 09/2019 "
                                                  "(15th → 14th); calendar: whole months")
                    ] = CutoffRule.decree09,
) -> list[Period]:
    """Resolve period identifiers to start and end dates, or list a year's periods of a type."""
    found: list[rules.Period] = []
    errors = []
    for index, text in enumerate(id or []):
        try:
            found.append(rules.parse_period(text))
        except PeriodError as exc:
            errors.append(field_error(["query", "id", index], str(exc)))
    if errors:
        raise InvalidInput("; ".join(e["msg"] for e in errors), errors=errors)
    if (type is None) != (year is None):
        missing = "year" if year is None else "type"
        raise InvalidInput(f"`type` and `year` go together: give {missing} too.",
                           errors=[field_error(["query", missing], "required with the other")])
    if type is not None and year is not None:
        found.extend(rules.Period.of(type, year, None if type.per_year == 1 else i)
                     for i in range(1, type.per_year + 1))
    if not found:
        raise InvalidInput("Give period identifiers (`id`), or a `type` and a `year`.",
                           errors=[field_error(["query", "id"], "required")])
    return [resolved(p, rule) for p in found]
