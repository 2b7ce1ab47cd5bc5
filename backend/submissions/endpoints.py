from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from backend.auth.deps import PrincipalDep
from backend.db import SessionDep
from backend.errors import InvalidInput, field_error
from backend.kit.fields import Id, Version
from backend.kit.pagination import Page, PageDep
from backend.models import SubmissionStatus
from backend.periods.rules import PeriodError, parse_period
from backend.submissions import repository, service
from backend.submissions.schemas import (
    OutlierCheckIn,
    Submission,
    SubmissionAction,
    SubmissionCreate,
    SubmissionReturn,
    SubmissionSummary,
    SubmissionUpdate,
    SubmissionVersion,
)

router = APIRouter(prefix="/submissions", tags=["submissions"])


@router.get("", operation_id="submissions:list", response_model=Page[SubmissionSummary])
async def list_submissions(
    session: SessionDep, principal: PrincipalDep, page: PageDep,
    form_id: Id | None = None,
    unit_id: Id | None = None,
    period: Annotated[str | None, Query(max_length=16, description="e.g. 2024, 2024Q1")] = None,
    status: SubmissionStatus | None = None,
) -> Page[SubmissionSummary]:
    """Reports the caller may see: reviewers their subtree's, a reporter its own unit's."""
    if period is not None:
        try:
            period = parse_period(period).id
        except PeriodError as exc:
            raise InvalidInput(str(exc), errors=[field_error(["query", "period"], str(exc))]) from None
    filters = repository.SubmissionFilters(form_id=form_id, unit_id=unit_id, period=period,
                                           status=status)
    items, pagination = await service.list_submissions(session, principal, filters, page)
    return Page(items=items, pagination=pagination)


@router.post("", operation_id="submissions:create", response_model=Submission,
             status_code=status.HTTP_201_CREATED)
async def create_submission(session: SessionDep, principal: PrincipalDep,
                            data: SubmissionCreate) -> Submission:
    """Start a unit's report for a form and period, as a draft (reporters of the unit)."""
    context = await service.create_submission(session, principal, data)
    return await service.to_schema(session, context)


@router.get("/{submission_id}", operation_id="submissions:get", response_model=Submission)
async def get_submission(session: SessionDep, principal: PrincipalDep,
                         submission_id: Id) -> Submission:
    context = await service.get_submission(session, principal, submission_id)
    return await service.to_schema(session, context)


@router.put("/{submission_id}", operation_id="submissions:update", response_model=Submission)
async def update_submission(session: SessionDep, principal: PrincipalDep, submission_id: Id,
                            data: SubmissionUpdate) -> Submission:
    """Save a draft or returned report; `version` must be the current one (else 409)."""
    context = await service.update_submission(session, principal, submission_id, data)
    return await service.to_schema(session, context)


@router.post("/{submission_id}/submit", operation_id="submissions:submit", response_model=Submission)
async def submit_submission(session: SessionDep, principal: PrincipalDep, submission_id: Id,
                            data: SubmissionAction | None = None) -> Submission:
    """Validate and send the report to the level above; records the time and whether it is late."""
    context = await service.submit(session, principal, submission_id, data or SubmissionAction())
    return await service.to_schema(session, context)


@router.post("/{submission_id}/approve", operation_id="submissions:approve",
             response_model=Submission)
async def approve_submission(session: SessionDep, principal: PrincipalDep, submission_id: Id,
                             data: SubmissionAction | None = None) -> Submission:
    """Approve a submitted report (reviewers above the unit); its figures are then locked."""
    context = await service.approve(session, principal, submission_id, data or SubmissionAction())
    return await service.to_schema(session, context)


@router.post("/{submission_id}/return", operation_id="submissions:return",
             response_model=Submission)
async def return_submission(session: SessionDep, principal: PrincipalDep, submission_id: Id,
                            data: SubmissionReturn) -> Submission:
    """Send a submitted report back for correction, saying what to correct."""
    context = await service.return_submission(session, principal, submission_id, data)
    return await service.to_schema(session, context)


@router.post("/{submission_id}/reopen", operation_id="submissions:reopen",
             response_model=Submission)
async def reopen_submission(session: SessionDep, principal: PrincipalDep, submission_id: Id,
                            data: SubmissionAction | None = None) -> Submission:
    """Unlock an approved report: it goes back to the unit as returned."""
    context = await service.reopen(session, principal, submission_id, data or SubmissionAction())
    return await service.to_schema(session, context)


@router.get("/{submission_id}/versions/{version}", operation_id="submissions:version",
            response_model=SubmissionVersion)
async def get_submission_version(session: SessionDep, principal: PrincipalDep, submission_id: Id,
                                 version: Version) -> SubmissionVersion:
    """The full content of one kept version: figures, narrative, status."""
    return await service.get_version(session, principal, submission_id, version)


@router.post("/{submission_id}/outliers/{indicator}/check", operation_id="submissions:check-outlier",
             response_model=Submission)
async def check_outlier(session: SessionDep, principal: PrincipalDep, submission_id: Id,
                        indicator: Annotated[str, Path(max_length=64)],
                        data: OutlierCheckIn) -> Submission:
    """Mark a flagged figure as checked, with what was found (reviewers of the report)."""
    context = await service.check_outlier(session, principal, submission_id, indicator, data)
    return await service.to_schema(session, context)
