import datetime as dt
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, Field

from backend.kit.fields import Id
from backend.models import AssignmentMode, AssignmentRole, ProgressStatus
from backend.org_units.schemas import OrgUnitRef

DEFAULT_PERCENT = {ProgressStatus.not_started: 0.0, ProgressStatus.in_progress: 50.0,
                   ProgressStatus.completed: 100.0, ProgressStatus.not_applicable: 0.0}


class PlanRef(BaseModel):
    id: int
    symbol: str
    title: str


class EvidenceFile(BaseModel):
    id: int
    filename: str
    content_type: str
    size: int


class Occurrence(BaseModel):
    period: str | None
    label: str
    due_date: date
    status: ProgressStatus
    percent: float
    overdue: bool
    note: str | None = None
    documents: list[dict[str, str]] = []
    progress_id: Id | None = None
    reported_at: datetime | None = None
    files: list[EvidenceFile] = []


class Task(BaseModel):
    """One assignment as one unit carries it: its occurrences and what was reported for each."""

    assignment_id: Id
    plan: PlanRef
    section_number: str
    section_title: str
    unit: OrgUnitRef
    role: AssignmentRole
    mode: AssignmentMode
    recurrence: str
    percent: float = Field(description="mean over its occurrences so far")
    overdue: bool
    next_due: date | None
    occurrences: list[Occurrence]


class DocumentRef(BaseModel):
    kind: str = Field(min_length=1, max_length=64, examples=["Báo cáo"])
    number: str | None = Field(default=None, max_length=64, examples=["04/BC-UBND"])
    date: dt.date | None = None
    title: str | None = Field(default=None, max_length=500)


class ProgressCreate(BaseModel):
    due_date: date = Field(description="the occurrence reported on (see the task's occurrences)")
    unit_id: Id | None = Field(default=None, description="for a group task: which member; "
                                "defaults to the caller's unit")
    status: ProgressStatus
    percent: float | None = Field(default=None, ge=0, le=100,
                                  description="defaults by status: 0, 50, 100, 0")
    note: str | None = Field(default=None, max_length=5000)
    documents: list[DocumentRef] = Field(default_factory=list, max_length=20)


@dataclass(frozen=True)
class TaskFilters:
    plan_id: Id | None = None
    assignee_id: Id | None = None
    overdue: bool | None = None
    due_within_days: int | None = None
    status: ProgressStatus | None = None
    period: str | None = None

    def keep(self, task: Task, today: date) -> bool:
        if self.assignee_id is not None and task.unit.id != self.assignee_id:
            return False
        if self.overdue is not None and task.overdue != self.overdue:
            return False
        if self.due_within_days is not None and (
                task.next_due is None or task.next_due > today + timedelta(days=self.due_within_days)):
            return False
        if self.status is not None and all(o.status != self.status for o in task.occurrences):
            return False
        return self.period is None or any(o.period == self.period for o in task.occurrences)


class TaskState(StrEnum):
    """Where a task stands: every occurrence settled, some begun, none begun; `overdue`: an
    occurrence due before today is not settled (with either of the last two)."""

    done = "done"
    in_progress = "in_progress"
    not_started = "not_started"
    overdue = "overdue"


# Statuses that settle an occurrence (it can no longer be overdue), and those that begin it.
DONE = frozenset({ProgressStatus.completed, ProgressStatus.not_applicable})
STARTED = frozenset({ProgressStatus.in_progress, ProgressStatus.completed})


def state_from(statuses: set[ProgressStatus]) -> TaskState:
    """Where a task stands (overdue apart) by the statuses of its occurrences: the rule `tally`
    stores per task and a task built in Python is read by."""
    return (TaskState.done if statuses <= DONE else
            TaskState.in_progress if statuses & STARTED else TaskState.not_started)


def state_of(task: Task) -> TaskState:
    return state_from({o.status for o in task.occurrences})


def is_in_state(task: Task, state: TaskState) -> bool:
    return task.overdue if state is TaskState.overdue else state_of(task) is state


@dataclass(frozen=True)
class PlanTaskFilters:
    section_id: Id | None = None
    unit_id: Id | None = None
    status: TaskState | None = None
