from typing import Literal

from pydantic import BaseModel, ConfigDict

from backend.models import Role
from backend.org_units.schemas import OrgUnitRef


class Token(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    refresh_token: str


class Me(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    full_name: str
    roles: list[Role]
    unit: OrgUnitRef | None
    is_admin: bool
