from datetime import date

from pydantic import BaseModel, Field

from backend.models import PlanStatus, SectionKind
from backend.org_units.schemas import OrgUnitRef


class PlanProgress(BaseModel):
    tasks: int = Field(description="tasks, counted once per carrying unit")
    done: int = Field(description="tasks whose every occurrence is completed or not applicable")
    overdue: int = Field(description="tasks with an occurrence past its due date and not done")
    percent: float | None = Field(description="completion of the assigned tasks (giao), weighted "
                                  "by section")
    requested_percent: float | None = Field(description="completion of the requested tasks "
                                            "(đề nghị), apart")


class PublicPlan(BaseModel):
    id: int
    symbol: str = Field(examples=["53/KH-UBND"])
    title: str
    issuer: OrgUnitRef
    issue_date: date | None
    span_start: date
    span_end: date
    status: PlanStatus = Field(description="issued, or closed once carried out; never a draft")
    revision: int
    progress: PlanProgress


class PublicSection(BaseModel):
    number: str = Field(examples=["III.1.a"])
    title: str
    kind: SectionKind
    depth: int
    progress: float | None = Field(description="weighted mean of its assigned tasks")


class PublicPlanDetail(PublicPlan):
    sections: list[PublicSection] = Field(description="in document order; the CSV has these rows")
