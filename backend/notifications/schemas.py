from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from backend.kit.fields import Id
from backend.kit.pagination import Pagination
from backend.models import SubmissionStatus
from backend.notifications.kinds import Kind
from backend.org_units.schemas import OrgUnitRef


class Notification(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: Kind
    text: str = Field(description="what happened, in Vietnamese")
    link: str | None = Field(description="the web app's path of what it is about")
    created_at: datetime
    read_at: datetime | None


class NotificationList(BaseModel):
    items: list[Notification]
    pagination: Pagination
    unread: int = Field(description="the caller's unread notifications, whatever the filter")


class ReadAll(BaseModel):
    read: int = Field(description="notifications marked read now")


class MissingReport(BaseModel):
    unit: OrgUnitRef
    deadline: date | None
    status: SubmissionStatus | None = Field(description="draft or returned: a report started; "
                                                        "None: none yet")
    submission_id: int | None


class ReminderRequest(BaseModel):
    form_id: Id
    period: str = Field(max_length=16, examples=["2024Q1"])
    unit_ids: list[Id] = Field(min_length=1, max_length=500)


class ReminderResult(BaseModel):
    reminded: list[int] = Field(description="units whose reporters were reminded now")
    already: list[int] = Field(description="units reminded of this report today already")
    notified: int = Field(description="users notified")
