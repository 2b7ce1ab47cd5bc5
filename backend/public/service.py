"""Published plans with their progress, and the published indicator catalogue. The roll-ups are
those of the signed-in pages (assignments), read as the public principal."""

from sqlalchemy.ext.asyncio import AsyncSession

from backend.aggregates.repository import unit_ref
from backend.assignments import tally
from backend.assignments.tally import PlanProgress
from backend.auth.principal import Principal
from backend.errors import NotFound
from backend.kit import clock
from backend.kit.pagination import Page, PageParams, fetch_page
from backend.models import Indicator, Plan
from backend.plans.service import plan_view
from backend.public import repository, schemas


def _progress(summary: PlanProgress) -> schemas.PlanProgress:
    return schemas.PlanProgress(tasks=summary.tasks, done=summary.done, overdue=summary.overdue,
                                percent=summary.completion,
                                requested_percent=summary.requested_completion)


async def _public_plan(session: AsyncSession, plan: Plan, summary: PlanProgress) -> schemas.PublicPlan:
    view = await plan_view(session, plan)
    return schemas.PublicPlan(id=plan.id, symbol=view.symbol, title=plan.title, issuer=view.issuer,
                              issue_date=plan.issue_date, span_start=plan.span_start,
                              span_end=plan.span_end, status=plan.status, revision=plan.revision,
                              progress=_progress(summary))


async def plans(session: AsyncSession, page: PageParams, *, org_unit: str | None, year: int | None,
                q: str | None) -> Page[schemas.PublicPlan]:
    issuer_id = None
    if org_unit is not None:
        unit = await unit_ref(session, Principal.public(), org_unit)
        if unit is None:
            raise NotFound(f"No org unit {org_unit}.")
        issuer_id = unit.id
    rows, pagination = await fetch_page(session, repository.plans(issuer_id, year, q), page)
    today = clock.today()
    return Page(items=[await _public_plan(session, plan,
                                          await tally.plan_progress(session, plan, today))
                       for plan in rows], pagination=pagination)


async def plan(session: AsyncSession, plan_id: int) -> schemas.PublicPlanDetail:
    found = await repository.plan(session, plan_id)
    if found is None:
        raise NotFound(f"No published plan {plan_id}.")
    summary = await tally.plan_progress(session, found, clock.today())
    sections = [schemas.PublicSection(number=s.number, title=s.title, kind=s.kind, depth=s.depth,
                                      progress=summary.section_progress.get(s.id))
                for s in found.sections]
    return schemas.PublicPlanDetail(
        **(await _public_plan(session, found, summary)).model_dump(), sections=sections)


async def indicators(session: AsyncSession) -> list[Indicator]:
    return await repository.indicators(session)
