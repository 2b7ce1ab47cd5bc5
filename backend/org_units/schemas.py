from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from backend.kit import clock
from backend.kit.fields import Id, not_emptied
from backend.kit.text import nfc
from backend.models import GrassrootsType, OrgUnitKind, SuccessionKind


class OrgUnitRef(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    name: str
    kind: OrgUnitKind


class OrgUnit(OrgUnitRef):
    grassroots_type: GrassrootsType | None
    parent_id: Id | None
    path: str = Field(description="Materialised path of ids from the root, e.g. /1/5/23/")
    depth: int
    valid_from: date
    valid_to: date | None
    child_count: int = 0


class _Named(BaseModel):
    @field_validator("name", "code", check_fields=False)
    @classmethod
    def _normalise(cls, value: str | None) -> str | None:
        return nfc(value).strip() if value is not None else None


class OrgUnitCreate(_Named):
    code: str = Field(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z][0-9A-Za-z._\-]*$")
    name: str = Field(min_length=1, max_length=255)
    kind: OrgUnitKind
    grassroots_type: GrassrootsType | None = None
    parent_id: Id | None = None
    valid_from: date = Field(default_factory=clock.today)


class OrgUnitUpdate(_Named):
    name: str | None = Field(default=None, min_length=1, max_length=255)
    kind: OrgUnitKind | None = None
    grassroots_type: GrassrootsType | None = None
    parent_id: Id | None = Field(
        default=None, description="Move the unit (with its subtree) under another parent")
    moved_on: date | None = Field(
        default=None, description="Date the move takes effect; the old parent keeps the past")
    history_follows: bool = Field(
        default=False, description="The new parent's line also reads what the unit did before "
                                   "the move (the old line keeps reading it too)")

    _not_emptied = field_validator("name", "kind")(not_emptied)


class OrgUnitClose(BaseModel):
    valid_to: date = Field(description="First day the unit no longer exists")
    successor_ids: list[Id] = Field(
        default_factory=list,
        description="Units that take over its data: one successor is a merge, several a split")
    note: str | None = Field(default=None, max_length=500)


class OrgUnitSuccession(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    predecessor: OrgUnitRef
    successor: OrgUnitRef
    kind: SuccessionKind
    effective_date: date
    share: Decimal | None = Field(
        description="The successor's part of a split predecessor; null: the whole")
    note: str | None
