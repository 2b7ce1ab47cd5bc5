from typing import Literal

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
    """An indicator for a unit and period. With basis=current the unit is one of the day's units
    (`as_of`) and the figures are those of the units it succeeds as well as its own: merged units'
    counts, numbers, numerators and denominators add up; yes/no reads "k of n": value and numerator
    the units that said yes, denominator the units whose figures arrived (predecessors included);
    through a split, sums are multiplied by its share, and what cannot be divided is not comparable
    (`comparable` false, figures null)."""

    org_unit: OrgUnitRef
    period: str
    indicator: str
    category: str | None = Field(description="category option code with by=category")
    value: float | None
    numerator: float | None
    denominator: float | None
    percent: float | None = Field(description="ratios Σnum/Σden, yes/no as yes over expected units "
                                  "(basis=current: over the units whose figures arrived)")
    expected: int | None = Field(description="units expected to report it, as of the period's end; "
                                 "null with basis=current")
    reported: int = Field(description="units whose figure is counted (basis=current: the units "
                          "whose figures arrived, a split unit counted in each successor)")
    on_time: int | None = Field(description="reports submitted by their deadline; null with "
                                "basis=current")
    target: TargetRef | None
    basis: Literal["reported", "current"] = Field(
        description="reported: on the tree as it stood at the period's end; current: carried to "
                    "the units of the day asked for")
    comparable: bool = Field(
        description="false when part of the figure came through a split and cannot be divided "
                    "(yes/no, text, average, min, max, or a split with no share): figures null")
