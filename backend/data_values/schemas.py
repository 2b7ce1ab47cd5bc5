from typing import Any

from pydantic import BaseModel, Field

from backend.kit.fields import Id


class ImportConflict(BaseModel):
    index: int | None = Field(description="0-based row (after the CSV header; in a workbook, among "
                                          "the rows with a figure filled in); null: not one row")
    code: str = Field(examples=["unknown_indicator", "invalid_value", "locked"])
    detail: str
    field: str | None = Field(default=None, examples=["value", "denominator"], description=(
        "the column at fault (indicator, org_unit, period, category, value, numerator, "
        "denominator); null: the whole row"))
    sheet: str | None = Field(default=None, description="workbook import: the sheet of the row")
    cell: str | None = Field(default=None, examples=["E7"], description=(
        "workbook import: the cell at fault, or the row's first cell when the whole row is"))


class ImportSummary(BaseModel):
    created: int
    updated: int
    unchanged: int
    rejected: int
    conflicts: list[ImportConflict]
    conflicts_truncated: bool = Field(default=False, description="more conflicts than listed")
    dry_run: bool
    submitted: int = Field(default=0, description="reports submitted with submit=true")


class DataValueIn(BaseModel):
    indicator: str
    org_unit: str | Id = Field(description="the unit's code, or its id")
    period: str
    category: str | None = None
    value: Any = None
    numerator: Any = None
    denominator: Any = None


class DataValueImport(BaseModel):
    values: list[DataValueIn]
