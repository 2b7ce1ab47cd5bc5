from datetime import datetime

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field


class Webhook(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    url: str
    events: list[str]
    unit_id: int | None
    is_active: bool


class WebhookCreate(BaseModel):
    name: str = Field(min_length=1, max_length=255)
    url: AnyHttpUrl
    events: list[str] = Field(min_length=1, examples=[["submission.approve", "plan.issue"]],
                              description="`entity.action` of the audit trail, or `*` for all")
    unit_id: int | None = Field(description="events of this subtree; null: the country")


class WebhookCreated(Webhook):
    secret: str = Field(description="shown once: verify X-QCDC-Signature (HMAC-SHA256 of the body)")


class WebhookUpdate(BaseModel):
    url: AnyHttpUrl | None = None
    events: list[str] | None = Field(default=None, min_length=1)
    is_active: bool | None = None


class Delivery(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    event: str
    created_at: datetime
    attempts: int
    delivered_at: datetime | None
    last_status: int | None
    last_error: str | None
