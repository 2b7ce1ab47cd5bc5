"""SQL of the public pages: what the public principal sees, narrowed to what is published."""

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.auth.scope import published_anywhere
from backend.indicators.repository import IndicatorFilters
from backend.indicators.repository import list_query as indicators_query
from backend.models import Indicator, Plan, PlanStatus
from backend.plans.repository import list_query as plans_query
from backend.plans.repository import plan_visible

# A plan is published once issued, and stays so when closed; a draft never is.
PUBLISHED_PLANS = (PlanStatus.issued, PlanStatus.closed)


def plans(issuer_id: int | None, year: int | None, q: str | None) -> Select[Plan]:
    return plans_query(Principal.public(), issuer_id=issuer_id, status=None, year=year,
                       q=q).where(Plan.status.in_(PUBLISHED_PLANS))


async def plan(session: AsyncSession, plan_id: int) -> Plan | None:
    return await session.scalar(select(Plan).where(
        Plan.id == plan_id, plan_visible(Principal.public()), Plan.status.in_(PUBLISHED_PLANS)))


async def indicators(session: AsyncSession) -> list[Indicator]:
    return list(await session.scalars(
        indicators_query(Principal.public(), IndicatorFilters()).where(published_anywhere())))
