from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from backend.kit.fields import Id


class Actor(BaseModel):
    id: int | None
    username: str


class AuditEvent(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    occurred_at: datetime
    actor: Actor
    action: str
    entity_type: str
    entity_id: str
    org_unit_id: Id | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
