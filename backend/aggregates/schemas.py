from pydantic import BaseModel, Field

from backend.kit.fields import Id
from backend.org_units.schemas import OrgUnitRef


class TargetRef(BaseModel):
    value: float
    comparator: str
    unit: str
    plan_id: Id
    plan_symbol: str
    met: bool | None = Field(description="whether the figure meets it; null without a figure")


class AggregateRow(BaseModel):
    org_unit: OrgUnitRef
    period: str
    indicator: str
    category: str | None = Field(description="category option code with by=category")
    value: float | None
    numerator: float | None
    denominator: float | None
    percent: float | None = Field(description="ratios Σnum/Σden, yes/no as yes over expected units")
    expected: int | None = Field(description="units expected to report it, as of the period's end")
    reported: int = Field(description="units whose figure is counted")
    on_time: int | None = Field(description="reports submitted by their deadline")
    target: TargetRef | None
