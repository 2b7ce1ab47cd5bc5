from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from backend.kit.fields import Id, Version
from backend.kit.text import nfc
from backend.models import SubmissionStatus, ValueType
from backend.org_units.schemas import OrgUnitRef
from backend.periods.schemas import Period
from backend.submissions.outliers import OutlierKind
from backend.submissions.progress import TaskProgress

FigureValue = bool | int | float | str | None
MAX_FIGURES = 5000
MAX_TEXT = 50_000


class DataValueIn(BaseModel):
    indicator: str = Field(max_length=64, description="Indicator code")
    category: str | None = Field(default=None, max_length=64,
                                 description="Category option code, for disaggregated indicators")
    value: FigureValue = Field(
        default=None, description="count: whole number; number; yes_no: true/false; text. "
                                  "Null (and no numerator/denominator) clears the figure")
    numerator: int | float | None = Field(default=None, description="Ratios only")
    denominator: int | float | None = Field(default=None, description="Ratios only")


class _Narrative(BaseModel):
    @field_validator("narrative", check_fields=False)
    @classmethod
    def _normalise(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        if value is None:
            return None
        too_long = [key for key, text in value.items() if len(text) > MAX_TEXT]
        if too_long:
            raise ValueError(f"sections longer than {MAX_TEXT} characters: {', '.join(too_long)}")
        return {key: nfc(text).strip() for key, text in value.items()}


class SubmissionCreate(_Narrative):
    # A field the API does not know is refused, not dropped: a client still sending `figures` (the
    # old name of `data_values`) must not save an empty report and be told it succeeded.
    model_config = ConfigDict(extra="forbid")

    form_id: Id
    unit_id: Id
    period: str = Field(max_length=16, description="2024, 2024S1, 2024N9, 2024Q1 or 202403")
    data_values: list[DataValueIn] = Field(default_factory=list, max_length=MAX_FIGURES)
    narrative: dict[str, str] = Field(default_factory=dict,
                                      description="Text per section key of the form's outline")


class SubmissionUpdate(_Narrative):
    model_config = ConfigDict(extra="forbid")

    version: Version = Field(description="The version the edit starts from; a stale one gets 409")
    data_values: list[DataValueIn] | None = Field(
        default=None, max_length=MAX_FIGURES, description="Replaces every figure; omit to keep them")
    narrative: dict[str, str] | None = Field(
        default=None, description="Replaces the narrative; omit to keep it")


class SubmissionAction(BaseModel):
    version: Version | None = Field(default=None,
                                    description="When given, must be the current version")
    comment: str | None = Field(default=None, max_length=5000)

    @field_validator("comment")
    @classmethod
    def _normalise(cls, value: str | None) -> str | None:
        return nfc(value).strip() or None if value is not None else None


class SubmissionReturn(SubmissionAction):
    comment: str = Field(min_length=1, max_length=5000, description="What to correct")

    @field_validator("comment")
    @classmethod
    def _normalise(cls, value: str | None) -> str:  # replaces the parent's: here it is required
        if value is None:
            raise ValueError("say what to correct")
        value = nfc(value).strip()
        if not value:
            raise ValueError("say what to correct")
        return value


class DataValue(BaseModel):
    indicator_id: Id
    indicator: str
    name: str
    value_type: ValueType
    category: str | None
    value: FigureValue = Field(description="For ratios: the percentage numerator/denominator")
    numerator: float | None
    denominator: float | None


class FormRef(BaseModel):
    id: int
    code: str
    name: str


class HistoryEntry(BaseModel):
    version: int
    action: str
    status: SubmissionStatus
    actor: str
    at: datetime
    comment: str | None


class SubmissionVersion(HistoryEntry):
    data_values: list[DataValue]
    narrative: dict[str, str]


class SubmissionSummary(BaseModel):
    id: int
    form: FormRef
    unit: OrgUnitRef
    period: str
    status: SubmissionStatus
    version: int
    deadline: date | None
    on_time: bool | None
    submitted_at: datetime | None
    updated_at: datetime
    outlier_count: int | None = Field(description="How many outlier flags the report's figures "
                                            "raise, for a report under review (null otherwise)")


class Outlier(BaseModel):
    indicator: str
    category: str | None
    kind: OutlierKind = Field(description="history: far from the unit's earlier periods; "
                                          "peers: far from units of its kind under its parent")
    value: float = Field(description="The figure; for ratios its percentage")
    reference: float = Field(description="The median (or previous figure) it is compared with")
    checked: bool
    comment: str | None = Field(description="The reviewer's note when checked")


class OutlierCheckIn(BaseModel):
    category: str | None = Field(default=None, max_length=64)
    comment: str = Field(min_length=1, max_length=5000, description="What the reviewer found")

    @field_validator("comment")
    @classmethod
    def _normalise(cls, value: str) -> str:
        value = nfc(value).strip()
        if not value:
            raise ValueError("say what was checked")
        return value


class Submission(SubmissionSummary):
    period_detail: Period
    data_values: list[DataValue]
    outliers: list[Outlier]
    narrative: dict[str, str]
    task_progress: list[TaskProgress] = Field(
        description="The unit's task progress for the period, from its plans' assignments")
    submitted_by: str | None
    review_comment: str | None
    returned_at: datetime | None
    returned_by: str | None
    approved_at: datetime | None
    approved_by: str | None
    created_at: datetime
    history: list[HistoryEntry]
