from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.responses import StreamingResponse

from backend.assignments import export
from backend.assignments.schemas import PlanTaskFilters, Task, TaskState
from backend.assignments.service import plan_task_page
from backend.auth.deps import PrincipalDep
from backend.db import SessionDep
from backend.kit.download import attachment
from backend.kit.fields import Id
from backend.kit.pagination import Page, PageDep
from backend.kit.said import spoken
from backend.models import PlanStatus
from backend.plans import import_body, sections, service
from backend.plans.schemas import (
    Amendment,
    CascadeNode,
    Plan,
    PlanAmend,
    PlanDetail,
    PlanImportResult,
    PlanUpdate,
    Section,
    SectionChange,
    SectionCreate,
    SectionMove,
    SectionUpdate,
)

router = APIRouter(prefix="/plans", tags=["plans"])


@router.post("/import", operation_id="plans:import", response_model=PlanImportResult,
             openapi_extra=import_body.OPENAPI_BODY, responses={
                 413: {"description": "`plan_file_too_large`: over the file limit, or a Word file "
                                      "unpacking to more than its limit (`payload_too_large` "
                                      "when the request is cut off first)"},
                 422: {"description": "the fields, or a file that gives no text: "
                                      "`plan_file_empty`, `plan_file_type_refused`, "
                                      "`plan_file_corrupt`, `plan_file_encrypted`, "
                                      "`plan_file_without_text` (a scan: needs OCR), "
                                      "`plan_file_encoding`"}})
async def import_plan(request: Request, session: SessionDep,
                      principal: PrincipalDep) -> PlanImportResult:
    """A plan → sections, targets, assignments, unmatched names: its text as pasted from Word or
    PDF (JSON), or the file itself (multipart/form-data: `file` and the same fields).

    A Word file's automatic numbering is read as shown, its tables one line per row
    (`| cell | cell |`); a PDF's page headers and numbers are dropped. For a file, `text` gives
    back the text it was read as, to correct and send again as JSON. `dry_run` (the default)
    previews; with `dry_run=false` the plan is saved as a draft. Names no unit matched are listed
    in `unmatched`: pass `mapping` {name: unit id} and import again."""
    data, from_file = await import_body.read_import(request)
    return await service.import_plan(session, principal, data, from_file=from_file)


@router.get("", operation_id="plans:list", response_model=Page[Plan])
async def list_plans(
    session: SessionDep, principal: PrincipalDep, page: PageDep,
    issuer_id: Annotated[Id | None, Query(description="plans issued in this unit's subtree")] = None,
    status_: Annotated[PlanStatus | None, Query(alias="status")] = None,
    year: Annotated[int | None, Query(ge=1990, le=2100)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[Plan]:
    plans, pagination = await service.list_plans(session, principal, page, issuer_id=issuer_id,
                                                 status=status_, year=year, q=q)
    return Page(items=[await service.plan_view(session, p) for p in plans], pagination=pagination)


@router.get("/{plan_id}", operation_id="plans:get", response_model=PlanDetail)
async def get_plan(session: SessionDep, principal: PrincipalDep, plan_id: Id) -> PlanDetail:
    return await service.plan_detail(session, await service.get_plan(session, principal, plan_id))


@router.patch("/{plan_id}", operation_id="plans:update", response_model=PlanDetail)
async def update_plan(session: SessionDep, principal: PrincipalDep, plan_id: Id,
                      data: PlanUpdate) -> PlanDetail:
    """Edit a draft. An issued plan changes through `POST /plans/{id}/amendments`."""
    return await service.plan_detail(session, await service.update_plan(session, principal,
                                                                        plan_id, data))


@router.post("/{plan_id}/issue", operation_id="plans:issue", response_model=PlanDetail)
async def issue_plan(session: SessionDep, principal: PrincipalDep, plan_id: Id) -> PlanDetail:
    return await service.plan_detail(session, await service.transition(session, principal,
                                                                       plan_id, "issue"))


@router.post("/{plan_id}/close", operation_id="plans:close", response_model=PlanDetail)
async def close_plan(session: SessionDep, principal: PrincipalDep, plan_id: Id) -> PlanDetail:
    return await service.plan_detail(session, await service.transition(session, principal,
                                                                       plan_id, "close"))


@router.post("/{plan_id}/amendments", operation_id="plans:amend", response_model=PlanDetail,
             status_code=status.HTTP_201_CREATED)
async def amend_plan(session: SessionDep, principal: PrincipalDep, plan_id: Id,
                     data: PlanAmend) -> PlanDetail:
    return await service.plan_detail(session, await service.amend_plan(session, principal,
                                                                       plan_id, data))


@router.get("/{plan_id}/amendments", operation_id="plans:amendments",
            response_model=list[Amendment])
async def list_amendments(session: SessionDep, principal: PrincipalDep,
                          plan_id: Id) -> list[Amendment]:
    """Earlier texts of an issued plan, oldest first."""
    return [Amendment(revision=a.revision, reason=a.reason, amended_at=a.amended_at.isoformat(),
                      before=a.before) for a in await service.amendments(session, principal, plan_id)]


@router.get("/{plan_id}/sections", operation_id="plans:sections", response_model=list[Section])
async def list_sections(session: SessionDep, principal: PrincipalDep,
                        plan_id: Id) -> list[Section]:
    """The section tree in document order (`parent_number` links), with each section's progress."""
    return await service.sections(session, await service.get_plan(session, principal, plan_id))


async def _tree(session: SessionDep, principal: PrincipalDep, plan_id: Id) -> list[Section]:
    return await service.sections(session, await service.get_plan(session, principal, plan_id))


@router.post("/{plan_id}/sections", operation_id="plans:add-section", response_model=list[Section],
             status_code=status.HTTP_201_CREATED)
async def add_section(session: SessionDep, principal: PrincipalDep, plan_id: Id,
                      data: SectionCreate) -> list[Section]:
    """Add a section under `parent_id` after `after_id`; answers the whole tree."""
    await sections.add_section(session, principal, plan_id, data)
    return await _tree(session, principal, plan_id)


@router.patch("/{plan_id}/sections/{section_id}", operation_id="plans:update-section",
              response_model=list[Section])
async def update_section(session: SessionDep, principal: PrincipalDep, plan_id: Id,
                         section_id: Id, data: SectionUpdate) -> list[Section]:
    await sections.update_section(session, principal, plan_id, section_id, data)
    return await _tree(session, principal, plan_id)


@router.post("/{plan_id}/sections/{section_id}/move", operation_id="plans:move-section",
             response_model=list[Section])
async def move_section(session: SessionDep, principal: PrincipalDep, plan_id: Id,
                       section_id: Id, data: SectionMove) -> list[Section]:
    """Reorder among siblings (`after_id`) or move under another parent (renumbers the subtree)."""
    await sections.move_section(session, principal, plan_id, section_id, data)
    return await _tree(session, principal, plan_id)


@router.delete("/{plan_id}/sections/{section_id}", operation_id="plans:delete-section",
               response_model=list[Section])
async def delete_section(
    session: SessionDep, principal: PrincipalDep, plan_id: Id, section_id: Id,
    amendment_reason: Annotated[str | None, Query(min_length=3, max_length=2000)] = None,
) -> list[Section]:
    """Delete a section with its subtree, its targets and its assignments."""
    await sections.delete_section(session, principal, plan_id, section_id,
                                  SectionChange(amendment_reason=amendment_reason))
    return await _tree(session, principal, plan_id)


def _task_filters(
    section_id: Annotated[Id | None, Query(description="the tasks of this section")] = None,
    unit_id: Annotated[Id | None, Query(description="the tasks this unit carries")] = None,
    status_: Annotated[TaskState | None, Query(alias="status", description=(
        "done: every occurrence settled; in_progress: some begun; not_started: none begun; "
        "overdue: an occurrence due before today not settled"))] = None,
) -> PlanTaskFilters:
    return PlanTaskFilters(section_id=section_id, unit_id=unit_id, status=status_)


TaskFiltersDep = Annotated[PlanTaskFilters, Depends(_task_filters)]


@router.get("/{plan_id}/assignments", operation_id="plans:assignments", response_model=Page[Task])
async def list_plan_assignments(session: SessionDep, principal: PrincipalDep, plan_id: Id,
                                page: PageDep, filters: TaskFiltersDep) -> Page[Task]:
    """Every task of the plan per carrying unit, for the units whose work the caller may read,
    in pages (at most 200 a page). A group's members carry what falls due while they are in it;
    a closed unit's successors what falls due from its closing on."""
    plan = await service.get_plan(session, principal, plan_id)
    return await plan_task_page(session, principal, plan, filters, page)


@router.get("/{plan_id}/assignments/export", operation_id="plans:export-assignments",
            response_class=StreamingResponse, responses={200: {
                "description": "CSV, UTF-8 with a BOM: a header line, then a row per task and "
                               "carrying unit",
                "content": {"text/csv": {"schema": {"type": "string"}}}}})
async def export_plan_assignments(session: SessionDep, principal: PrincipalDep, plan_id: Id,
                                  filters: TaskFiltersDep) -> StreamingResponse:
    """The tasks of `GET /plans/{id}/assignments`, filtered alike, all in one CSV file, streamed:
    section, unit (code, name), role, mode, recurrence, state, percent, occurrences (all, settled,
    overdue) and the next due date. Headers and words in the caller's language (Accept-Language:
    vi gives the web app's Vietnamese and dates as dd/mm/yyyy)."""
    plan = await service.get_plan(session, principal, plan_id)
    return StreamingResponse(export.stream(principal, plan.id, filters, spoken.get()),
                             media_type=export.MEDIA_TYPE, headers={
                                 "Content-Disposition": attachment(export.file_name(plan.id))})


@router.get("/{plan_id}/cascade", operation_id="plans:cascade", response_model=CascadeNode)
async def plan_cascade(session: SessionDep, principal: PrincipalDep, plan_id: Id) -> CascadeNode:
    """The plan and the plans below that implement it."""
    return await service.cascade(session, principal,
                                 await service.get_plan(session, principal, plan_id))
