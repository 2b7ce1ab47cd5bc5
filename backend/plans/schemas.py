from datetime import date

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator

from backend.kit.fields import Id, not_emptied
from backend.kit.text import nfc
from backend.models import AssignmentMode, AssignmentRole, PlanStatus, SectionKind
from backend.org_units.schemas import OrgUnitRef

MAX_PLAN_TEXT = 1_000_000  # characters: a plan is tens of pages, never a megabyte of text


class LegalBasis(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    kind: str
    number: str | None
    issued_on: date | None
    issuer: str | None
    sentence: str
    linked_plan_id: Id | None = None


class Section(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int | None = None
    number: str
    label: str
    title: str
    text: str
    kind: SectionKind
    depth: int
    parent_number: str | None = None
    recurrence: str | None = None
    progress: float | None = Field(default=None, description="weighted mean of its assigned tasks")


class Target(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    section_number: str
    indicator_code: str | None = Field(description="catalogue indicator; null when none matched")
    comparator: str
    value: float
    unit: str
    subject: str
    recurrence: str


class GroupAssignee(BaseModel):
    label: str
    kinds: list[str]
    grassroots_types: list[str]
    units_now: int = Field(description="units the rule designates today; later units join it")


class AssignmentSummary(BaseModel):
    id: int | None = None
    section_number: str
    section_title: str
    assignee: OrgUnitRef | None
    assignee_name: str
    group: GroupAssignee | None
    role: AssignmentRole
    mode: AssignmentMode
    recurrence: str
    every_years: int | None = None
    every_years_max: int | None = None


class PlanHeader(BaseModel):
    number: str | None
    type_code: str
    issuer_code: str | None
    place: str | None
    issue_date: date | None
    title: str

    @computed_field  # type: ignore[prop-decorator]
    @property
    def symbol(self) -> str:
        issuer = f"-{self.issuer_code}" if self.issuer_code else ""
        return f"{self.number or ''}/{self.type_code}{issuer}"


class Plan(PlanHeader):
    model_config = ConfigDict(from_attributes=True)

    id: int
    issuer: OrgUnitRef
    parent_plan_id: Id | None
    status: PlanStatus
    span_start: date
    span_end: date
    revision: int
    signer_title: str | None
    signer_name: str | None


class PlanDetail(Plan):
    legal_bases: list[LegalBasis]
    targets: list[Target]
    closing: str | None
    completion: float | None = Field(description="government completion: assigned tasks only")
    requested_completion: float | None = Field(description="requested tasks, shown beside")
    overdue: int


class PlanImport(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_PLAN_TEXT, description="the plan as pasted")
    issuer_id: Id
    dry_run: bool = True
    mapping: dict[str, Id] = Field(
        default_factory=dict, description="unmatched body name → org unit id, chosen by the user")
    parent_plan_id: Id | None = None
    span_start: date | None = None
    span_end: date | None = None

    @field_validator("text")
    @classmethod
    def _nfc(cls, value: str) -> str:
        return nfc(value)


class PlanImportResult(BaseModel):
    plan_id: Id | None = Field(description="the saved plan; null for a dry run")
    header: PlanHeader
    year: int | None
    legal_bases: list[LegalBasis]
    sections: list[Section]
    targets: list[Target]
    assignments: list[AssignmentSummary]
    unmatched: list[str] = Field(description="body names no unit matched: map them and import again")
    warnings: list[str]
    text: str | None = Field(default=None, description=(
        "the text a plan file was read as, to correct and send again as JSON; null when the "
        "text was sent"))


class PlanUpdate(BaseModel):
    number: str | None = Field(default=None, max_length=32)
    place: str | None = Field(default=None, max_length=128)
    issue_date: date | None = None
    title: str | None = Field(default=None, min_length=1)
    span_start: date | None = None
    span_end: date | None = None
    parent_plan_id: Id | None = None

    _not_emptied = field_validator("title", "span_start", "span_end")(not_emptied)


class PlanAmend(BaseModel):
    reason: str = Field(min_length=3, max_length=2000)
    changes: PlanUpdate


class Amendment(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    revision: int
    reason: str
    amended_at: date | str
    before: dict[str, object]


class CascadeNode(BaseModel):
    plan: Plan
    children: list["CascadeNode"]


class SectionChange(BaseModel):
    amendment_reason: str | None = Field(
        default=None, min_length=3, max_length=2000,
        description="required once the plan is issued: the change is recorded as an amendment")


class SectionCreate(SectionChange):
    parent_id: Id | None = Field(default=None, description="null: a top-level (Roman) heading")
    label: str = Field(pattern=r"^(?:[IVXL]{1,6}\.|\d{1,3}\.|[a-zđ]\)|[-+])$",
                       examples=["IV.", "3.", "đ)", "-"])
    title: str = Field(min_length=1, max_length=2000)
    text: str = Field(default="", max_length=100_000)
    kind: SectionKind
    after_id: Id | None = Field(default=None, description="sibling to insert after; null: last")


class SectionUpdate(SectionChange):
    title: str | None = Field(default=None, min_length=1, max_length=2000)
    text: str | None = Field(default=None, max_length=100_000)
    kind: SectionKind | None = None
    weight: float | None = Field(default=None, gt=0, le=100,
                                 description="weight of the section in the plan's completion")

    _not_emptied = field_validator("title", "text", "kind", "weight")(not_emptied)


class SectionMove(SectionChange):
    parent_id: Id | None = Field(description="the new parent (null: top level)")
    after_id: Id | None = Field(default=None, description="sibling to follow; null: first")
