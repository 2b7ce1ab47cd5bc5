from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from backend.kit.fields import Id
from backend.kit.text import nfc
from backend.models import Role
from backend.org_units.schemas import OrgUnitRef

USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._\-]{2,63}$"
# Enough to catch a typo; the mail server is the judge of the rest.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def _email(default: None = None) -> Any:
    return Field(default=default, max_length=255, pattern=EMAIL_PATTERN,
                 description="where the daily digest of notifications goes")


class User(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    full_name: str
    unit: OrgUnitRef | None
    roles: list[Role]
    is_active: bool
    email: str | None


class _Password(BaseModel):
    @field_validator("password", check_fields=False)
    @classmethod
    def _strong_enough(cls, value: str | None) -> str | None:
        if value is not None and (value.isdigit() or value.isalpha()):
            raise ValueError("must mix letters with digits or symbols")
        return value


class UserCreate(_Password):
    username: str = Field(pattern=USERNAME_PATTERN,
                          description="lower-case letters, digits, '.', '_' or '-'; 3–64 characters")
    full_name: str = Field(min_length=1, max_length=255)
    unit_id: Id | None = Field(default=None, description="None only for a country-wide admin")
    roles: list[Role] = Field(min_length=1)
    password: str = Field(min_length=10, max_length=128)
    email: str | None = _email()

    @field_validator("full_name")
    @classmethod
    def _nfc(cls, value: str) -> str:
        return nfc(value).strip()


class UserUpdate(_Password):
    full_name: str | None = Field(default=None, min_length=1, max_length=255)
    unit_id: Id | None = None
    roles: list[Role] | None = Field(default=None, min_length=1)
    is_active: bool | None = None
    password: str | None = Field(default=None, min_length=10, max_length=128)
    email: str | None = _email()
    unlock: bool = Field(default=False, description="Lift the locks failed sign-ins left on this "
                                                    "username, from every client address")


class OwnSettings(BaseModel):
    """What users change of their own account."""

    email: str | None = _email()
    email_notifications: bool | None = Field(
        default=None, description="the daily e-mail digest of notifications")
