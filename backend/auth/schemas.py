from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from backend.models import Role
from backend.org_units.schemas import OrgUnitRef


class Token(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    refresh_token: str | None = Field(default=None, description="none for client credentials")
    scope: str | None = Field(default=None, description="granted scopes, for API clients")


class Me(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    full_name: str
    roles: list[Role]
    unit: OrgUnitRef | None
    is_admin: bool
    email: str | None
    email_notifications: bool


class SsoInfo(BaseModel):
    enabled: bool = Field(description="the web app offers signing in at the identity provider")
    label: str | None = Field(description="the provider's name on the sign-in button, if configured")
