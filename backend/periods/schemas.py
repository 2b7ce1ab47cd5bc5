from datetime import date

from pydantic import BaseModel, Field

from backend.periods import rules
from backend.periods.labels import label
from backend.periods.rules import CutoffRule, PeriodType


class Period(BaseModel):
    id: str = Field(description="2024, 2024S1, 2024N9, 2024Q1 or 202403")
    type: PeriodType
    year: int
    index: int | None = Field(description="Half, quarter or month number; none for year and N9")
    start: date
    end: date
    label: str = Field(description="As written in reports: 'Quý I/2024'")
    label_en: str
    rule: CutoffRule


def resolved(period: rules.Period, rule: CutoffRule) -> Period:
    return Period(id=period.id, type=period.type, year=period.year, index=period.index,
                  start=period.start(rule), end=period.end(rule), label=label(period),
                  label_en=label(period, "en"), rule=rule)
