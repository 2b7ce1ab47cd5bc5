from typing import Annotated

from fastapi import APIRouter, Query, UploadFile
from fastapi.responses import FileResponse

from backend.assignments import evidence, service
from backend.assignments.schemas import EvidenceFile, ProgressCreate, Task, TaskFilters
from backend.auth.deps import PrincipalDep
from backend.db import SessionDep
from backend.kit.fields import Id
from backend.kit.pagination import Page, PageDep, page_of
from backend.models import ProgressStatus

router = APIRouter(prefix="/assignments", tags=["assignments"])


@router.get("", operation_id="assignments:list", response_model=Page[Task])
async def list_tasks(
    session: SessionDep, principal: PrincipalDep, page: PageDep,
    plan_id: Annotated[Id | None, Query(description="every task of this plan (planners, leaders);"
                                         " without it: my tasks")] = None,
    assignee_id: Annotated[Id | None, Query(description="tasks carried by this unit (without "
                                             "plan_id: every task of that unit)")] = None,
    overdue: Annotated[bool | None, Query(description="only tasks with an overdue occurrence")] = None,
    due_within_days: Annotated[int | None, Query(ge=0, le=366,
                                                 description="next due date within N days")] = None,
    status: Annotated[ProgressStatus | None, Query(description="status of any occurrence")] = None,
    period: Annotated[str | None, Query(max_length=8, description="occurrence period, e.g. 2024")] = None,
) -> Page[Task]:
    """My tasks (what falls to the caller's unit, named or as a member of a group); with `plan_id`
    everything in a plan, per carrying unit; with only `assignee_id` the tasks of that unit. In
    pages (at most 200 a page); a plan's tasks page faster through `/plans/{id}/assignments`."""
    filters = TaskFilters(plan_id=plan_id, assignee_id=assignee_id, overdue=overdue,
                          due_within_days=due_within_days, status=status, period=period)
    return page_of(await service.list_tasks(session, principal, filters), page)


@router.post("/{assignment_id}/progress", operation_id="assignments:report-progress",
             response_model=Task)
async def report_progress(session: SessionDep, principal: PrincipalDep, assignment_id: Id,
                          data: ProgressCreate) -> Task:
    """Reporters of the assignee unit report one occurrence: status, percent, note, documents."""
    return await service.report_progress(session, principal, assignment_id, data)


@router.post("/{assignment_id}/progress/{progress_id}/files", operation_id="assignments:upload-file",
             response_model=EvidenceFile, status_code=201)
async def upload_file(session: SessionDep, principal: PrincipalDep, assignment_id: Id,
                      progress_id: Id, file: UploadFile) -> EvidenceFile:
    """Attach a file proving a reported occurrence: PDF, office documents or images."""
    return await evidence.attach(session, principal, assignment_id, progress_id, file)


@router.get("/files/{file_id}", operation_id="assignments:download-file",
            response_class=FileResponse, responses={200: {"content": {"application/octet-stream": {}}}})
async def download_file(session: SessionDep, principal: PrincipalDep, file_id: Id) -> FileResponse:
    """The file, for whoever may see its assignment."""
    return await evidence.download(session, principal, file_id)
