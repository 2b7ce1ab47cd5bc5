from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, ForeignKeyConstraint, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, Timestamped, str_enum

NUMERIC = Numeric(24, 6)
# A figure's size: what NUMERIC(24, 6) holds, 18 digits before the decimal point.
FIGURE_DIGITS = 18
_FIGURE_LIMIT = Decimal(10) ** FIGURE_DIGITS


def figure_fits(number: Decimal) -> bool:
    """Whether a figure's column holds a finite number (comparing a NaN raises)."""
    return -_FIGURE_LIMIT < number < _FIGURE_LIMIT


# Marks a foreign key that PostgreSQL checks by trigger, not as a constraint (see DataValue).
TRIGGER_CHECKED = {"checked_by_trigger_on": "postgresql"}


class DataValueStatus(StrEnum):
    """Mirrors the submission, so aggregates can take approved values (or submitted ones too)."""

    draft = "draft"
    submitted = "submitted"
    approved = "approved"


class DataValue(Timestamped, Base):
    """One figure (số liệu): (indicator, org unit, period, category option) → value.

    `category_code` is '' for an indicator without disaggregation, never NULL, so the unique
    constraint holds on PostgreSQL and SQLite alike. It leads with the unit, which also serves
    reading a unit's figures.

    The indicator and the unit are foreign keys on SQLite only. On PostgreSQL, statement triggers
    check them (migration k1figures01): once per distinct id a statement writes rather than once
    per row, which halves the time of importing a million figures, with the same locks.
    """

    __tablename__ = "data_value"
    __table_args__ = (
        UniqueConstraint("org_unit_id", "period", "indicator_id", "category_code"),
        Index("ix_data_value_indicator_period", "indicator_id", "period", "status"),
        *(ForeignKeyConstraint([column], [f"{table}.id"], info=TRIGGER_CHECKED).ddl_if(
            dialect="sqlite") for table, column in (("indicator", "indicator_id"),
                                                     ("org_unit", "org_unit_id"))),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int]
    org_unit_id: Mapped[int]
    period: Mapped[str] = mapped_column(String(16))
    category_code: Mapped[str] = mapped_column(String(64), default="")
    submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("submission.id", ondelete="SET NULL"), index=True)
    value_numeric: Mapped[Decimal | None] = mapped_column(NUMERIC)
    value_text: Mapped[str | None] = mapped_column(Text)
    value_bool: Mapped[bool | None]
    numerator: Mapped[Decimal | None] = mapped_column(NUMERIC)
    denominator: Mapped[Decimal | None] = mapped_column(NUMERIC)
    status: Mapped[DataValueStatus] = mapped_column(str_enum(DataValueStatus, 16))
    # Where a figure no one reported comes from (the demo's illustrative figures say so here).
    note: Mapped[str | None] = mapped_column(String(200))
