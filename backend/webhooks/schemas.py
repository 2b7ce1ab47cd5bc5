from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field

from backend.assignments.schemas import PlanRef
from backend.kit.fields import Id
from backend.models import AssignmentMode, AssignmentRole, ProgressStatus, SubmissionStatus
from backend.org_units.schemas import OrgUnitRef
from backend.webhooks.events import Event, Subscribed


class Webhook(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    url: str
    events: list[Subscribed]
    unit_id: Id | None
    client_id: Id | None = Field(description="the API client it serves (`id` of /api-clients)")
    is_active: bool
    created_at: datetime


class WebhookCreate(BaseModel):
    name: str = Field(min_length=1, max_length=255)
    url: AnyHttpUrl
    events: list[Subscribed] = Field(min_length=1, examples=[["submission.approved", "plan.issued"]],
                                     description="events of the catalogue, or `*` for all")
    unit_id: Id | None = Field(description="events of this subtree; null: the country")
    client_id: Id | None = Field(
        default=None, description="the API client (`id` of /api-clients) it serves: the client "
        "reads it and its deliveries; `unit_id` must lie in what the client may see")


class WebhookCreated(Webhook):
    secret: str = Field(description="shown once: verify X-QCDC-Signature with it")


class WebhookUpdate(BaseModel):
    url: AnyHttpUrl | None = None
    events: list[Subscribed] | None = Field(default=None, min_length=1)
    is_active: bool | None = Field(default=None, description="false pauses: no new events, and "
                                   "pending deliveries wait")
    rotate_secret: bool = Field(default=False, description="sign with a new secret from now on "
                                "(shown once); deliveries already pending are signed with it too")


class DeliveryStatus(StrEnum):
    pending = "pending"
    delivered = "delivered"
    given_up = "given_up"


class DeliveryError(StrEnum):
    """Why the last attempt failed, in words that tell the admin what to fix and nothing of the
    network behind the URL: no exception text, no answer body, no timeout told from a refusal."""

    http_error = "http_error"  # the receiver answered, not with a 2xx: see last_status
    unreachable = "unreachable"  # no answer: unknown name, connection refused or cut, TLS, timeout
    target_refused = "target_refused"  # an address QCDC does not send to, or http in production


class Delivery(BaseModel):
    id: int = Field(description="sent as X-QCDC-Delivery, the same on every attempt")
    event: str
    status: DeliveryStatus
    created_at: datetime
    attempts: int
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None = Field(description="pending deliveries only")
    delivered_at: datetime | None
    given_up_at: datetime | None = Field(description="after the last allowed attempt failed")
    last_status: int | None = Field(description="HTTP status of the last attempt; null when the "
                                    "receiver did not answer")
    last_error: DeliveryError | None
    payload: dict[str, Any]


# The body of every delivery: {id, event, occurred_at, org_unit, data}, data by event below.
# (Kept free of the domains' services: the audit trail imports this module to fill the outbox.)

class EventPlan(PlanRef):
    issue_date: date | None
    span_start: date
    span_end: date


class PlanEventData(BaseModel):
    plan: EventPlan


class EventForm(BaseModel):
    id: int
    code: str
    name: str


class EventSubmission(BaseModel):
    id: int
    form: EventForm
    period: str
    status: SubmissionStatus
    previous_status: SubmissionStatus | None
    version: int
    deadline: date | None
    on_time: bool | None
    submitted_at: datetime | None
    comment: str | None = Field(description="the reviewer's comment on a return or an approval")


class SubmissionEventData(BaseModel):
    submission: EventSubmission


class EventTask(BaseModel):
    assignment_id: Id
    plan: PlanRef
    section_number: str
    section_title: str
    role: AssignmentRole
    mode: AssignmentMode


class EventOccurrence(BaseModel):
    period: str | None
    label: str
    due_date: date
    status: ProgressStatus
    percent: float


class OverdueEventData(BaseModel):
    task: EventTask
    occurrence: EventOccurrence


class EventEnvelope(BaseModel):
    id: str = Field(description="the event's id, the same in every subscription it reaches")
    event: Event
    occurred_at: datetime
    org_unit: OrgUnitRef = Field(description="the plan's issuer, the reporting or carrying unit")
    data: PlanEventData | SubmissionEventData | OverdueEventData


# The envelope as each event sends it: what the OpenAPI `webhooks` section documents.

class PlanIssued(EventEnvelope):
    event: Literal["plan.issued"]
    data: PlanEventData


class SubmissionChanged(EventEnvelope):
    event: Literal["submission.submitted", "submission.approved", "submission.returned"]
    data: SubmissionEventData


class AssignmentOverdue(EventEnvelope):
    event: Literal["assignment.overdue"]
    data: OverdueEventData


PAYLOADS: dict[Event, type[EventEnvelope]] = {
    "plan.issued": PlanIssued, "submission.submitted": SubmissionChanged,
    "submission.approved": SubmissionChanged, "submission.returned": SubmissionChanged,
    "assignment.overdue": AssignmentOverdue}
