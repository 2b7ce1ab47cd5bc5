"""The unit's task progress for the period, shown with its report: every occurrence of its tasks
that falls due within the period."""

from datetime import date

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from backend.assignments.service import tasks_of_unit
from backend.periods.rules import parse_period


class TaskProgress(BaseModel):
    assignment_id: int
    plan: str
    task: str
    role: str
    mode: str
    status: str
    percent: float
    due_date: date
    overdue: bool
    note: str | None = None


async def task_progress_for(session: AsyncSession, unit_id: int, period: str) -> list[TaskProgress]:
    """Progress of every assignment of `unit_id` due within `period`."""
    span = parse_period(period)
    start, end = span.start(), span.end()
    return [TaskProgress(assignment_id=task.assignment_id, plan=f"{task.plan.symbol} {task.plan.title}",
                         task=f"{task.section_number} {task.section_title}", role=task.role.value,
                         mode=task.mode.value, status=occurrence.status.value,
                         percent=occurrence.percent, due_date=occurrence.due_date,
                         overdue=occurrence.overdue, note=occurrence.note)
            for task in await tasks_of_unit(session, unit_id)
            for occurrence in task.occurrences if start <= occurrence.due_date <= end]
