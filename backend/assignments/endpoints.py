from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from backend.assignments import service
from backend.assignments.schemas import ProgressReport, Task
from backend.auth.deps import PrincipalDep
from backend.db import SessionDep
from backend.models import ProgressStatus

router = APIRouter(prefix="/assignments", tags=["assignments"])


@router.get("", operation_id="assignments:list", response_model=list[Task])
async def my_tasks(
    session: SessionDep, principal: PrincipalDep,
    overdue: Annotated[bool | None, Query(description="only tasks with an overdue occurrence")] = None,
    due_within_days: Annotated[int | None, Query(ge=0, le=366,
                                                 description="next due date within N days")] = None,
    status: Annotated[ProgressStatus | None, Query(description="status of any occurrence")] = None,
    period: Annotated[str | None, Query(max_length=8, description="occurrence period, e.g. 2024")] = None,
) -> list[Task]:
    """My tasks: what falls to the caller's unit, named or as a member of a group."""
    tasks = await service.my_tasks(session, principal)
    if overdue is not None:
        tasks = [t for t in tasks if t.overdue == overdue]
    if due_within_days is not None:
        horizon = date.today() + timedelta(days=due_within_days)
        tasks = [t for t in tasks if t.next_due is not None and t.next_due <= horizon]
    if status is not None:
        tasks = [t for t in tasks if any(o.status == status for o in t.occurrences)]
    if period is not None:
        tasks = [t for t in tasks if any(o.period == period for o in t.occurrences)]
    return tasks


@router.post("/{assignment_id}/progress", operation_id="assignments:report-progress",
             response_model=Task)
async def report_progress(session: SessionDep, principal: PrincipalDep, assignment_id: int,
                          data: ProgressReport) -> Task:
    """Reporters of the assignee unit report one occurrence: status, percent, note, documents."""
    return await service.report_progress(session, principal, assignment_id, data)
