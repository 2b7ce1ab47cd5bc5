from datetime import date
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, Timestamped, str_enum


def exists_on(valid_from: date, valid_to: date | None, day: date) -> bool:
    """A unit exists from its first day up to, not on, the day it closes."""
    return valid_from <= day and (valid_to is None or day < valid_to)


class OrgUnitKind(StrEnum):
    province = "province"
    district = "district"
    commune = "commune"
    village = "village"
    department = "department"
    public_service = "public_service"
    mass_org = "mass_org"
    enterprise = "enterprise"
    steering_committee = "steering_committee"


class GrassrootsType(StrEnum):
    """The Law's three kinds of grassroots (Article 2, Law 10/2022/QH15)."""

    commune = "commune"
    agency = "agency"
    employer = "employer"


class OrgUnit(Timestamped, Base):
    """Any node of the hierarchy. `parent_id`/`path` are today's tree; `org_unit_tree` keeps history."""

    __tablename__ = "org_unit"
    __table_args__ = (Index("ix_org_unit_path", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    # Diacritic-free lower-case name: "hon quan" must find "Hớn Quản" on SQLite and PostgreSQL alike.
    name_folded: Mapped[str] = mapped_column(String(255), index=True)
    kind: Mapped[OrgUnitKind] = mapped_column(
        str_enum(OrgUnitKind, 32), index=True)
    grassroots_type: Mapped[GrassrootsType | None] = mapped_column(
        str_enum(GrassrootsType, 16), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    path: Mapped[str] = mapped_column(String(1024))
    depth: Mapped[int] = mapped_column(default=0)
    valid_from: Mapped[date]
    valid_to: Mapped[date | None]

    def is_valid_on(self, day: date) -> bool:
        return exists_on(self.valid_from, self.valid_to, day)
