from typing import Any

from pydantic import BaseModel, Field


class ImportConflict(BaseModel):
    index: int | None = Field(description="0-based row (after the CSV header); null: not one row")
    code: str = Field(examples=["unknown_indicator", "invalid_value", "locked"])
    detail: str


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
    org_unit: str | int
    period: str
    category: str | None = None
    value: Any = None
    numerator: Any = None
    denominator: Any = None


class DataValueImport(BaseModel):
    values: list[DataValueIn]
