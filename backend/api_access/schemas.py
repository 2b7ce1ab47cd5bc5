from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from backend.auth.scopes import Scope
from backend.kit.fields import Id
from backend.models import Role
from backend.org_units.schemas import OrgUnitRef

_SCOPES_HELP = ("`read` and `write` stand for every resource; `<resource>:read` and "
                "`<resource>:write` for one (writing includes reading)")

class ApiToken(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    prefix: str = Field(description="the token's first characters, to recognise it")
    scopes: list[Scope]
    expires_at: datetime
    last_used_at: datetime | None = Field(description="to the minute")
    revoked_at: datetime | None
    created_at: datetime


class ApiTokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=255, examples=["Nhập số liệu từ Excel"])
    scopes: list[Scope] = Field(default=["read"], min_length=1, description=_SCOPES_HELP,
                                examples=[["data:write", "catalogue:read"]])
    expires_in_days: int | None = Field(
        default=None, ge=1, description="omitted or null: the longest the server allows "
        "(QCDC_API_TOKEN_MAX_DAYS, a year by default); a token made by an API token expires with it "
        "at the latest")


class ApiTokenCreated(ApiToken):
    token: str = Field(description="shown once: send it as `Authorization: Bearer <token>`")


class ApiClient(BaseModel):
    id: int
    client_id: str
    name: str
    unit: OrgUnitRef | None
    roles: list[Role]
    scopes: list[Scope]
    is_active: bool
    rate_limit_per_minute: int | None = Field(description="null: the server's default")


class ApiClientCreate(BaseModel):
    name: str = Field(min_length=1, max_length=255, examples=["Cổng thông tin điện tử tỉnh"])
    client_id: str = Field(pattern=r"^[a-z0-9][a-z0-9._\-]{2,47}$", examples=["lgsp-binhphuoc"])
    unit_id: Id | None = Field(description="the subtree the client reads; null: the country")
    roles: list[Role] = Field(default=[Role.viewer], min_length=1)
    scopes: list[Scope] = Field(default=["read"], min_length=1, description=_SCOPES_HELP,
                                examples=[["aggregates:read", "plans:read"]])
    rate_limit_per_minute: int | None = Field(default=None, ge=1, le=100_000,
                                              description="null: the server's default")


class ApiClientCreated(ApiClient):
    client_secret: str = Field(description="shown once")


class ApiClientUpdate(BaseModel):
    is_active: bool | None = None
    scopes: list[Scope] | None = Field(default=None, min_length=1)
    rate_limit_per_minute: int | None = Field(default=None, ge=1, le=100_000)
    rotate_secret: bool = Field(default=False, description="issue a new secret (shown once); every "
                                "token the client holds or has minted dies, as when it is disabled")
