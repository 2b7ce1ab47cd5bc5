from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from backend.data_values.check import DataValueRules
from backend.indicators.schemas import CODE_PATTERN, IndicatorCategory
from backend.kit.fields import Id
from backend.kit.text import nfc
from backend.models import GrassrootsType, OrgUnitKind, ValueType
from backend.periods.rules import CutoffRule, PeriodType
from backend.periods.schemas import Period

Operator = Literal["<=", "<", ">=", ">", "=="]
LEVELS = ("commune", "district", "province")


class _Texts(BaseModel):
    @field_validator("code", "name", "name_en", "title", "message", check_fields=False)
    @classmethod
    def _normalise(cls, value: str | None) -> str | None:
        return nfc(value).strip() if value is not None else None


class NarrativeSection(_Texts):
    key: str = Field(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(min_length=1, max_length=255)


class Reporters(BaseModel):
    """A unit reports the form when its grassroots type or its kind is listed."""

    grassroots_types: list[GrassrootsType] = Field(default_factory=list)
    kinds: list[OrgUnitKind] = Field(default_factory=list)


class DeadlineDays(BaseModel):
    """Working days after the period's end, per level of the reporting unit."""

    commune: int | None = Field(default=None, ge=0, le=365)
    district: int | None = Field(default=None, ge=0, le=365)
    province: int | None = Field(default=None, ge=0, le=365)


class CrossRule(_Texts):
    left: str = Field(description="Indicator code", max_length=64)
    op: Operator
    right: str = Field(description="Indicator code", max_length=64)
    message: str = Field(min_length=1, max_length=500)


class FormIndicatorIn(BaseModel):
    indicator: str = Field(description="Indicator code", max_length=64)
    required: bool = False


class FormIndicator(BaseModel):
    indicator_id: Id
    code: str
    name: str
    name_en: str | None
    value_type: ValueType
    unit_of_measure: str | None
    numerator_name: str | None
    denominator_name: str | None
    numerator_le_denominator: bool
    categories: list[IndicatorCategory]
    required: bool
    rules: DataValueRules


class Schedule(BaseModel):
    """The form for one period and unit: when input opens, the deadline, when input closes."""

    period: Period
    unit_id: Id | None
    level: str | None = Field(description="commune, district or province: the unit's level")
    working_days: int | None
    opens_on: date
    deadline: date | None
    closes_on: date | None


class ReportingForm(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    name: str
    name_en: str | None
    period_type: PeriodType
    period_rule: CutoffRule
    indicators: list[FormIndicator]
    narrative: list[NarrativeSection]
    reporters: Reporters
    deadline_working_days: DeadlineDays
    rules: list[CrossRule]
    owner_unit_id: Id | None
    opens_days_before_end: int | None
    closes_days_after_deadline: int | None
    remind_days_before: int
    is_active: bool
    schedule: Schedule | None = None


class _FormFields(_Texts):
    name_en: str | None = Field(default=None, max_length=255)
    period_rule: CutoffRule = CutoffRule.decree09
    narrative: list[NarrativeSection] = Field(default_factory=list, max_length=50)
    reporters: Reporters = Field(default_factory=Reporters)
    deadline_working_days: DeadlineDays = Field(default_factory=DeadlineDays)
    rules: list[CrossRule] = Field(default_factory=list, max_length=100)
    owner_unit_id: Id | None = Field(
        default=None, description="The unit whose subtree reports it; none: everywhere")
    opens_days_before_end: int | None = Field(
        default=None, ge=0, le=3650, description="Input opens this many days before the period "
                                                 "ends; none: from the period's start")
    closes_days_after_deadline: int | None = Field(
        default=None, ge=0, le=3650, description="Input closes this many days after the deadline; "
                                                 "none: never (late reports are accepted, as late)")
    remind_days_before: int = Field(
        default=3, ge=0, le=60, description="Reporters not done are reminded this many working "
                                            "days before the deadline")
    is_active: bool = True


class ReportingFormCreate(_FormFields):
    code: str = Field(min_length=1, max_length=64, pattern=CODE_PATTERN)
    name: str = Field(min_length=1, max_length=255)
    period_type: PeriodType
    indicators: list[FormIndicatorIn] = Field(min_length=1, max_length=500)


class ReportingFormUpdate(_Texts):
    name: str | None = Field(default=None, min_length=1, max_length=255)
    name_en: str | None = Field(default=None, max_length=255)
    period_type: PeriodType | None = None
    period_rule: CutoffRule | None = None
    indicators: list[FormIndicatorIn] | None = Field(default=None, min_length=1, max_length=500)
    narrative: list[NarrativeSection] | None = Field(default=None, max_length=50)
    reporters: Reporters | None = None
    deadline_working_days: DeadlineDays | None = None
    rules: list[CrossRule] | None = Field(default=None, max_length=100)
    owner_unit_id: Id | None = None
    opens_days_before_end: int | None = Field(default=None, ge=0, le=3650)
    closes_days_after_deadline: int | None = Field(default=None, ge=0, le=3650)
    remind_days_before: int | None = Field(default=None, ge=0, le=60)
    is_active: bool | None = None
