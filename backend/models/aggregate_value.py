from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, str_enum

NUMERIC = Numeric(24, 6)


class AggregateLevel(StrEnum):
    """Which values a roll-up counts: approved ones, or submitted and approved ones."""

    approved = "approved"
    submitted = "submitted"


class AggregateValue(Base):
    """The running sums of an indicator over a unit's subtree for one period and category option.

    Kept up to date on every write of a data value (backend/aggregates/rollup.py), keyed by the tree
    as it stood at the period's end, so a later reform never rewrites past figures and a query for
    any unit reads one row instead of scanning the values below it.
    """

    __tablename__ = "aggregate_value"

    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"),
                                              primary_key=True)
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    level: Mapped[AggregateLevel] = mapped_column(str_enum(AggregateLevel, 16), primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), primary_key=True)
    category_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    value_sum: Mapped[Decimal] = mapped_column(NUMERIC, default=0)
    numerator_sum: Mapped[Decimal] = mapped_column(NUMERIC, default=0)
    denominator_sum: Mapped[Decimal] = mapped_column(NUMERIC, default=0)
    true_count: Mapped[int] = mapped_column(default=0)
    reported: Mapped[int] = mapped_column(default=0, doc="values counted (units with a figure)")
