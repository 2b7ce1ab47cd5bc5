from datetime import date
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, Timestamped, str_enum


class SuccessionKind(StrEnum):
    # Member names avoid shadowing str.split; the stored values are the plain words.
    merger = "merge"
    division = "split"
    renaming = "rename"


class OrgUnitSuccession(Timestamped, Base):
    """A predecessor's data maps onto its successor from `effective_date` (2025 reform merges)."""

    __tablename__ = "org_unit_succession"
    __table_args__ = (UniqueConstraint("predecessor_id", "successor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    predecessor_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    successor_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    kind: Mapped[SuccessionKind] = mapped_column(
        str_enum(SuccessionKind, 16))
    effective_date: Mapped[date]
    # The successor's part of a split predecessor (counts carried over are multiplied by it); a
    # merger or renaming carries the whole (null).
    share: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    note: Mapped[str | None] = mapped_column(String(500))


class OrgUnitHistoryMove(Base):
    """A move after which the unit's history follows it: from `moved_on`, the units it went under
    also read what it (and its subtree) did before, as a successor reads its predecessors'. A move
    without such a row leaves the history with the line the unit left."""

    __tablename__ = "org_unit_history_move"
    __table_args__ = (UniqueConstraint("org_unit_id", "moved_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    moved_on: Mapped[date]
