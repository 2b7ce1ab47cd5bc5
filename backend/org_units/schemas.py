from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from backend.data_values.schemas import ImportConflict
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
    renamed_on: date | None = Field(default=None, description=(
        "Date a new name takes effect: documents dated before it keep the old name. Without it, "
        "the name is corrected for all time"))

    _not_emptied = field_validator("name", "kind")(not_emptied)


class AccountsChoice(StrEnum):
    """What becomes of the active accounts of a unit that closes."""

    move = "move"
    disable = "disable"


class OrgUnitClose(BaseModel):
    valid_to: date = Field(description="First day the unit no longer exists")
    successor_ids: list[Id] = Field(
        default_factory=list,
        description="Units that take over its data: one successor is a merge, several a split")
    shares: list[Decimal] | None = Field(default=None, max_length=100, description=(
        "A split: each successor's part of the unit (aligned with successor_ids, summing to 1)"))
    accounts: AccountsChoice | None = Field(default=None, description=(
        "The unit's active accounts: moved to the successor, or disabled with their tokens. "
        "Required when it has any"))
    accounts_to: Id | None = Field(default=None, description=(
        "The successor the accounts move to, when there are several"))
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


class ReorganisationEventKind(StrEnum):
    # Member names avoid shadowing str.split; the values are the plain words.
    creation = "create"
    renaming = "rename"
    moving = "move"
    merger = "merge"
    division = "split"
    closing = "close"


def _listed(value: object) -> object:
    """A list as CSV writes it, "a;b", or as JSON does."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


class ReorganisationEvent(BaseModel):
    """One event of a reorganisation; the same fields as the columns of the CSV form."""

    event: ReorganisationEventKind
    effective_date: date = Field(description="First day of the new state")
    old_codes: list[str] = Field(default_factory=list, max_length=1000, description=(
        "The units the event changes (CSV: separated by ';'): the one renamed, moved, split; the "
        "ones moved, merged or closed"))
    new_code: list[str] = Field(default_factory=list, max_length=100, description=(
        "create, rename: the new unit's code (a rename with a new code retires the old one); "
        "merge: the unit merged into, existing or new; split: the successors (';')"))
    new_name: list[str] = Field(default_factory=list, max_length=100, description=(
        "The name of each unit of new_code that does not exist yet (aligned with it); rename: "
        "the new name"))
    kind: OrgUnitKind | None = Field(default=None, description=(
        "Of a unit created; by default a successor's kind is its predecessor's"))
    grassroots_type: GrassrootsType | None = None
    new_parent: str | None = Field(default=None, max_length=64, description=(
        "Code of the parent: where units move, or a new unit goes (by default its predecessor's)"))
    shares: list[Decimal] = Field(default_factory=list, max_length=100, description=(
        "split: each successor's part, aligned with new_code, summing to 1"))
    accounts: str | None = Field(default=None, pattern=r"^(move|disable|move:.+)$", description=(
        "The active accounts of each unit that closes: `move` to its successor, `move:<code>` to "
        "the named successor of a split, or `disable`"))
    note: str | None = Field(default=None, max_length=500)

    _lists = field_validator("old_codes", "new_code", "new_name", "shares", mode="before")(_listed)

    @field_validator("kind", "grassroots_type", "new_parent", "accounts", "note", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("old_codes", "new_code")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("a code is listed twice")
        return value

    @field_validator("new_name")
    @classmethod
    def _names(cls, value: list[str]) -> list[str]:
        return [nfc(name).strip() for name in value]


class Reorganisation(BaseModel):
    events: list[ReorganisationEvent]


class ReorganisationSummary(BaseModel):
    applied: int = Field(description="events carried out (or that would be, in a dry run)")
    rejected: int
    units_changed: int = Field(description="units created, renamed, moved or closed")
    accounts_moved: int
    accounts_disabled: int
    conflicts: list[ImportConflict]
    dry_run: bool
