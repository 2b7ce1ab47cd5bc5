"""What is published (công khai: "dân biết"), without signing in: the indicators marked published
and their approved aggregates, and the plans once issued with their progress. Every answer is JSON
or CSV (`format=csv`), with an ETag (`If-None-Match` → 304) and `Cache-Control: public, max-age=300`.
"""

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import RedirectResponse, Response

from backend.aggregates import service as aggregates
from backend.aggregates.endpoints import AsOfQuery, BasisQuery
from backend.aggregates.schemas import AggregateRow
from backend.auth.principal import Principal
from backend.db import ReadSessionDep
from backend.documents import output
from backend.documents import service as documents
from backend.documents.schemas import PublicSubmission
from backend.indicators.schemas import Indicator
from backend.kit.download import attachment
from backend.kit.fields import Id
from backend.kit.pagination import Page, PageDep
from backend.models import AggregateLevel
from backend.public import service
from backend.public.representation import RESPONSES, RepresentationDep
from backend.public.schemas import PublicPlan, PublicPlanDetail, PublicSection

router = APIRouter(prefix="/public", tags=["public"])
# Where published PDFs were before the API called reports by the glossary's word (`submissions`):
# citizens' links and the portal's pages keep working.
MOVED_DOCUMENT = "/reports/{submission_id}.pdf"


@router.get("/aggregates", operation_id="public:aggregates", response_model=list[AggregateRow],
            responses=RESPONSES)
async def public_aggregates(
    session: ReadSessionDep, representation: RepresentationDep,
    indicator: Annotated[list[str], Query(min_length=1, max_length=30,
                                          description="published indicator codes")],
    period: Annotated[list[str], Query(min_length=1, max_length=36)],
    org_unit: Annotated[str | None, Query(max_length=64, description="unit code or id; none: "
                                          "the provinces")] = None,
    by: Annotated[aggregates.By | None, Query()] = None,
    basis: BasisQuery = "reported",
    as_of: AsOfQuery = None,
) -> Response:
    """Approved figures of published indicators, for the portal's public pages and the press. An
    indicator that is not published is unknown here (422), whatever its figures. With
    basis=current, a unit's row is public where that unit's figures are, and carries those of the
    units it succeeds."""
    rows = await aggregates.aggregate(session, Principal.public(), indicator, org_unit, period, by,
                                      AggregateLevel.approved, basis, as_of)
    return representation.respond(rows, rows, AggregateRow, "aggregates")


@router.get("/indicators", operation_id="public:indicators", response_model=list[Indicator],
            responses=RESPONSES)
async def public_indicators(session: ReadSessionDep, representation: RepresentationDep) -> Response:
    """The published indicators: what /public/aggregates answers for."""
    items = [Indicator.model_validate(i) for i in await service.indicators(session)]
    return representation.respond(items, items, Indicator, "indicators")


@router.get("/plans", operation_id="public:plans", response_model=Page[PublicPlan],
            responses=RESPONSES)
async def public_plans(
    session: ReadSessionDep, representation: RepresentationDep, page: PageDep,
    org_unit: Annotated[str | None, Query(max_length=64, description="plans issued in this "
                                          "unit's subtree (code or id)")] = None,
    year: Annotated[int | None, Query(ge=1990, le=2100, description="plans spanning the year")] = None,
    q: Annotated[str | None, Query(max_length=200, description="words of the title")] = None,
) -> Response:
    """Issued (and closed) plans, newest first, each with its progress: tasks, done, overdue and
    the completion percent. Drafts never appear. The CSV has one row per plan of the page."""
    result = await service.plans(session, page, org_unit=org_unit, year=year, q=q)
    return representation.respond(result, result.items, PublicPlan, "plans")


@router.get("/submissions", operation_id="public:submissions", response_model=Page[PublicSubmission],
            responses=RESPONSES)
async def public_submissions(
    session: ReadSessionDep, representation: RepresentationDep, page: PageDep,
    org_unit: Annotated[str | None, Query(max_length=64, description="reports of this unit's "
                                          "subtree (its code)")] = None,
) -> Response:
    """Reports their units published (công khai), newest first: number, summary and the address of
    the PDF. A report is here only while it is published and approved."""
    result = await documents.published(session, page, org_unit)
    return representation.respond(result, result.items, PublicSubmission, "submissions")


@router.get("/submissions/{submission_id}.pdf", operation_id="public:submission-document",
            response_class=Response,
            responses={200: {"description": "the signed-off report: its signed copy (ký số) once "
                                            "uploaded",
                             "content": {"application/pdf": {"schema": {
                                 "type": "string", "format": "binary"}}}},
                       404: {"description": "no such report, or not published"}})
async def public_submission_document(session: ReadSessionDep, submission_id: Id) -> Response:
    """The published report as a PDF. Unpublished reports are unknown here (404)."""
    content, filename = await output.published_pdf(session, submission_id)
    return Response(content, media_type="application/pdf", headers={
        "Content-Disposition": attachment(filename, inline=True),
        "Cache-Control": "public, max-age=300"})


@router.get("/plans/{plan_id}", operation_id="public:plan", response_model=PublicPlanDetail,
            responses={**RESPONSES, 404: {"description": "no such plan, or not issued"}})
async def public_plan(session: ReadSessionDep, representation: RepresentationDep,
                      plan_id: Id) -> Response:
    """An issued plan with its progress and its sections' progress (the CSV: one row per
    section). A draft answers 404, as a plan that does not exist."""
    detail = await service.plan(session, plan_id)
    return representation.respond(detail, detail.sections, PublicSection, f"plan-{plan_id}")


@router.get(MOVED_DOCUMENT, include_in_schema=False)
async def moved_submission_document(submission_id: Id) -> RedirectResponse:
    return RedirectResponse(f"../submissions/{submission_id}.pdf", status_code=308)
