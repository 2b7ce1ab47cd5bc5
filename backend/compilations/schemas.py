from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from backend.kit.fields import Id
from backend.models import ValueType
from backend.org_units.schemas import OrgUnitRef
from backend.submissions.outliers import OutlierKind
from backend.submissions.schemas import Submission


class CompileRequest(BaseModel):
    form_id: Id
    unit_id: Id = Field(description="The unit whose report is compiled from the units below it")
    period: str = Field(max_length=16, description="2024, 2024S1, 2024N9, 2024Q1 or 202403")


class Total(BaseModel):
    """One indicator's figure over a set of units: a count, a sum, or numerator/denominator."""

    value: float | None
    numerator: float | None
    denominator: float | None
    percent: float | None
    reported: int


class OutlierFlag(BaseModel):
    kind: OutlierKind = Field(description="history: far from the unit's own earlier periods; "
                              "peers: far from the other units of its kind here")
    reference: float = Field(description="what it is far from: the median (or the previous "
                             "period's figure)")


class UnitTotal(Total):
    # Always answered; the default reads material compiled before flags were kept.
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    unit: OrgUnitRef
    outliers: list[OutlierFlag] = Field(default_factory=list, description=(
        "a count or a ratio's percent far from the unit's history or its peers here, as a report "
        "of the unit is flagged (to check before compiling)"))


class KindTotal(Total):
    kind: str
    units: int


class IndicatorMaterial(BaseModel):
    indicator_id: Id
    indicator: str
    name: str
    value_type: ValueType
    unit_of_measure: str
    total: Total
    by_unit: list[UnitTotal] = Field(description="a row per child unit that reports it")
    by_kind: list[KindTotal] = Field(description="the child units' figures by kind of unit")
    answered_no: list[OrgUnitRef] = Field(description="yes/no indicators: the units below whose "
                                                      "figure is no")


class FormCompleteness(BaseModel):
    """Who was to report a form for the period below the unit, and how it went."""

    form: str
    name: str
    expected: int
    on_time: list[OrgUnitRef]
    late: list[OrgUnitRef]
    not_reported: list[OrgUnitRef]


class Contribution(BaseModel):
    unit: OrgUnitRef
    form: str
    submission_id: int
    text: str


class NarrativeMaterial(BaseModel):
    key: str
    title: str
    contributions: list[Contribution]


class TaskMaterial(BaseModel):
    unit: OrgUnitRef
    plan: str
    task: str
    status: str
    percent: float
    due_date: date
    overdue: bool


class Material(BaseModel):
    data_values: list[IndicatorMaterial]
    completeness: list[FormCompleteness]
    narrative: list[NarrativeMaterial]
    tasks: list[TaskMaterial] = Field(description="tasks due in the period of the plans the unit "
                                                  "issued or was assigned")


class Compilation(BaseModel):
    submission_id: int
    compiled_at: datetime
    compiled_by: str | None
    material: Material


class Compiled(BaseModel):
    submission: Submission
    compilation: Compilation
